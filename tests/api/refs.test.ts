import { beforeAll, describe, expect, test } from "bun:test";
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
  ValidationError,
} from "../../src/index.ts";
import { seedOrg } from "../helpers/fixtures.ts";
import { anonClient, createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";
import { seedFiles, seedRepo } from "../helpers/seed.ts";

const ctx = useHub();

let owner: TestUser;

async function newRepo(files: Record<string, string> = { "a.txt": "1\n" }): Promise<string> {
  const id = `${owner.username}/${uniqueName("refs")}`;
  seedRepo(ctx.hub, id);
  await seedFiles(ctx.hub, id, files);
  return id;
}

beforeAll(async () => {
  owner = await createUser(ctx.hub, "refs");
});

describe("listRefs", () => {
  test("a new repo has main only; include_prs adds an empty pullRequests", async () => {
    const repoId = await newRepo();
    const refs = await anonClient(ctx.hub).listRefs({ repoId });
    expect(refs.branches).toHaveLength(1);
    expect(refs.branches[0]).toMatchObject({ name: "main", ref: "refs/heads/main" });
    expect(refs.branches[0]?.targetCommit).toMatch(/^[0-9a-f]{64}$/);
    expect(refs).toMatchObject({ converts: [], tags: [] });
    expect("pullRequests" in refs).toBe(false);
    expect((await anonClient(ctx.hub).listRefs({ repoId, includePrs: true })).pullRequests).toEqual([]);
  });
});

describe("branches", () => {
  test("created from main, a tag or a commit id, through both routes; listed sorted", async () => {
    const repoId = await newRepo();
    const { client } = owner;
    const mainHead = (await client.listRefs({ repoId })).branches[0]?.targetCommit as string;
    expect(await client.createBranch({ repoId, branch: "zeta" })).toEqual({
      success: true,
      message: "Branch 'zeta' created",
    });
    await client.createTag({ repoId, tag: "v1" });
    await client.createBranch({ repoId, branch: "from-tag", revision: "v1" });
    await client.createBranch({ repoId, branch: "from-sha", revision: mainHead.slice(0, 40) });
    await client.createBranch({ repoId, branch: "alpha", revision: "main", route: "kohaku" });
    const refs = await client.listRefs({ repoId });
    expect(refs.branches.map((b) => b.name)).toEqual(["alpha", "from-sha", "from-tag", "main", "zeta"]);
    expect(new Set(refs.branches.map((b) => b.targetCommit))).toEqual(new Set([mainHead]));
    expect(refs.tags).toEqual([{ name: "v1", ref: "refs/tags/v1", targetCommit: mainHead }]);
  });

  test("an existing branch is a 409 ConflictError (header-only BadRequest)", async () => {
    const repoId = await newRepo();
    await owner.client.createBranch({ repoId, branch: "dev" });
    for (const route of ["hf", "kohaku"] as const) {
      const err = await owner.client.createBranch({ repoId, branch: "dev", route }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toMatchObject({ status: 409, code: "BadRequest", message: "Branch 'dev' already exists" });
    }
  });

  test("an unknown start point is RevisionNotFound", async () => {
    const repoId = await newRepo();
    const err = await owner.client
      .createBranch({ repoId, branch: "dev", revision: "nope" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({
      code: "RevisionNotFound",
      message: "Revision 'nope' not found as branch or commit",
    });
  });

  test("the HF route needs a JSON body (422 without one); the client always sends one", async () => {
    const repoId = await newRepo();
    const res = await fetch(`${ctx.hub.url}/api/models/${repoId}/branch/dev`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(res.status).toBe(422);
    await owner.client.createBranch({ repoId, branch: "dev" });
  });

  test("branch names with '/' are refused client-side", async () => {
    const repoId = await newRepo();
    const err = await owner.client.createBranch({ repoId, branch: "feature/x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
  });

  test("delete: main is a 400, an unknown branch a 500, a real one goes away", async () => {
    const repoId = await newRepo();
    const main = await owner.client.deleteBranch({ repoId, branch: "main" }).catch((e: unknown) => e);
    expect(main).toBeInstanceOf(ValidationError);
    expect(main).toMatchObject({ status: 400, code: "BadRequest", message: "Cannot delete main branch" });
    const before = ctx.hub.requests.length;
    const unknown = await owner.client.deleteBranch({ repoId, branch: "ghost" }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ServerError);
    expect(unknown).toMatchObject({ status: 500, code: "ServerError" });
    expect(ctx.hub.requests.length - before).toBe(1);
    await owner.client.createBranch({ repoId, branch: "dev" });
    expect(await owner.client.deleteBranch({ repoId, branch: "dev" })).toEqual({
      success: true,
      message: "Branch 'dev' deleted",
    });
    expect((await owner.client.listRefs({ repoId })).branches.map((b) => b.name)).toEqual(["main"]);
  });

  test("manage rights: anonymous 401, org member 403, org admin allowed", async () => {
    const member = await createUser(ctx.hub, "member");
    const admin = await createUser(ctx.hub, "admin");
    const org = seedOrg(ctx.hub, [
      [member, "member"],
      [admin, "admin"],
    ]);
    const repoId = `${org}/${uniqueName("orgrepo")}`;
    seedRepo(ctx.hub, repoId, { private: true });

    const anon = await anonClient(ctx.hub)
      .createBranch({ repoId, branch: "x" })
      .catch((e: unknown) => e);
    expect(anon).toBeInstanceOf(AuthenticationError);
    const denied = await member.client.createBranch({ repoId, branch: "x" }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied).toMatchObject({
      status: 403,
      message: `You don't have permission to delete repository '${repoId}'`,
    });
    const tag = await member.client.createTag({ repoId, tag: "t" }).catch((e: unknown) => e);
    expect(tag).toBeInstanceOf(PermissionDeniedError);
    await admin.client.createBranch({ repoId, branch: "x" });
    await admin.client.deleteBranch({ repoId, branch: "x" });
    // An outsider reading the private repo sees RepoNotFound; managing it is a 403 that reveals it.
    const outsider = await createUser(ctx.hub, "outsider");
    const read = await outsider.client.listRefs({ repoId }).catch((e: unknown) => e);
    expect(read).toMatchObject({ status: 404, code: "RepoNotFound" });
    const write = await outsider.client.createBranch({ repoId, branch: "y" }).catch((e: unknown) => e);
    expect(write).toBeInstanceOf(PermissionDeniedError);
  });

  test("a missing repo is RepoNotFound for a logged-in caller", async () => {
    const err = await owner.client
      .createBranch({ repoId: `${owner.username}/nothing-here`, branch: "x" })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 404, code: "RepoNotFound" });
  });
});

describe("tags", () => {
  test("created through both routes at a revision; message dropped; deleted", async () => {
    const repoId = await newRepo();
    const first = (await owner.client.listRefs({ repoId })).branches[0]?.targetCommit as string;
    await seedFiles(ctx.hub, repoId, { "b.txt": "b" });
    expect(await owner.client.createTag({ repoId, tag: "v1", revision: first, message: "first" })).toEqual({
      success: true,
      message: "Tag 'v1' created",
    });
    await owner.client.createTag({ repoId, tag: "v2", route: "kohaku" });
    const refs = await owner.client.listRefs({ repoId });
    const head = refs.branches[0]?.targetCommit as string;
    expect(refs.tags.map((t) => [t.name, t.targetCommit])).toEqual([
      ["v1", first],
      ["v2", head],
    ]);
    expect((await owner.client.listRepoTree({ repoId, revision: "v1" })).map((e) => e.path)).toEqual([
      "a.txt",
    ]);
    expect(await owner.client.deleteTag({ repoId, tag: "v1" })).toEqual({
      success: true,
      message: "Tag 'v1' deleted",
    });
  });

  test("an existing tag is a 500 (not 409); unknown tag delete is a 500; unknown target is RevisionNotFound", async () => {
    const repoId = await newRepo();
    await owner.client.createTag({ repoId, tag: "v1" });
    const again = await owner.client.createTag({ repoId, tag: "v1" }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ServerError);
    expect(again).toMatchObject({ status: 500, code: "ServerError" });
    const gone = await owner.client.deleteTag({ repoId, tag: "ghost" }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ServerError);
    const target = await owner.client
      .createTag({ repoId, tag: "v9", revision: "nope" })
      .catch((e: unknown) => e);
    expect(target).toMatchObject({ status: 404, code: "RevisionNotFound" });
  });
});

describe("revert / reset / merge", () => {
  test("revert undoes a commit with a new one by the caller", async () => {
    const repoId = await newRepo({ "a.txt": "1\n" });
    const c2 = await seedFiles(ctx.hub, repoId, { "a.txt": "2\n", "b.txt": "b\n" });
    const res = await owner.client.revertCommit({ repoId, branch: "main", ref: c2 });
    expect(res).toMatchObject({
      success: true,
      message: `Successfully reverted commit ${c2.slice(0, 8)} on branch 'main'`,
    });
    const tree = await owner.client.listRepoTree({ repoId });
    expect(tree.map((e) => [e.path, e.size])).toEqual([["a.txt", 2]]);
    const commit = await owner.client.getCommit({ repoId, commitId: res.new_commit_id });
    expect(commit).toMatchObject({
      message: `Revert commit ${c2.slice(0, 8)}`,
      author: owner.username,
      description: `Reverted ${c2}`,
      parents: [c2],
    });
  });

  test("revert: unknown commit is a 404, a later change to the same file a 409", async () => {
    const repoId = await newRepo({ "a.txt": "1\n" });
    const c2 = await seedFiles(ctx.hub, repoId, { "a.txt": "2\n" });
    await seedFiles(ctx.hub, repoId, { "a.txt": "3\n" });
    const missing = await owner.client
      .revertCommit({ repoId, branch: "main", ref: "f".repeat(64) })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ message: `Commit not found: ${"f".repeat(64)}` });
    const conflict = await owner.client
      .revertCommit({ repoId, branch: "main", ref: c2 })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as Error).message).toStartWith("Revert conflict:");
  });

  test("reset writes the old state as a new commit; main needs force; no-op is a 400", async () => {
    const repoId = await newRepo({ "a.txt": "1\n" });
    const c1 = (await owner.client.listRefs({ repoId })).branches[0]?.targetCommit as string;
    await owner.client.createBranch({ repoId, branch: "dev" });
    await seedFiles(ctx.hub, repoId, { "a.txt": "22\n", "new.txt": "n" }, { branch: "dev" });
    const res = await owner.client.resetBranch({ repoId, branch: "dev", ref: c1 });
    expect(res.message).toBe(
      `Successfully reset branch 'dev' to commit ${c1.slice(0, 8)} (new commit created)`,
    );
    expect(
      (await owner.client.listRepoTree({ repoId, revision: "dev" })).map((e) => [e.path, e.size]),
    ).toEqual([["a.txt", 2]]);
    const detail = await owner.client.getCommit({ repoId, commitId: res.commit_id });
    expect(detail.metadata).toEqual({ reset_to: c1 });
    expect((await owner.client.listCommits({ repoId, revision: "dev" })).commits).toHaveLength(4);

    const again = await owner.client.resetBranch({ repoId, branch: "dev", ref: c1 }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ValidationError);
    expect(again).toMatchObject({ status: 400, message: "Branch is already at the target state" });
    const main = await owner.client.resetBranch({ repoId, branch: "main", ref: c1 }).catch((e: unknown) => e);
    expect(main).toBeInstanceOf(ValidationError);
    expect((main as Error).message).toStartWith("Cannot reset main branch without force=true");
    const unknown = await owner.client
      .resetBranch({ repoId, branch: "dev", ref: "nope" })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, message: "Commit not found: nope" });
  });

  test("merge brings a branch's changes in with a two-parent commit", async () => {
    const repoId = await newRepo({ "a.txt": "1\n" });
    await owner.client.createBranch({ repoId, branch: "dev" });
    const devHead = await seedFiles(ctx.hub, repoId, { "b.txt": "b\n" }, { branch: "dev" });
    const mainHead = await seedFiles(ctx.hub, repoId, { "c.txt": "c\n" });
    const res = await owner.client.mergeRefs({ repoId, source: "dev", destination: "main" });
    expect(res.message).toBe("Successfully merged dev into main");
    expect((await owner.client.listRepoTree({ repoId })).map((e) => e.path)).toEqual([
      "a.txt",
      "b.txt",
      "c.txt",
    ]);
    const merge = await owner.client.getCommit({ repoId, commitId: res.result.reference });
    expect(merge.parents).toEqual([mainHead, devHead]);
    expect(merge.message).toBe("Merge dev into main");
    expect(
      (await owner.client.listRefs({ repoId })).branches.find((b) => b.name === "main")?.targetCommit,
    ).toBe(res.result.reference);
    // The log walks both parents.
    const ids = [];
    for await (const c of owner.client.iterCommits({ repoId })) ids.push(c.id);
    expect(ids).toContain(devHead);

    const nothing = await owner.client
      .mergeRefs({ repoId, source: "dev", destination: "main" })
      .catch((e: unknown) => e);
    expect(nothing).toBeInstanceOf(ServerError);
    expect((nothing as Error).message).toStartWith("Merge failed:");
  });

  test("merge conflicts are a 409 unless a strategy settles them", async () => {
    const repoId = await newRepo({ "a.txt": "1\n" });
    await owner.client.createBranch({ repoId, branch: "dev" });
    await seedFiles(ctx.hub, repoId, { "a.txt": "dev\n" }, { branch: "dev" });
    await seedFiles(ctx.hub, repoId, { "a.txt": "main!\n" });
    const err = await owner.client
      .mergeRefs({ repoId, source: "dev", destination: "main" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toContain("Use strategy='source-wins' or 'dest-wins'");
    await owner.client.mergeRefs({ repoId, source: "dev", destination: "main", strategy: "source-wins" });
    const [a] = await owner.client.getPathsInfo({ repoId, paths: ["a.txt"] });
    expect(a?.size).toBe(4);
  });

  test("write rights: an org member may revert, a visitor may not", async () => {
    const member = await createUser(ctx.hub, "writer");
    const visitor = await createUser(ctx.hub, "visitor");
    const org = seedOrg(ctx.hub, [
      [member, "member"],
      [visitor, "visitor"],
    ]);
    const repoId = `${org}/${uniqueName("orgrepo")}`;
    seedRepo(ctx.hub, repoId);
    await seedFiles(ctx.hub, repoId, { "a.txt": "1" });
    const c2 = await seedFiles(ctx.hub, repoId, { "a.txt": "2" });
    const denied = await visitor.client
      .revertCommit({ repoId, branch: "main", ref: c2 })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied).toMatchObject({ message: `You don't have permission to modify repository '${repoId}'` });
    await member.client.revertCommit({ repoId, branch: "main", ref: c2 });
  });
});
