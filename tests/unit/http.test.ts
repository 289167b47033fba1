/**
 * Unit tests of the HTTP layer with an injected fetch (no server): headers, retries and backoff,
 * Retry-After, network errors, timeouts, and parsing.
 */
import { describe, expect, test } from "bun:test";
import { z } from "zod";
import {
  NetworkError,
  RateLimitError,
  ServerError,
  UnexpectedResponseError,
  ValidationError,
} from "../../src/api/errors.ts";
import { HttpClient, maskToken, normalizeEndpoint, type RequestLog, redactUrl } from "../../src/api/http.ts";
import { parseResponse } from "../../src/api/schemas/common.ts";
import { VERSION } from "../../src/version.ts";

type Call = { url: string; method: string; headers: Headers; body: string | undefined };

function stubFetch(responses: Array<Response | Error | (() => Response | Promise<Response>)>) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    calls.push({
      url: req.url,
      method: req.method,
      headers: req.headers,
      body: init?.body === undefined ? undefined : String(init.body),
    });
    const next = responses.shift();
    if (!next) throw new Error("unexpected request");
    if (next instanceof Error) throw next;
    return typeof next === "function" ? next() : next;
  }) as typeof fetch;
  return { calls, fetchImpl };
}

function client(fetchImpl: typeof fetch, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  return new HttpClient({
    endpoint: "http://hub.test/",
    fetch: fetchImpl,
    retry: { retries: 2, baseDelayMs: 1 },
    ...extra,
  });
}

describe("headers", () => {
  test("sends User-Agent and Bearer; no Authorization when auth is false", async () => {
    const { calls, fetchImpl } = stubFetch([Response.json({ ok: 1 }), Response.json({ ok: 2 })]);
    const http = client(fetchImpl, { token: "t0k3n-value-123456" });
    expect(await http.json({ path: "/api/x" })).toEqual({ ok: 1 });
    await http.json({ path: "/api/y", auth: false });
    expect(calls[0]?.url).toBe("http://hub.test/api/x");
    expect(calls[0]?.headers.get("user-agent")).toBe(`kohub-cli/${VERSION}`);
    expect(calls[0]?.headers.get("authorization")).toBe("Bearer t0k3n-value-123456");
    expect(calls[1]?.headers.get("authorization")).toBeNull();
  });

  test("sends the session cookie once set, JSON bodies, and query values", async () => {
    const { calls, fetchImpl } = stubFetch([Response.json({})]);
    const http = client(fetchImpl);
    http.sessionId = "abc";
    await http.json({
      method: "POST",
      path: "/api/z",
      json: { a: 1 },
      query: { limit: 5, skip: undefined, flag: true, many: ["a", "b"] },
    });
    const call = calls[0] as Call;
    expect(call.headers.get("cookie")).toBe("session_id=abc");
    expect(call.headers.get("content-type")).toBe("application/json");
    expect(call.body).toBe('{"a":1}');
    const url = new URL(call.url);
    expect(url.searchParams.get("limit")).toBe("5");
    expect(url.searchParams.has("skip")).toBe(false);
    expect(url.searchParams.get("flag")).toBe("true");
    expect(url.searchParams.getAll("many")).toEqual(["a", "b"]);
  });
});

describe("retries", () => {
  test("an idempotent request is retried on 503 and succeeds", async () => {
    const logs: RequestLog[] = [];
    const { calls, fetchImpl } = stubFetch([
      new Response("busy", { status: 503 }),
      new Response("busy", { status: 502 }),
      Response.json({ done: true }),
    ]);
    const http = client(fetchImpl, { onRequest: (l) => logs.push(l) });
    expect(await http.json({ path: "/api/x" })).toEqual({ done: true });
    expect(calls).toHaveLength(3);
    expect(logs.map((l) => [l.status, l.attempt])).toEqual([
      [503, 1],
      [502, 2],
      [200, 3],
    ]);
  });

  test("gives up after the configured retries with a ServerError", async () => {
    const { calls, fetchImpl } = stubFetch([
      new Response("Internal Server Error", { status: 500 }),
      new Response("Internal Server Error", { status: 500 }),
      new Response("Internal Server Error", { status: 500 }),
    ]);
    const err = await client(fetchImpl)
      .json({ path: "/api/x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(3);
  });

  test("a 5xx the server classified with X-Error-Code is not retried (it is deterministic)", async () => {
    const { calls, fetchImpl } = stubFetch([
      new Response(null, {
        status: 500,
        headers: { "x-error-code": "ServerError", "x-error-message": "tag exists" },
      }),
    ]);
    const err = await client(fetchImpl)
      .json({ path: "/api/x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as Error).message).toBe("tag exists");
    expect(calls).toHaveLength(1);
  });

  test("POST is not retried", async () => {
    const { calls, fetchImpl } = stubFetch([new Response("Internal Server Error", { status: 500 })]);
    await expect(client(fetchImpl).json({ method: "POST", path: "/api/x", json: {} })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(calls).toHaveLength(1);
  });

  test("4xx answers are not retried", async () => {
    const { calls, fetchImpl } = stubFetch([Response.json({ detail: "bad" }, { status: 400 })]);
    await expect(client(fetchImpl).json({ path: "/api/x" })).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(1);
  });

  test("429 honours Retry-After", async () => {
    const { calls, fetchImpl } = stubFetch([
      new Response(null, { status: 429, headers: { "retry-after": "0" } }),
      Response.json({ ok: true }),
    ]);
    expect(await client(fetchImpl).json({ path: "/api/x" })).toEqual({ ok: true });
    expect(calls).toHaveLength(2);
  });

  test("a Retry-After beyond the limit is not waited for", async () => {
    const { calls, fetchImpl } = stubFetch([
      new Response(null, { status: 429, headers: { "retry-after": "3600" } }),
    ]);
    const err = await client(fetchImpl, { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1000 } })
      .json({ path: "/api/x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfter).toBe(3600);
    expect(calls).toHaveLength(1);
  });

  test("network errors are retried, then reported as NetworkError naming the host", async () => {
    const refused = Object.assign(new Error("Unable to connect"), { code: "ConnectionRefused" });
    const { calls, fetchImpl } = stubFetch([refused, refused, refused]);
    const err = await client(fetchImpl)
      .json({ path: "/api/x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toBe("Cannot reach http://hub.test: connection refused");
    expect(calls).toHaveLength(3);
  });

  test("a timeout is a NetworkError that says so", async () => {
    const fetchImpl = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      })) as typeof fetch;
    const err = await client(fetchImpl, { timeoutMs: 20, retry: { retries: 0 } })
      .json({ path: "/api/slow" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain("Timed out");
  });

  test("the timeout also applies when the caller gives a signal", async () => {
    const fetchImpl = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      })) as typeof fetch;
    const started = performance.now();
    const err = await client(fetchImpl, { timeoutMs: 20, retry: { retries: 0 } })
      .json({ path: "/api/slow", signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain("Timed out");
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test("an aborted request is not retried and rethrows the abort reason", async () => {
    const controller = new AbortController();
    const fetchImpl = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        if (init?.signal?.aborted) reject(init.signal.reason); // as fetch does
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      })) as typeof fetch;
    const pending = client(fetchImpl).json({ path: "/api/x", signal: controller.signal });
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });
});

describe("parsing", () => {
  test("truncated JSON on a 200 is an UnexpectedResponseError naming the endpoint", async () => {
    const { fetchImpl } = stubFetch([
      new Response('{"a": [1, 2', { headers: { "content-type": "application/json" } }),
    ]);
    const err = await client(fetchImpl)
      .json({ path: "/api/auth/me" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect((err as Error).message).toBe(
      "Unexpected response from GET /api/auth/me: the server sent malformed or truncated JSON",
    );
  });

  test("an HTML page on a 200 is an UnexpectedResponseError", async () => {
    const { fetchImpl } = stubFetch([new Response("<html><body>login portal</body></html>")]);
    const err = await client(fetchImpl)
      .json({ path: "/api/auth/me" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect((err as Error).message).toContain("an HTML page");
  });

  test("an empty 200 body is undefined", async () => {
    const { fetchImpl } = stubFetch([new Response(null, { status: 200 })]);
    expect(await client(fetchImpl).json({ path: "/api/x" })).toBeUndefined();
  });

  test("parseResponse names the endpoint and the wrong field", () => {
    const schema = z.object({ id: z.number(), username: z.string() });
    expect(() => parseResponse(schema, { id: "x", username: 1 }, "GET /api/auth/me")).toThrow(
      /Unexpected response from GET \/api\/auth\/me: id: .*; username: /,
    );
    expect(() => parseResponse(schema, undefined, "GET /api/auth/me")).toThrow(/the body was empty/);
  });
});

describe("helpers", () => {
  test("normalizeEndpoint strips slashes and rejects other schemes", () => {
    expect(normalizeEndpoint("http://localhost:8000/")).toBe("http://localhost:8000");
    expect(normalizeEndpoint(" https://hub.example.com/prefix// ")).toBe("https://hub.example.com/prefix");
    expect(() => normalizeEndpoint("ftp://x")).toThrow(/only http/);
    expect(() => normalizeEndpoint("not a url")).toThrow(/Invalid endpoint URL/);
  });

  test("maskToken never shows the whole token", () => {
    const token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    const masked = maskToken(token);
    expect(masked).not.toContain(token.slice(4, 60));
    expect(masked.startsWith("0123")).toBe(true);
    expect(maskToken("short")).toBe("****");
    expect(maskToken(undefined)).toBe("(none)");
  });

  test("redactUrl removes credentials", () => {
    expect(redactUrl("http://user:pw@hub.test/x")).toBe("http://hub.test/x");
    expect(redactUrl("not a url")).toBe("not a url");
  });

  test("absolute URLs are used as they are", () => {
    const http = client(globalThis.fetch);
    expect(http.url("https://s3.example/obj")).toBe("https://s3.example/obj");
    expect(http.url("/api/x")).toBe("http://hub.test/api/x");
  });
});
