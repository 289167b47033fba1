/**
 * The client against a hub that misbehaves: HTML from a proxy, a dropped connection, truncated JSON,
 * a plain-text 500, a server that is not there, and transient failures that a retry absorbs.
 */
import { describe, expect, test } from "bun:test";
import { KohubClient, NetworkError, ServerError, UnexpectedResponseError } from "../../src/index.ts";
import { anonClient, createUser, useHub } from "../helpers/hub.ts";

const ctx = useHub();

describe("server faults", () => {
  test("an HTML error page from a proxy is a ServerError that says so", async () => {
    const user = await createUser(ctx.hub);
    ctx.hub.fault({ path: "/api/auth/me", respond: "html" });
    try {
      const err = await user.client.whoami().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ServerError);
      expect((err as Error).message).toContain("HTML page");
      expect((err as Error).message).not.toContain("<html>");
    } finally {
      ctx.hub.clearFaults();
    }
  });

  test("a 200 with truncated JSON is an UnexpectedResponseError naming the endpoint", async () => {
    const user = await createUser(ctx.hub);
    ctx.hub.fault({ path: "/api/auth/me", respond: "truncated-json" });
    try {
      const err = await user.client.whoami().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnexpectedResponseError);
      expect((err as Error).message).toContain("GET /api/auth/me");
    } finally {
      ctx.hub.clearFaults();
    }
  });

  test("a connection dropped mid-answer is a NetworkError", async () => {
    const user = await createUser(ctx.hub);
    ctx.hub.fault({ path: "/api/auth/me", respond: "close" });
    try {
      const err = await user.client.whoami().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkError);
    } finally {
      ctx.hub.clearFaults();
    }
  });

  test("a plain-text 500 is a ServerError with the text as message", async () => {
    const user = await createUser(ctx.hub);
    ctx.hub.fault({ path: "/api/auth/me", respond: "text-500" });
    try {
      const err = await user.client.whoami().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ServerError);
      expect((err as Error).message).toBe("Internal Server Error");
    } finally {
      ctx.hub.clearFaults();
    }
  });

  test("one transient 503 on a GET is retried transparently", async () => {
    const user = await createUser(ctx.hub);
    ctx.hub.fault({ path: "/api/auth/me", respond: 503, times: 1 });
    const me = await user.client.whoami();
    expect(me.username).toBe(user.username);
  });

  test("a wrong type in a 200 answer names the endpoint and field", async () => {
    const user = await createUser(ctx.hub);
    ctx.hub.fault({
      path: "/api/auth/me",
      respond: () =>
        Response.json({ id: 1, username: 42, email: "x", email_verified: true, created_at: "2026-01-01" }),
    });
    try {
      const err = await user.client.whoami().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnexpectedResponseError);
      expect((err as Error).message).toContain("GET /api/auth/me");
      expect((err as Error).message).toContain("username");
    } finally {
      ctx.hub.clearFaults();
    }
  });

  test("a server that is not there is a NetworkError naming the address", async () => {
    const client = new KohubClient({
      endpoint: "http://127.0.0.1:9",
      config: false,
      env: {},
      retry: { retries: 0 },
    });
    const err = await client.whoami().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toContain("http://127.0.0.1:9");
  });

  test("responses carry the request id of the server", async () => {
    const err = await anonClient(ctx.hub)
      .whoami()
      .catch((e: unknown) => e);
    expect((err as { requestId?: string }).requestId).toMatch(/^[0-9a-f]{32}$/);
  });
});
