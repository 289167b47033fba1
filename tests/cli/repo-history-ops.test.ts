/**
 * `kohub-cli repo reset|revert|merge`, in-process against the local hub: each writes a new commit and
 * prints its id (JSON with the document), reset asks first (--yes without a terminal, --force for main),
 * and the server's refusals keep their exit codes (unknown commit 3, conflict 6).
 */
import { describe, expect, test } from "bun:test";
import { toOptions as resetOptions } from "../../src/commands/repo/reset.ts";
import { EXIT } from "../../src/errors.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";
import { runCliAs } from "../helpers/cli.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();

async function repoWith(
  owner: TestUser,
  files: Record<string, string>,
): Promise<{ id: string; first: string }> {
  const id = `${owner.username}/${uniqueName("repo")}`;
  await owner.client.createRepo({ repoId: id });
  const first = await seedFiles(ctx.hub, id, files);
  return { id, first };
}

async function paths(owner: TestUser, repoId: string, revision?: string): Promise<string[]> {
  return (await owner.client.listRepoTree({ repoId, revision })).map((e) => e.path);
}

describe("repo reset", () => {
  test("main needs --force, checked before any request", () => {
    expect(() => resetOptions({ repo_id: "a/b", branch: "main", commit: "abc" })).toThrow(/--force/);
    expect(resetOptions({ repo_id: "a/b", branch: "main", commit: "abc", force: true }).force).toBe(true);
  });

  test("without a terminal it needs --yes; with it, the branch gets the old content as a new commit", async () => {
    const owner = await createUser(ctx.hub);
    const { id, first } = await repoWith(owner, { "a.txt": "1\n" });
    await owner.client.createBranch({ repoId: id, branch: "dev" });
    await seedFiles(ctx.hub, id, { "new.txt": "n" }, { branch: "dev" });
    const refused = await runCliAs(ctx.hub, owner, ["repo", "reset", id, "dev", first]);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain("--yes");
    expect(await paths(owner, id, "dev")).toEqual(["a.txt", "new.txt"]);

    const done = await runCliAs(ctx.hub, owner, ["--json", "repo", "reset", id, "dev", first, "--yes"]);
    expect(done.code).toBe(0);
    const doc = JSON.parse(done.stdout);
    expect(doc).toMatchObject({ repo_id: id, branch: "dev", reset_to: first });
    expect(await paths(owner, id, "dev")).toEqual(["a.txt"]);
    const head = (await owner.client.listRefs({ repoId: id })).branches.find((b) => b.name === "dev");
    expect(head?.targetCommit).toBe(doc.commit_id);
  });

  test("on a terminal it asks; no cancels (130) and changes nothing", async () => {
    const owner = await createUser(ctx.hub);
    const { id, first } = await repoWith(owner, { "a.txt": "1\n" });
    await seedFiles(ctx.hub, id, { "b.txt": "b" });
    const question = `Reset branch main of model ${id} to the content of ${first} (later changes leave the branch; history is kept)?`;
    const prompter = scriptedPrompter({ [question]: false });
    const r = await runCliAs(ctx.hub, owner, ["repo", "reset", id, "main", first, "--force"], {
      tty: { canPrompt: true, isErrTTY: true },
      prompter,
    });
    expect(r.code).toBe(EXIT.INTERRUPTED);
    expect(prompter.asked).toEqual([question]);
    expect(await paths(owner, id)).toEqual(["a.txt", "b.txt"]);
  });

  test("an unknown commit is not found (3)", async () => {
    const owner = await createUser(ctx.hub);
    const { id } = await repoWith(owner, { "a.txt": "1\n" });
    await owner.client.createBranch({ repoId: id, branch: "dev" });
    const r = await runCliAs(ctx.hub, owner, ["repo", "reset", id, "dev", "nope", "-y"]);
    expect(r.code).toBe(EXIT.NOT_FOUND);
    expect(r.stderr).toContain("Commit not found");
  });
});

describe("repo revert", () => {
  test("undoes a commit on main; prints the new commit id when piped", async () => {
    const owner = await createUser(ctx.hub);
    const { id } = await repoWith(owner, { "a.txt": "1\n" });
    const second = await seedFiles(ctx.hub, id, { "b.txt": "b\n" });
    const r = await runCliAs(ctx.hub, owner, ["repo", "revert", id, second]);
    expect(r.code).toBe(0);
    const commitId = r.stdout.trim();
    expect(commitId).toMatch(/^[0-9a-f]{40,64}$/);
    expect(await paths(owner, id)).toEqual(["a.txt"]);
    const detail = await owner.client.getCommit({ repoId: id, commitId });
    expect(detail.parents).toEqual([second]);
  });

  test("a later change to the same file is a conflict (6)", async () => {
    const owner = await createUser(ctx.hub);
    const { id } = await repoWith(owner, { "a.txt": "1\n" });
    const second = await seedFiles(ctx.hub, id, { "a.txt": "2\n" });
    await seedFiles(ctx.hub, id, { "a.txt": "3\n" });
    const r = await runCliAs(ctx.hub, owner, ["--json", "repo", "revert", id, second, "--branch", "main"]);
    expect(r.code).toBe(EXIT.CONFLICT);
    expect(JSON.parse(r.stdout).error).toStartWith("Revert conflict");
  });
});

describe("repo merge", () => {
  test("merges a branch into main; a conflict (6) is settled by --strategy", async () => {
    const owner = await createUser(ctx.hub);
    const { id } = await repoWith(owner, { "a.txt": "1\n" });
    await owner.client.createBranch({ repoId: id, branch: "dev" });
    await seedFiles(ctx.hub, id, { "b.txt": "b\n" }, { branch: "dev" });
    const merged = await runCliAs(ctx.hub, owner, ["--json", "repo", "merge", id, "dev", "main"]);
    expect(merged.code).toBe(0);
    const doc = JSON.parse(merged.stdout);
    expect(doc).toMatchObject({ repo_id: id, source: "dev", into: "main" });
    expect(await paths(owner, id)).toEqual(["a.txt", "b.txt"]);
    const main = (await owner.client.listRefs({ repoId: id })).branches.find((b) => b.name === "main");
    expect(main?.targetCommit).toBe(doc.commit_id);

    await seedFiles(ctx.hub, id, { "a.txt": "dev\n" }, { branch: "dev" });
    await seedFiles(ctx.hub, id, { "a.txt": "main\n" });
    const conflict = await runCliAs(ctx.hub, owner, ["repo", "merge", id, "dev", "main"]);
    expect(conflict.code).toBe(EXIT.CONFLICT);
    expect(conflict.stderr).toContain("Merge conflict");
    const settled = await runCliAs(ctx.hub, owner, [
      "repo",
      "merge",
      id,
      "dev",
      "main",
      "--strategy",
      "source-wins",
    ]);
    expect(settled.code).toBe(0);
    const a = (await owner.client.listRepoTree({ repoId: id })).find((e) => e.path === "a.txt");
    expect(a?.size).toBe(4);
  });

  test("a stranger cannot merge (5); a bad strategy is a usage error (2)", async () => {
    const owner = await createUser(ctx.hub);
    const other = await createUser(ctx.hub);
    const { id } = await repoWith(owner, { "a.txt": "1\n" });
    await owner.client.createBranch({ repoId: id, branch: "dev" });
    const denied = await runCliAs(ctx.hub, other, ["repo", "merge", id, "dev", "main"]);
    expect(denied.code).toBe(EXIT.FORBIDDEN);
    const bad = await runCliAs(ctx.hub, owner, ["repo", "merge", id, "dev", "main", "--strategy", "mine"]);
    expect(bad.code).toBe(EXIT.USAGE);
  });
});
