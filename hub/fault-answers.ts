/**
 * The answers of the local hub's scripted failures (their list and meaning: ./faults.ts). Each works on
 * the wire as a client meets it: stalls hold the connection, drops close it.
 */
import { STATUS_CODES } from "node:http";
import type { FaultAnswer, FaultError } from "./faults.ts";
import { hfErrorWithBody } from "./http.ts";

/** What an answer may use besides the request. */
export interface FaultContext {
  req: Request;
  /** The answer the hub would have given. */
  real: () => Promise<Response>;
  /** Lifts the server's idle timeout for this request (a stall must outlast it). */
  keepOpen: () => void;
}

/** The Response a fault gives. */
export async function answerFault(answer: FaultAnswer, ctx: FaultContext): Promise<Response> {
  if (typeof answer === "function") return answer(ctx.req);
  if (typeof answer === "number") return new Response(null, { status: answer });
  if (typeof answer === "object") {
    if ("delayMs" in answer) return Bun.sleep(answer.delayMs).then(ctx.real);
    return errorAnswer(answer);
  }
  switch (answer) {
    case "stall":
      ctx.keepOpen();
      return untilClientLeaves(ctx.req);
    case "stall-body":
      ctx.keepOpen();
      return stallBody(await ctx.real(), ctx.req);
    case "drop":
      return new Response(failingStream());
    case "drop-body":
      return dropBody(await ctx.real());
    default:
      return canned(answer);
  }
}

const KOHAKU_CODES: Record<number, string> = {
  400: "BadRequest",
  404: "EntryNotFound",
  416: "RangeNotSatisfiable",
  500: "ServerError",
  501: "NotImplemented",
};

/** A KohakuHub error: JSON `detail.error` plus the X-Error headers (its "HF code + JSON body" shape). */
export function errorAnswer({ status, code, message }: FaultError): Response {
  const reason = STATUS_CODES[status] ?? "Error";
  const text = message ?? `${reason} (a fault of the local hub)`;
  const defaultCode =
    KOHAKU_CODES[status] ?? (status >= 500 ? "ServerError" : reason.replace(/[^A-Za-z]/g, ""));
  return hfErrorWithBody(status, code ?? defaultCode, text, text).response;
}

/** Never settles while the client is there; the value is never sent (the connection is gone). */
function untilClientLeaves(req: Request): Promise<Response> {
  return new Promise((resolve) => {
    const leave = () => resolve(new Response(null, { status: 499 }));
    if (req.signal.aborted) leave();
    else req.signal.addEventListener("abort", leave, { once: true });
  });
}

/** A stream that fails before its first byte: Bun.serve closes the connection without a word. */
function failingStream(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.error(); // with no reason given, Bun logs nothing
    },
  });
}

/** Headers of a re-streamed answer: its length no longer holds. */
function restreamed(real: Response): ResponseInit {
  const headers = new Headers(real.headers);
  headers.delete("content-length");
  return { status: real.status, statusText: real.statusText, headers };
}

function stallBody(real: Response, req: Request): Response {
  if (req.method === "HEAD" || [101, 204, 205, 304].includes(real.status)) return real;
  const reader = real.body?.getReader();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let first: Uint8Array | undefined;
      while (reader && !first?.byteLength) {
        const next = await reader.read();
        if (next.done) break;
        first = next.value;
      }
      await reader?.cancel();
      controller.enqueue(first?.byteLength ? first.subarray(0, 1) : new TextEncoder().encode(" "));
    },
    pull: () => new Promise<void>(() => {}),
  });
  return new Response(stream, restreamed(real));
}

function dropBody(real: Response): Response {
  const reader = real.body?.getReader();
  const limit = Math.max(1, Math.floor(Number(real.headers.get("content-length") ?? 0) / 2));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = sent < limit && reader ? await reader.read() : undefined;
      if (next && !next.done) {
        const chunk = next.value.subarray(0, limit - sent);
        sent += chunk.byteLength;
        controller.enqueue(chunk);
        return;
      }
      await reader?.cancel();
      // An error discards what is queued: Bun.serve is given a moment to send it first.
      await Bun.sleep(10);
      controller.error();
    },
  });
  return new Response(stream, restreamed(real));
}

function canned(answer: "close" | "html" | "text-500" | "truncated-json"): Response {
  if (answer === "html") {
    const page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    return new Response(page, { status: 502, headers: { "content-type": "text/html" } });
  }
  if (answer === "text-500") {
    return new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain" } });
  }
  if (answer === "truncated-json") {
    return new Response('{"id": 1, "username": "ali', { headers: { "content-type": "application/json" } });
  }
  // close: a little of a body, then the stream fails and the connection drops.
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"partial": '));
      setTimeout(() => controller.error(), 10);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "application/json", "content-length": "100000" },
  });
}
