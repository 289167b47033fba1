import { describe, expect, test } from "bun:test";
import { AuthenticationError, ConflictError, ValidationError } from "../../src/index.ts";
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
