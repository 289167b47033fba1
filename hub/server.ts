/**
 * The local hub: a KohakuHub-compatible server on Bun.serve + bun:sqlite, following the contract in
 * ../shared/kohakuhub-api (paths, JSON fields, status codes, X-Error-* headers and documented quirks).
 *
 *   const hub = await startHub();          // a free port, data in a temp dir
 *   ... talk HTTP to hub.url ...
 *   await hub.stop();
 *
 * Two things serve tests and people trying failures, and stay out of the way otherwise: scripted failures
 * (`hub.fault(...)`, ./faults.ts; `--fault` on the command line) and, with `recordRequests: true`, the list
 * of requests received (`hub.requests`, and the storage's own in routes/transfer.ts `storageLog`).
 */
import type { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Caller, resolveCaller } from "./auth.ts";
import { openDatabase } from "./db.ts";
import { answerFault } from "./fault-answers.ts";
import { type Fault, FaultList } from "./faults.ts";
import { CRASH_MARKER, detail, HttpError, json, randomHex } from "./http.ts";
import type { HubOptions } from "./options.ts";
import { type Ctx, type HubRuntime, Router } from "./router.ts";
import { modules } from "./routes/index.ts";

export type { Fault, FaultAnswer, FaultError } from "./faults.ts";
export type { HubOptions } from "./options.ts";

export interface Hub {
  /** Where it listens: `http://<hostname>:<port>` (`http://127.0.0.1:<port>` by default). */
  url: string;
  /** The public base URL in the absolute URLs it hands out (`options.baseUrl`, else built from the port). */
  baseUrl: string;
  port: number;
  db: Database;
  dataDir: string;
  runtime: HubRuntime;
  /**
   * Requests received, in order (method, decoded path, status). Only with `recordRequests: true`:
   * reading it otherwise throws, so that a test cannot compare two empty lists by mistake.
   */
  readonly requests: Array<{ method: string; path: string; status: number }>;
  /** Adds a scripted failure (see ./faults.ts). */
  fault(fault: Fault): void;
  /** Removes every scripted failure. */
  clearFaults(): void;
  stop(): Promise<void>;
}

/** What serving a request needs of the hub. */
interface App {
  router: Router;
  db: Database;
  runtime: HubRuntime;
}

function decodedPath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return url.pathname;
  }
}

function handlerContext(app: App, req: Request, url: URL, params: Record<string, string>): Ctx {
  let caller: Caller | undefined | null = null;
  const ctx: Ctx = {
    req,
    url,
    params,
    query: url.searchParams,
    db: app.db,
    hub: app.runtime,
    headers: new Headers(),
    caller() {
      if (caller === null) caller = resolveCaller(app.db, req);
      return caller;
    },
    requireCaller() {
      const c = ctx.caller();
      if (!c) throw detail(401, "Not authenticated");
      return c;
    },
  };
  return ctx;
}

/** The hub's real answer: routed, errors turned into KohakuHub's shapes, with an X-Request-Id. */
async function route(app: App, req: Request, url: URL, path: string): Promise<Response> {
  const requestId = req.headers.get("x-request-id") || randomHex(16);
  let response: Response;
  let crashed = false;
  try {
    const found = app.router.match(req.method.toUpperCase(), path);
    if (found === undefined) response = json({ detail: "Not Found" }, 404);
    else if (found === "method") response = json({ detail: "Method Not Allowed" }, 405);
    else {
      const ctx = handlerContext(app, req, url, found.params);
      response = await found.handler(ctx);
      ctx.headers.forEach((value, key) => {
        response.headers.append(key, value);
      });
    }
  } catch (err) {
    if (err instanceof HttpError) {
      response = err.response;
      crashed = response.headers.has(CRASH_MARKER);
      response.headers.delete(CRASH_MARKER);
    } else {
      if (app.runtime.options.log) console.error("[hub] unhandled error:", err);
      crashed = true;
      response = new Response("Internal Server Error", {
        status: 500,
        headers: { "content-type": "text/plain" },
      });
    }
  }
  // Starlette's outermost error middleware answers a crash without the request id.
  if (!crashed) response.headers.set("x-request-id", requestId);
  return response;
}

/** One line per request: wall-clock start (ms since the epoch) and time taken, to line up with a client's. */
function logRequest(req: Request, url: URL, started: number, response: Response, faulted: boolean): void {
  const at = (performance.timeOrigin + started).toFixed(1);
  const ms = (performance.now() - started).toFixed(1);
  const fault = faulted ? " (fault)" : "";
  console.error(
    `[hub] ${at} +${ms}ms ${req.method} ${url.pathname}${url.search} -> ${response.status}${fault}`,
  );
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
  const app: App = { router, db, runtime };
  const faults = new FaultList();
  const requests: Hub["requests"] = [];
  const record = options.recordRequests === true;

  const server = Bun.serve({
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
    idleTimeout: 255,
    maxRequestBodySize: 1024 * 1024 * 1024 * 64,
    async fetch(req, srv) {
      const started = performance.now();
      const url = new URL(req.url);
      const path = decodedPath(url);
      const method = req.method.toUpperCase();
      const fault = faults.take(method, path);
      const real = () => route(app, req, url, path);
      const response =
        fault === undefined
          ? await real()
          : await answerFault(fault, { req, real, keepOpen: () => srv.timeout(req, 0) });
      if (record) requests.push({ method, path, status: response.status });
      if (options.log) logRequest(req, url, started, response, fault !== undefined);
      return response;
    },
  });

  const port = server.port as number;
  const url = `http://${server.hostname}:${port}`;
  runtime.baseUrl = options.baseUrl ?? `http://${options.publicHostname ?? server.hostname}:${port}`;

  return {
    url,
    baseUrl: runtime.baseUrl,
    port,
    db,
    dataDir,
    runtime,
    get requests() {
      if (!record) throw new Error("hub.requests: start the hub with recordRequests: true");
      return requests;
    },
    fault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    async stop() {
      await server.stop(true);
      db.close();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
