/**
 * Aliases, through real CLI processes with a config folder of their own: set/list/delete/import, the
 * file's mode, expansion ($1 and appended arguments) against the local hub, global flags around an alias
 * and inside its expansion, shell aliases (arguments, environment, exit code), names that are refused,
 * and the root help's list. The expansion rules themselves are also checked as plain functions.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expandAlias, splitWords } from "../../src/commands/alias/_file.ts";
import { EXIT } from "../../src/errors.ts";
import { spawnCli, tempConfigDir } from "../helpers/cli.ts";
import { createUser, type TestUser, useHub } from "../helpers/hub.ts";

const ctx = useHub();
let alice: TestUser;

beforeAll(async () => {
  alice = await createUser(ctx.hub, "alice");
  await alice.client.createRepo({ repoId: "alias-one" });
  await alice.client.createRepo({ repoId: "alias-two" });
});

/** `kohub-cli ...` as a process sharing one config folder; no endpoint or token unless given. */
function cli(
  configDir: string,
  argv: string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
) {
  return spawnCli(argv, { configDir, ...options });
}

function readAliasesFile(dir: string): Record<string, string> {
  return JSON.parse(readFileSync(join(dir, "aliases.json"), "utf8"));
}

describe("expansion rules", () => {
  test.each([
    [
      "words and quotes",
      `repo list --author "my org" 'a b' c\\ d`,
      ["repo", "list", "--author", "my org", "a b", "c d"],
    ],
    ["escaped double quote", `say "a \\"b\\""`, ["say", 'a "b"']],
    ["empty quotes are a word", `x '' y`, ["x", "", "y"]],
  ])("splitWords: %s", (_name, line, words) => {
    expect(splitWords(line)).toEqual(words);
  });

  test("$N takes an argument inside a word; the unused ones are appended; one with spaces stays one word", () => {
    expect(expandAlias("repo info $2 --revision=$1", ["v1", "a b/c", "--json"])).toEqual({
      shell: false,
      words: ["repo", "info", "a b/c", "--revision=v1", "--json"],
    });
  });

  test("a missing argument is a usage error; a shell alias keeps every argument", () => {
    expect(() => expandAlias("repo info $2", ["x"])).toThrow(/Not enough arguments/);
    expect(expandAlias("!echo $1", ["a", "b"])).toEqual({ shell: true, script: "echo $1", args: ["a", "b"] });
  });
});

describe("alias set, list, delete", () => {
  test("the notice of alias set masks a token the expansion holds; the file keeps it", async () => {
    const dir = tempConfigDir();
    const token = `hf_${"a1b2c3d4".repeat(4)}`;
    const expansion = `!curl -H "Authorization: Bearer ${token}" http://example.invalid`;
    const result = await cli(dir, ["alias", "set", "peek", expansion]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Added alias peek");
    expect(result.stderr).not.toContain(token);
    expect(readAliasesFile(dir)).toEqual({ peek: expansion });
    expect(readFileSync(join(dir, "history.jsonl"), "utf8")).not.toContain(token);
  });

  test("set, list as TSV and JSON, delete; the file is 0600", async () => {
    const dir = tempConfigDir();
    expect((await cli(dir, ["alias", "set", "ri", "repo info $1"])).code).toBe(0);
    expect((await cli(dir, ["alias", "set", "--shell", "hi", "echo hi"])).code).toBe(0);
    expect(readAliasesFile(dir)).toEqual({ ri: "repo info $1", hi: "!echo hi" });
    expect(statSync(join(dir, "aliases.json")).mode & 0o777).toBe(0o600);

    expect((await cli(dir, ["alias", "list"])).stdout).toBe("hi\t!echo hi\nri\trepo info $1\n");
    const json = await cli(dir, ["alias", "list", "--output", "json"]);
    expect(JSON.parse(json.stdout)).toEqual({ hi: "!echo hi", ri: "repo info $1" });

    const deleted = await cli(dir, ["alias", "delete", "ri", "--json"]);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: ["ri"] });
    expect(readAliasesFile(dir)).toEqual({ hi: "!echo hi" });
    const missing = await cli(dir, ["alias", "delete", "ri"]);
    expect(missing.code).toBe(EXIT.NOT_FOUND);
    expect(missing.stderr).toContain('No alias named "ri"');
  });

  test("an alias exists: kept unless --clobber (exit 6)", async () => {
    const dir = tempConfigDir();
    await cli(dir, ["alias", "set", "rl", "repo list"]);
    const again = await cli(dir, ["alias", "set", "rl", "repo ls"]);
    expect(again.code).toBe(EXIT.CONFLICT);
    expect(again.stderr).toContain("--clobber");
    expect((await cli(dir, ["alias", "set", "rl", "repo ls", "--clobber"])).code).toBe(0);
    expect(readAliasesFile(dir).rl).toBe("repo ls");
  });

  test.each([
    ["a built-in command", ["repo", "repo list"], '"repo" is a kohub-cli command'],
    ["a built-in group's name", ["completion", "repo list"], "is a kohub-cli command"],
    ["a name with a space", ["r l", "repo list"], "Invalid alias name"],
    ["a name starting with -", ["--", "-rl", "repo list"], "Invalid alias name"],
    ["an expansion that is no command", ["x", "nosuch thing"], "does not start with a kohub-cli command"],
    ["an empty shell alias", ["x", "!  "], "needs a command after the !"],
  ])("refuses %s (exit 2, nothing written)", async (_name, args, message) => {
    const dir = tempConfigDir();
    const result = await cli(dir, ["alias", "set", ...args]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain(message);
    expect(() => readAliasesFile(dir)).toThrow();
  });

  test("--help lists the aliases after the commands", async () => {
    const dir = tempConfigDir();
    await cli(dir, ["alias", "set", "mine", "repo list --author alice"]);
    const help = await cli(dir, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/\nAliases:\n {2}mine {3}repo list --author alice\n$/);
    expect(help.stdout.indexOf("Commands:")).toBeLessThan(help.stdout.indexOf("Aliases:"));
  });
});

describe("alias import", () => {
  test("name: expansion lines (comments, quotes), then JSON from stdin; existing kept without --clobber", async () => {
    const dir = tempConfigDir();
    const file = join(dir, "aliases.yml");
    writeFileSync(file, "# mine\nri: repo info $1\nids: '!echo ''ids'''\n\nrl: \"repo list\"\n");
    const imported = await cli(dir, ["alias", "import", file, "--json"]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ imported: ["ri", "ids", "rl"], skipped: [] });
    expect(readAliasesFile(dir)).toEqual({ ri: "repo info $1", ids: "!echo 'ids'", rl: "repo list" });

    const stdin = JSON.stringify({ rl: "repo ls", co: "repo commits $1" });
    const second = await cli(dir, ["alias", "import", "-"], { stdin });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("Kept the existing alias rl");
    expect(readAliasesFile(dir)).toMatchObject({ rl: "repo list", co: "repo commits $1" });
    expect((await cli(dir, ["alias", "import", "-", "--clobber"], { stdin })).code).toBe(0);
    expect(readAliasesFile(dir).rl).toBe("repo ls");
  });

  test("a bad line or a built-in's name fails the whole import (exit 2, nothing written)", async () => {
    const dir = tempConfigDir();
    const file = join(dir, "bad.yml");
    writeFileSync(file, "ok: repo list\nno colon here\n");
    const bad = await cli(dir, ["alias", "import", file]);
    expect(bad.code).toBe(EXIT.USAGE);
    expect(bad.stderr).toContain("line 2");
    writeFileSync(file, "ok: repo list\nauth: repo list\n");
    expect((await cli(dir, ["alias", "import", file])).code).toBe(EXIT.USAGE);
    expect(() => readAliasesFile(dir)).toThrow();
  });
});

describe("running an alias", () => {
  const asAlice = () => ({ HF_ENDPOINT: ctx.hub.url, HF_TOKEN: alice.token });

  test("$1 is replaced and extra arguments are appended", async () => {
    const dir = tempConfigDir();
    await cli(dir, ["alias", "set", "mine", "repo list --author $1"]);
    const listed = await cli(dir, ["mine", alice.username, "--limit", "1", "--json"], { env: asAlice() });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(1);
    const missing = await cli(dir, ["mine"], { env: asAlice() });
    expect(missing.code).toBe(EXIT.USAGE);
    expect(missing.stderr).toContain("Not enough arguments");
  });

  test("global flags before, after, and inside the expansion", async () => {
    const dir = tempConfigDir();
    await cli(dir, ["alias", "set", "ri", "repo info $1"]);
    expect((await cli(dir, ["alias", "set", "rij", "repo info $1 --output json"])).code).toBe(0);
    const repo = `${alice.username}/alias-one`;
    const auth = ["--endpoint", ctx.hub.url, "--token", alice.token];
    for (const argv of [
      [...auth, "--output", "json", "ri", repo],
      ["ri", repo, ...auth, "--json"],
      ["--endpoint", ctx.hub.url, "ri", "--json", repo, "--token", alice.token],
      [...auth, "rij", repo],
    ]) {
      const result = await cli(dir, argv);
      expect(result.code, `${argv.join(" ")}: ${result.stderr}`).toBe(0);
      expect(JSON.parse(result.stdout).id).toBe(repo);
    }
    // `--json FIELDS` with a space selects fields through an alias too, and `--json REPO` stays the argument.
    const fields = await cli(dir, ["ri", repo, "--json", "id,private", ...auth]);
    expect(fields.code, fields.stderr).toBe(0);
    expect(JSON.parse(fields.stdout)).toEqual({ id: repo, private: false });
    const failed = await cli(dir, ["--json", "--endpoint", "http://127.0.0.1:9", "ri", repo]);
    expect(failed.code).toBe(EXIT.NETWORK);
    expect(JSON.parse(failed.stdout).code).toBe("NetworkError");
  });

  test("a shell alias gets its arguments untouched, the endpoint and token, and passes its exit code", async () => {
    const dir = tempConfigDir();
    await cli(dir, ["alias", "set", "show", '!printf "%s|" "$0" "$@" "$HF_ENDPOINT" "$HF_TOKEN"; exit 3']);
    const result = await cli(dir, ["--endpoint", ctx.hub.url, "show", "a b", "--json", "c"], {
      env: { HF_TOKEN: alice.token },
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe(`show|a b|--json|c|${ctx.hub.url}|${alice.token}|`);
  });

  test("an unknown word is still an unknown command", async () => {
    const result = await cli(tempConfigDir(), ["nosuchcommand"]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain('Unknown command "nosuchcommand"');
  });
});
