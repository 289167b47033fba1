/**
 * History for the commands that change the config folder (aliases, profiles, the config file, the
 * wizard) and for auth register: each is one entry with no secret in the file; undo round-trips the
 * alias changes and a deleted profile without a token, and refuses the others with the reason.
 */
import { describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXIT } from "../../src/errors.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";
import { runCli } from "../helpers/cli.ts";
import { historySession } from "../helpers/history.ts";
import { createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

/** A config folder and the CLI run in it at the local hub, without a token. */
function folder(config?: Record<string, unknown>) {
  const session = historySession(ctx.hub, undefined, config);
  const read = (name: string) => JSON.parse(readFileSync(join(session.dir, name), "utf8"));
  return {
    ...session,
    aliases: () => read("aliases.json") as Record<string, string>,
    config: () => read("config.json") as Record<string, unknown>,
  };
}

type Folder = ReturnType<typeof folder>;

async function refused(f: Folder, reason: string): Promise<void> {
  const result = await f.run(["undo", f.last().id, "--yes"]);
  expect(result.code).toBe(EXIT.ERROR);
  expect(result.stderr).toContain("cannot be undone");
  expect(result.stderr).toContain(reason);
}

const fakeToken = () => `hf_${randomBytes(16).toString("hex")}`;

describe("alias set, delete and import", () => {
  test("alias set: a new alias is removed, a replaced one gets its expansion back", async () => {
    const f = folder();
    await f.ok(["alias", "set", "ri", "repo info $1"]);
    await f.ok(["alias", "set", "ri", "repo info --json $1", "--clobber"]);
    expect(f.entries()).toHaveLength(2);
    expect(f.last().undo).toEqual([
      { op: "alias.set", values: { ri: "repo info $1" }, now: { ri: "repo info --json $1" } },
    ]);
    await f.ok(["undo", "--yes"]);
    expect(f.aliases()).toEqual({ ri: "repo info $1" });
    await f.ok(["undo", "--yes"]);
    expect(f.aliases()).toEqual({});
  });

  test("an alias is this machine's, not a hub's: undo finds and does it at any endpoint or profile", async () => {
    const f = folder();
    await f.ok(["alias", "set", "ri", "repo info $1"]);
    await f.ok(["undo", "--yes"], { env: { HF_ENDPOINT: "http://127.0.0.1:9" } });
    expect(f.aliases()).toEqual({});
  });

  test("the same expansion again changes nothing and is not recorded", async () => {
    const f = folder();
    await f.ok(["alias", "set", "ri", "repo info $1"]);
    await f.ok(["alias", "set", "ri", "repo info $1"]);
    expect(f.entries()).toHaveLength(1);
  });

  test("undo refuses (exit 6) when the alias changed since", async () => {
    const f = folder();
    await f.ok(["alias", "set", "ri", "repo info $1"]);
    const first = f.last().id;
    await f.ok(["alias", "set", "ri", "repo ls $1", "--clobber"]);
    const result = await f.run(["undo", first, "--yes"]);
    expect(result.code).toBe(EXIT.CONFLICT);
    expect(result.stderr).toContain("The alias ri changed since");
    expect(f.aliases()).toEqual({ ri: "repo ls $1" });
  });

  test("a token in an expansion is in no byte of the history; replacing it cannot be undone", async () => {
    const f = folder();
    const secret = fakeToken();
    await f.ok(["alias", "set", "up", `upload --token ${secret} $1`]);
    await f.ok(["alias", "set", "up", "upload $1", "--clobber"]);
    expect(f.historyText()).not.toContain(secret);
    expect(f.entries()[0]?.command).toContain("hf_");
    await refused(f, "token-like word");
    expect(f.aliases()).toEqual({ up: "upload $1" });
    // The first entry (a new alias) is undone by removing it, whatever its expansion.
    expect(f.entries()[0]?.undo).toMatchObject([{ op: "alias.set", values: { up: null } }]);
  });

  test("a secret after a flag named like one is masked inside an expansion, whatever its form", async () => {
    const f = folder();
    await f.ok(["alias", "set", "li", "auth login --password hunter2-secret --username=alice"]);
    await f.ok(["alias", "set", "tk", "repo list --token=short-secret"]);
    expect(f.historyText()).not.toContain("hunter2-secret");
    expect(f.historyText()).not.toContain("short-secret");
    expect(f.entries()[0]?.command).toContain("--username=alice");
  });

  test("alias delete is undone by setting the alias back; --all brings them all back", async () => {
    const f = folder();
    await f.ok(["alias", "set", "ri", "repo info $1"]);
    await f.ok(["alias", "set", "mine", "repo list --author alice"]);
    await f.ok(["alias", "delete", "ri"]);
    expect(f.aliases()).toEqual({ mine: "repo list --author alice" });
    await f.ok(["undo", "--yes"]);
    expect(f.aliases()).toEqual({ ri: "repo info $1", mine: "repo list --author alice" });
    await f.ok(["alias", "delete", "--all"]);
    expect(f.aliases()).toEqual({});
    await f.ok(["undo", "--yes"]);
    expect(f.aliases()).toEqual({ ri: "repo info $1", mine: "repo list --author alice" });
    expect(f.entries()).toHaveLength(6);
  });

  test("alias import is one entry; undo removes what it added and gives back what it replaced", async () => {
    const f = folder();
    await f.ok(["alias", "set", "ri", "repo info $1"]);
    await f.ok(["alias", "set", "keep", "repo list"]);
    const file = join(f.dir, "import.yml");
    writeFileSync(file, "ri: repo info --json $1\nls: 'repo ls $1'\nkeep: repo list\n");
    await f.ok(["alias", "import", file, "--clobber"]);
    expect(f.entries()).toHaveLength(3);
    expect(f.aliases()).toEqual({ ri: "repo info --json $1", ls: "repo ls $1", keep: "repo list" });
    await f.ok(["undo", "--yes"]);
    expect(f.aliases()).toEqual({ ri: "repo info $1", keep: "repo list" });
  });
});

describe("config profile delete, config clear, config wizard", () => {
  test("a profile without a token is put back, active again", async () => {
    const lab = { endpoint: ctx.hub.url, default_repo_type: "dataset", timeout: 30 };
    const f = folder({ profiles: { lab }, active_profile: "lab" });
    await f.ok(["config", "profile", "delete", "lab", "--yes"]);
    expect(f.config().profiles).toBeUndefined();
    expect(f.last().undo).toEqual([{ op: "profile.restore", name: "lab", values: lab, active: true }]);
    await f.ok(["undo", "--yes"]);
    expect(f.config()).toEqual({ profiles: { lab }, active_profile: "lab" });
  });

  test("undo of a profile delete refuses (exit 6) when the profile exists again", async () => {
    const f = folder({ profiles: { lab: { endpoint: ctx.hub.url } } });
    await f.ok(["config", "profile", "delete", "lab", "--yes"]);
    await f.ok(["config", "set", "default_repo_type", "space", "--profile", "lab"]);
    const undo = await f.run(["undo", f.entries()[0]?.id as string, "--yes"]);
    expect(undo.code).toBe(EXIT.CONFLICT);
    expect(undo.stderr).toContain("The profile lab exists again");
  });

  test("a profile holding a token cannot be undone, and its token is not in the history", async () => {
    const secret = fakeToken();
    const f = folder({ profiles: { lab: { endpoint: ctx.hub.url, token: secret } } });
    const help = await f.run(["config", "profile", "delete", "--help"]);
    expect(help.stdout).toContain("unless it held a token");
    await f.ok(["config", "profile", "delete", "lab", "--yes"]);
    expect(f.entries()).toHaveLength(1);
    expect(f.historyText()).not.toContain(secret);
    expect(f.last()).toMatchObject({ undo: [], irreversible: expect.stringContaining("held a token") });
    await refused(f, "held a token");
  });

  test("config clear is recorded as not undoable, says so in --help, keeps the token out", async () => {
    const secret = fakeToken();
    const f = folder({ endpoint: ctx.hub.url, token: secret });
    expect((await f.run(["config", "clear", "--help"])).stdout).toContain("cannot be undone");
    await f.ok(["config", "clear", "--yes"]);
    expect(existsSync(join(f.dir, "config.json"))).toBe(false);
    expect(f.entries()).toHaveLength(1);
    expect(f.historyText()).not.toContain(secret);
    await refused(f, "tokens");
  });

  test("config wizard without a login is undone (the repo type back); with a login it is refused", async () => {
    const f = folder({ endpoint: ctx.hub.url, default_repo_type: "model" });
    const wizard = (answers: Record<string, string | string[]>) =>
      runCli(["config", "wizard"], {
        configDir: f.dir,
        tty: { canPrompt: true, isOutTTY: true, isErrTTY: true },
        prompter: scriptedPrompter({ "Server URL": ctx.hub.url, ...answers }),
      });
    const skipped = await wizard({
      "How do you want to log in?": "skip",
      "Default repository type": "dataset",
    });
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(f.last().undo).toEqual([
      { op: "config.set", key: "default_repo_type", value: "model", now: "dataset" },
    ]);
    const undo = await runCli(["undo", "--yes"], { configDir: f.dir });
    expect(undo.code, undo.stderr).toBe(0);
    expect(f.config()).toEqual({ endpoint: ctx.hub.url, default_repo_type: "model" });

    const user = await createUser(ctx.hub);
    const login = await wizard({
      "How do you want to log in?": "password",
      Username: user.username,
      Password: user.password,
      "Default repository type": "space",
    });
    expect(login.code, login.stderr).toBe(0);
    expect(f.historyText()).not.toContain(f.config().token as string);
    expect(f.historyText()).not.toContain(user.password);
    expect(f.last()).toMatchObject({ undo: [], irreversible: expect.stringContaining("logged in") });
    await refused(f, "logged in");
  });

  test("config wizard pointed at another server drops the token: not undoable, no token recorded", async () => {
    const secret = fakeToken();
    const f = folder({ endpoint: "http://127.0.0.1:9", token: secret });
    const r = await runCli(["config", "wizard"], {
      configDir: f.dir,
      tty: { canPrompt: true, isOutTTY: true, isErrTTY: true },
      prompter: scriptedPrompter({
        "Server URL": ctx.hub.url,
        "How do you want to log in?": "skip",
        "Default repository type": "model",
      }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(f.config().token).toBeUndefined();
    expect(f.historyText()).not.toContain(secret);
    expect(f.last()).toMatchObject({
      undo: [],
      irreversible: expect.stringContaining("previous server's token"),
    });
  });
});

describe("auth register", () => {
  test("one entry without the password; undo refuses: only admins delete accounts", async () => {
    const f = folder();
    const username = uniqueName("reg");
    const password = `pw-${randomBytes(8).toString("hex")}`;
    await f.ok([
      "auth",
      "register",
      "--username",
      username,
      "--email",
      `${username}@example.com`,
      "--password",
      password,
    ]);
    expect(f.entries()).toHaveLength(1);
    expect(f.historyText()).not.toContain(password);
    expect(f.last().command).toContain(`--username ${username}`);
    await refused(f, "only the server's admins can delete an account");
  });
});
