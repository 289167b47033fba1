/**
 * The history file and `kohub-cli history`: what a changing command records (masked, mode 0600, its
 * outcome), what reading commands do not, listing, showing and clearing, JSON output, and a history that
 * cannot be written not failing the command. In-process against the local hub.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { toOptions as historyOptions } from "../../src/commands/history/index.ts";
import { EXIT } from "../../src/errors.ts";
import { maskArgs } from "../../src/history/mask.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";
import { runCli, spawnCli, tempConfigDir } from "../helpers/cli.ts";
import { historySession } from "../helpers/history.ts";
import { createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

/** A user and a config directory of their own; `lines` is [] while nothing was recorded. */
async function session() {
  const s = historySession(ctx.hub, await createUser(ctx.hub));
  return { ...s, lines: s.entriesIfAny };
}

describe("recording", () => {
  test("a changing command records one entry: id, time, endpoint, command, outcome, undo; mode 0600", async () => {
    const s = await session();
    const repo = `${s.user.username}/${uniqueName("m")}`;
    expect((await s.run(["repo", "create", repo])).code).toBe(0);
    const [entry] = s.lines();
    expect(entry).toMatchObject({
      endpoint: ctx.hub.url,
      command: `kohub-cli repo create ${repo}`,
      outcome: { ok: true },
      undo: [{ op: "repo.delete", repoId: repo, type: "model" }],
    });
    expect(String(entry?.id)).toMatch(/^[0-9a-z]{12}$/);
    expect(Date.parse(String(entry?.when))).toBeGreaterThan(Date.now() - 60_000);
    expect(statSync(join(s.dir, "history.jsonl")).mode & 0o777).toBe(0o600);
  });

  test("commands that end together each add one whole line; the config file stays whole", async () => {
    const dir = tempConfigDir();
    const values = ["model", "dataset", "space", "model", "dataset", "space"];
    const results = await Promise.all(
      values.map((v) => spawnCli(["config", "set", "default_repo_type", v], { configDir: dir })),
    );
    expect(results.map((r) => r.code)).toEqual(values.map(() => 0));
    const lines = readFileSync(join(dir, "history.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(values.length);
    for (const line of lines) expect(JSON.parse(line).command).toStartWith("kohub-cli config set");
    expect(values).toContain(JSON.parse(readFileSync(join(dir, "config.json"), "utf8")).default_repo_type);
  });

  test("reading commands record nothing", async () => {
    const s = await session();
    const repo = `${s.user.username}/${uniqueName("m")}`;
    await s.user.client.createRepo({ repoId: repo });
    for (const argv of [
      ["repo", "info", repo],
      ["repo", "list", "--author", s.user.username],
      ["repo", "settings", repo],
      ["config", "list"],
    ]) {
      expect((await s.run(argv)).code).toBe(0);
    }
    expect(s.lines()).toEqual([]);
  });

  test("a failing command is recorded with its error and exit code", async () => {
    const s = await session();
    const repo = `${s.user.username}/${uniqueName("m")}`;
    await s.user.client.createRepo({ repoId: repo });
    const result = await s.run(["repo", "create", repo]);
    expect(result.code).toBe(EXIT.CONFLICT);
    const [entry] = s.lines();
    expect(entry?.outcome).toMatchObject({ ok: false, exit: EXIT.CONFLICT });
    expect(JSON.stringify(entry?.outcome)).toContain("exists");
    expect(entry?.undo).toEqual([]);
  });

  test("secrets never reach the file: config set token, a token-like word, a token flag", async () => {
    const s = await session();
    const secret = "hf_abcdefghijklmnopqrstuvwxyz0123456789ABCD";
    expect((await s.run(["config", "set", "token", secret])).code).toBe(0);
    expect((await s.run(["config", "set", "endpoint", ctx.hub.url])).code).toBe(0);
    const created = await s.run(["--json", "auth", "token", "create", "--name", "ci"]);
    expect(created.code).toBe(0);
    const token = JSON.parse(created.stdout).token as string;
    // The global --token (anywhere on the line) is not part of the recorded command at all.
    const repo = `${s.user.username}/${uniqueName("m")}`;
    expect(
      (await s.run(["--token", s.user.token, "repo", "create", repo, `--token=${s.user.token}`])).code,
    ).toBe(0);
    const text = readFileSync(join(s.dir, "history.jsonl"), "utf8");
    expect(text).not.toContain(secret);
    expect(text).not.toContain(token);
    expect(text).not.toContain(s.user.token);
    const [setToken] = s.lines();
    expect(setToken?.command).toBe("kohub-cli config set token 'hf_a…CD (43 chars)'");
    expect(setToken?.irreversible).toContain("not recorded");
  });

  test("masking: every flag spelling the CLI accepts (camelCase too) takes its value, so positionals keep their places", () => {
    const args = {
      "max-uses": { type: "string" as const, description: "" },
      token: { type: "positional" as const, description: "" },
    };
    const token = "correct-horse-battery-staple";
    for (const flag of ["--max-uses", "--maxUses"]) {
      expect(maskArgs(["org", "invite", "accept"], args, [flag, "5", token])).toEqual([
        flag,
        "5",
        "corr…le (28 chars)",
      ]);
    }
  });

  test("masking: flags named like secrets, their short forms, and --flag=value", () => {
    const args = {
      password: { type: "string" as const, alias: ["p"], description: "" },
      "password-stdin": { type: "boolean" as const, description: "" },
      username: { type: "string" as const, description: "" },
      url: { type: "positional" as const, description: "" },
    };
    expect(
      maskArgs(["auth", "login"], args, ["--username", "bob", "-p", "hunter22", "--password-stdin", "x"]),
    ).toEqual(["--username", "bob", "-p", "****", "--password-stdin", "x"]);
    expect(maskArgs(["auth", "login"], args, ["--password=correct-horse-battery", "-phunter22"])).toEqual([
      "--password=corr…ry (21 chars)",
      "-p****",
    ]);
    expect(maskArgs(["x"], args, ["https://bob:pw@example.com/x"])[0]).not.toContain("pw@");
    // KohakuHub tokens and commit ids are both 64 hex digits: masked unless the argument holds a commit.
    const hex = "ab12".repeat(16);
    expect(maskArgs(["x"], args, [hex])).toEqual(["ab12…12 (64 chars)"]);
    const commitArgs = { commit: { type: "positional" as const, description: "" } };
    expect(maskArgs(["repo", "revert"], commitArgs, [hex])).toEqual([hex]);
    // The token of the run is masked wherever it appears.
    expect(maskArgs(["x"], args, ["--username", "short-secret"], ["short-secret"])).toEqual([
      "--username",
      "shor…et (12 chars)",
    ]);
  });

  test("a history that cannot be written (a folder in its place: even root cannot write it) warns; the command succeeds", async () => {
    const s = await session();
    const dir = join(s.dir, "ro");
    mkdirSync(dir);
    const file = join(dir, "history.jsonl");
    mkdirSync(file); // a folder where the file should be: no write can succeed, even as root
    const repo = `${s.user.username}/${uniqueName("m")}`;
    const result = await runCli(["repo", "create", repo], {
      configDir: dir,
      env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: s.user.token },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Not recorded in the history");
    expect(await s.user.client.repoExists({ repoId: repo })).toBe(true);
  });
});

describe("kohub-cli history", () => {
  test("toOptions: list (default, --limit), show ID, clear; anything else is a usage error", () => {
    expect(historyOptions({})).toEqual({ action: "list", limit: 20 });
    expect(historyOptions({ limit: "5" })).toEqual({ action: "list", limit: 5 });
    expect(historyOptions({ action: "show", id: "abc" })).toEqual({ action: "show", id: "abc" });
    expect(historyOptions({ action: "clear", yes: true })).toEqual({ action: "clear", yes: true });
    expect(() => historyOptions({ action: "show" })).toThrow(/Which entry/);
    expect(() => historyOptions({ action: "undo" })).toThrow(/Unknown history action/);
    expect(() => historyOptions({ limit: "0" })).toThrow(/--limit/);
  });

  test("lists newest first (TSV when piped, --limit), shows one entry, JSON for both", async () => {
    const s = await session();
    const a = `${s.user.username}/${uniqueName("a")}`;
    const b = `${s.user.username}/${uniqueName("b")}`;
    await s.run(["repo", "create", a]);
    await s.run(["repo", "create", b]);
    await s.run(["repo", "squash", b, "--yes"]);
    const list = await s.run(["history"]);
    expect(list.code).toBe(0);
    const rows = list.stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));
    expect(rows.map((r) => r[4])).toEqual([
      `kohub-cli repo squash ${b} --yes`,
      `kohub-cli repo create ${b}`,
      `kohub-cli repo create ${a}`,
    ]);
    expect(rows[0]?.[2]).toBe("ok");
    expect(rows[0]?.[3]).toContain("no: ");
    expect(rows[1]?.[3]).toBe("yes");

    const limited = await s.run(["history", "--limit", "1", "--json"]);
    const json = JSON.parse(limited.stdout);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ command: `kohub-cli repo squash ${b} --yes`, undone: false });

    const id = String(json[0].id);
    const shown = await s.run(["--json", "history", "show", id.slice(0, 10)]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id, irreversible: expect.stringContaining("squashed") });
    const text = await s.run(["history", "show", id], { tty: { isOutTTY: true } });
    expect(text.stdout).toContain("Command:");
    const missing = await s.run(["history", "show", "zzzz"]);
    expect(missing.code).toBe(EXIT.NOT_FOUND);
  });

  test("clear asks (or --yes), refuses without a terminal, and empties the history", async () => {
    const s = await session();
    await s.run(["repo", "create", `${s.user.username}/${uniqueName("m")}`]);
    const refused = await s.run(["history", "clear"]);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(s.lines()).toHaveLength(1);
    const prompter = scriptedPrompter({
      [`Delete the history (1 entry in ${join(s.dir, "history.jsonl")}); 'undo' will no longer know them (this cannot be undone)?`]: true,
    });
    const asked = await s.run(["history", "clear"], { tty: { canPrompt: true }, prompter });
    expect(asked.code).toBe(0);
    expect(s.lines()).toEqual([]);
    const empty = await s.run(["--json", "history"]);
    expect(JSON.parse(empty.stdout)).toEqual([]);
  });

  test("config history and config clear-history, as the design document names them", async () => {
    const s = await session();
    await s.run(["config", "set", "default_repo_type", "dataset"]);
    const list = await s.run(["config", "history"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("kohub-cli config set default_repo_type dataset");
    const cleared = await s.run(["--json", "config", "clear-history", "--yes"]);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ cleared: true, entries: 1 });
    expect(s.lines()).toEqual([]);
  });
});

describe("the interactive mode's History menu", () => {
  test("lists recent commands and undoes one (recorded as an undo)", async () => {
    const s = await session();
    const repo = `${s.user.username}/${uniqueName("m")}`;
    await s.run(["repo", "create", repo]);
    const id = String(s.lines()[0]?.id);
    const prompter = scriptedPrompter({
      "Main menu": ["history", "quit"],
      History: ["list", "undo", "back"],
      "Undo which command?": id,
      [`Undo ${id}: delete model repository ${repo}?`]: true,
    });
    const result = await s.run(["interactive"], {
      tty: { canPrompt: true, isOutTTY: true, isErrTTY: true },
      prompter,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(prompter.unused()).toEqual([]);
    expect(result.stdout).toContain(`kohub-cli repo create ${repo}`);
    expect(await s.user.client.repoExists({ repoId: repo })).toBe(false);
    expect(s.lines()[1]).toMatchObject({
      command: `kohub-cli undo ${id} --yes`,
      undoes: id,
      outcome: { ok: true },
    });
  });
});
