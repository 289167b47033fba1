import { describe, expect, test } from "bun:test";
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotFoundError,
  ValidationError,
} from "../../src/index.ts";
import { failure } from "../helpers/fixtures.ts";
import { anonClient, createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

describe("register / login / whoami / logout", () => {
  test("a registered user logs in and sees itself", async () => {
    const client = anonClient(ctx.hub);
    const username = uniqueName();
    const reg = await client.register({ username, email: `${username}@example.com`, password: "secret-pw" });
    expect(reg).toMatchObject({ success: true, email_verified: true });
    const login = await client.login({ username, password: "secret-pw" });
    expect(login.username).toBe(username);
    const me = await client.whoami();
    expect(me.username).toBe(username);
    expect(typeof me.id).toBe("number");
    await client.logout();
    await expect(client.whoami()).rejects.toBeInstanceOf(AuthenticationError);
  });

  test("wrong password is an AuthenticationError with the server's message", async () => {
    const user = await createUser(ctx.hub);
    const err = await anonClient(ctx.hub)
      .login({ username: user.username, password: "nope" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).message).toBe("Invalid username or password");
  });

  test("duplicate username is a ConflictError (the server answers 400)", async () => {
    const user = await createUser(ctx.hub);
    const err = await anonClient(ctx.hub)
      .register({ username: user.username, email: `other-${user.email}`, password: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).status).toBe(400);
    expect((err as Error).message).toBe("Username already exists");
  });

  test("an invalid email is a ValidationError carrying FastAPI's issue list", async () => {
    const err = await anonClient(ctx.hub)
      .register({ username: uniqueName(), email: "not-an-email", password: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).status).toBe(422);
    expect((err as Error).message).toContain("body.email");
    expect(Array.isArray((err as ValidationError).details)).toBe(true);
  });
});

describe("API tokens", () => {
  test("create, list, use, revoke: a revoked token no longer authenticates", async () => {
    const user = await createUser(ctx.hub);
    const created = await user.client.createToken("ci");
    expect(created.success).toBe(true);
    expect(created.token).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof created.token_id).toBe("number");

    const tokens = await user.client.listTokens();
    expect(tokens.map((t) => t.name)).toEqual(["test", "ci"]);
    const ci = tokens.find((t) => t.id === created.token_id);
    expect(ci?.last_used).toBeNull();
    expect(JSON.stringify(tokens)).not.toContain(created.token);

    const other = anonClient(ctx.hub, { token: created.token });
    expect((await other.whoami()).username).toBe(user.username);
    const used = (await user.client.listTokens()).find((t) => t.id === created.token_id);
    expect(used?.last_used).toEqual(expect.any(String));

    const revoked = await user.client.revokeToken(created.token_id);
    expect(revoked).toEqual({ success: true, message: "Token revoked successfully" });
    const err = await failure(other.whoami());
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toBe("Not authenticated");
    expect((await user.client.listTokens()).map((t) => t.name)).toEqual(["test"]);
  });

  test("a session created by login can create tokens; the session secret comes along", async () => {
    const user = await createUser(ctx.hub);
    const session = anonClient(ctx.hub);
    await session.login({ username: user.username, password: user.password });
    const created = await session.createToken("from-session");
    expect(created.session_secret).toMatch(/^[0-9a-f]{32}$/);
  });

  test("another user's token id is 404 'Token not found', like an unknown id", async () => {
    const alice = await createUser(ctx.hub);
    const bob = await createUser(ctx.hub);
    const err = await failure(bob.client.revokeToken(alice.tokenId));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe("Token not found");
    expect((await alice.client.whoami()).username).toBe(alice.username);
    expect(await failure(bob.client.revokeToken(999999))).toBeInstanceOf(NotFoundError);
  });

  test("a non-integer id is refused before the request; the server answers 422 for it", async () => {
    const user = await createUser(ctx.hub);
    expect(await failure(user.client.revokeToken("abc"))).toBeInstanceOf(InputError);
    const err = await failure(user.client.http.json({ method: "DELETE", path: "/api/auth/tokens/abc" }));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe(
      "path.token_id: Input should be a valid integer, unable to parse string as an integer",
    );
  });

  test("token calls without credentials are 401", async () => {
    const anon = anonClient(ctx.hub);
    for (const call of [anon.listTokens(), anon.createToken("x"), anon.revokeToken(1)]) {
      const err = await failure(call);
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(err.message).toBe("Not authenticated");
    }
  });

  test("a missing token name is a 422 ValidationError", async () => {
    const user = await createUser(ctx.hub);
    const err = await failure(user.client.createToken(undefined as unknown as string));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe("body.name: Field required");
  });
});

describe("whoami-v2", () => {
  test("HF-style identity: string id, fullname = username, orgs with KohakuHub roles, site block", async () => {
    const user = await createUser(ctx.hub);
    const db = ctx.hub.db;
    const me = await user.client.whoami();
    const org = uniqueName("org");
    const orgId = Number(
      db
        .query("INSERT INTO users (username, normalized_name, is_org, created_at) VALUES (?, ?, 1, ?)")
        .run(org, org.toLowerCase(), Date.now()).lastInsertRowid,
    );
    db.query(
      "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, 'super-admin', ?)",
    ).run(orgId, Number(me.id), Date.now());
    const v2 = await user.client.whoamiV2();
    expect(v2).toMatchObject({
      type: "user",
      id: String(me.id),
      name: user.username,
      fullname: user.username,
      email: user.email,
      emailVerified: true,
      canPay: false,
      isPro: false,
      orgs: [{ name: org, fullname: org, roleInOrg: "super-admin" }],
      auth: { type: "access_token", accessToken: { displayName: "Auto-generated token", role: "write" } },
      site: { name: "KohakuHub", api: "kohakuhub", version: "0.0.1" },
    });
  });

  test("no token or a bad token is 401 'Invalid user token'", async () => {
    for (const client of [anonClient(ctx.hub), anonClient(ctx.hub, { token: "0".repeat(64) })]) {
      const err = await failure(client.whoamiV2());
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(err.message).toBe("Invalid user token");
    }
  });
});
