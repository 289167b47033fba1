/**
 * Every listing command with more items than its default limit or the server's default page: each one
 * either gives everything or says on stderr, in every output mode, how many it shows and how to get the
 * rest. JSON on stdout stays one clean document.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { toOptions as listOptions } from "../../src/commands/repo/list.ts";
import { toOptions as lsOptions } from "../../src/commands/repo/ls.ts";
import { type CliOptions, runCliAs, TTY } from "../helpers/cli.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";
import { seedFiles, seedMembers, seedRepo, seedUsers } from "../helpers/seed.ts";

const ctx = useHub();
let alice: TestUser;
/** One more than `repo ls` shows per type by default (and than `repo list` and the server show). */
const LS_MODELS = 101;

const kohub = (argv: string[], options: CliOptions = {}) => runCliAs(ctx.hub, alice, argv, options);
const lines = (text: string) => text.split("\n").filter(Boolean);

beforeAll(async () => {
  alice = await createUser(ctx.hub, "alice");
  for (let i = 0; i < LS_MODELS; i++) seedRepo(ctx.hub, `${alice.username}/m${String(i).padStart(3, "0")}`);
  seedRepo(ctx.hub, `${alice.username}/data`, { type: "dataset" });
});

describe("repo list: --limit with a default, and a note when there are more", () => {
  const NOTE = "Showing the first 50 model repositories; there are more (--limit N or --all for the rest)";

  test("piped, quiet and JSON: the first 50, and the note on stderr", async () => {
    const author = ["--author", alice.username];
    const piped = await kohub(["repo", "list", ...author]);
    expect(lines(piped.stdout)).toHaveLength(50);
    expect(piped.stderr).toBe(`! ${NOTE}\n`);
    const quiet = await kohub(["repo", "list", ...author, "-q"]);
    expect(lines(quiet.stdout)).toHaveLength(50);
    expect(quiet.stderr).toContain(NOTE);
    const json = await kohub(["--output", "json", "repo", "list", ...author]);
    expect(JSON.parse(json.stdout)).toHaveLength(50);
    expect(json.stderr).toContain(NOTE);
    const tty = await kohub(["repo", "list", ...author], { tty: TTY });
    expect(lines(tty.stdout)).toHaveLength(51); // a header, then the rows
    expect(tty.stderr).toContain(NOTE);
  });

  test("--all and a large enough --limit give every repo and no note", async () => {
    for (const flags of [["--all"], ["--limit", String(LS_MODELS)], ["--limit", "500"]]) {
      const result = await kohub(["repo", "list", "--author", alice.username, "-q", ...flags]);
      expect(lines(result.stdout)).toHaveLength(LS_MODELS);
      expect(result.stderr).toBe("");
    }
  });

  test("--search counts its matches: the note only when more match than are shown", async () => {
    const search = ["--author", alice.username, "--search", "m00"];
    const few = await kohub(["repo", "list", ...search, "--limit", "10", "-q"]);
    expect(lines(few.stdout)).toHaveLength(10);
    expect(few.stderr).toBe("");
    const cut = await kohub(["repo", "list", ...search, "--limit", "9", "-q"]);
    expect(lines(cut.stdout)).toHaveLength(9);
    expect(cut.stderr).toContain("Showing the first 9 model repositories; there are more");
  });

  test("--limit and --all together are a usage error", async () => {
    expect(listOptions({ all: true })).toMatchObject({ limit: 100_000 });
    expect(listOptions({})).toMatchObject({ limit: 50 });
    const both = await kohub(["repo", "list", "--limit", "5", "--all"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--limit and --all cannot be used together");
  });
});

describe("repo ls: per type", () => {
  test("the types that have more are named; JSON keeps its shape", async () => {
    const piped = await kohub(["repo", "ls", alice.username, "-q"]);
    expect(lines(piped.stdout)).toHaveLength(101); // the models up to the limit, and the dataset
    expect(piped.stderr).toBe(
      `! Showing the first 100 models of ${alice.username}; there are more (--limit N per type or --all for the rest)\n`,
    );
    const json = JSON.parse((await kohub(["--output", "json", "repo", "ls", alice.username])).stdout);
    expect([json.models.length, json.datasets.length, json.spaces.length]).toEqual([100, 1, 0]);
    const datasets = await kohub(["repo", "ls", alice.username, "--type", "dataset", "-q"]);
    expect([lines(datasets.stdout).length, datasets.stderr]).toEqual([1, ""]);
  });

  test("--all gives every repo; --limit cuts every type", async () => {
    const all = await kohub(["repo", "ls", alice.username, "--all", "-q"]);
    expect([lines(all.stdout).length, all.stderr]).toEqual([LS_MODELS + 1, ""]);
    expect(lsOptions({ namespace: "a", all: true })).toMatchObject({ limit: 100_000 });
    const one = await kohub(["--output", "json", "repo", "ls", alice.username, "--limit", "1"]);
    expect(JSON.parse(one.stdout).models).toHaveLength(1);
    expect(one.stderr).toContain(`Showing the first 1 models of ${alice.username}; there are more`);
  });
});

describe("repo commits: the note whenever the history goes on, never when it ends", () => {
  let repoId: string;
  beforeAll(async () => {
    repoId = `${alice.username}/history`;
    seedRepo(ctx.hub, repoId);
    // With the repository's first commit: exactly the default limit of commits.
    for (let i = 1; i < 20; i++) await seedFiles(ctx.hub, repoId, { "n.txt": `${i}` }, { message: `C${i}` });
  });

  test("exactly the limit: no note, on a terminal either", async () => {
    const tty = await kohub(["repo", "commits", repoId], { tty: TTY });
    expect(lines(tty.stdout)).toHaveLength(21);
    expect(tty.stderr).toBe("");
  });

  test("one more: the note piped and in JSON too", async () => {
    await seedFiles(ctx.hub, repoId, { "n.txt": "20" }, { message: "C20" });
    const note = "Showing the newest 20 commits; there are more (--limit N or --all for the rest)";
    const piped = await kohub(["repo", "commits", repoId, "-q"]);
    expect([lines(piped.stdout).length, piped.stderr]).toEqual([20, `! ${note}\n`]);
    const json = await kohub(["--output", "json", "repo", "commits", repoId]);
    expect(JSON.parse(json.stdout)).toHaveLength(20);
    expect(json.stderr).toContain(note);
    const all = await kohub(["repo", "commits", repoId, "--all", "-q"]);
    expect([lines(all.stdout).length, all.stderr]).toEqual([21, ""]);
  });
});

describe("complete lists: everything, with no limit to reach", () => {
  test("repo files follows the server's pages", async () => {
    const repoId = `${alice.username}/many-files`;
    seedRepo(ctx.hub, repoId);
    const files: Record<string, string> = {};
    for (let i = 0; i < 1001; i++) files[`f/${String(i).padStart(4, "0")}.txt`] = `${i}`;
    await seedFiles(ctx.hub, repoId, files);
    const result = await kohub(["repo", "files", repoId, "--recursive", "-q"]);
    expect([lines(result.stdout).length, result.stderr]).toEqual([1001, ""]);
  });

  test("org member list, org list, auth token list and repo refs: past fifty", async () => {
    const org = uniqueName("org");
    await alice.client.createOrganization({ name: org });
    const names = Array.from({ length: 55 }, () => uniqueName("member"));
    seedMembers(ctx.hub, org, [...seedUsers(ctx.hub, names).values()]);
    const members = await kohub(["org", "member", "list", org, "-q"]);
    expect(lines(members.stdout)).toHaveLength(56); // and alice, who created it

    for (let i = 0; i < 54; i++) await alice.client.createOrganization({ name: uniqueName("org") });
    expect(lines((await kohub(["org", "list", "-q"])).stdout)).toHaveLength(55);

    for (let i = 0; i < 55; i++) await alice.client.createToken(`t${i}`);
    expect(lines((await kohub(["auth", "token", "list", "-q"])).stdout)).toHaveLength(56);

    const repoId = `${alice.username}/m000`;
    for (let i = 0; i < 55; i++) await alice.client.createBranch({ repoId, branch: `b${i}` });
    expect(lines((await kohub(["repo", "refs", repoId, "-q"])).stdout)).toHaveLength(56);
  });
});
