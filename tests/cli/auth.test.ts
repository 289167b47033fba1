/**
 * `kohub-cli auth ...`: login (flags, stdin, an existing token, prompts), logout, whoami, register and the
 * token commands, in-process against the local hub; the design document's examples as subprocesses.
 * The token is never printed in full, except by `auth token create` (once) and `config get --show-token`.
 */
import { describe, expect, test } from "bun:test";
import { statSync } from "node:fs";
import { join } from "node:path";
import { toOptions as loginOptions } from "../../src/commands/auth/login.ts";
import { toOptions as registerOptions } from "../../src/commands/auth/register.ts";
import { toOptions as deleteOptions } from "../../src/commands/auth/token/delete.ts";
import { EXIT } from "../../src/errors.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";
import { type CliResult, runCli, spawnCli, tempConfigDir } from "../helpers/cli.ts";
import { anonClient, createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

interface StoredConfig {
  endpoint?: string;
  token?: string;
  token_id?: number;
  [key: string]: unknown;
}

function readConfig(dir: string): StoredConfig {
  return JSON.parse(require("node:fs").readFileSync(join(dir, "config.json"), "utf8"));
}

function fileMode(dir: string): number {
  return statSync(join(dir, "config.json")).mode & 0o777;
}

/** The token never appears in full in a command's output. */
function expectNoToken(result: CliResult, token: string): void {
  expect(result.stdout).not.toContain(token);
  expect(result.stderr).not.toContain(token);
}

/** Logs `user` in with flags into a fresh config dir. */
async function loggedIn(user: TestUser): Promise<{ dir: string; token: string; tokenId: number }> {
  const dir = tempConfigDir();
  const result = await runCli(
    ["auth", "login", "--endpoint", ctx.hub.url, "--username", user.username, "--password", user.password],
    { configDir: dir },
  );
  expect(result.code).toBe(0);
  const config = readConfig(dir);
  return { dir, token: config.token as string, tokenId: config.token_id as number };
}

describe("toOptions", () => {
  test("login: flags, default token name, --password with --password-stdin refused", () => {
    expect(loginOptions({ username: "alice", password: "pw" })).toMatchObject({
      username: "alice",
      password: "pw",
      passwordStdin: false,
    });
    expect(loginOptions({}).tokenName).toStartWith("kohub-cli@");
    expect(loginOptions({ name: "laptop" }).tokenName).toBe("laptop");
    expect(() => loginOptions({ password: "x", "password-stdin": true })).toThrow(/either --password/);
  });

  test("register: username and email checked", () => {
    expect(registerOptions({ username: "alice", email: "a@b.co" })).toMatchObject({ username: "alice" });
    expect(() => registerOptions({ username: "a b" })).toThrow(/Invalid username/);
    expect(() => registerOptions({ email: "nope" })).toThrow(/Invalid email/);
  });

  test("token delete: id from the argument or --id, a number", () => {
    expect(deleteOptions({ token_id: "12" })).toEqual({ id: 12, yes: false });
    expect(deleteOptions({ id: "7", yes: true })).toEqual({ id: 7, yes: true });
    expect(() => deleteOptions({})).toThrow(/Which token/);
    expect(() => deleteOptions({ id: "abc" })).toThrow(/expected a number/);
  });
});

describe("auth login", () => {
  test("--username/--password creates a token and stores endpoint, token and token_id (0600)", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    const result = await runCli(
      [
        "auth",
        "login",
        "--endpoint",
        ctx.hub.url,
        "--username",
        user.username,
        "--password",
        user.password,
        "-n",
        "my-laptop",
      ],
      { configDir: dir },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `✓ Logged in to ${ctx.hub.url} as ${user.username}; token stored in ${join(dir, "config.json")}\n`,
    );
    const config = readConfig(dir);
    expect(config.endpoint).toBe(ctx.hub.url);
    expect(config.token).toMatch(/^\S{20,}$/);
    expect(typeof config.token_id).toBe("number");
    expect(fileMode(dir)).toBe(0o600);
    expectNoToken(result, config.token as string);
    const tokens = await user.client.listTokens();
    expect(tokens).toContainEqual(expect.objectContaining({ id: config.token_id, name: "my-laptop" }));
    // The stored token works.
    const whoami = await runCli(["auth", "whoami", "-q"], { configDir: dir });
    expect(whoami).toMatchObject({ code: 0, stdout: `${user.username}\n` });
  });

  test("JSON and --quiet output, never the token", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    const base = ["auth", "login", "--endpoint", ctx.hub.url, "-u", user.username, "-p", user.password];
    const json = await runCli(["--json", ...base, "--name", "ci"], { configDir: dir });
    expect(JSON.parse(json.stdout)).toEqual({
      username: user.username,
      endpoint: ctx.hub.url,
      token_name: "ci",
      profile: "default",
    });
    expect(json.stderr).toBe("");
    expectNoToken(json, readConfig(dir).token as string);
    const quiet = await runCli([...base, "-q"], { configDir: dir });
    expect(quiet).toMatchObject({ code: 0, stdout: `${user.username}\n`, stderr: "" });
    expectNoToken(quiet, readConfig(dir).token as string);
  });

  // A second login must not leave the first login's token alive on the server with nothing that knows it.
  test("logging in again revokes the token of the previous login", async () => {
    const user = await createUser(ctx.hub);
    const { dir, token } = await loggedIn(user);
    const again = await runCli(["auth", "login", "-u", user.username, "-p", user.password], {
      configDir: dir,
    });
    expect(again.code).toBe(0);
    const later = await runCli(["auth", "whoami", "--endpoint", ctx.hub.url, "--token", token]);
    expect(later.code).toBe(EXIT.AUTH);
  });

  // The server's reason is shown, not the generic "please log in" advice (the command just run).
  test("a wrong password says 'Invalid username or password' (4), nothing stored", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    const result = await runCli(
      ["auth", "login", "--endpoint", ctx.hub.url, "-u", user.username, "-p", "wrong"],
      { configDir: dir },
    );
    expect(result.code).toBe(EXIT.AUTH);
    expect(result.stderr).toContain("Invalid username or password");
    expect(await Bun.file(join(dir, "config.json")).exists()).toBe(false);
  });

  test("with the global --token: checked with whoami, then stored (no token_id)", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    const result = await runCli(["auth", "login", "--endpoint", ctx.hub.url, "--token", user.token], {
      configDir: dir,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`as ${user.username}`);
    expectNoToken(result, user.token);
    expect(readConfig(dir)).toEqual({ endpoint: ctx.hub.url, token: user.token });
    expect(fileMode(dir)).toBe(0o600);
    // No new token was created.
    expect((await user.client.listTokens()).length).toBe(1);
  });

  test("with a refused --token: exit 4 and nothing is stored", async () => {
    const dir = tempConfigDir();
    const result = await runCli(["auth", "login", "--endpoint", ctx.hub.url, "--token", "f".repeat(64)], {
      configDir: dir,
    });
    expect(result.code).toBe(EXIT.AUTH);
    expect(await Bun.file(join(dir, "config.json")).exists()).toBe(false);
  });

  test("interactively: asks Username then Password", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    const prompter = scriptedPrompter({ Username: user.username, Password: user.password });
    const result = await runCli(["auth", "login", "--endpoint", ctx.hub.url], {
      configDir: dir,
      tty: { canPrompt: true, isErrTTY: true },
      prompter,
    });
    expect(result.code).toBe(0);
    expect(prompter.asked).toEqual(["Username", "Password"]);
    const config = readConfig(dir);
    expect(config).toMatchObject({ endpoint: ctx.hub.url, token_id: expect.any(Number) });
    expectNoToken(result, config.token as string);
  });

  test("--username given: only the password is asked; cancelling it exits 130", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    const prompter = scriptedPrompter({ Password: Symbol("cancel") });
    const result = await runCli(["auth", "login", "--endpoint", ctx.hub.url, "-u", user.username], {
      configDir: dir,
      tty: { canPrompt: true },
      prompter,
    });
    expect(result.code).toBe(EXIT.INTERRUPTED);
    expect(prompter.asked).toEqual(["Password"]);
    expect(await Bun.file(join(dir, "config.json")).exists()).toBe(false);
  });

  test("without a terminal and without --username: a usage error (2) before any request", async () => {
    const before = ctx.hub.requests.length;
    const result = await runCli(["auth", "login", "--endpoint", ctx.hub.url]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain("Username is required and no terminal is available to ask");
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("--password with --password-stdin is a usage error (2)", async () => {
    const result = await runCli(["auth", "login", "-u", "alice", "-p", "x", "--password-stdin"]);
    expect(result.code).toBe(EXIT.USAGE);
  });
});

describe("auth logout", () => {
  test("revokes the token created by login and removes it from the config", async () => {
    const user = await createUser(ctx.hub);
    const { dir, token } = await loggedIn(user);
    const result = await runCli(["auth", "logout"], { configDir: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("the API token was revoked");
    expect(readConfig(dir)).toEqual({ endpoint: ctx.hub.url });
    const later = await runCli(["auth", "whoami", "--endpoint", ctx.hub.url, "--token", token]);
    expect(later.code).toBe(EXIT.AUTH);
  });

  test("JSON output", async () => {
    const user = await createUser(ctx.hub);
    const { dir } = await loggedIn(user);
    const result = await runCli(["--json", "auth", "logout"], { configDir: dir });
    expect(JSON.parse(result.stdout)).toEqual({ logged_out: true, token_revoked: true, profile: "default" });
  });

  test("a token stored with --token is removed but not revoked; HF_TOKEN still set is warned about", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    await runCli(["auth", "login", "--endpoint", ctx.hub.url, "--token", user.token], { configDir: dir });
    const result = await runCli(["auth", "logout"], { configDir: dir, env: { HF_TOKEN: user.token } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("HF_TOKEN is still set");
    expect(result.stderr).toContain("it was not created by 'auth login', so it was not revoked");
    expect(readConfig(dir).token).toBeUndefined();
    expect((await user.client.whoami()).username).toBe(user.username);
  });

  test("a token already revoked elsewhere: still logged out locally", async () => {
    const user = await createUser(ctx.hub);
    const { dir, tokenId } = await loggedIn(user);
    await user.client.revokeToken(tokenId);
    const result = await runCli(["--json", "auth", "logout"], { configDir: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ logged_out: true, token_revoked: false, profile: "default" });
    expect(readConfig(dir).token).toBeUndefined();
  });

  test("not logged in: exit 4 with a clear message", async () => {
    const result = await runCli(["auth", "logout"]);
    expect(result.code).toBe(EXIT.AUTH);
    expect(result.stderr).toBe("Error: Not logged in: the config file holds no token\n");
    const json = await runCli(["--json", "auth", "logout"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ code: "NotLoggedIn" });
  });
});

describe("auth whoami", () => {
  test("text (piped), JSON and quiet; the token is never shown", async () => {
    const user = await createUser(ctx.hub);
    const org = uniqueName("org");
    await user.client.createOrganization({ name: org });
    const opts = { env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token } };
    const text = await runCli(["auth", "whoami"], opts);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      [
        `User\t${user.username}`,
        `Email\t${user.email}`,
        "Email verified\ttrue",
        `Organizations\t${org} (super-admin)`,
        `Endpoint\t${ctx.hub.url}`,
        "",
      ].join("\n"),
    );
    expectNoToken(text, user.token);
    const json = await runCli(["--json", "auth", "whoami"], opts);
    expect(JSON.parse(json.stdout)).toEqual({
      username: user.username,
      email: user.email,
      email_verified: true,
      orgs: [{ name: org, role: "super-admin" }],
      endpoint: ctx.hub.url,
    });
    expectNoToken(json, user.token);
    const quiet = await runCli(["auth", "whoami", "--quiet"], opts);
    expect(quiet.stdout).toBe(`${user.username}\n`);
    const tty = await runCli(["auth", "whoami"], { ...opts, tty: { isOutTTY: true } });
    expect(tty.stdout).toMatch(/^Organizations: +\S+ \(super-admin\)$/m);
    expectNoToken(tty, user.token);
  });

  test("not logged in: authentication required (4)", async () => {
    const result = await runCli(["auth", "whoami", "--endpoint", ctx.hub.url]);
    expect(result.code).toBe(EXIT.AUTH);
    expect(result.stderr).toBe("Error: Authentication required. Please login with 'kohub-cli auth login'\n");
  });
});

describe("auth token", () => {
  test("create prints the token once (stdout), the notice on stderr; JSON has id, name, token", async () => {
    const user = await createUser(ctx.hub);
    const opts = { env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token } };
    const text = await runCli(["auth", "token", "create", "--name", "laptop"], opts);
    expect(text.code).toBe(0);
    const token = text.stdout.trim();
    expect(text.stdout).toBe(`${token}\n`);
    expect(text.stderr).not.toContain(token);
    expect(text.stderr).toContain('Created token "laptop"');
    expect((await anonClient(ctx.hub, { token }).whoami()).username).toBe(user.username);

    const json = await runCli(["--json", "auth", "token", "create", "-n", "ci"], opts);
    const created = JSON.parse(json.stdout);
    expect(created).toMatchObject({ id: expect.anything(), name: "ci", token: expect.any(String) });
    expect(json.stderr).toBe("");
  });

  test("create needs --name (2)", async () => {
    const before = ctx.hub.requests.length;
    const result = await runCli(["auth", "token", "create", "--endpoint", ctx.hub.url, "--token", "x"]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain("--name");
    const blank = await runCli(["auth", "token", "create", "--name", " "]);
    expect(blank.code).toBe(EXIT.USAGE);
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("list: TSV piped, a table on a TTY, JSON, quiet ids; never the token", async () => {
    const user = await createUser(ctx.hub);
    const opts = { env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token } };
    const piped = await runCli(["auth", "token", "list"], opts);
    expect(piped.code).toBe(0);
    const cells = piped.stdout.trimEnd().split("\t");
    expect(cells[0]).toBe(String(user.tokenId));
    expect(cells[1]).toBe("test");
    expect(cells[3]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expectNoToken(piped, user.token);
    const tty = await runCli(["auth", "token", "list"], { ...opts, tty: { isOutTTY: true } });
    expect(tty.stdout.split("\n")[0]).toMatch(/^ID +NAME +LAST USED +CREATED$/);
    expectNoToken(tty, user.token);
    const json = await runCli(["--json", "auth", "token", "list"], opts);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ id: user.tokenId, name: "test" })]);
    expectNoToken(json, user.token);
    const quiet = await runCli(["auth", "token", "list", "-q"], opts);
    expect(quiet.stdout).toBe(`${user.tokenId}\n`);
  });

  test("delete: --yes needed off a terminal (2); by argument or --id; unknown id (3)", async () => {
    const user = await createUser(ctx.hub);
    const opts = { env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token } };
    const a = await user.client.createToken("a");
    const b = await user.client.createToken("b");
    const before = ctx.hub.requests.length;
    const refused = await runCli(["auth", "token", "delete", String(a.token_id)], opts);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain("pass --yes");
    expect(ctx.hub.requests.length).toBe(before);

    const byArg = await runCli(["auth", "token", "delete", String(a.token_id), "--yes"], opts);
    expect(byArg.code).toBe(0);
    expect(byArg.stderr).toContain(`Revoked token ${a.token_id}`);
    const byFlag = await runCli(
      ["--json", "auth", "token", "delete", "--id", String(b.token_id), "-y"],
      opts,
    );
    expect(JSON.parse(byFlag.stdout)).toEqual({ id: Number(b.token_id), revoked: true });
    expect((await user.client.listTokens()).map((t) => t.id)).toEqual([user.tokenId]);

    const missing = await runCli(["auth", "token", "delete", "--id", "999999", "-y"], opts);
    expect(missing.code).toBe(EXIT.NOT_FOUND);
    const bad = await runCli(["auth", "token", "delete", "abc", "-y"], opts);
    expect(bad.code).toBe(EXIT.USAGE);
  });

  test("delete on a terminal asks: no cancels (130)", async () => {
    const user = await createUser(ctx.hub);
    const created = await user.client.createToken("x");
    const question = `Revoke API token ${created.token_id}? Programs using it will stop working (this cannot be undone)`;
    const prompter = scriptedPrompter({ [question]: false });
    const result = await runCli(["auth", "token", "delete", String(created.token_id)], {
      env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token },
      tty: { canPrompt: true },
      prompter,
    });
    expect(result.code).toBe(EXIT.INTERRUPTED);
    expect(prompter.asked).toEqual([question]);
    expect((await user.client.listTokens()).length).toBe(2);
  });

  test("deleting the CLI's own token also removes it from the config", async () => {
    const user = await createUser(ctx.hub);
    const { dir, token, tokenId } = await loggedIn(user);
    const result = await runCli(["auth", "token", "delete", String(tokenId), "--yes"], { configDir: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("removed from the config file too");
    expect(readConfig(dir)).toEqual({ endpoint: ctx.hub.url });
    const later = await runCli(["auth", "whoami", "--token", token, "--endpoint", ctx.hub.url]);
    expect(later.code).toBe(EXIT.AUTH);
  });
});

describe("auth register", () => {
  test("with flags: creates the account (then login works); JSON and quiet", async () => {
    const username = uniqueName("reg");
    const result = await runCli(
      [
        "auth",
        "register",
        "--endpoint",
        ctx.hub.url,
        "--username",
        username,
        "--email",
        `${username}@example.com`,
        "--password",
        "secret-pw",
      ],
      { tty: { isErrTTY: true } },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`kohub-cli auth login --username ${username}`);
    await anonClient(ctx.hub).login({ username, password: "secret-pw" });

    const other = uniqueName("reg");
    const json = await runCli([
      "--json",
      "auth",
      "register",
      "--endpoint",
      ctx.hub.url,
      "-u",
      other,
      "--email",
      `${other}@example.com`,
      "-p",
      "pw",
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ username: other, success: true });
  });

  test("an existing username is a conflict (6)", async () => {
    const user = await createUser(ctx.hub);
    const result = await runCli([
      "auth",
      "register",
      "--endpoint",
      ctx.hub.url,
      "-u",
      user.username,
      "--email",
      "new@example.com",
      "-p",
      "pw",
    ]);
    expect(result.code).toBe(EXIT.CONFLICT);
    expect(result.stderr).toContain("Username already exists");
  });

  test.each([
    ["a bad username", ["-u", "a b", "--email", "x@example.com", "-p", "pw"], 'Invalid username "a b"'],
    ["a reserved username", ["-u", "admin", "--email", "x@example.com", "-p", "pw"], "is reserved"],
    ["a bad email", ["-u", "gooduser", "--email", "not-an-email", "-p", "pw"], "Invalid email address"],
    [
      "a password over 72 bytes",
      ["-u", "gooduser", "--email", "x@example.com", "-p", "é".repeat(37)],
      "72 bytes",
    ],
    ["no email off a terminal", ["-u", "gooduser", "-p", "pw"], "Email is required"],
  ])("%s is refused before any request (2)", async (_name, flags, message) => {
    const before = ctx.hub.requests.length;
    const result = await runCli(["auth", "register", "--endpoint", ctx.hub.url, ...flags]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain(message);
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("interactively: asks Username, Email, Password", async () => {
    const username = uniqueName("reg");
    const prompter = scriptedPrompter({
      Username: username,
      Email: `${username}@example.com`,
      Password: "pw-interactive",
    });
    const result = await runCli(["auth", "register", "--endpoint", ctx.hub.url], {
      tty: { canPrompt: true },
      prompter,
    });
    expect(result.code).toBe(0);
    expect(prompter.asked).toEqual(["Username", "Email", "Password"]);
  });
});

describe("design document examples (subprocesses)", () => {
  test("login with flags, whoami (text, JSON), token create/list/delete, logout", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const configDir = tempConfigDir();
    const run = (argv: string[], stdin?: string) =>
      spawnCli(argv, { configDir, env: { HF_ENDPOINT: ctx.hub.url }, stdin });

    const login = await run(["auth", "login", "--username", alice.username, "--password", alice.password]);
    expect(login.code).toBe(0);
    expect(login.stdout).toBe("");
    const token = readConfig(configDir).token as string;
    expectNoToken(login, token);
    expect(fileMode(configDir)).toBe(0o600);

    const whoami = await run(["auth", "whoami"]);
    expect(whoami.stdout).toStartWith(`User\t${alice.username}\n`);
    expectNoToken(whoami, token);
    const whoamiJson = await spawnCli(["--endpoint", ctx.hub.url, "--output", "json", "auth", "whoami"], {
      configDir,
    });
    expect(JSON.parse(whoamiJson.stdout)).toMatchObject({ username: alice.username, endpoint: ctx.hub.url });

    const created = await run(["auth", "token", "create", "--name", "my-laptop"]);
    expect(created.code).toBe(0);
    const laptopToken = created.stdout.trim();
    const createdJson = await run(["--output", "json", "auth", "token", "create", "-n", "my-laptop"]);
    const second = JSON.parse(createdJson.stdout);
    expect(second).toMatchObject({ name: "my-laptop" });
    expect(second.token).not.toBe(laptopToken);

    const list = await run(["auth", "token", "list"]);
    expect(list.stdout.trimEnd().split("\n")).toHaveLength(4);
    expectNoToken(list, token);
    expect(list.stdout).not.toContain(laptopToken);

    // `auth token delete --id 123`: off a terminal it needs --yes.
    const refused = await run(["auth", "token", "delete", "--id", String(second.id)]);
    expect(refused.code).toBe(EXIT.USAGE);
    const deleted = await run([
      "--output",
      "json",
      "auth",
      "token",
      "delete",
      "--id",
      String(second.id),
      "--yes",
    ]);
    expect(JSON.parse(deleted.stdout)).toEqual({ id: Number(second.id), revoked: true });

    const logout = await run(["auth", "logout"]);
    expect(logout.code).toBe(0);
    expect(readConfig(configDir).token).toBeUndefined();
    const after = await run(["auth", "whoami"]);
    expect(after.code).toBe(EXIT.AUTH);
    expect(after.stderr).toBe("Error: Authentication required. Please login with 'kohub-cli auth login'\n");
  });

  test("login --password-stdin, and `auth login` without a terminal", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const configDir = tempConfigDir();
    const env = { HF_ENDPOINT: ctx.hub.url };
    const login = await spawnCli(["auth", "login", "-u", alice.username, "--password-stdin"], {
      configDir,
      env,
      stdin: `${alice.password}\n`,
    });
    expect(login.code).toBe(0);
    const config = readConfig(configDir);
    expect(config).toMatchObject({ endpoint: ctx.hub.url, token_id: expect.any(Number) });
    expectNoToken(login, config.token as string);

    const bare = await spawnCli(["auth", "login"], { env, configDir: tempConfigDir() });
    expect(bare.code).toBe(EXIT.USAGE);
    expect(bare.stderr).toContain("Username is required and no terminal is available to ask");
  });

  test("--token with a global flag before the command", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const configDir = tempConfigDir();
    const result = await spawnCli(["--endpoint", ctx.hub.url, "--token", alice.token, "auth", "login"], {
      configDir,
    });
    expect(result.code).toBe(0);
    expect(readConfig(configDir)).toEqual({ endpoint: ctx.hub.url, token: alice.token });
    expectNoToken(result, alice.token);
  });
});
