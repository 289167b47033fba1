/**
 * The deadline of every request: a server that sends the status and headers and then stalls the body (the
 * local hub's `stall-body`), a port that takes the connection and never answers (a raw socket), how many
 * attempts such a request gets, and why the client keeps a deadline of its own beside ofetch's `timeout`.
 */
import { describe, expect, test } from "bun:test";
import { createFetch } from "ofetch";
import { HttpClient } from "../../src/api/http.ts";
import { KohubClient, NetworkError, TimeoutError } from "../../src/index.ts";
import { settles, silentPort } from "../helpers/faults.ts";
import { createUser, useHub } from "../helpers/hub.ts";

const ctx = useHub();

/** A client of `endpoint` with a short timeout (the default retry policy). */
function shortClient(endpoint: string, token?: string): KohubClient {
  return new KohubClient({ endpoint, token: token ?? null, config: false, env: {}, timeoutMs: 1_000 });
}

describe("the deadline covers the whole answer", () => {
  test("a body that stalls after the headers ends in a Timeout naming the host and the body", async () => {
    const user = await createUser(ctx.hub);
    ctx.hub.fault({ path: "/api/auth/me", respond: "stall-body" });
    try {
      const client = shortClient(ctx.hub.url, user.token);
      const err = await settles("whoami", 20_000, () => client.whoami().catch((e: unknown) => e));
      expect(err).toBeInstanceOf(TimeoutError);
      expect((err as TimeoutError).code).toBe("Timeout");
      expect((err as Error).message).toBe(
        `Timed out after 1 s waiting for the rest of the answer to GET /api/auth/me from ${ctx.hub.url} (its status and headers came, then it stalled)`,
      );
    } finally {
      ctx.hub.clearFaults();
    }
  }, 30_000);

  test("a port that accepts and never answers: one attempt, a Timeout naming the host", async () => {
    const port = silentPort();
    try {
      const client = shortClient(port.url);
      const err = await settles("version", 20_000, () => client.version().catch((e: unknown) => e));
      expect(err).toBeInstanceOf(TimeoutError);
      expect((err as Error).message).toBe(
        `Timed out after 1 s waiting for ${port.url} to answer GET /api/version`,
      );
      // The deadline covers every attempt: a request that never answered is not sent again.
      expect(port.connections()).toBe(1);
    } finally {
      port.stop();
    }
  }, 30_000);

  test("a refused connection is still retried, within the deadline", async () => {
    const attempts: number[] = [];
    const client = new KohubClient({
      endpoint: "http://127.0.0.1:9",
      config: false,
      env: {},
      timeoutMs: 10_000,
      retry: { retries: 2, baseDelayMs: 5 },
      onRequest: (log) => attempts.push(log.attempt),
    });
    const err = await client.version().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe("NetworkError");
    expect(attempts).toEqual([1, 2, 3]);
  });

  test("an answer held unread does not count: a listing may read its next page late", async () => {
    const user = await createUser(ctx.hub);
    const http = new HttpClient({ endpoint: ctx.hub.url, token: user.token, timeoutMs: 300 });
    const response = await http.send({ path: "/api/auth/me" });
    await Bun.sleep(1_000);
    expect(await http.readJson(response, { path: "/api/auth/me" })).toMatchObject({
      username: user.username,
    });
  });
});

describe("ofetch's own timeout, and why the client does not rely on it", () => {
  test("it is dropped when a signal is given (ofetch 1.5.1: `if (!options.signal && options.timeout)`)", async () => {
    const port = silentPort();
    const caller = new AbortController();
    try {
      const $fetch = createFetch();
      const pending = $fetch.raw(port.url, { timeout: 100, signal: caller.signal, retry: false });
      pending.catch(() => {});
      const outcome = await Promise.race([
        pending.then(
          () => "answered",
          () => "failed",
        ),
        Bun.sleep(1_500),
      ]);
      expect(outcome).toBeUndefined(); // still waiting, long after its 100 ms
    } finally {
      caller.abort();
      port.stop();
    }
  });

  test("it ends once the headers are in: a stalled body is not cut", async () => {
    ctx.hub.fault({ path: "/api/version", respond: "stall-body" });
    try {
      const $fetch = createFetch();
      const response = await $fetch.raw(`${ctx.hub.url}/api/version`, {
        timeout: 100,
        retry: false,
        responseType: "stream",
      });
      const body = response.text();
      body.catch(() => {});
      const outcome = await Promise.race([
        body.then(
          () => "read",
          () => "failed",
        ),
        Bun.sleep(1_500),
      ]);
      expect(outcome).toBeUndefined();
    } finally {
      ctx.hub.clearFaults();
    }
  });
});
