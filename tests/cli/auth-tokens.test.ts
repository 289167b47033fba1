/**
 * Where the tokens `auth login` creates end up: logout revokes only the token the config holds, a login
 * that cannot store its token leaves none behind on the server, two logins at once leave one token, and
 * an explicitly empty token means anonymous. Against the local hub, the CLI in-process or as processes.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempConfigDir } from "../helpers/cli.ts";
import { anonClient, createUser, type TestUser, useHub } from "../helpers/hub.ts";

const ctx = useHub();

function readConfig(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
}

function loginArgs(user: TestUser): string[] {
  return ["auth", "login", "--endpoint", ctx.hub.url, "-u", user.username, "-p", user.password];
}

/** Logs `user` in into a fresh config dir. */
async function loggedIn(user: TestUser): Promise<{ dir: string; token: string; tokenId: number }> {
  const dir = tempConfigDir();
  expect((await runCli(loginArgs(user), { configDir: dir })).code).toBe(0);
  const config = readConfig(dir);
  return { dir, token: config.token as string, tokenId: config.token_id as number };
}

/** The ids of the user's tokens on the server. */
async function tokenIds(user: TestUser): Promise<number[]> {
  return (await user.client.listTokens()).map((t) => Number(t.id)).sort((a, b) => a - b);
}

async function works(token: string): Promise<boolean> {
  return anonClient(ctx.hub, { token })
    .whoami()
    .then(
      () => true,
      () => false,
    );
}

describe("auth logout after config set token", () => {
  // The config used to keep the login's token_id with the new token: logout revoked the old login's
  // token, removed the new one and said "revoked" while the new one kept working.
  test("the new token is removed, not revoked, and logout says so; config set warned about the old one", async () => {
    const user = await createUser(ctx.hub);
    const { dir, tokenId } = await loggedIn(user);
    const other = await user.client.createToken("other");
    const set = await runCli(["config", "set", "token", other.token], { configDir: dir });
    expect(set.code).toBe(0);
    expect(set.stderr).toContain(
      `! The token of the previous 'auth login' (id ${tokenId}) stays valid on the server: revoke it with 'kohub-cli auth token delete ${tokenId}'`,
    );
    expect(readConfig(dir)).toEqual({ endpoint: ctx.hub.url, token: other.token });

    const logout = await runCli(["auth", "logout"], { configDir: dir });
    expect(logout.code).toBe(0);
    expect(logout.stderr).toBe(
      "✓ Logged out: the token was removed from the config file (it was not created by 'auth login', so it was not revoked: if nothing else uses it, revoke it with 'kohub-cli auth token delete')\n",
    );
    expect(readConfig(dir)).toEqual({ endpoint: ctx.hub.url });
    expect(await works(other.token)).toBe(true);
    expect(await tokenIds(user)).toContain(tokenId);
  });

  test("config set token with the same token keeps its id", async () => {
    const user = await createUser(ctx.hub);
    const { dir, token, tokenId } = await loggedIn(user);
    const set = await runCli(["config", "set", "token", token], { configDir: dir });
    expect(set).toMatchObject({ code: 0, stderr: `✓ Set token in ${join(dir, "config.json")}\n` });
    expect(readConfig(dir).token_id).toBe(tokenId);
  });

  // A config written before the fix still pairs the new token with the old login's id.
  test("a stored id that names another token: not reported as revoked, the stored token still works", async () => {
    const user = await createUser(ctx.hub);
    const { dir, tokenId } = await loggedIn(user);
    const other = await user.client.createToken("other");
    writeFileSync(
      join(dir, "config.json"),
      JSON.stringify({ endpoint: ctx.hub.url, token: other.token, token_id: tokenId }),
    );
    const logout = await runCli(["auth", "logout"], { configDir: dir });
    expect(logout.code).toBe(0);
    expect(logout.stderr).toBe(
      "✓ Logged out: the token was removed from the config file but it is still valid (its stored id named another token, which was revoked): revoke it with 'kohub-cli auth token delete'\n",
    );
    expect(readConfig(dir)).toEqual({ endpoint: ctx.hub.url });
    expect(await works(other.token)).toBe(true);
    expect(await tokenIds(user)).not.toContain(tokenId);
  });
});
