/**
 * Profiles: two local hubs, one user on each, as the profiles `default` (the top-level keys) and `lab`.
 * `--profile` and `KOHUB_PROFILE` pick one; flag > env > the profile's config; an old config file keeps
 * working and keeps its shape after `auth login --profile lab`; `auth status` reports every profile and a
 * dead or silent server quickly; `auth switch`; unknown profiles; logout touches only its profile.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProfileStatus } from "../../src/commands/auth/status.ts";
import type { KohubConfig } from "../../src/config/store.ts";
import { EXIT } from "../../src/errors.ts";
import { KohubClient } from "../../src/index.ts";
import { runCli, spawnCli, tempConfigDir } from "../helpers/cli.ts";
import { silentPort } from "../helpers/faults.ts";
import { createUser, type TestUser, useHub } from "../helpers/hub.ts";
import { session } from "../prompts/_session.ts";

const home = useHub();
const lab = useHub();

function readConfig(dir: string): KohubConfig {
  return JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
}

/** A port nothing listens on (taken, then let go). */
function closedPort(): string {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const url = `http://127.0.0.1:${server.port}`;
  server.stop(true);
  return url;
}

/** A config dir with alice logged in on the home hub (default) and bob on the lab hub (profile lab). */
async function twoProfiles(): Promise<{ dir: string; alice: TestUser; bob: TestUser }> {
  const [alice, bob] = await Promise.all([createUser(home.hub, "alice"), createUser(lab.hub, "bob")]);
  const dir = tempConfigDir();
  const login = (user: TestUser, url: string, extra: string[] = []) =>
    runCli(["auth", "login", "--endpoint", url, "-u", user.username, "-p", user.password, ...extra], {
      configDir: dir,
    });
  expect((await login(alice, home.hub.url)).code).toBe(0);
  const second = await login(bob, lab.hub.url, ["--profile", "lab"]);
  expect(second.code).toBe(0);
  expect(second.stderr).toContain("(profile lab)");
  expect(second.stderr).toContain("kohub-cli auth switch lab");
  return { dir, alice, bob };
}

const whoami = async (dir: string, argv: string[] = [], env: Record<string, string> = {}) =>
  (await runCli([...argv, "auth", "whoami", "-q"], { configDir: dir, env })).stdout.trim();

describe("choosing a profile", () => {
  test("login --profile creates it beside the top-level keys; --profile and KOHUB_PROFILE pick; 0600", async () => {
    const { dir, alice, bob } = await twoProfiles();
    const file = readConfig(dir);
    expect(file.endpoint).toBe(home.hub.url);
    expect(file.profiles?.lab).toMatchObject({ endpoint: lab.hub.url, token_id: expect.any(Number) });
    expect(file.active_profile).toBeUndefined();
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
    expect(await whoami(dir)).toBe(alice.username);
    expect(await whoami(dir, ["--profile", "lab"])).toBe(bob.username);
    expect(await whoami(dir, [], { KOHUB_PROFILE: "lab" })).toBe(bob.username);
    // The flag wins over KOHUB_PROFILE.
    expect(await whoami(dir, ["--profile=default"], { KOHUB_PROFILE: "lab" })).toBe(alice.username);
  });

  test("precedence inside a profile: --endpoint/--token, then HF_ENDPOINT/HF_TOKEN, then the profile", async () => {
    const { dir, alice } = await twoProfiles();
    const flags = ["--profile", "lab", "--endpoint", home.hub.url, "--token", alice.token];
    expect(await whoami(dir, flags)).toBe(alice.username);
    const env = { HF_ENDPOINT: home.hub.url, HF_TOKEN: alice.token };
    expect(await whoami(dir, ["--profile", "lab"], env)).toBe(alice.username);
    // The profile's timeout is its own: a profile's request to a silent server ends at its timeout.
    const silent = silentPort();
    try {
      const set = await runCli(["--profile", "lab", "config", "set", "endpoint", silent.url], {
        configDir: dir,
      });
      expect(set.code).toBe(0);
      await runCli(["--profile", "lab", "config", "set", "timeout", "1"], { configDir: dir });
      const started = Date.now();
      const result = await runCli(["--profile", "lab", "auth", "whoami"], { configDir: dir });
      expect(result.code).toBe(EXIT.NETWORK);
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(readConfig(dir).timeout).toBeUndefined(); // the default profile's timeout is untouched
    } finally {
      silent.stop();
    }
  });

  test("an unknown profile is a usage error listing the known ones (flag, env, JSON mode)", async () => {
    const { dir } = await twoProfiles();
    const byFlag = await runCli(["--profile", "work", "auth", "whoami"], { configDir: dir });
    expect(byFlag.code).toBe(EXIT.USAGE);
    expect(byFlag.stderr).toBe('Error: Unknown profile "work": the known profiles are default, lab\n');
    const byEnv = await runCli(["auth", "whoami"], { configDir: dir, env: { KOHUB_PROFILE: "work" } });
    expect(byEnv.code).toBe(EXIT.USAGE);
    const json = await runCli(["--json", "--profile", "work", "config", "list"], { configDir: dir });
    expect(json.code).toBe(EXIT.USAGE);
    expect(JSON.parse(json.stdout)).toMatchObject({
      code: "UnknownProfile",
      details: { known: ["default", "lab"] },
    });
  });
});

describe("an old config file", () => {
  test("top-level keys only: still works, and keeps them as they were after login --profile lab", async () => {
    const [alice, bob] = await Promise.all([createUser(home.hub), createUser(lab.hub)]);
    const dir = tempConfigDir();
    const old: KohubConfig = { endpoint: home.hub.url, token: alice.token, default_repo_type: "dataset" };
    writeFileSync(join(dir, "config.json"), JSON.stringify(old), { mode: 0o600 });
    expect(await whoami(dir)).toBe(alice.username);
    const login = await runCli(
      [
        "auth",
        "login",
        "--profile",
        "lab",
        "--endpoint",
        lab.hub.url,
        "-u",
        bob.username,
        "-p",
        bob.password,
      ],
      { configDir: dir },
    );
    expect(login.code).toBe(0);
    const file = readConfig(dir);
    expect(file).toMatchObject(old);
    expect(await whoami(dir)).toBe(alice.username);
    // What an older kohub-cli, which knows no profiles, does with it: a client over the top-level keys.
    const older = new KohubClient({ config: { endpoint: file.endpoint, token: file.token }, env: {} });
    expect((await older.whoami()).username).toBe(alice.username);
    expect(await whoami(dir, ["--profile", "lab"])).toBe(bob.username);
  });
});

describe("auth status", () => {
  test("every profile, in parallel, bounded: a closed port and a silent server end quickly and say so", async () => {
    const { dir, alice, bob } = await twoProfiles();
    const silent = silentPort();
    try {
      const file = readConfig(dir);
      file.profiles = {
        ...file.profiles,
        dead: { endpoint: closedPort(), token: "dead-token-123456" },
        silent: { endpoint: silent.url, token: "silent-token-123456" },
        empty: { endpoint: lab.hub.url },
      };
      file.active_profile = "lab";
      writeFileSync(join(dir, "config.json"), JSON.stringify(file));
      const started = Date.now();
      const result = await runCli(["--json", "--timeout", "2", "auth", "status"], { configDir: dir });
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(result.code).toBe(EXIT.ERROR); // as gh auth status: a profile failed
      expect(result.stderr).toBe("");
      const rows = JSON.parse(result.stdout) as ProfileStatus[];
      const by = Object.fromEntries(rows.map((r) => [r.profile, r]));
      expect(rows.map((r) => r.profile)).toEqual(["default", "lab", "dead", "silent", "empty"]);
      expect(by.default).toMatchObject({
        active: false,
        user: alice.username,
        state: "ok",
        endpoint: home.hub.url,
      });
      expect(by.lab).toMatchObject({ active: true, user: bob.username, state: "ok" });
      expect(by.dead).toMatchObject({ state: "error", user: null });
      expect(by.dead?.error).toContain(by.dead?.endpoint as string);
      expect(by.silent).toMatchObject({ state: "error" });
      expect(by.silent?.error).toContain(silent.url);
      expect(by.empty).toMatchObject({ state: "no-token", token: null });
      expect(result.stdout).not.toContain(file.token as string); // tokens masked
      expect(result.stdout).not.toContain("dead-token-123456");
    } finally {
      silent.stop();
    }
  });

  test("every token works: exit 0; a profile without a token is no failure", async () => {
    const { dir } = await twoProfiles();
    const file = readConfig(dir);
    file.profiles = { ...file.profiles, anonymous: { endpoint: lab.hub.url } };
    writeFileSync(join(dir, "config.json"), JSON.stringify(file));
    const result = await runCli(["auth", "status"], { configDir: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("not logged in");
  });

  test("a refused token, and the text table marks the profile in use", async () => {
    const { dir } = await twoProfiles();
    const file = readConfig(dir);
    file.profiles = { ...file.profiles, stale: { endpoint: home.hub.url, token: "not-a-real-token-000" } };
    writeFileSync(join(dir, "config.json"), JSON.stringify(file));
    const result = await runCli(["--profile", "lab", "auth", "status"], { configDir: dir });
    expect(result.code).toBe(EXIT.ERROR);
    const lines = result.stdout.trim().split("\n");
    expect(lines[1]).toStartWith("*\tlab\t");
    expect(lines[2]).toContain("token refused");
  });
});

describe("auth switch and logout", () => {
  test("switch makes a profile active; default removes the key; an unknown name is refused", async () => {
    const { dir, alice, bob } = await twoProfiles();
    const switched = await runCli(["auth", "switch", "lab"], { configDir: dir });
    expect(switched).toMatchObject({ code: 0, stderr: "✓ Active profile: lab\n" });
    expect(readConfig(dir).active_profile).toBe("lab");
    expect(await whoami(dir)).toBe(bob.username);
    const config = await runCli(["config", "get", "endpoint"], { configDir: dir });
    expect(config.stdout).toBe(`${lab.hub.url}\n`);
    expect((await runCli(["auth", "switch", "default"], { configDir: dir })).code).toBe(0);
    expect(readConfig(dir).active_profile).toBeUndefined();
    expect(await whoami(dir)).toBe(alice.username);
    const env = { KOHUB_PROFILE: "default" };
    const warned = await runCli(["auth", "switch", "lab"], { configDir: dir, env });
    expect(warned.stderr).toContain("KOHUB_PROFILE=default still chooses the profile where it is given");
    expect((await runCli(["auth", "switch", "default"], { configDir: dir })).code).toBe(0);
    const unknown = await runCli(["auth", "switch", "work"], { configDir: dir });
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.stderr).toContain("known profiles are default, lab");
  });

  test("logout --profile lab revokes and removes only lab's token", async () => {
    const { dir, alice, bob } = await twoProfiles();
    const before = readConfig(dir);
    const result = await runCli(["--json", "auth", "logout", "--profile", "lab"], { configDir: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ logged_out: true, token_revoked: true, profile: "lab" });
    const after = readConfig(dir);
    expect(after.profiles?.lab).toEqual({ endpoint: lab.hub.url });
    expect({ ...after, profiles: undefined }).toEqual({ ...before, profiles: undefined });
    expect(await whoami(dir)).toBe(alice.username);
    const labToken = before.profiles?.lab?.token as string;
    const gone = new KohubClient({ endpoint: lab.hub.url, token: labToken, config: false, env: {} });
    await expect(gone.whoami()).rejects.toThrow();
    expect((await bob.client.whoami()).username).toBe(bob.username); // bob's own test token is untouched
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
  });
});

describe("config commands and the library", () => {
  test("config list/set --profile NAME read and write that profile only", async () => {
    const { dir } = await twoProfiles();
    const set = await runCli(["config", "set", "default_repo_type", "space", "--profile", "lab"], {
      configDir: dir,
    });
    expect(set.code).toBe(0);
    expect(readConfig(dir).default_repo_type).toBeUndefined();
    const list = await runCli(["--json", "--profile", "lab", "config", "list"], { configDir: dir });
    expect(JSON.parse(list.stdout)).toMatchObject({ endpoint: lab.hub.url, default_repo_type: "space" });
    expect(JSON.parse(list.stdout)).not.toHaveProperty("profiles");
    const get = await runCli(["config", "get", "endpoint", "--profile", "lab"], { configDir: dir });
    expect(get.stdout).toBe(`${lab.hub.url}\n`);
    const unset = await runCli(["config", "get", "timeout", "--profile", "lab"], { configDir: dir });
    expect(unset.stderr).toBe(`Error: timeout is not set in ${join(dir, "config.json")} (profile lab)\n`);
  });

  test("config set --profile NEW creates it (a shared key alone does not); config get does not", async () => {
    const { dir } = await twoProfiles();
    const shared = await runCli(["--profile", "ci", "config", "set", "interactive_mode_default", "false"], {
      configDir: dir,
    });
    expect(shared).toMatchObject({
      code: 0,
      stderr: `✓ Set interactive_mode_default in ${join(dir, "config.json")}\n`,
    });
    expect(readConfig(dir).interactive_mode_default).toBe(false);
    expect(Object.keys(readConfig(dir).profiles ?? {})).toEqual(["lab"]);
    const created = await runCli(["--profile", "ci", "config", "set", "endpoint", lab.hub.url], {
      configDir: dir,
    });
    expect(created.stderr).toContain("(profile ci)");
    expect(readConfig(dir).profiles?.ci).toEqual({ endpoint: lab.hub.url });
    const missing = await runCli(["--profile", "nope", "config", "get", "endpoint"], { configDir: dir });
    expect(missing.code).toBe(EXIT.USAGE);
  });

  test("a shell alias or an extension gets the profile's endpoint and token, and KOHUB_PROFILE", async () => {
    const { dir } = await twoProfiles();
    const script = '!printf "%s|" "$HF_ENDPOINT" "$HF_TOKEN" "$KOHUB_PROFILE"';
    const set = await runCli(["alias", "set", "show", script], { configDir: dir });
    expect(set.code).toBe(0);
    const result = await spawnCli(["--profile", "lab", "show"], { configDir: dir });
    const labToken = readConfig(dir).profiles?.lab?.token;
    expect(result).toMatchObject({ code: 0, stdout: `${lab.hub.url}|${labToken}|lab|` });
  });

  test("a TypeScript extension run with --profile gets KOHUB_PROFILE too: its KohubClient uses that profile", async () => {
    const { dir } = await twoProfiles();
    const folder = join(dir, "extensions", "whereami");
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, "main.ts"),
      'import { KohubClient } from "kohub-cli";\nconsole.log(process.env.KOHUB_PROFILE, new KohubClient().endpoint);\n',
    );
    const result = await spawnCli(["--profile", "lab", "whereami"], { configDir: dir });
    expect(result).toMatchObject({ code: 0, stdout: `lab ${lab.hub.url}\n` });
  });

  test("KohubClient reads the profile given, else KOHUB_PROFILE, else the active one", async () => {
    const { dir, bob } = await twoProfiles();
    const env = { KOHUB_CONFIG_DIR: dir };
    expect(new KohubClient({ profile: "lab", env }).endpoint).toBe(lab.hub.url);
    expect(new KohubClient({ env: { ...env, KOHUB_PROFILE: "lab" } }).endpoint).toBe(lab.hub.url);
    expect(new KohubClient({ env }).endpoint).toBe(home.hub.url);
    expect((await new KohubClient({ profile: "lab", env }).whoami()).username).toBe(bob.username);
    expect(() => new KohubClient({ profile: "work", env })).toThrow(/Unknown profile "work"/);
  });
});

describe("config profile list|delete", () => {
  test("list reads the file only: names, endpoints, masked tokens, the one in use", async () => {
    const { dir } = await twoProfiles();
    const file = readConfig(dir);
    file.profiles = { ...file.profiles, gone: { endpoint: closedPort() } };
    writeFileSync(join(dir, "config.json"), JSON.stringify(file));
    const json = await runCli(["--json", "--profile", "gone", "config", "profile", "list"], {
      configDir: dir,
    });
    expect(JSON.parse(json.stdout)).toEqual([
      { name: "default", active: false, endpoint: home.hub.url, token: expect.stringContaining("…") },
      { name: "lab", active: false, endpoint: lab.hub.url, token: expect.stringContaining("…") },
      { name: "gone", active: true, endpoint: file.profiles.gone?.endpoint, token: null },
    ]);
    const quiet = await runCli(["config", "profile", "list", "-q"], { configDir: dir });
    expect(quiet.stdout).toBe("default\nlab\ngone\n");
  });

  test("delete: refused while logged in (unless --force), --yes off a terminal, never default", async () => {
    const { dir } = await twoProfiles();
    await runCli(["auth", "switch", "lab"], { configDir: dir });
    const loggedIn = await runCli(["config", "profile", "delete", "lab", "--yes"], { configDir: dir });
    expect(loggedIn.code).toBe(EXIT.ERROR);
    expect(loggedIn.stderr).toContain("kohub-cli auth logout --profile lab");
    expect(readConfig(dir).profiles?.lab).toBeDefined();
    expect((await runCli(["auth", "logout", "--profile", "lab"], { configDir: dir })).code).toBe(0);
    const noYes = await runCli(["config", "profile", "delete", "lab"], { configDir: dir });
    expect(noYes.code).toBe(EXIT.USAGE);
    const deleted = await runCli(["config", "profile", "delete", "lab", "--yes"], { configDir: dir });
    expect(deleted).toMatchObject({
      code: 0,
      stderr: "✓ Deleted the profile lab; the active profile is default again\n",
    });
    const after = readConfig(dir);
    expect(after.profiles).toBeUndefined();
    expect(after.active_profile).toBeUndefined();
    expect(after.token).toBeDefined();
    const again = await runCli(["config", "profile", "delete", "lab", "--yes"], { configDir: dir });
    expect(again.code).toBe(EXIT.USAGE);
    const dflt = await runCli(["config", "profile", "delete", "default", "--yes"], { configDir: dir });
    expect(dflt.code).toBe(EXIT.USAGE);
    expect(dflt.stderr).toContain("cannot be deleted");
  });

  test("delete --force drops a logged-in profile and says its token stays valid", async () => {
    const { dir } = await twoProfiles();
    const forced = await runCli(["config", "profile", "delete", "lab", "--yes", "--force"], {
      configDir: dir,
    });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain(`stays valid on ${lab.hub.url}`);
    expect(readConfig(dir).profiles).toBeUndefined();
  });
});

describe("the interactive Configuration menu", () => {
  test("--profile NEW config wizard sets up that profile; the top level stays", async () => {
    const { dir, alice } = await twoProfiles();
    const carol = await createUser(lab.hub, "carol");
    const before = readConfig(dir);
    const r = await session(
      {
        "Server URL": lab.hub.url,
        "How do you want to log in?": "password",
        Username: carol.username,
        Password: carol.password,
        "Default repository type": "space",
      },
      { configDir: dir, argv: ["--profile", "ci", "config", "wizard"] },
    );
    expect(r.prompter.unused()).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.prompter.notes[0]).toStartWith(`Wrote ${dir}/config.json (profile ci)\n`);
    const after = readConfig(dir);
    expect(after.profiles?.ci).toMatchObject({ endpoint: lab.hub.url, default_repo_type: "space" });
    expect({ ...after, profiles: undefined }).toEqual({ ...before, profiles: undefined });
    expect(await whoami(dir, ["--profile", "ci"])).toBe(carol.username);
    expect(await whoami(dir)).toBe(alice.username);
  });

  test("shows the profiles and switches the active one", async () => {
    const { dir, bob } = await twoProfiles();
    const r = await session(
      {
        "Main menu": ["config", "quit"],
        Configuration: ["switch", "profiles", "back"],
        "Which profile?": "lab",
      },
      { configDir: dir },
    );
    expect(r.prompter.unused()).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\*\s+lab\s+/);
    expect(r.stdout).toContain(bob.username);
    expect(r.stderr).toContain("✓ Active profile: lab");
    expect(readConfig(dir).active_profile).toBe("lab");
  });
});
