/**
 * `kohub-cli batch`: lines from a file (comments, quoting), JSON Lines, stdin (a subprocess), --parallel
 * with output kept in line order, stopping at the first failure or --continue-on-error, --dry-run sending
 * nothing, destructive lines without --yes failing without a prompt, the JSON document and exit codes;
 * in-process against the local hub.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseBatch } from "../../src/commands/_batch-input.ts";
import { EXIT } from "../../src/errors.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";
import { runCliAs, spawnCli, TTY } from "../helpers/cli.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

/** A batch file with these lines. */
function batchFile(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), "kohub-batch-")), "commands.txt");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

async function repoExists(user: TestUser, repoId: string): Promise<boolean> {
  return user.client.repoInfo({ repoId }).then(
    () => true,
    () => false,
  );
}

describe("parsing", () => {
  test("comments and blank lines are skipped; quotes and escapes as in a shell; a bad line keeps its problem", () => {
    const lines = parseBatch(
      [
        "# setup",
        "",
        "  repo create 'my model' --type model # note",
        'org create "a \\"b\\"" x\\ y \'#\' a#b',
        "repo info 'open",
      ].join("\n"),
      "text",
    );
    expect(lines.map((l) => [l.line, l.words])).toEqual([
      [3, ["repo", "create", "my model", "--type", "model"]],
      [4, ["org", "create", 'a "b"', "x y", "#", "a#b"]],
      [5, []],
    ]);
    expect(lines[2]?.problem).toContain("Unterminated '");
  });

  test("JSON Lines: a command list per line; anything else is that line's problem", () => {
    const lines = parseBatch(
      ['{"command": ["repo", "info", "a/b"]}', "", '{"command": "repo info"}', "{"].join("\n"),
      "jsonl",
    );
    expect(lines[0]).toMatchObject({ line: 1, words: ["repo", "info", "a/b"] });
    expect(lines[1]?.problem).toContain('Expected {"command"');
    expect(lines[2]?.problem).toContain("Not valid JSON");
  });
});

describe("batch", () => {
  test("a file with comments and quotes runs in order; each line's output, then the summary", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const [a, b] = [uniqueName("m"), uniqueName("d")];
    const file = batchFile([
      "# two repositories",
      `repo create ${a} --quiet`,
      "",
      `  repo create '${b}' --type "dataset" -q   # a dataset`,
      `repo info ${b} -t dataset -q # '#' in quotes is a word: '#'`,
    ]);
    const result = await runCliAs(ctx.hub, alice, ["batch", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${alice.username}/${a}\n${alice.username}/${b}\n${alice.username}/${b}\n`);
    expect(result.stderr).toBe("Batch: 3 done, 0 failed, 0 skipped\n");
  });

  test("a terminal shows a progress line on stderr, cleared before each line's output", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const name = uniqueName("m");
    const file = batchFile([`repo create ${name} -q`, `repo info ${name} -q`]);
    const result = await runCliAs(ctx.hub, alice, ["batch", file], { tty: TTY });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      "\r\x1b[K0/2 lines done\r\x1b[K\r\x1b[K1/2 lines done\r\x1b[K\r\x1b[K2/2 lines done\r\x1b[K" +
        "Batch: 2 done, 0 failed, 0 skipped\n",
    );
  });

  test("stops at the first failure (its exit code), skipping the rest; --continue-on-error runs them", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const [a, b] = [uniqueName("m"), uniqueName("m")];
    const file = batchFile([`repo create ${a}`, `repo info ${alice.username}/missing`, `repo create ${b}`]);
    const stopped = await runCliAs(ctx.hub, alice, ["batch", file]);
    expect(stopped.code).toBe(EXIT.NOT_FOUND);
    expect(stopped.stderr).toContain(`line 2: Error: Repository not found: ${alice.username}/missing`);
    expect(stopped.stderr).toContain("Batch: 1 done, 1 failed (first: line 2), 1 skipped");
    expect(await repoExists(alice, `${alice.username}/${b}`)).toBe(false);

    const file2 = batchFile([`repo info ${alice.username}/missing`, `repo create ${b}`]);
    const all = await runCliAs(ctx.hub, alice, ["batch", file2, "--continue-on-error"]);
    expect(all.code).toBe(EXIT.NOT_FOUND);
    expect(all.stderr).toContain("Batch: 1 done, 1 failed (first: line 1), 0 skipped");
    expect(await repoExists(alice, `${alice.username}/${b}`)).toBe(true);
  });

  test("--parallel 2 keeps the output in line order (the first line answered last)", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const names = Array.from({ length: 4 }, () => uniqueName("p"));
    for (const name of names) await alice.client.createRepo({ repoId: name });
    const first = `${alice.username}/${names[0]}`;
    ctx.hub.fault({ match: `GET /api/models/${first}`, times: 1, respond: { delayMs: 400 } });
    const file = batchFile(names.map((n) => `repo info ${n} -q`));
    const started = Date.now();
    const result = await runCliAs(ctx.hub, alice, ["batch", file, "--parallel", "2"]);
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(result.stdout).toBe(names.map((n) => `${alice.username}/${n}\n`).join(""));
    const bad = await runCliAs(ctx.hub, alice, ["batch", file, "--parallel", "0"]);
    expect(bad.code).toBe(EXIT.USAGE);
  });

  test("--dry-run checks every line and sends nothing; an invalid line stops a real run before it starts", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const name = uniqueName("m");
    const file = batchFile([
      `repo create ${name}`,
      "repo create x --bogus",
      "repo delete x/y",
      "interactive",
    ]);
    const before = ctx.hub.requests.length;
    const dry = await runCliAs(ctx.hub, alice, ["batch", file, "--dry-run", "--yes"]);
    expect(ctx.hub.requests.length).toBe(before);
    expect(dry.code).toBe(EXIT.USAGE);
    expect(dry.stdout).toBe(`line 1: ok: repo create ${name}\nline 3: ok: repo delete x/y (with --yes)\n`);
    expect(dry.stderr).toContain("line 2: Error: Unknown flag --bogus");
    expect(dry.stderr).toContain("line 4: Error: Cannot run 'interactive' in a batch");
    expect(dry.stderr).toContain("Checked 4 lines: 2 valid, 2 invalid (first: line 2); nothing was sent");

    const real = await runCliAs(ctx.hub, alice, ["batch", file, "--yes"]);
    expect(real.code).toBe(EXIT.USAGE);
    expect(ctx.hub.requests.length).toBe(before);
    expect(await repoExists(alice, `${alice.username}/${name}`)).toBe(false);
  });

  test("a command named like a JavaScript built-in (toString, constructor) is unknown, in a batch line and on the command line", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const dry = await runCliAs(ctx.hub, alice, [
      "batch",
      batchFile(["toString", "constructor"]),
      "--dry-run",
    ]);
    expect(dry.code).toBe(EXIT.USAGE);
    expect(dry.stderr).toContain("line 1: Error: Unknown command");
    expect(dry.stderr).toContain("line 2: Error: Unknown command");
    expect(dry.stderr).not.toContain("Cannot run");
    const direct = await runCliAs(ctx.hub, alice, ["repo", "constructor"]);
    expect(direct.code).toBe(EXIT.USAGE);
    expect(direct.stderr).toContain(`Unknown command "constructor" for 'kohub-cli repo'`);
  });

  test("a destructive line needs the batch's --yes: without it, it fails and nothing prompts", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const repoId = `${alice.username}/${uniqueName("m")}`;
    await alice.client.createRepo({ repoId });
    const file = batchFile([`repo delete ${repoId}`]);
    const prompter = scriptedPrompter({});
    const refused = await runCliAs(ctx.hub, alice, ["batch", file], {
      tty: { ...TTY, canPrompt: true },
      prompter,
    });
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain("line 1: Error: Delete model");
    expect(refused.stderr).toContain("pass --yes");
    expect(prompter.asked).toEqual([]);
    expect(await repoExists(alice, repoId)).toBe(true);
    const confirmed = await runCliAs(ctx.hub, alice, ["batch", file, "--yes"]);
    expect(confirmed.code).toBe(0);
    expect(await repoExists(alice, repoId)).toBe(false);
  });

  test("JSON: one document with each line's output or error, and the summary; global flags apply to every line", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const name = uniqueName("m");
    const file = batchFile([
      '{"command": ["repo", "create", "' + name + '"]}',
      '{"command": ["repo", "info", "' + alice.username + '/nope"]}',
      '{"command": ["repo", "delete", "' + name + '"]}',
    ]);
    // The batch's --token reaches every line (the environment has none).
    const result = await runCliAs(ctx.hub, { token: "" }, [
      "--output",
      "json",
      "batch",
      file,
      "--format",
      "jsonl",
      "--continue-on-error",
      "--yes",
      "--token",
      alice.token,
    ]);
    expect(result.code).toBe(EXIT.NOT_FOUND);
    const doc = JSON.parse(result.stdout);
    expect(doc.summary).toEqual({ total: 3, done: 2, failed: 1, skipped: 0 });
    expect(doc.results[0]).toMatchObject({
      line: 1,
      command: ["repo", "create", name],
      status: "done",
      exit_code: 0,
      output: expect.objectContaining({ repo_id: `${alice.username}/${name}` }),
      error: null,
    });
    expect(doc.results[1]).toMatchObject({
      line: 2,
      status: "failed",
      exit_code: EXIT.NOT_FOUND,
      output: null,
      error: { code: "RepoNotFound", details: `${alice.username}/nope` },
    });
    expect(doc.results[2]).toMatchObject({ status: "done", output: { deleted: true } });
  });

  test("a line's own global flags win; lines that are batches, shell aliases or groups are refused", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const config = mkdtempSync(join(tmpdir(), "kohub-batch-cfg-"));
    writeFileSync(join(config, "aliases.json"), JSON.stringify({ sh: "!echo hi", rl: "repo list" }));
    const file = batchFile(["batch other.txt", "sh", "repo", `rl --author ${alice.username} --json`]);
    const result = await runCliAs(ctx.hub, alice, ["batch", file, "--continue-on-error"], {
      configDir: config,
    });
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain("line 1: Error: Cannot run 'batch' in a batch");
    expect(result.stderr).toContain("line 2: Error: 'sh' is a shell alias");
    expect(result.stderr).toContain("line 3: Error: 'kohub-cli repo' needs a command");
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  test("stdin: `batch -` in a subprocess", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const name = uniqueName("s");
    const result = await spawnCli(["batch", "-"], {
      env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: alice.token },
      stdin: `# from a pipe\nrepo create ${name} -q\nrepo info ${name} --quiet\n`,
    });
    expect(result.stderr).toBe("Batch: 2 done, 0 failed, 0 skipped\n");
    expect(result).toMatchObject({
      code: 0,
      stdout: `${alice.username}/${name}\n${alice.username}/${name}\n`,
    });
    // A line cannot read stdin too: it would read nothing. Without FILE, stdin is read when not a terminal.
    const both = await spawnCli(["batch", "--dry-run"], { stdin: "alias import -\n" });
    expect(both.code).toBe(EXIT.USAGE);
    expect(both.stderr).toContain("line 1: Error: This line reads stdin, which holds the batch's own lines");
  });
});
