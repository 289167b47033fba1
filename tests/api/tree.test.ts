import { beforeAll, describe, expect, test } from "bun:test";
import { gitBlobSha1, sha256Hex } from "../../hub/storage.ts";
import type { TreeEntry } from "../../src/api/schemas/content.ts";
import { InputError, NotFoundError, ValidationError } from "../../src/index.ts";
import { anonClient, createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";
import { seedFiles, seedRepo } from "../helpers/seed.ts";

const ctx = useHub();

let owner: TestUser;
let repoId: string;
let firstCommit: string;
let secondCommit: string;

const files: Record<string, string> = {
  "README.md": "# hello\n",
  "a.txt": "a\n",
  "a/b.txt": "b\n",
  "a/c/d.txt": "d\n",
  "a0.txt": "zero\n",
  "config.json": '{"x": 1}\n',
  "model.safetensors": "pretend weights",
};

function paths(entries: TreeEntry[]): string[] {
  return entries.map((e) => (e.type === "directory" ? `${e.path}/` : e.path));
}

beforeAll(async () => {
  owner = await createUser(ctx.hub, "tree");
  repoId = `${owner.username}/${uniqueName("repo")}`;
  seedRepo(ctx.hub, repoId);
  firstCommit = await seedFiles(ctx.hub, repoId, files, { message: "Add files" });
  secondCommit = await seedFiles(ctx.hub, repoId, { "a/b.txt": "b2\n" }, { message: "Change b" });
  await owner.client.createTag({ repoId, tag: "v1", revision: firstCommit });
});

describe("listRepoTree", () => {
  test("lists the root: files and directories interleaved in path order", async () => {
    const entries = await anonClient(ctx.hub).listRepoTree({ repoId });
    expect(paths(entries)).toEqual([
      "README.md",
      "a.txt",
      "a/",
      "a0.txt",
      "config.json",
      "model.safetensors",
    ]);
    const readme = entries.find((e) => e.path === "README.md");
    expect(readme).toMatchObject({
      type: "file",
      size: 8,
      oid: gitBlobSha1(new TextEncoder().encode("# hello\n")),
    });
    expect(readme?.lastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$/);
    expect(readme && "lfs" in readme).toBe(false);
    expect(entries.find((e) => e.path === "a")).toEqual({ type: "directory", oid: "", size: 0, path: "a" });
  });

  test("an LFS file carries lfs {oid, size, pointerSize} and a SHA-256 oid", async () => {
    const entries = await anonClient(ctx.hub).listRepoTree({ repoId });
    const sha = sha256Hex("pretend weights");
    const model = entries.find((e) => e.path === "model.safetensors");
    expect(model).toMatchObject({
      type: "file",
      oid: sha,
      size: 15,
      lfs: { oid: sha, size: 15, pointerSize: 134 },
    });
  });

  test("recursive lists every file below the folder and no directories", async () => {
    const client = anonClient(ctx.hub);
    expect(paths(await client.listRepoTree({ repoId, recursive: true }))).toEqual([
      "README.md",
      "a.txt",
      "a/b.txt",
      "a/c/d.txt",
      "a0.txt",
      "config.json",
      "model.safetensors",
    ]);
    expect(paths(await client.listRepoTree({ repoId, path: "a" }))).toEqual(["a/b.txt", "a/c/"]);
    expect(paths(await client.listRepoTree({ repoId, path: "/a/", recursive: true }))).toEqual([
      "a/b.txt",
      "a/c/d.txt",
    ]);
  });

  test("reads a tag or a commit id: sizes and presence come from that revision", async () => {
    const client = anonClient(ctx.hub);
    const atTag = await client.listRepoTree({ repoId, path: "a", revision: "v1" });
    expect(atTag.find((e) => e.path === "a/b.txt")?.size).toBe(2);
    const atHead = await client.listRepoTree({ repoId, path: "a", revision: secondCommit });
    expect(atHead.find((e) => e.path === "a/b.txt")?.size).toBe(3);
    // §18: the oid comes from the per-path record (latest content), not from the revision read.
    expect(atTag.find((e) => e.path === "a/b.txt")?.oid).toBe(gitBlobSha1(new TextEncoder().encode("b2\n")));
  });

  test("name_prefix filters names at the listed level; no match is 200 []", async () => {
    const client = anonClient(ctx.hub);
    expect(paths(await client.listRepoTree({ repoId, namePrefix: "a" }))).toEqual(["a.txt", "a/", "a0.txt"]);
    expect(paths(await client.listRepoTree({ repoId, path: "a", namePrefix: "c" }))).toEqual(["a/c/"]);
    expect(await client.listRepoTree({ repoId, path: "a", namePrefix: "zzz" })).toEqual([]);
    const err = await client.listRepoTree({ repoId, namePrefix: "a/b" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({
      status: 400,
      code: "BadRequest",
      message: "name_prefix must not contain '/'",
    });
  });

  test("expand adds lastCommit (and securityFileStatus on files)", async () => {
    const entries = await anonClient(ctx.hub).listRepoTree({ repoId, expand: true });
    const readme = entries.find((e) => e.path === "README.md");
    expect(readme?.lastCommit).toMatchObject({ id: firstCommit, title: "Add files" });
    expect(readme?.securityFileStatus).toBeNull();
    const dir = entries.find((e) => e.path === "a");
    expect(dir?.lastCommit?.id).toBe(secondCommit);
    expect(dir && "securityFileStatus" in dir).toBe(false);
  });

  test("a missing folder and a file path are EntryNotFound", async () => {
    const client = anonClient(ctx.hub);
    for (const path of ["nope", "README.md"]) {
      const err = await client.listRepoTree({ repoId, path }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err).toMatchObject({
        status: 404,
        code: "EntryNotFound",
        message: `Entry '${path}' not found in repository '${repoId}' at revision 'main'`,
      });
    }
  });

  test("an unknown revision is RevisionNotFound", async () => {
    const err = await anonClient(ctx.hub)
      .listRepoTree({ repoId, revision: "no-such-branch" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({
      code: "RevisionNotFound",
      message: `Revision 'no-such-branch' not found in repository '${repoId}'`,
    });
  });

  test("a ref with '/' is refused before any request", async () => {
    const before = ctx.hub.requests.length;
    const err = await anonClient(ctx.hub)
      .listRepoTree({ repoId, revision: "feature/x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("an empty repo root is [] and an unknown type segment is 422", async () => {
    const empty = `${owner.username}/${uniqueName("empty")}`;
    seedRepo(ctx.hub, empty, { type: "dataset" });
    expect(await anonClient(ctx.hub).listRepoTree({ repoId: empty, type: "dataset" })).toEqual([]);
    const res = await fetch(`${ctx.hub.url}/api/foos/${empty}/tree/main`);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { detail: Array<{ loc: string[] }> };
    expect(body.detail[0]?.loc).toEqual(["path", "repo_type"]);
  });

  test("a private repo is RepoNotFound for outsiders and anonymous callers", async () => {
    const hidden = `${owner.username}/${uniqueName("private")}`;
    seedRepo(ctx.hub, hidden, { private: true });
    await seedFiles(ctx.hub, hidden, { "x.txt": "x" });
    expect(paths(await owner.client.listRepoTree({ repoId: hidden }))).toEqual(["x.txt"]);
    const outsider = await createUser(ctx.hub, "outsider");
    for (const client of [outsider.client, anonClient(ctx.hub)]) {
      const err = await client.listRepoTree({ repoId: hidden }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err).toMatchObject({
        code: "RepoNotFound",
        message: `Repository '${hidden}' (model) not found`,
      });
    }
  });
});

describe("tree pagination", () => {
  let bigRepo: string;
  const count = 1100;

  beforeAll(async () => {
    bigRepo = `${owner.username}/${uniqueName("big")}`;
    seedRepo(ctx.hub, bigRepo);
    const many: Record<string, string> = { "top.txt": "top" };
    for (let i = 0; i < count; i++) many[`f/${String(i).padStart(4, "0")}.txt`] = `file ${i}`;
    await seedFiles(ctx.hub, bigRepo, many);
  });

  test("the server pages by 1000 with a Link built from base_url and the original query", async () => {
    const url = `${ctx.hub.url}/api/models/${bigRepo}/tree/main/f?recursive=true`;
    const first = await fetch(url);
    expect(((await first.json()) as unknown[]).length).toBe(1000);
    expect(first.headers.get("link")).toBe(
      `<${ctx.hub.url}/api/models/${bigRepo}/tree/main/f?recursive=true&limit=1000&cursor=f%2F0999.txt>; rel="next"`,
    );
    const second = await fetch(`${url}&limit=5000&cursor=f%2F0999.txt`);
    expect(((await second.json()) as unknown[]).length).toBe(100);
    expect(second.headers.get("link")).toBeNull();
    const beyond = await fetch(`${url}&cursor=f%2F9999.txt`);
    expect(await beyond.json()).toEqual([]);
  });

  test("listRepoTree follows the pages to the end", async () => {
    const before = ctx.hub.requests.length;
    const entries = await anonClient(ctx.hub).listRepoTree({ repoId: bigRepo, recursive: true });
    expect(entries.length).toBe(count + 1);
    expect(new Set(entries.map((e) => e.path)).size).toBe(count + 1);
    expect(entries[0]?.path).toBe("f/0000.txt");
    expect(entries.at(-1)?.path).toBe("top.txt");
    expect(ctx.hub.requests.length - before).toBe(2);
  });

  test("a smaller page size and expand (capped at 50) still reach the end", async () => {
    const client = anonClient(ctx.hub);
    const before = ctx.hub.requests.length;
    const entries = await client.listRepoTree({ repoId: bigRepo, path: "f", pageSize: 300 });
    expect(entries.length).toBe(count);
    expect(ctx.hub.requests.length - before).toBe(4);
    const it = client.iterRepoTree({ repoId: bigRepo, path: "f", expand: true, pageSize: 500 });
    let n = 0;
    for await (const entry of it) {
      expect(entry.lastCommit).not.toBeUndefined();
      if (++n === 120) break;
    }
    const res = await fetch(`${ctx.hub.url}/api/models/${bigRepo}/tree/main/f?expand=true&limit=500`);
    expect(((await res.json()) as unknown[]).length).toBe(50);
  });

  test("the next page is asked for while a page is consumed; stopping early asks for no more", async () => {
    const client = anonClient(ctx.hub);
    const before = ctx.hub.requests.length;
    let n = 0;
    for await (const _entry of client.iterRepoTree({ repoId: bigRepo, path: "f", pageSize: 100 })) {
      // The first entry is handed out once page 1 is in, and page 2 has been asked for already.
      if (n === 0) await Bun.sleep(50);
      if (n === 0) expect(ctx.hub.requests.length - before).toBe(2);
      if (++n === 150) break; // in page 2: page 3 was asked for, page 4 never is
    }
    await Bun.sleep(50);
    expect(ctx.hub.requests.length - before).toBe(3);
  });

  test("recursive pages under a folder end at the folder (the hub lists from the cursor on)", async () => {
    const url = `${ctx.hub.url}/api/models/${bigRepo}/tree/main/f?recursive=true&limit=60`;
    const last = await fetch(`${url}&cursor=f%2F1050.txt`);
    const paths = ((await last.json()) as Array<{ path: string }>).map((e) => e.path);
    expect(paths.length).toBe(49); // f/1051 … f/1099, not top.txt
    expect(paths.at(-1)).toBe("f/1099.txt");
    expect(last.headers.get("link")).toBeNull();
    const full = await fetch(`${url}&cursor=f%2F0999.txt`);
    expect(((await full.json()) as unknown[]).length).toBe(60);
    expect(full.headers.get("link")).toContain("cursor=f%2F1059.txt");
  });

  test("the cursor is followed on the client's endpoint even when base_url is wrong", async () => {
    const { startHub } = await import("../../hub/server.ts");
    const other = await startHub({ baseUrl: "http://wrong.invalid:1" });
    try {
      const id = `someone/${uniqueName("wrong")}`;
      seedRepo(other, id);
      const many: Record<string, string> = {};
      for (let i = 0; i < 60; i++) many[`${String(i).padStart(2, "0")}.txt`] = `${i}`;
      await seedFiles(other, id, many);
      const entries = await anonClient(other).listRepoTree({ repoId: id, expand: true });
      expect(entries.length).toBe(60);
    } finally {
      await other.stop();
    }
  });
});

describe("getPathsInfo", () => {
  test("answers existing paths in request order, files and directories, missing ones omitted", async () => {
    const info = await anonClient(ctx.hub).getPathsInfo({
      repoId,
      paths: ["config.json", "missing.txt", "a", "", "/README.md/", "config.json"],
    });
    expect(info.map((e) => `${e.type}:${e.path}`)).toEqual([
      "file:config.json",
      "directory:a",
      "file:README.md",
      "file:config.json",
    ]);
    expect(info[1]).toMatchObject({ type: "directory", size: 0 });
    expect(info[1]?.oid).toMatch(/^[0-9a-f]{32}$/);
  });

  test("expand gives directory totals, lastCommit and securityFileStatus", async () => {
    const info = await anonClient(ctx.hub).getPathsInfo({
      repoId,
      paths: ["a", "model.safetensors"],
      expand: true,
    });
    expect(info[0]).toMatchObject({
      type: "directory",
      path: "a",
      size: 5,
      lastCommit: { id: secondCommit },
    });
    expect(info[1]).toMatchObject({
      type: "file",
      lfs: { oid: sha256Hex("pretend weights") },
      securityFileStatus: null,
      lastCommit: { id: firstCommit },
    });
  });

  test("more than 1000 paths are sent in several requests", async () => {
    const before = ctx.hub.requests.length;
    const wanted = Array.from({ length: 1100 }, (_, i) => (i % 2 ? "a.txt" : `nope-${i}`));
    const info = await anonClient(ctx.hub).getPathsInfo({ repoId, paths: wanted });
    expect(info.length).toBe(550);
    expect(ctx.hub.requests.length - before).toBe(2);
  });

  test("the server refuses more than 1000 paths, a JSON body and an unknown revision", async () => {
    const url = `${ctx.hub.url}/api/models/${repoId}/paths-info/main`;
    const form = new URLSearchParams();
    for (let i = 0; i < 1001; i++) form.append("paths", `p${i}`);
    const tooMany = await fetch(url, { method: "POST", body: form });
    expect(tooMany.status).toBe(400);
    expect(tooMany.headers.get("x-error-code")).toBe("BadRequest");
    const asJson = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ paths: ["a.txt"] }),
    });
    expect(asJson.status).toBe(422);
    const err = await anonClient(ctx.hub)
      .getPathsInfo({ repoId, revision: "nope", paths: ["a.txt"] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 404, code: "RevisionNotFound" });
  });
});
