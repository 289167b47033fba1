/**
 * `kohub-cli config ...`: set, get, list, clear and path, in-process (no hub needed except for the
 * design document's examples, which run as subprocesses).
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { toOptions as setOptions } from "../../src/commands/config/set.ts";
import { EXIT } from "../../src/errors.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";
import { runCli, spawnCli, tempConfigDir } from "../helpers/cli.ts";

const TOKEN = "hf_abcdefghijklmnopqrstuvwxyz0123456789";

function readConfig(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
}

async function writeConfig(dir: string, data: Record<string, unknown>): Promise<void> {
  await Bun.write(join(dir, "config.json"), JSON.stringify(data));
}

describe("toOptions (config set)", () => {
  test.each([
    ["endpoint", "http://localhost:8000/", "http://localhost:8000"],
    ["endpoint", "https://hub.example.com/sub", "https://hub.example.com/sub"],
    ["default_repo_type", "datasets", "dataset"],
    ["default_repo_type", "Space", "space"],
    ["interactive_mode_default", "no", false],
    ["interactive_mode_default", "ON", true],
    ["token", TOKEN, TOKEN],
  ])("%s %p → %p", (key, value, expected) => {
    expect(setOptions({ key, value })).toEqual({ key: key as never, value: expected });
  });

  test.each([
    ["endpoint", "not a url", "expected a URL"],
    ["endpoint", "ftp://example.com", "only http:// and https://"],
    ["default_repo_type", "repo", "expected model, dataset or space"],
    ["interactive_mode_default", "maybe", "expected true or false"],
    ["token", "", "empty"],
  ])("%s %p is refused", (key, value, message) => {
    expect(() => setOptions({ key, value })).toThrow(message);
  });
});

describe("config set", () => {
  test("writes the file (0600), keeps other keys, confirms on stderr", async () => {
    const dir = tempConfigDir();
    const set = await runCli(["config", "set", "endpoint", "http://localhost:8000/"], { configDir: dir });
    expect(set).toMatchObject({ code: 0, stdout: "" });
    expect(set.stderr).toBe(`✓ Set endpoint in ${join(dir, "config.json")}\n`);
    await runCli(["config", "set", "default_repo_type", "dataset"], { configDir: dir });
    expect(readConfig(dir)).toEqual({ endpoint: "http://localhost:8000", default_repo_type: "dataset" });
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
    const json = await runCli(["--json", "config", "set", "interactive_mode_default", "false"], {
      configDir: dir,
    });
    expect(JSON.parse(json.stdout)).toEqual({ key: "interactive_mode_default", set: true });
    expect(readConfig(dir).interactive_mode_default).toBe(false);
  });

  test("an unknown key suggests the nearest (2) and writes nothing", async () => {
    const dir = tempConfigDir();
    const result = await runCli(["config", "set", "endpiont", "http://x"], { configDir: dir });
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain('Unknown config key "endpiont". Did you mean "endpoint"?');
    expect(result.stderr).toContain(
      "Known keys: endpoint, token, default_repo_type, interactive_mode_default",
    );
    expect(await Bun.file(join(dir, "config.json")).exists()).toBe(false);
  });

  test("a bad value is refused (2) and the file is untouched", async () => {
    const dir = tempConfigDir();
    await writeConfig(dir, { endpoint: "http://keep.me" });
    for (const argv of [
      ["endpoint", "localhost:8000"],
      ["default_repo_type", "models2"],
      ["interactive_mode_default", "perhaps"],
    ]) {
      const result = await runCli(["config", "set", ...argv], { configDir: dir });
      expect(result.code).toBe(EXIT.USAGE);
      expect(result.stderr).toStartWith(`Error: Invalid value "${argv[1]}" for ${argv[0]}`);
    }
    expect(readConfig(dir)).toEqual({ endpoint: "http://keep.me" });
  });

  test("unknown keys already in the file are kept", async () => {
    const dir = tempConfigDir();
    await writeConfig(dir, { history: [{ op: "x" }], theme: "dark" });
    await runCli(["config", "set", "token", TOKEN], { configDir: dir });
    expect(readConfig(dir)).toEqual({ history: [{ op: "x" }], theme: "dark", token: TOKEN });
  });

  test("the token given to set is not echoed", async () => {
    const result = await runCli(["config", "set", "token", TOKEN]);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });
});

describe("config get", () => {
  test("prints the value; the token masked unless --show-token", async () => {
    const dir = tempConfigDir();
    await writeConfig(dir, {
      endpoint: "http://a:1",
      token: TOKEN,
      interactive_mode_default: false,
      theme: "x",
    });
    expect(await runCli(["config", "get", "endpoint"], { configDir: dir })).toMatchObject({
      code: 0,
      stdout: "http://a:1\n",
    });
    const masked = await runCli(["config", "get", "token"], { configDir: dir });
    expect(masked.stdout).toBe(`hf_a…89 (${TOKEN.length} chars)\n`);
    expect(masked.stdout + masked.stderr).not.toContain(TOKEN);
    const full = await runCli(["config", "get", "token", "--show-token"], { configDir: dir });
    expect(full.stdout).toBe(`${TOKEN}\n`);
    expect((await runCli(["config", "get", "interactive_mode_default"], { configDir: dir })).stdout).toBe(
      "false\n",
    );
    // Keys unknown to the CLI can be read too.
    expect((await runCli(["config", "get", "theme"], { configDir: dir })).stdout).toBe("x\n");
  });

  test("JSON: {key, value} (the token masked)", async () => {
    const dir = tempConfigDir();
    await writeConfig(dir, { token: TOKEN, default_repo_type: "space" });
    const json = await runCli(["--json", "config", "get", "default_repo_type"], { configDir: dir });
    expect(JSON.parse(json.stdout)).toEqual({ key: "default_repo_type", value: "space" });
    const token = await runCli(["--json", "config", "get", "token"], { configDir: dir });
    expect(token.stdout).not.toContain(TOKEN);
  });

  test("an unset key exits 1 naming the file", async () => {
    const dir = tempConfigDir();
    const result = await runCli(["config", "get", "endpoint"], { configDir: dir });
    expect(result.code).toBe(EXIT.ERROR);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`Error: endpoint is not set in ${join(dir, "config.json")}\n`);
    const json = await runCli(["--json", "config", "get", "token"], { configDir: dir });
    expect(json.code).toBe(EXIT.ERROR);
    expect(JSON.parse(json.stdout)).toMatchObject({ code: "NotSet" });
  });
});

// `config get` reads any key (unknown keys in the file too), so a typo of a known key is "not set" (exit 1)
// and comes with a suggestion, as `config set` gives one.
test("config get of a misspelled known key suggests the nearest", async () => {
  const result = await runCli(["config", "get", "endpiont"]);
  expect(result.stderr).toContain('Did you mean "endpoint"?');
});

describe("config list", () => {
  test("piped: key<TAB>value rows, no header; token masked; unknown keys listed", async () => {
    const dir = tempConfigDir();
    await writeConfig(dir, { endpoint: "http://a:1", token: TOKEN, history: [1, 2], theme: "dark" });
    const result = await runCli(["config", "list"], { configDir: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `endpoint\thttp://a:1\ntoken\thf_a…89 (${TOKEN.length} chars)\nhistory\t[1,2]\ntheme\tdark\n`,
    );
    const full = await runCli(["config", "list", "--show-token"], { configDir: dir });
    expect(full.stdout).toContain(`token\t${TOKEN}\n`);
  });

  test("TTY: a table with a header", async () => {
    const dir = tempConfigDir();
    await writeConfig(dir, { endpoint: "http://a:1", token: TOKEN });
    const result = await runCli(["config", "list"], { configDir: dir, tty: { isOutTTY: true } });
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^KEY +VALUE$/);
    expect(lines[1]).toMatch(/^endpoint +http:\/\/a:1$/);
    expect(result.stdout).not.toContain(TOKEN);
  });

  test("JSON: one object (token masked)", async () => {
    const dir = tempConfigDir();
    await writeConfig(dir, { endpoint: "http://a:1", token: TOKEN, extra: { a: 1 } });
    const json = await runCli(["--json", "config", "list"], { configDir: dir });
    expect(JSON.parse(json.stdout)).toEqual({
      endpoint: "http://a:1",
      token: `hf_a…89 (${TOKEN.length} chars)`,
      extra: { a: 1 },
    });
  });

  test("empty or missing file: nothing on stdout, a note on a TTY; JSON {}", async () => {
    const dir = tempConfigDir();
    const tty = await runCli(["config", "list"], { configDir: dir, tty: { isOutTTY: true, isErrTTY: true } });
    expect(tty).toMatchObject({ code: 0, stdout: "", stderr: "The config file is empty or missing\n" });
    const piped = await runCli(["config", "list"], { configDir: dir });
    expect(piped).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const json = await runCli(["--json", "config", "list"], { configDir: dir });
    expect(JSON.parse(json.stdout)).toEqual({});
  });

  test("a known key of the wrong type in the file is an error naming it (1)", async () => {
    const dir = tempConfigDir();
    await writeConfig(dir, { default_repo_type: "banana" });
    const result = await runCli(["config", "list"], { configDir: dir });
    expect(result.code).toBe(EXIT.ERROR);
    expect(result.stderr).toContain('"default_repo_type" must be one of model, dataset, space');
  });
});

describe("config clear", () => {
  test("needs --yes off a terminal (2); --yes deletes the file", async () => {
    const dir = tempConfigDir();
    await writeConfig(dir, { endpoint: "http://a:1" });
    const refused = await runCli(["config", "clear"], { configDir: dir });
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain("pass --yes to confirm when not running interactively");
    expect(await Bun.file(join(dir, "config.json")).exists()).toBe(true);
    const cleared = await runCli(["config", "clear", "--yes"], { configDir: dir });
    expect(cleared.code).toBe(0);
    expect(cleared.stderr).toBe(`✓ Deleted ${join(dir, "config.json")}\n`);
    expect(await Bun.file(join(dir, "config.json")).exists()).toBe(false);
  });

  test("with several profiles, the question names every profile it deletes", async () => {
    const dir = tempConfigDir();
    await writeConfig(dir, { endpoint: "http://a:1", profiles: { lab: { endpoint: "http://b:2" } } });
    const question = `Delete ${join(dir, "config.json")} (every profile: default, lab, with their endpoints, tokens and settings; this cannot be undone)?`;
    const no = scriptedPrompter({ [question]: false });
    const result = await runCli(["config", "clear"], {
      configDir: dir,
      tty: { canPrompt: true },
      prompter: no,
    });
    expect(result.code).toBe(EXIT.INTERRUPTED);
    expect(no.asked).toEqual([question]);
  });

  test("JSON, and clearing a missing file is fine", async () => {
    const dir = tempConfigDir();
    const result = await runCli(["--json", "config", "clear", "-y"], { configDir: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ path: join(dir, "config.json"), cleared: true });
  });

  test("on a terminal it asks: no cancels (130) and keeps the file; yes deletes", async () => {
    const dir = tempConfigDir();
    await writeConfig(dir, { endpoint: "http://a:1" });
    const question = `Delete ${join(dir, "config.json")} (endpoint, token and settings; this cannot be undone)?`;
    const no = scriptedPrompter({ [question]: false });
    const cancelled = await runCli(["config", "clear"], {
      configDir: dir,
      tty: { canPrompt: true },
      prompter: no,
    });
    expect(cancelled.code).toBe(EXIT.INTERRUPTED);
    expect(no.asked).toEqual([question]);
    expect(await Bun.file(join(dir, "config.json")).exists()).toBe(true);
    const yes = scriptedPrompter({ [question]: true });
    const done = await runCli(["config", "clear"], {
      configDir: dir,
      tty: { canPrompt: true },
      prompter: yes,
    });
    expect(done.code).toBe(0);
    expect(await Bun.file(join(dir, "config.json")).exists()).toBe(false);
  });
});

describe("config path", () => {
  test("prints the file's path (text and JSON), KOHUB_CONFIG_DIR honoured", async () => {
    const dir = tempConfigDir();
    expect(await runCli(["config", "path"], { configDir: dir })).toMatchObject({
      code: 0,
      stdout: `${join(dir, "config.json")}\n`,
    });
    const json = await runCli(["--json", "config", "path"], { configDir: dir });
    expect(JSON.parse(json.stdout)).toEqual({ path: join(dir, "config.json") });
  });
});

describe("design document examples (subprocesses)", () => {
  test("set endpoint, set token, get endpoint, list, clear (text and JSON)", async () => {
    const configDir = tempConfigDir();
    const run = (argv: string[]) => spawnCli(argv, { configDir });
    expect((await run(["config", "set", "endpoint", "http://localhost:28080"])).code).toBe(0);
    const setToken = await run(["config", "set", "token", TOKEN]);
    expect(setToken.code).toBe(0);
    expect(setToken.stdout + setToken.stderr).not.toContain(TOKEN);
    expect(statSync(join(configDir, "config.json")).mode & 0o777).toBe(0o600);

    expect((await run(["config", "get", "endpoint"])).stdout).toBe("http://localhost:28080\n");
    const list = await run(["config", "list"]);
    expect(list.stdout).toBe(`endpoint\thttp://localhost:28080\ntoken\thf_a…89 (${TOKEN.length} chars)\n`);
    const listJson = await run(["--output", "json", "config", "list"]);
    expect(JSON.parse(listJson.stdout)).toMatchObject({ endpoint: "http://localhost:28080" });
    expect(listJson.stdout).not.toContain(TOKEN);

    const clear = await run(["--output", "json", "config", "clear", "--yes"]);
    expect(JSON.parse(clear.stdout)).toMatchObject({ cleared: true });
    expect(await Bun.file(join(configDir, "config.json")).exists()).toBe(false);
  });

  // docs/CLI.md lists `config history [--limit N]` and `config clear-history`: they are `history` and
  // `history clear` (tests/cli/history.test.ts covers what is recorded).
  test("config history [--limit N] / clear-history from the design document", async () => {
    const configDir = tempConfigDir();
    const empty = await runCli(["--json", "config", "history"], { configDir });
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual([]);
    await runCli(["config", "set", "default_repo_type", "dataset"], { configDir });
    await runCli(["config", "set", "default_repo_type", "space"], { configDir });
    const list = await runCli(["config", "history", "--limit", "1"], { configDir });
    expect(list.stdout.trim().split("\n")).toHaveLength(1);
    expect(list.stdout).toContain("kohub-cli config set default_repo_type space");
    const cleared = await runCli(["config", "clear-history", "--yes"], { configDir });
    expect(cleared.code).toBe(0);
    expect((await runCli(["config", "history"], { configDir })).stdout).toBe("");
  });
});
