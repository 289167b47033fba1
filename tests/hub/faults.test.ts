/**
 * The local hub's scripted failures, in-process and over plain fetch (no client code): which requests a
 * fault matches, and what each answer does on the wire, stalls and drops included.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FaultList } from "../../hub/faults.ts";
import { storageLog } from "../../hub/routes/transfer.ts";
import { type Hub, startHub } from "../../hub/server.ts";
import { seedFiles, seedRepo } from "../helpers/seed.ts";

let hub: Hub;
const FILE = new Uint8Array(10_000).map((_, i) => (i * 7 + 3) % 251);

beforeAll(async () => {
  hub = await startHub({ publicHostname: "localhost" });
  seedRepo(hub, "faults/model");
  await seedFiles(hub, "faults/model", { "weights.bin": FILE });
});
afterAll(async () => {
  await hub?.stop();
});

/** The signed storage URL the hub hands out for weights.bin. */
async function storageUrl(): Promise<string> {
  const res = await fetch(`${hub.url}/models/faults/model/resolve/main/weights.bin`, { redirect: "manual" });
  expect(res.status).toBe(302);
  return res.headers.get("location") as string;
}

/** Whether the promise settles within `ms` (generous: only "still pending" is asserted). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol("pending");
  const first = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    Bun.sleep(ms).then(() => pending),
  ]);
  return first !== pending;
}

describe("matching", () => {
  const matched = (fault: Parameters<FaultList["add"]>[0], method: string, path: string) => {
    const list = new FaultList();
    list.add(fault);
    return list.take(method, path) !== undefined;
  };

  test("named targets stand for their methods and paths", () => {
    const resolve = { match: "resolve", respond: 503 } as const;
    expect(matched(resolve, "GET", "/models/a/b/resolve/main/x.bin")).toBe(true);
    expect(matched(resolve, "HEAD", "/api/datasets/a/b/resolve/main/d/x.csv")).toBe(true);
    expect(matched(resolve, "GET", "/a/b/resolve/main/x.bin")).toBe(true);
    expect(matched(resolve, "POST", "/a/b/resolve/main/x.bin")).toBe(false);
    expect(matched({ match: "commit", respond: 500 }, "POST", "/api/models/a/b/commit/main")).toBe(true);
    expect(matched({ match: "commit", respond: 500 }, "POST", "/api/models/a/b/preupload/main")).toBe(false);
    expect(matched({ match: "storage-get", respond: 500 }, "GET", "/_s3/hub-storage/lfs/ab/cd")).toBe(true);
    expect(matched({ match: "lfs-put", respond: 500 }, "GET", "/_s3/hub-storage/lfs/ab/cd")).toBe(false);
    expect(matched({ match: "HEAD resolve", respond: 404 }, "GET", "/models/a/b/resolve/main/x")).toBe(false);
  });

  test("path patterns: * within a segment, ** across them; method, path and match all hold", () => {
    expect(matched({ match: "/api/*/me", respond: 500 }, "GET", "/api/auth/me")).toBe(true);
    expect(matched({ match: "/api/*/me", respond: 500 }, "GET", "/api/a/b/me")).toBe(false);
    expect(matched({ match: "POST /api/**", respond: 500 }, "POST", "/api/a/b/me")).toBe(true);
    expect(matched({ match: "POST /api/**", respond: 500 }, "GET", "/api/a/b/me")).toBe(false);
    expect(matched({ match: "/api/**", method: "put", path: /me$/, respond: 500 }, "PUT", "/api/x/me")).toBe(
      true,
    );
    expect(matched({ match: "/api/**", path: "/api/x", respond: 500 }, "GET", "/api/x/me")).toBe(false);
    expect(matched({ respond: 500 }, "DELETE", "/anything")).toBe(true);
  });

  test("times uses up a fault, and the first match wins", () => {
    const list = new FaultList();
    list.add({ match: "api", times: 2, respond: 503 });
    list.add({ match: "api", respond: 500 });
    expect([1, 2, 3].map(() => list.take("GET", "/api/x"))).toEqual([503, 503, 500]);
    list.clear();
    expect(list.take("GET", "/api/x")).toBeUndefined();
  });

  test("a match that cannot be read is refused when added", () => {
    expect(() => new FaultList().add({ match: "downloads", respond: 500 })).toThrow(/cannot read the match/);
  });
});

describe("answers", () => {
  test("a KohakuHub error: JSON detail.error with X-Error-Code and X-Error-Message, then the real answer", async () => {
    hub.fault({ match: "GET /api/version", times: 1, respond: { status: 503, message: "down for a bit" } });
    const failed = await fetch(`${hub.url}/api/version`);
    expect(failed.status).toBe(503);
    expect(failed.headers.get("x-error-code")).toBe("ServerError");
    expect(failed.headers.get("x-error-message")).toBe("down for a bit");
    expect(await failed.json()).toEqual({ detail: { error: "down for a bit" } });
    expect((await fetch(`${hub.url}/api/version`)).status).toBe(200);
  });

  test("stall: no answer while the client waits, and the hub still serves others", async () => {
    hub.fault({ match: "/api/site-config", times: 1, respond: "stall" });
    try {
      const stalled = fetch(`${hub.url}/api/site-config`, { signal: AbortSignal.timeout(1_500) });
      expect(await settlesWithin((await fetch(`${hub.url}/health`)).json(), 10_000)).toBe(true);
      expect(await stalled.catch((err: Error) => err.name)).toBe("TimeoutError");
    } finally {
      hub.clearFaults();
    }
  });

  test("stall-body on a storage GET: the real status and headers, one byte, then nothing", async () => {
    const url = await storageUrl();
    hub.fault({ match: "storage-get", times: 1, respond: "stall-body" });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.value?.[0]).toBe(FILE[0]);
    expect(await settlesWithin(reader.read(), 1_500)).toBe(false);
    await reader.cancel();
    // The fault is used up: the same URL now gives the whole file.
    expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(FILE);
  });

  test("stall-body on a JSON answer: headers arrive, the JSON never completes", async () => {
    hub.fault({ match: "GET /api/version", times: 1, respond: "stall-body" });
    const res = await fetch(`${hub.url}/api/version`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
    const next = fetch(`${hub.url}/api/version`); // the fault is used up: answered in full
    expect(await settlesWithin(res.json(), 1_500)).toBe(false);
    expect((await next).status).toBe(200);
  });

  test("drop: the connection closes before any answer", async () => {
    // Every time: fetch tries a request again on a new connection when a reused one closes unanswered.
    hub.fault({ match: "GET /api/version", respond: "drop" });
    try {
      const err = await fetch(`${hub.url}/api/version`).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
    } finally {
      hub.clearFaults();
    }
    expect((await fetch(`${hub.url}/api/version`)).status).toBe(200);
  });

  test("drop-body: the real headers and at most half the body, then the connection closes", async () => {
    const url = await storageUrl();
    hub.fault({ match: "storage-get", times: 1, respond: "drop-body" });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    const err = await (async () => {
      for (;;) {
        const next = await reader.read();
        if (next.done) return undefined;
        received += next.value.byteLength;
      }
    })().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThanOrEqual(FILE.byteLength / 2);
  });

  test("delay: the real answer, no sooner than asked", async () => {
    hub.fault({ match: "GET /api/version", times: 1, respond: { delayMs: 300 } });
    const started = performance.now();
    const res = await fetch(`${hub.url}/api/version`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(((await res.json()) as { api: string }).api).toBe("kohakuhub");
  });

  test("a stalled request does not keep the hub from stopping", async () => {
    const other = await startHub();
    other.fault({ respond: "stall" });
    const stalled = fetch(`${other.url}/api/version`).catch((e: Error) => e);
    await Bun.sleep(200); // the request is in
    expect(await settlesWithin(other.stop(), 10_000)).toBe(true);
    expect(await settlesWithin(stalled, 10_000)).toBe(true);
  });
});

describe("what the hub hands out and keeps", () => {
  test("publicHostname: links say localhost, the hub listens on 127.0.0.1, and the links work", async () => {
    expect(hub.url).toBe(`http://127.0.0.1:${hub.port}`);
    expect(hub.baseUrl).toBe(`http://localhost:${hub.port}`);
    const url = await storageUrl();
    expect(url.startsWith(`${hub.baseUrl}/_s3/`)).toBe(true);
    expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(FILE);
  });

  test("without recordRequests, reading the request lists throws rather than showing empty ones", () => {
    expect(() => hub.requests).toThrow(/recordRequests: true/);
    expect(() => storageLog(hub)).toThrow(/recordRequests: true/);
  });
});
