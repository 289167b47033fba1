/**
 * Where the tokens `auth login` creates end up: logout revokes only the token the config holds, a login
 * that cannot store its token leaves none behind on the server, two logins at once leave one token, and
 * an explicitly empty token means anonymous. Against the local hub, the CLI in-process or as processes.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXIT } from "../../src/errors.ts";
import { runCli, spawnCli, tempConfigDir } from "../helpers/cli.ts";
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

const ROOT = process.getuid?.() === 0;

/**
 * A config dir that can be read but not written: a read-only dir, or for root, whom modes do not stop,
 * /proc/self, where nobody can create a file (a path under a file would not do: it cannot be read either).
 */
function unwritableConfigDir(): string {
  if (ROOT) return "/proc/self";
  const dir = tempConfigDir();
  chmodSync(dir, 0o500);
  return dir;
}

/** Waits until the hub has answered a request to `path` since request number `from`. */
async function answered(path: string, from: number): Promise<void> {
  for (let waited = 0; !ctx.hub.requests.slice(from).some((r) => r.path === path); waited += 20) {
    if (waited > 15_000) throw new Error(`no request to ${path}`);
    await Bun.sleep(20);
  }
}

describe("auth token delete", () => {
  test("of the stored token: removed from the config too; of another: the config is left alone", async () => {
    const user = await createUser(ctx.hub);
    const { dir, token, tokenId } = await loggedIn(user);
    const other = await user.client.createToken("other");
    const first = await runCli(["auth", "token", "delete", String(other.token_id), "--yes"], {
      configDir: dir,
    });
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain("token of this CLI");
    expect(readConfig(dir)).toEqual({ endpoint: ctx.hub.url, token, token_id: tokenId });
    const own = await runCli(["auth", "token", "delete", String(tokenId), "--yes"], { configDir: dir });
    expect(own.code).toBe(0);
    expect(own.stderr).toContain("That was the token of this CLI: it was removed from the config file too");
    expect(readConfig(dir)).toEqual({ endpoint: ctx.hub.url });
  });

  test("with HF_TOKEN and no config file: none is created", async () => {
    const user = await createUser(ctx.hub);
    const other = await user.client.createToken("other");
    const dir = tempConfigDir();
    const result = await runCli(["auth", "token", "delete", String(other.token_id), "--yes"], {
      configDir: dir,
      env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token },
    });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, "config.json"))).toBe(false);
  });
});

describe("auth login that cannot store its token", () => {
  // The token used to be created first and the write to fail after: a live token nothing knew about.
  test.skipIf(ROOT && process.platform !== "linux")(
    "an unwritable config dir: login fails before any request, no token is created",
    async () => {
      const user = await createUser(ctx.hub);
      const dir = unwritableConfigDir();
      const from = ctx.hub.requests.length;
      const result = await runCli(loginArgs(user), { configDir: dir });
      expect(result.code).toBe(EXIT.ERROR);
      expect(result.stderr).toStartWith("Error: Cannot ");
      expect(result.stderr).toContain(dir);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(ctx.hub.requests.slice(from)).toEqual([]);
      expect(await tokenIds(user)).toEqual([user.tokenId]);
    },
  );

  test("the write fails after the token was created: the token is revoked, and the error says so", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    // The token's creation is slowed down, and meanwhile the config dir is replaced by a file.
    ctx.hub.fault({ match: "POST /api/auth/tokens/create", respond: { delayMs: 1500 }, times: 1 });
    const from = ctx.hub.requests.length;
    const running = runCli(loginArgs(user), { configDir: dir });
    await answered("/api/auth/login", from);
    renameSync(dir, `${dir}-away`);
    writeFileSync(dir, "");
    const result = await running;
    expect(result.code).toBe(EXIT.ERROR);
    expect(result.stderr).toStartWith(`Error: Cannot create config directory ${dir}: `);
    expect(result.stderr).toEndWith("; the new API token was revoked\n");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(await tokenIds(user)).toEqual([user.tokenId]);
  });

  // Each login used to read the previous token before writing its own: two at once both revoked the
  // previous one, and the first one's new token was overwritten and left alive.
  test("two logins at once (processes) into one config: only the stored token remains", async () => {
    const user = await createUser(ctx.hub);
    const { dir } = await loggedIn(user);
    // Slow revocations make the two logins overlap between reading the config and writing it.
    ctx.hub.fault({ match: "DELETE /api/auth/tokens/*", respond: { delayMs: 2000 } });
    try {
      const results = await Promise.all([
        spawnCli(loginArgs(user), { configDir: dir }),
        spawnCli(loginArgs(user), { configDir: dir }),
      ]);
      for (const result of results) expect(result.code).toBe(0);
    } finally {
      ctx.hub.clearFaults();
    }
    const stored = readConfig(dir).token_id as number;
    expect(await tokenIds(user)).toEqual([user.tokenId, stored]);
    expect(await works(readConfig(dir).token as string)).toBe(true);
  }, 60_000);
});

describe("an explicitly empty token means anonymous", () => {
  const NOT_LOGGED_IN = "Error: Authentication required. Please login with 'kohub-cli auth login'\n";

  // An empty --token or HF_TOKEN used to fall back silently to the stored token.
  test.each([
    ["--token ''", ["--token", ""], {}],
    ["--token=", ["--token="], {}],
    ["HF_TOKEN=''", [], { HF_TOKEN: "" }],
  ])("%s: whoami says not logged in (4) although a token is stored", async (_, flags, env) => {
    const user = await createUser(ctx.hub);
    const { dir } = await loggedIn(user);
    expect((await runCli(["auth", "whoami", "-q"], { configDir: dir })).stdout).toBe(`${user.username}\n`);
    const result = await runCli(["auth", "whoami", ...flags], { configDir: dir, env });
    expect(result).toMatchObject({ code: EXIT.AUTH, stdout: "", stderr: NOT_LOGGED_IN });
  });

  test("HF_TOKEN='' in a real process's environment", async () => {
    const user = await createUser(ctx.hub);
    const { dir } = await loggedIn(user);
    const result = await spawnCli(["auth", "whoami"], { configDir: dir, env: { HF_TOKEN: "" } });
    expect(result).toMatchObject({ code: EXIT.AUTH, stdout: "", stderr: NOT_LOGGED_IN });
  });
});
