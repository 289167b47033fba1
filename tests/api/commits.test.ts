import { beforeAll, describe, expect, test } from "bun:test";
import { INITIAL_COMMIT_MESSAGE, STORAGE_COMMITTER, sha256Hex } from "../../hub/storage.ts";
import { NotFoundError, ValidationError } from "../../src/index.ts";
import { userId } from "../helpers/fixtures.ts";
import { anonClient, createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";
import { seedFiles, seedRepo } from "../helpers/seed.ts";

const ctx = useHub();

let owner: TestUser;
let ownerId: number;
let repoId: string;
const seeded: string[] = [];
const COUNT = 25;

beforeAll(async () => {
  owner = await createUser(ctx.hub, "hist");
  ownerId = userId(ctx.hub, owner.username);
  repoId = `${owner.username}/${uniqueName("hist")}`;
  seedRepo(ctx.hub, repoId);
  for (let i = 0; i < COUNT; i++) {
    seeded.push(
      await seedFiles(
        ctx.hub,
        repoId,
        { "counter.txt": `${i}\n` },
        {
          message: `Commit ${i}\nsecond line`,
          description: `details ${i}`,
          author: i % 2 ? { username: owner.username, userId: ownerId } : undefined,
        },
      ),
    );
  }
});

describe("listCommits", () => {
  test("one page of 20, newest first, with a cursor to the next", async () => {
    const page = await anonClient(ctx.hub).listCommits({ repoId });
    expect(page.commits).toHaveLength(20);
    expect(page.hasMore).toBe(true);
    expect(page.nextCursor).toBe(page.commits[19]?.id);
    const newest = page.commits[0];
    expect(newest).toEqual({
      id: seeded[COUNT - 1] as string,
      title: `Commit ${COUNT - 1}`,
      message: `Commit ${COUNT - 1}\nsecond line`,
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$/),
      authors: [{ user: (COUNT - 1) % 2 ? owner.username : STORAGE_COMMITTER }],
    });
  });

  test("iterCommits follows the Link to the end, down to the storage's initial commit", async () => {
    const all = [];
    for await (const c of anonClient(ctx.hub).iterCommits({ repoId, pageSize: 7 })) all.push(c);
    expect(all).toHaveLength(COUNT + 1);
    expect(all.slice(0, COUNT).map((c) => c.id)).toEqual([...seeded].reverse());
    expect(all.at(-1)).toMatchObject({
      message: INITIAL_COMMIT_MESSAGE,
      authors: [{ user: STORAGE_COMMITTER }],
    });
    const second = await anonClient(ctx.hub).listCommits({ repoId, after: all[19]?.id });
    expect(second.commits.map((c) => c.id)).toEqual(all.slice(20).map((c) => c.id));
    expect(second).toMatchObject({ hasMore: false, nextCursor: undefined });
  });

  test("the Link header is the request URL with `after` set", async () => {
    const url = `${ctx.hub.url}/api/models/${repoId}/commits/main?limit=5&expand%5B%5D=formatted`;
    const res = await fetch(url);
    const body = (await res.json()) as Array<{ id: string; formatted?: unknown }>;
    expect(body).toHaveLength(5);
    expect(body[0]?.formatted).toEqual({
      title: `Commit ${COUNT - 1}`,
      message: `Commit ${COUNT - 1}\nsecond line`,
    });
    expect(res.headers.get("link")).toBe(
      `<${ctx.hub.url}/api/models/${repoId}/commits/main?limit=5&expand%5B%5D=formatted&after=${body[4]?.id}>; rel="next"`,
    );
  });

  test("formatted adds the formatted block; a tag lists from its commit", async () => {
    const client = owner.client;
    const page = await client.listCommits({ repoId, limit: 2, formatted: true });
    expect(page.commits[0]?.formatted?.title).toBe(`Commit ${COUNT - 1}`);
    await client.createTag({ repoId, tag: "old", revision: seeded[2] });
    const fromTag = await client.listCommits({ repoId, revision: "old", limit: 100 });
    expect(fromTag.commits.map((c) => c.id)).toEqual([seeded[2], seeded[1], seeded[0], expect.any(String)]);
  });

  test("limit outside 1–100 is a 422; an unknown revision (a 500 on the wire) is a RevisionNotFound", async () => {
    const client = anonClient(ctx.hub);
    const big = await client.listCommits({ repoId, limit: 101 }).catch((e: unknown) => e);
    expect(big).toBeInstanceOf(ValidationError);
    expect(big).toMatchObject({ status: 422 });
    const unknown = await client.listCommits({ repoId, revision: "nope" }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown).toMatchObject({ status: 500, code: "RevisionNotFound" });
    expect((unknown as Error).message).toStartWith("Failed to list commits:");
  });

  test("a private repo is RepoNotFound for an outsider", async () => {
    const hidden = `${owner.username}/${uniqueName("private")}`;
    seedRepo(ctx.hub, hidden, { private: true });
    expect((await owner.client.listCommits({ repoId: hidden })).commits).toHaveLength(1);
    const outsider = await createUser(ctx.hub, "outsider");
    const err = await outsider.client.listCommits({ repoId: hidden }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ code: "RepoNotFound" });
  });
});

describe("getCommit", () => {
  test("a hub-recorded commit has the author, user_id, description and committed_at", async () => {
    const id = seeded[COUNT - 2] as string;
    const commit = await anonClient(ctx.hub).getCommit({ repoId, commitId: id });
    expect(commit).toMatchObject({
      id,
      oid: id,
      title: `Commit ${COUNT - 2}\nsecond line`,
      message: `Commit ${COUNT - 2}\nsecond line`,
      parents: [seeded[COUNT - 3] as string],
      metadata: { description: `details ${COUNT - 2}` },
      author: owner.username,
      user_id: ownerId,
      description: `details ${COUNT - 2}`,
    });
    expect(Number.isInteger(commit.date)).toBe(true);
    expect(commit.committed_at).toBeString();
  });

  test("a storage commit, or a commit named by a ref, has only the committer", async () => {
    const storage = await anonClient(ctx.hub).getCommit({ repoId, commitId: seeded[0] as string });
    expect(storage.author).toBe(STORAGE_COMMITTER);
    expect("user_id" in storage).toBe(false);
    const byBranch = await anonClient(ctx.hub).getCommit({ repoId, commitId: "main" });
    expect(byBranch.id).toBe(seeded[COUNT - 1] as string);
    expect("user_id" in byBranch).toBe(false);
  });

  test("an unknown commit (a 500 on the wire) is a RevisionNotFound, answered without retries", async () => {
    const before = ctx.hub.requests.length;
    const err = await anonClient(ctx.hub)
      .getCommit({ repoId, commitId: "0".repeat(64) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ status: 500, code: "RevisionNotFound" });
    expect(ctx.hub.requests.length - before).toBe(1);
  });
});

describe("getCommitDiff", () => {
  let diffRepo: string;
  let root: string;
  let change: string;

  beforeAll(async () => {
    diffRepo = `${owner.username}/${uniqueName("diff")}`;
    seedRepo(ctx.hub, diffRepo);
    root = (await owner.client.listRefs({ repoId: diffRepo })).branches[0]?.targetCommit as string;
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}\n`);
    await seedFiles(ctx.hub, diffRepo, {
      "text.txt": lines.join(""),
      "gone.txt": "bye\n",
      "weights.bin": "binary-ish",
    });
    const changed = [...lines];
    changed[1] = "line two\n";
    changed.splice(10, 1);
    change = await seedFiles(
      ctx.hub,
      diffRepo,
      { "text.txt": changed.join(""), "gone.txt": null, "new.txt": "fresh", "weights.bin": "other weights" },
      { message: "Change things", author: { username: owner.username, userId: ownerId } },
    );
  });

  test("lists added, changed and removed files with difflib-style unified diffs for text files", async () => {
    const diff = await anonClient(ctx.hub).getCommitDiff({ repoId: diffRepo, commitId: change });
    expect(diff).toMatchObject({ commit_id: change, message: "Change things", author: owner.username });
    expect(Number.isInteger(diff.date)).toBe(true);
    expect(diff.files.map((f) => [f.path, f.type])).toEqual([
      ["gone.txt", "removed"],
      ["new.txt", "added"],
      ["text.txt", "changed"],
      ["weights.bin", "changed"],
    ]);
    const [gone, added, text, weights] = diff.files;
    expect(gone).toMatchObject({
      size_bytes: null,
      previous_size: 4,
      diff: "--- a/gone.txt\n+++ b/gone.txt\n@@ -1 +0,0 @@\n-bye\n",
    });
    expect(gone?.is_lfs).toBe(false);
    expect(added).toMatchObject({
      size_bytes: 5,
      is_lfs: false,
      diff: "--- a/new.txt\n+++ b/new.txt\n@@ -0,0 +1 @@\n+fresh",
    });
    expect(added?.sha256).toMatch(/^[0-9a-f]{32}$/);
    expect(text?.diff).toBe(
      [
        "--- a/text.txt",
        "+++ b/text.txt",
        "@@ -1,5 +1,5 @@",
        " line 1",
        "-line 2",
        "+line two",
        " line 3",
        " line 4",
        " line 5",
        "@@ -8,5 +8,4 @@",
        " line 8",
        " line 9",
        " line 10",
        "-line 11",
        " line 12",
        "",
      ].join("\n"),
    );
    expect(weights).toMatchObject({
      is_lfs: true,
      sha256: sha256Hex("other weights"),
      previous_sha256: sha256Hex("binary-ish"),
    });
    expect(weights && "diff" in weights).toBe(false);
  });

  test("distant changes make separate hunks", async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${i}\n`);
    const edited = [...lines];
    edited[2] = "two\n";
    edited[25] = "twenty-five\n";
    await seedFiles(ctx.hub, diffRepo, { "long.txt": lines.join("") });
    const id = await seedFiles(ctx.hub, diffRepo, { "long.txt": edited.join("") });
    const diff = await anonClient(ctx.hub).getCommitDiff({ repoId: diffRepo, commitId: id });
    const hunks = (diff.files[0]?.diff ?? "").split("\n").filter((l) => l.startsWith("@@"));
    expect(hunks).toEqual(["@@ -1,6 +1,6 @@", "@@ -23,7 +23,7 @@"]);
  });

  test("a root commit has no files and no parent; an unknown commit is a 500", async () => {
    expect(await anonClient(ctx.hub).getCommitDiff({ repoId: diffRepo, commitId: root })).toEqual({
      files: [],
      parent_commit: null,
    });
    const err = await anonClient(ctx.hub)
      .getCommitDiff({ repoId: diffRepo, commitId: "abcdef12" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ code: "RevisionNotFound" });
  });
});
