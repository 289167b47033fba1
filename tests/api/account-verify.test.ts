import { describe, expect, test } from "bun:test";
import { PermissionDeniedError, ValidationError } from "../../src/index.ts";
import { failure } from "../helpers/fixtures.ts";
import { anonClient, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub({ requireEmailVerification: true });

/** Registers an unverified user and returns the token the verification email would carry. */
async function registerUnverified(): Promise<{ username: string; password: string; token: string }> {
  const username = uniqueName();
  const password = `pw-${username}`;
  const reg = await anonClient(ctx.hub).register({ username, email: `${username}@example.com`, password });
  expect(reg).toEqual({
    success: true,
    message: "User created. Please check your email to verify your account.",
    email_verified: false,
  });
  const row = ctx.hub.db
    .query("SELECT v.token FROM email_verifications v JOIN users u ON u.id = v.user_id WHERE u.username = ?")
    .get(username) as { token: string };
  return { username, password, token: row.token };
}

describe("email verification", () => {
  test("the link verifies the email and logs the client in (redirect not followed)", async () => {
    const { username, password, token } = await registerUnverified();
    const blocked = await failure(anonClient(ctx.hub).login({ username, password }));
    expect(blocked).toBeInstanceOf(PermissionDeniedError);
    expect(blocked.message).toBe("Please verify your email first");

    const client = anonClient(ctx.hub);
    const result = await client.verifyEmail(token);
    expect(result).toEqual({ verified: true, location: `/${username}`, sessionSet: true, username });
    const me = await client.whoami();
    expect(me).toMatchObject({ username, email_verified: true });
    await anonClient(ctx.hub).login({ username, password });

    const reused = await anonClient(ctx.hub).verifyEmail(token);
    expect(reused).toMatchObject({ verified: false, sessionSet: false, error: "invalid_token" });
  });

  test("an unknown or expired token redirects with an error, and sets no session", async () => {
    const unknown = await anonClient(ctx.hub).verifyEmail("0".repeat(64));
    expect(unknown).toEqual({
      verified: false,
      location: "/?error=invalid_token&message=Invalid+or+expired+verification+token",
      sessionSet: false,
      error: "invalid_token",
      message: "Invalid or expired verification token",
    });
    const { token } = await registerUnverified();
    ctx.hub.db
      .query("UPDATE email_verifications SET expires_at = ? WHERE token = ?")
      .run(Date.now() - 1, token);
    expect(await anonClient(ctx.hub).verifyEmail(token)).toMatchObject({
      verified: false,
      error: "invalid_token",
    });
  });

  test("a request without the token parameter is a 422", async () => {
    const err = await failure(anonClient(ctx.hub).http.json({ path: "/api/auth/verify-email" }));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe("query.token: Field required");
  });

  test("site-config reports that verification is required", async () => {
    expect((await anonClient(ctx.hub).siteConfig()).require_email_verification).toBe(true);
  });
});

describe("logout", () => {
  test("ends every session of the user but leaves API tokens valid", async () => {
    const { username, password, token } = await registerUnverified();
    await anonClient(ctx.hub).verifyEmail(token);
    const first = anonClient(ctx.hub);
    const second = anonClient(ctx.hub);
    await first.login({ username, password });
    await second.login({ username, password });
    const apiToken = (await first.createToken("keep")).token;
    expect(await first.logout()).toEqual({ success: true, message: "Logged out successfully" });
    await expect(second.whoami()).rejects.toThrow("Not authenticated");
    expect((await anonClient(ctx.hub, { token: apiToken }).whoami()).username).toBe(username);
  });
});
