/**
 * Failure paths of the `repo` commands: the design document's messages, exit codes, usage errors caught
 * before any request, and confirmations refused or cancelled.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { EXIT } from "../../src/errors.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";
import { type CliOptions, runCli } from "../helpers/cli.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();
let alice: TestUser;
let mallory: TestUser;
let repoId: string;
let secret: string;

function as(user: TestUser | undefined, argv: string[], options: CliOptions = {}) {
  const env: Record<string, string | undefined> = { HF_ENDPOINT: ctx.hub.url, ...options.env };
  if (user) env.HF_TOKEN = user.token;
  return runCli(argv, { ...options, env });
}

beforeAll(async () => {
  alice = await createUser(ctx.hub, "alice");
  mallory = await createUser(ctx.hub, "mallory");
  repoId = `${alice.username}/model`;
  secret = `${alice.username}/secret`;
  await alice.client.createRepo({ repoId });
  await alice.client.createRepo({ repoId: secret, private: true });
});

describe("not found (3)", () => {
  test.each([
    [["repo", "info", "nonexistent/repo"]],
    [["repo", "files", "nonexistent/repo"]],
    [["repo", "commits", "nonexistent/repo"]],
    [["repo", "refs", "nonexistent/repo"]],
    [["repo", "settings", "nonexistent/repo"]],
    [["repo", "delete", "nonexistent/repo", "--yes"]],
    [["repo", "branch", "create", "nonexistent/repo", "dev"]],
    [["repo", "tag", "delete", "nonexistent/repo", "v1", "--yes"]],
  ])("%p names the repository, in text and in JSON", async (argv) => {
    const text = await as(alice, argv);
    expect(text).toEqual({
      code: EXIT.NOT_FOUND,
      stdout: "",
      stderr: "Error: Repository not found: nonexistent/repo\n",
    });
    const json = await as(alice, ["--output", "json", ...argv]);
    expect(json.code).toBe(EXIT.NOT_FOUND);
    expect(JSON.parse(json.stdout)).toEqual({
      error: "Repository not found",
      code: "RepoNotFound",
      details: "nonexistent/repo",
    });
    expect(json.stderr).toBe("");
  });

  test("a private repository is not found for an outsider and for nobody", async () => {
    for (const user of [mallory, undefined]) {
      const result = await as(user, ["repo", "info", secret]);
      expect(result.code).toBe(EXIT.NOT_FOUND);
      expect(result.stderr).toBe(`Error: Repository not found: ${secret}\n`);
    }
    expect((await as(alice, ["repo", "info", secret, "-q"])).stdout).toBe(`${secret}\n`);
  });

  test("a missing revision, folder, branch or namespace is named", async () => {
    const revision = await as(alice, ["repo", "info", repoId, "--revision", "v9"]);
    expect(revision.stderr).toBe(`Error: Revision not found: ${repoId}@v9\n`);
    expect(revision.code).toBe(EXIT.NOT_FOUND);
    const folder = await as(alice, ["repo", "files", repoId, "--path", "nope/"]);
    expect(folder).toMatchObject({ code: EXIT.NOT_FOUND, stderr: `Error: File not found: ${repoId}/nope\n` });
    const from = await as(alice, ["repo", "branch", "create", repoId, "dev", "--revision", "ghost"]);
    expect(from).toMatchObject({
      code: EXIT.NOT_FOUND,
      stderr: `Error: Revision not found: ${repoId}@ghost\n`,
    });
    const branch = await as(alice, ["--json", "repo", "branch", "delete", repoId, "ghost", "--yes"]);
    expect(branch.code).toBe(EXIT.NOT_FOUND);
    expect(JSON.parse(branch.stdout)).toEqual({
      error: "Branch not found",
      code: "RevisionNotFound",
      details: `${repoId}@ghost`,
    });
    const tag = await as(alice, ["repo", "tag", "delete", repoId, "ghost", "--yes"]);
    expect(tag).toMatchObject({ code: EXIT.NOT_FOUND, stderr: `Error: Tag not found: ${repoId}@ghost\n` });
    const ns = await as(alice, ["repo", "ls", "nobody-here"]);
    expect(ns).toEqual({
      code: EXIT.NOT_FOUND,
      stdout: "",
      stderr: "Error: User or organization 'nobody-here' not found\n",
    });
  });
});

describe("authentication (4), permission (5), conflicts (6)", () => {
  test("no token: the design document's message", async () => {
    for (const argv of [
      ["repo", "create", "my-repo", "--type", "model"],
      ["repo", "delete", repoId, "--yes"],
      ["repo", "branch", "create", repoId, "dev"],
    ]) {
      const result = await as(undefined, argv);
      expect(result).toEqual({
        code: EXIT.AUTH,
        stdout: "",
        stderr: "Error: Authentication required. Please login with 'kohub-cli auth login'\n",
      });
    }
  });

  test("another user's repository cannot be deleted, moved, squashed or reconfigured", async () => {
    for (const argv of [
      ["repo", "delete", repoId, "--yes"],
      ["repo", "squash", repoId, "--yes"],
      ["repo", "settings", repoId, "--private"],
      ["repo", "create", `${alice.username}/intruder`],
    ]) {
      const result = await as(mallory, argv);
      expect(result.code).toBe(EXIT.FORBIDDEN);
      expect(result.stderr).toStartWith("Error: ");
    }
    expect(await alice.client.repoExists({ repoId })).toBe(true);
  });

  test("an existing repository, branch or tag is a conflict", async () => {
    const dup = await as(alice, ["repo", "create", repoId]);
    expect(dup).toEqual({
      code: EXIT.CONFLICT,
      stdout: "",
      stderr: `Error: Repository ${repoId} already exists\n`,
    });
    const json = await as(alice, ["--json", "repo", "create", repoId]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      code: "RepoExists",
      details: { repo_id: repoId, url: `${ctx.hub.url}/models/${repoId}` },
    });
    await alice.client.createBranch({ repoId, branch: "taken" });
    await alice.client.createTag({ repoId, tag: "t1" });
    expect((await as(alice, ["repo", "branch", "create", repoId, "taken"])).code).toBe(EXIT.CONFLICT);
    const tag = await as(alice, ["repo", "tag", "create", repoId, "t1"]);
    expect(tag).toMatchObject({ code: EXIT.CONFLICT, stderr: `Error: Tag already exists: ${repoId}@t1\n` });
    const move = await as(alice, ["repo", "move", secret, repoId, "--yes"]);
    expect(move.code).toBe(EXIT.CONFLICT);
  });
});

describe("usage errors (2) before any request", () => {
  test.each([
    [["repo", "info", "a/b/c"], 'Invalid repo id "a/b/c"'],
    [["repo", "create", "bad name"], 'Invalid repo id "bad name"'],
    [["repo", "delete", "ns/-bad", "--yes"], "may not start or end with"],
    [["repo", "move", "a/b", "a/b", "--yes"], "onto itself"],
    [["repo", "info", "a/b", "--type", "modle"], 'Invalid value "modle" for --type'],
    [["repo", "list", "--sort", "stars"], 'Invalid value "stars" for --sort'],
    [["repo", "list", "--limit", "ten"], 'Invalid value "ten" for --limit'],
    [["repo", "files", "a/b", "--revision", "feat/x"], 'Invalid revision "feat/x"'],
    [["repo", "branch", "create", "a/b", "bad..name"], 'Invalid branch "bad..name"'],
    [["repo", "tag", "create", "a/b", "v 1"], 'Invalid tag "v 1"'],
    [["repo", "commit", "a/b", "abc^1"], 'Invalid commit id "abc^1"'],
    [["repo", "commits", "a/b", "--limit", "5", "--all"], "--limit and --all cannot be used together"],
    [["repo", "settings", "a/b", "--private", "--public"], "--private and --public cannot be used together"],
    [["repo", "settings", "a/b", "--gated", "yes"], 'Invalid value "yes" for --gated'],
    [["repo", "settings", "a/b", "--lfs-suffix", "bin"], 'Invalid --lfs-suffix "bin"'],
    [["repo", "settings", "a/b", "--lfs-threshold", "5"], 'Invalid value "5" for --lfs-threshold'],
    [["repo", "settings", "a/b", "--lfs-keep-versions", "1"], 'Invalid value "1" for --lfs-keep-versions'],
    [["repo", "branch", "delete", "a/b", "main", "--yes"], "The main branch cannot be deleted"],
    [["repo", "ls", "a b"], 'Invalid namespace "a b"'],
    [["repo", "info"], "Missing argument <repo_id>"],
    [["repo", "commit", "a/b"], "Missing argument <commit_id>"],
    [["repo", "info", "a/b", "--revison", "x"], 'Did you mean "--revision"?'],
  ])("%p", async (argv, message) => {
    const before = ctx.hub.requests.length;
    const result = await as(alice, argv);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stdout).toBe("");
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("a destructive command without --yes and without a terminal refuses, and sends nothing", async () => {
    for (const [argv, question] of [
      [
        ["repo", "delete", repoId],
        `Delete model ${repoId} with all its files and history (this cannot be undone)`,
      ],
      [["repo", "squash", repoId], `Squash the history of model ${repoId} into one commit`],
      [
        ["repo", "move", repoId, `${alice.username}/other`],
        `Move model ${repoId} to ${alice.username}/other`,
      ],
      [["repo", "branch", "delete", repoId, "taken"], `Delete branch taken of model ${repoId}`],
      [["repo", "tag", "delete", repoId, "t1"], `Delete tag t1 of model ${repoId}`],
    ] as Array<[string[], string]>) {
      const before = ctx.hub.requests.length;
      const result = await as(alice, argv);
      expect(result.code).toBe(EXIT.USAGE);
      expect(result.stderr).toStartWith(`Error: ${question}`);
      expect(result.stderr).toEndWith(": pass --yes to confirm when not running interactively\n");
      expect(ctx.hub.requests.length).toBe(before);
      const json = await as(alice, ["--json", ...argv]);
      expect(JSON.parse(json.stdout)).toMatchObject({ code: "UsageError" });
    }
  });
});

describe("cancelled at the prompt (130)", () => {
  test("answering no changes nothing", async () => {
    const victim = `${alice.username}/${uniqueName("keep")}`;
    await alice.client.createRepo({ repoId: victim });
    await alice.client.createBranch({ repoId: victim, branch: "dev" });
    const prompter = scriptedPrompter({
      [`Delete model ${victim} with all its files and history (this cannot be undone)?`]: false,
      [`Delete branch dev of model ${victim}?`]: false,
      [`Squash the history of model ${victim} into one commit (old commits, other branches and tags are lost; this cannot be undone)?`]: false,
    });
    const tty = { canPrompt: true, isErrTTY: true };
    for (const argv of [
      ["repo", "delete", victim],
      ["repo", "branch", "delete", victim, "dev"],
      ["repo", "squash", victim],
    ]) {
      const before = ctx.hub.requests.length;
      const result = await as(alice, argv, { tty, prompter });
      expect(result).toEqual({
        code: EXIT.INTERRUPTED,
        stdout: "",
        stderr: "Cancelled: nothing was changed\n",
      });
      expect(ctx.hub.requests.length).toBe(before);
    }
    const json = await as(alice, ["--json", "repo", "delete", victim], { tty, prompter });
    expect(json.code).toBe(EXIT.INTERRUPTED);
    expect(JSON.parse(json.stdout)).toEqual({ error: "Cancelled: nothing was changed", code: "Cancelled" });
    expect(await alice.client.repoExists({ repoId: victim })).toBe(true);
    expect((await alice.client.listRefs({ repoId: victim })).branches.map((b) => b.name)).toEqual([
      "dev",
      "main",
    ]);
  });
});
