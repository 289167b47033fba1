/**
 * The `repo` commands in-process: argument parsing (toOptions), success paths, quiet and JSON output,
 * TTY tables versus piped TSV, the registry and help.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import type { LeafModule } from "../../src/commands/_define.ts";
import { isGroup } from "../../src/commands/_define.ts";
import { repeatedFlag } from "../../src/commands/repo/_shared.ts";
import { toOptions as commitsOptions } from "../../src/commands/repo/commits.ts";
import { toOptions as createOptions } from "../../src/commands/repo/create.ts";
import { toOptions as filesOptions } from "../../src/commands/repo/files.ts";
import repoGroup from "../../src/commands/repo/index.ts";
import { toOptions as listOptions } from "../../src/commands/repo/list.ts";
import { toOptions as moveOptions } from "../../src/commands/repo/move.ts";
import { toOptions as settingsOptions } from "../../src/commands/repo/settings.ts";
import { type CliOptions, runCli, runCliAs, TTY, tempConfigDir } from "../helpers/cli.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();
let alice: TestUser;
let repoId: string;
let head: string;

const kohub = (argv: string[], options: CliOptions = {}) => runCliAs(ctx.hub, alice, argv, options);

beforeAll(async () => {
  alice = await createUser(ctx.hub, "alice");
  repoId = `${alice.username}/bert`;
  await alice.client.createRepo({ repoId });
  await seedFiles(ctx.hub, repoId, { "README.md": "# bert\n", "cfg/a.json": "{}\n" }, { message: "First" });
  head = await seedFiles(
    ctx.hub,
    repoId,
    { "README.md": "# bert v2\n", "w.bin": "0123456789" },
    { message: "Second" },
  );
});

describe("toOptions", () => {
  test("create: a bare name or namespace/name, private off by default", () => {
    expect(createOptions({ repo_id: "m" })).toEqual({ repoId: "m", type: undefined, private: false });
    expect(createOptions({ repo_id: "o/m", type: "dataset", private: true })).toEqual({
      repoId: "o/m",
      type: "dataset",
      private: true,
    });
    expect(() => createOptions({ repo_id: "a/b/c" })).toThrow('Invalid repo id "a/b/c"');
  });

  test("commits: --limit defaults to 20, --all takes none, both together is a usage error", () => {
    expect(commitsOptions({ repo_id: "a/b" })).toMatchObject({ limit: 20, all: false });
    expect(commitsOptions({ repo_id: "a/b", all: true })).toMatchObject({ limit: undefined, all: true });
    expect(commitsOptions({ repo_id: "a/b", limit: "250" }).limit).toBe(250);
    expect(() => commitsOptions({ repo_id: "a/b", limit: "5", all: true })).toThrow(
      "cannot be used together",
    );
    expect(() => commitsOptions({ repo_id: "a/b", limit: "0" })).toThrow('Invalid value "0" for --limit');
    expect(() => commitsOptions({ repo_id: "a/b", revision: "feat/x" })).toThrow('Invalid revision "feat/x"');
  });

  test("settings: visibility flags, numbers, suffix lists", () => {
    expect(settingsOptions({ repo_id: "a/b" }).changes).toEqual({});
    expect(settingsOptions({ repo_id: "a/b", private: true }).changes).toEqual({ private: true });
    expect(settingsOptions({ repo_id: "a/b", public: true }).changes).toEqual({ private: false });
    expect(() => settingsOptions({ repo_id: "a/b", private: true, public: true })).toThrow(
      "cannot be used together",
    );
    expect(
      settingsOptions({
        repo_id: "a/b",
        gated: "auto",
        "lfs-threshold": "5000000",
        "lfs-keep-versions": "10",
        "lfs-suffix": [".safetensors", ".bin, .gguf"],
      }).changes,
    ).toEqual({
      gated: "auto",
      lfsThresholdBytes: 5_000_000,
      lfsKeepVersions: 10,
      lfsSuffixRules: [".safetensors", ".bin", ".gguf"],
    });
    expect(settingsOptions({ repo_id: "a/b", "lfs-suffix": "" }).changes).toEqual({ lfsSuffixRules: [] });
    expect(() => settingsOptions({ repo_id: "a/b", "lfs-suffix": "bin" })).toThrow(
      'Invalid --lfs-suffix "bin"',
    );
    expect(() => settingsOptions({ repo_id: "a/b", "lfs-threshold": "5MB" })).toThrow("--lfs-threshold");
  });

  test("a repeatable flag is read from the raw command line", () => {
    expect(
      repeatedFlag(
        ["a/b", "--lfs-suffix", ".x", "--lfs-suffix=.y,.z", "--", "--lfs-suffix", ".no"],
        ["lfs-suffix"],
      ),
    ).toEqual([".x", ".y,.z"]);
  });

  test("move, files, list", () => {
    expect(() => moveOptions({ from_repo: "a/b", to_repo: "a/b" })).toThrow("onto itself");
    expect(filesOptions({ repo_id: "a/b", path: "/configs/" }).path).toBe("configs");
    expect(() => filesOptions({ repo_id: "a/b", path: "../x" })).toThrow("Invalid --path");
    expect(listOptions({ limit: "100", author: "my-org" })).toMatchObject({ limit: 100, author: "my-org" });
    expect(() => listOptions({ author: "a b" })).toThrow('Invalid author "a b"');
  });
});

describe("registry and help", () => {
  test("every entry loads, is named as its key, and every leaf has examples and help", async () => {
    const walk = async (path: string[], group: typeof repoGroup): Promise<number> => {
      let leaves = 0;
      for (const [key, [description, load]] of Object.entries(group.entries)) {
        expect(description.length).toBeGreaterThan(0);
        const mod = await load();
        const cmd = mod.default;
        const meta = (cmd.meta as { name: string; description: string }) ?? {};
        expect(meta.name).toBe(key);
        if (isGroup(cmd)) {
          leaves += await walk([...path, key], cmd);
          continue;
        }
        leaves++;
        expect(meta.description).toBe(description);
        expect((mod as LeafModule).examples.length).toBeGreaterThan(0);
        const help = await runCli([...path, key, "--help"]);
        expect(help.code).toBe(0);
        expect(help.stdout).toContain(`Usage:\n  kohub-cli ${[...path, key].join(" ")} `);
        expect(help.stdout).toContain("Examples:\n  $ kohub-cli repo ");
      }
      return leaves;
    };
    expect(await walk(["repo"], repoGroup)).toBe(28);
  });
});

describe("create", () => {
  test("--quiet prints the repo id; the config's default_repo_type applies", async () => {
    const configDir = tempConfigDir();
    await runCli(["config", "set", "default_repo_type", "dataset"], { configDir });
    const name = uniqueName("ds");
    const result = await kohub(["repo", "create", name, "--quiet"], { configDir });
    expect(result).toEqual({ code: 0, stdout: `${alice.username}/${name}\n`, stderr: "" });
    expect((await alice.client.repoInfo({ repoId: `${alice.username}/${name}`, type: "dataset" })).id).toBe(
      `${alice.username}/${name}`,
    );
  });
});

describe("info", () => {
  test("a titled record on a terminal, key/value lines when piped, the id with --quiet", async () => {
    const tty = await kohub(["repo", "info", repoId], { tty: TTY });
    expect(tty.code).toBe(0);
    const lines = tty.stdout.split("\n");
    expect(lines[0]).toBe("Model repository");
    expect(lines).toContain(`ID:            ${repoId}`);
    expect(lines).toContain("Visibility:    public");
    expect(lines).toContain("Created:       just now");
    expect(lines).toContain("Files:         3");
    expect(lines).toContain("Size:          23 B");
    const piped = await kohub(["repo", "info", repoId, "--revision", head.slice(0, 12)]);
    expect(piped.stdout).toContain(`Revision\t${head.slice(0, 12)}\n`);
    expect(piped.stdout).toContain(`SHA\t${head}\n`);
    expect(piped.stdout).toMatch(/Created\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n/);
    expect((await kohub(["repo", "info", repoId, "-q"])).stdout).toBe(`${repoId}\n`);
  });

  test("JSON is the server's object", async () => {
    const result = await kohub(["--json", "repo", "info", repoId]);
    const info = JSON.parse(result.stdout);
    expect(info).toMatchObject({
      id: repoId,
      author: alice.username,
      private: false,
      sha: head.slice(0, 40),
    });
    expect(info.siblings.map((s: { rfilename: string }) => s.rfilename).sort()).toEqual([
      "README.md",
      "cfg/a.json",
      "w.bin",
    ]);
  });
});

describe("list and ls", () => {
  test("a table with headers on a terminal, TSV without header when piped, ids with --quiet", async () => {
    const tty = await kohub(["repo", "list", "--author", alice.username], { tty: TTY });
    expect(tty.stdout.split("\n")[0]).toMatch(/^ID {2,}VISIBILITY {2}DOWNLOADS {2}LIKES {2}UPDATED$/);
    expect(tty.stdout).toContain(`${repoId}  public              0      0  just now`);
    const piped = await kohub(["repo", "list", "--author", alice.username]);
    expect(piped.stdout).toMatch(new RegExp(`^${repoId}\tpublic\t0\t0\t\\S+Z\n$`));
    const quiet = await kohub(["repo", "list", "--author", alice.username, "--search", "BER", "-q"]);
    expect(quiet.stdout).toBe(`${repoId}\n`);
  });

  test("an empty list: a notice on a terminal, nothing when piped, [] in JSON", async () => {
    const args = ["repo", "list", "--type", "space", "--author", alice.username];
    expect(await kohub(args, { tty: TTY })).toEqual({
      code: 0,
      stdout: "",
      stderr: "No space repositories\n",
    });
    expect(await kohub(args)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await kohub(["--json", ...args])).stdout).toBe("[]\n");
  });

  test("ls groups by type with a TYPE column; JSON keeps the server's grouping", async () => {
    const bob = await createUser(ctx.hub, "bob");
    await bob.client.createRepo({ repoId: "m1" });
    await bob.client.createRepo({ repoId: "d1", type: "dataset", private: true });
    const env = { HF_TOKEN: bob.token };
    const tty = await kohub(["repo", "ls", bob.username], { tty: TTY, env });
    const lines = tty.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^TYPE\s+ID\s+VISIBILITY\s+DOWNLOADS\s+LIKES\s+UPDATED$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ["model", `${bob.username}/m1`, "public"],
      ["dataset", `${bob.username}/d1`, "private"],
    ]);
    const json = JSON.parse((await kohub(["--json", "repo", "ls", bob.username], { env })).stdout);
    expect(Object.keys(json).sort()).toEqual(["datasets", "models", "spaces"]);
    const outsider = await kohub(["repo", "ls", bob.username, "-q"]);
    expect(outsider.stdout).toBe(`${bob.username}/m1\n`);
  });
});

describe("files", () => {
  test("a table with folders marked and LFS shown on a terminal", async () => {
    const repo = `${alice.username}/${uniqueName("lfs")}`;
    await alice.client.createRepo({ repoId: repo });
    await seedFiles(ctx.hub, repo, { "a.txt": "x", "sub/b.txt": "yy", "w.safetensors": "z".repeat(2000) });
    const tty = await kohub(["repo", "files", repo], { tty: TTY });
    expect(tty.stdout).toBe(
      [
        "PATH             SIZE  LFS",
        "a.txt             1 B",
        "sub/                -",
        "w.safetensors  2.0 kB  LFS",
        "",
      ].join("\n"),
    );
    const sub = await kohub(["repo", "files", repo, "--path", "sub", "-q"]);
    expect(sub.stdout).toBe("sub/b.txt\n");
    const all = await kohub(["repo", "files", repo, "-R", "-q"]);
    expect(all.stdout).toBe("a.txt\nsub/b.txt\nw.safetensors\n");
    const json = JSON.parse((await kohub(["--json", "repo", "files", repo])).stdout);
    expect(json[2]).toMatchObject({ type: "file", path: "w.safetensors", size: 2000, lfs: { size: 2000 } });
  });
});

describe("commits, commit, commit-diff", () => {
  test("short ids on a terminal, full ids piped; --limit and --all", async () => {
    const tty = await kohub(["repo", "commits", repoId, "--limit", "1"], { tty: TTY });
    expect(tty.stdout).toMatch(
      new RegExp(`^COMMIT\\s+AUTHOR\\s+DATE\\s+TITLE\n${head.slice(0, 8)}  \\S+\\s+just now  Second\n$`),
    );
    expect(tty.stderr).toContain("Showing the newest 1 commit; there are more");
    const piped = await kohub(["repo", "commits", repoId, "--all"]);
    const rows = piped.stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));
    expect(rows.map((r) => r[3])).toEqual(["Second", "First", "Repository created"]);
    expect(rows[0]?.[0]).toBe(head);
    expect(
      (await kohub(["repo", "commits", repoId, "-n", "2", "-q"])).stdout.trim().split("\n"),
    ).toHaveLength(2);
  });

  test("commit: a record; commit-diff: a table, paths with --quiet, nothing for the first commit", async () => {
    const commit = await kohub(["repo", "commit", repoId, head.slice(0, 10)], { tty: TTY });
    expect(commit.stdout).toContain(`Commit:  ${head}\n`);
    expect(commit.stdout).toContain("Message: Second\n");
    const json = JSON.parse((await kohub(["--json", "repo", "commit", repoId, head])).stdout);
    expect(json).toMatchObject({ id: head, message: "Second" });
    const diff = await kohub(["repo", "commit-diff", repoId, head], { tty: TTY });
    expect(diff.stdout.split("\n").slice(0, 3)).toEqual([
      "STATUS   PATH       SIZE  LFS",
      "changed  README.md  10 B",
      "added    w.bin      10 B  LFS",
    ]);
    expect((await kohub(["repo", "commit-diff", repoId, head, "-q"])).stdout).toBe("README.md\nw.bin\n");
    const first = (await kohub(["repo", "commits", repoId, "--all", "-q"])).stdout.trim().split("\n").at(-1);
    expect(await kohub(["repo", "commit-diff", repoId, first as string])).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });
});

describe("refs, branches and tags", () => {
  test("refs: KIND/NAME/COMMIT on a terminal, names with --quiet, {branches, tags} in JSON", async () => {
    expect((await kohub(["repo", "branch", "create", repoId, "dev", "-q"])).stdout).toBe("dev\n");
    expect((await kohub(["repo", "tag", "create", repoId, "v1", "-r", "dev", "-q"])).stdout).toBe("v1\n");
    const tty = await kohub(["repo", "refs", repoId], { tty: TTY });
    const short = head.slice(0, 8);
    expect(tty.stdout).toBe(
      `KIND    NAME  COMMIT\nbranch  dev   ${short}\nbranch  main  ${short}\ntag     v1    ${short}\n`,
    );
    expect((await kohub(["repo", "refs", repoId])).stdout).toContain(`tag\tv1\t${head}\n`);
    expect((await kohub(["repo", "refs", repoId, "-q"])).stdout).toBe("dev\nmain\nv1\n");
    const json = JSON.parse((await kohub(["--json", "repo", "refs", repoId])).stdout);
    expect(json.tags).toEqual([{ name: "v1", ref: "refs/tags/v1", targetCommit: head }]);
    expect((await kohub(["repo", "tag", "delete", repoId, "v1", "-y", "-q"])).stdout).toBe("v1\n");
    expect((await kohub(["repo", "branch", "delete", repoId, "dev", "-y", "-q"])).stdout).toBe("dev\n");
    expect((await alice.client.listRefs({ repoId })).branches.map((b) => b.name)).toEqual(["main"]);
  });
});

describe("settings", () => {
  test("shows visibility and LFS settings; changes LFS rules", async () => {
    const repo = `${alice.username}/${uniqueName("set")}`;
    await alice.client.createRepo({ repoId: repo, private: true });
    const changed = await kohub([
      "repo",
      "settings",
      repo,
      "--lfs-threshold",
      "2000000",
      "--lfs-keep-versions",
      "3",
      "--lfs-suffix",
      ".ckpt",
      "--lfs-suffix",
      ".x1,.x2",
      "--gated",
      "auto",
    ]);
    expect(changed.stderr).toBe(
      `✓ Updated model ${repo}: gated auto, LFS threshold 2000000 bytes, LFS keep versions 3, LFS suffixes [.ckpt, .x1, .x2]\n`,
    );
    const lfs = await alice.client.getRepoLfsSettings({ repoId: repo });
    expect(lfs).toMatchObject({
      lfs_threshold_bytes: 2_000_000,
      lfs_keep_versions: 3,
      lfs_suffix_rules: [".ckpt", ".x1", ".x2"],
    });
    const tty = await kohub(["repo", "settings", repo], { tty: TTY });
    expect(tty.stdout).toContain("Visibility:             private\n");
    expect(tty.stdout).toContain("LFS threshold:          2.0 MB\n");
    expect(tty.stdout).toContain("LFS threshold from:     repository\n");
    expect(tty.stdout).toContain("LFS keep versions:      3\n");
    expect((await kohub(["repo", "settings", repo, "-q"])).stdout).toBe("private\n");
    const json = JSON.parse((await kohub(["--json", "repo", "settings", repo])).stdout);
    expect(json).toMatchObject({
      repo_id: repo,
      type: "model",
      private: true,
      lfs: { lfs_keep_versions: 3 },
    });
  });
});

describe("confirmations on a terminal", () => {
  test("delete, move and squash ask; yes proceeds", async () => {
    const { scriptedPrompter } = await import("../../src/prompts/prompter.ts");
    const from = `${alice.username}/${uniqueName("mv")}`;
    const to = `${alice.username}/${uniqueName("mv")}`;
    await alice.client.createRepo({ repoId: from });
    const tty = { canPrompt: true };
    const prompter = scriptedPrompter({
      [`Move model ${from} to ${to}, keeping only the current files of main (its history, other branches and tags are lost)?`]: true,
      [`Squash the history of model ${to} into one commit (old commits, other branches and tags are lost; this cannot be undone)?`]: true,
      [`Delete model ${to} with all its files and history (this cannot be undone)?`]: true,
    });
    expect((await kohub(["repo", "move", from, to], { tty, prompter })).code).toBe(0);
    expect((await kohub(["repo", "squash", to], { tty, prompter })).code).toBe(0);
    expect((await kohub(["repo", "delete", to], { tty, prompter })).code).toBe(0);
    expect(prompter.asked).toHaveLength(3);
    expect(await alice.client.repoExists({ repoId: to })).toBe(false);
  });
});
