/**
 * The local hub: a KohakuHub-compatible server on Bun.serve + bun:sqlite, following the contract in
 * ../shared/kohakuhub-api (paths, JSON fields, status codes, X-Error-* headers and documented quirks).
 *
 *   const hub = await startHub();          // a free port, data in a temp dir
 *   ... talk HTTP to hub.url ...
 *   await hub.stop();
 */
import type { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Caller, resolveCaller } from "./auth.ts";
import { openDatabase } from "./db.ts";
import { CRASH_MARKER, detail, HttpError, json, randomHex } from "./http.ts";
import type { HubOptions } from "./options.ts";
import { type Ctx, type HubRuntime, Router } from "./router.ts";
import { modules } from "./routes/index.ts";

export type { HubOptions } from "./options.ts";

/** A scripted failure: the next matching requests get this answer instead of the real one. */
export interface Fault {
  method?: string;
  /** Matched against the decoded path. */
  path: string | RegExp;
  /** How many requests it applies to (default: all until cleared). */
  times?: number;
  /**
   * `html`: 502 with an HTML page (a proxy error); `close`: the connection is dropped after the headers and
   * part of the body; `truncated-json`: 200 with cut-off JSON; `text-500`: plain-text 500; a number: that status
   * with an empty body; or a function returning any Response.
   */
  respond:
    | "html"
    | "close"
    | "truncated-json"
    | "text-500"
    | number
    | ((req: Request) => Response | Promise<Response>);
}

export interface Hub {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  db: Database;
  dataDir: string;
  runtime: HubRuntime;
  /** Requests received, in order (method and decoded path). */
  requests: Array<{ method: string; path: string; status: number }>;
  /** Adds a scripted failure. */
  fault(fault: Fault): void;
  /** Removes every scripted failure. */
  clearFaults(): void;
  stop(): Promise<void>;
}

function faultResponse(fault: Fault, req: Request): Response | Promise<Response> {
  const r = fault.respond;
  if (typeof r === "function") return r(req);
  if (typeof r === "number") return new Response(null, { status: r });
  if (r === "html") {
    return new Response(
      "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
      {
        status: 502,
        headers: { "content-type": "text/html" },
      },
    );
  }
  if (r === "text-500") {
    return new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain" } });
  }
  if (r === "truncated-json") {
    return new Response('{"id": 1, "username": "ali', { headers: { "content-type": "application/json" } });
  }
  // close: announce a long body, send a little, then fail the stream so the connection is dropped.
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"partial": '));
      setTimeout(() => controller.error(new Error("connection dropped by fault")), 10);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "application/json", "content-length": "100000" },
  });
}

export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const ownsDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "kohub-hub-"));
  const db = openDatabase(
    dataDir,
    modules.flatMap((m) => (m.schema ? [m.schema] : [])),
  );
  const router = new Router();
  for (const m of modules) m.register(router);

  const runtime: HubRuntime = {
    options: {
      siteName: "KohakuHub",
      requireEmailVerification: false,
      invitationOnly: false,
      ...options,
    },
    baseUrl: "",
    dataDir,
    state: new Map(),
  };
  const faults: Array<Fault & { left: number }> = [];
  const requests: Hub["requests"] = [];
  const record = options.recordRequests !== false;

  const server = Bun.serve({
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
    idleTimeout: 255,
    maxRequestBodySize: 1024 * 1024 * 1024 * 64,
    async fetch(req) {
      const started = performance.now();
      const url = new URL(req.url);
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        path = url.pathname;
      }
      const requestId = req.headers.get("x-request-id") || randomHex(16);
      const method = req.method.toUpperCase();

      const fault = faults.find(
        (f) =>
          f.left > 0 &&
          (!f.method || f.method.toUpperCase() === method) &&
          (typeof f.path === "string" ? f.path === path : f.path.test(path)),
      );
      if (fault) {
        fault.left--;
        const res = await faultResponse(fault, req);
        if (record) requests.push({ method, path, status: res.status });
        return res;
      }

      let response: Response;
      let crashed = false;
      try {
        const found = router.match(method, path);
        if (found === undefined) response = json({ detail: "Not Found" }, 404);
        else if (found === "method") response = json({ detail: "Method Not Allowed" }, 405);
        else {
          let caller: Caller | undefined | null = null;
          const headers = new Headers();
          const ctx: Ctx = {
            req,
            url,
            params: found.params,
            query: url.searchParams,
            db,
            hub: runtime,
            headers,
            caller() {
              if (caller === null) caller = resolveCaller(db, req);
              return caller;
            },
            requireCaller() {
              const c = ctx.caller();
              if (!c) throw detail(401, "Not authenticated");
              return c;
            },
          };
          response = await found.handler(ctx);
          headers.forEach((value, key) => {
            response.headers.append(key, value);
          });
        }
      } catch (err) {
        if (err instanceof HttpError) {
          response = err.response;
          if (response.headers.has(CRASH_MARKER)) {
            response.headers.delete(CRASH_MARKER);
            crashed = true;
          }
        } else {
          if (options.log) console.error("[hub] unhandled error:", err);
          crashed = true;
          response = new Response("Internal Server Error", {
            status: 500,
            headers: { "content-type": "text/plain" },
          });
        }
      }
      if (!crashed) response.headers.set("x-request-id", requestId);
      if (record) requests.push({ method, path, status: response.status });
      if (options.log) {
        // Wall-clock start (ms since the epoch) and time in the handler: lines up with a client's own timings.
        const at = (performance.timeOrigin + started).toFixed(1);
        const ms = (performance.now() - started).toFixed(1);
        console.error(`[hub] ${at} +${ms}ms ${method} ${url.pathname}${url.search} -> ${response.status}`);
      }
      return response;
    },
  });

  const url = `http://${server.hostname}:${server.port}`;
  runtime.baseUrl = options.baseUrl ?? url;

  return {
    url,
    port: server.port as number,
    db,
    dataDir,
    runtime,
    requests,
    fault(f) {
      faults.push({ ...f, left: f.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults() {
      faults.length = 0;
    },
    async stop() {
      await server.stop(true);
      db.close();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
