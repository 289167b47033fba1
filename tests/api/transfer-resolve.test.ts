import { describe, expect, test } from "bun:test";
import { getRef, gitBlobSha1, setRef } from "../../hub/storage.ts";
import { NotFoundError } from "../../src/index.ts";
import { failure, userRepo } from "../helpers/fixtures.ts";
import { anonClient, createUser, type TestUser, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();
const enc = new TextEncoder();
const CONTENT = "0123456789abcdefghij"; // 20 bytes

async function repoWithFiles(user: TestUser, options: { type?: string; private?: boolean } = {}) {
  const { repoId, id } = userRepo(ctx.hub, user, options);
  const commit = await seedFiles(
    ctx.hub,
    repoId,
    { "data.txt": CONTENT, "dir/nested file ü.txt": "nested", "empty.txt": "" },
    { type: options.type ?? "model" },
  );
  return { repoId, id, commit };
}

describe("fileMetadata / fileExists", () => {
  test("HEAD metadata: commit, etag, size, type, date", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, commit } = await repoWithFiles(user);
    const meta = await user.client.fileMetadata({ repoId, path: "data.txt" });
    expect(meta).toEqual({
      commit,
      etag: gitBlobSha1(enc.encode(CONTENT)),
      size: 20,
      contentType: "application/octet-stream",
      lastModified: expect.stringMatching(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/),
    });
    expect((await user.client.fileMetadata({ repoId, path: "empty.txt" })).size).toBe(0);
    // The /api alias and a path with a space and non-ASCII characters.
    const nested = await user.client.fileMetadata({ repoId, path: "dir/nested file ü.txt", apiRoute: true });
    expect(nested.size).toBe(6);
    expect(ctx.hub.requests.at(-1)?.path).toBe(`/api/models/${repoId}/resolve/main/dir/nested file ü.txt`);
  });

  test("X-Repo-Commit echoes a tag or a commit id; the branch head otherwise", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id, commit } = await repoWithFiles(user);
    setRef(ctx.hub.db, id, "tag", "v1", commit);
    expect((await user.client.fileMetadata({ repoId, path: "data.txt", revision: "v1" })).commit).toBe("v1");
    const short = commit.slice(0, 12);
    expect((await user.client.fileMetadata({ repoId, path: "data.txt", revision: short })).commit).toBe(
      short,
    );
  });

  test("missing file, directory and unknown revision are EntryNotFound; fileExists is false", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = await repoWithFiles(user);
    for (const [path, revision] of [
      ["missing.txt", "main"],
      ["dir", "main"],
      ["data.txt", "no-such-branch"],
    ] as const) {
      const err = await failure(user.client.fileMetadata({ repoId, path, revision }));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.code).toBe("EntryNotFound");
      expect(err.message).toBe(
        `Entry '${path}' not found in repository '${repoId}' at revision '${revision}'`,
      );
      expect(await user.client.fileExists({ repoId, path, revision })).toBe(false);
    }
    expect(await user.client.fileExists({ repoId, path: "data.txt" })).toBe(true);
  });

  test("a hidden private repo is RepoNotFound for anonymous and outsiders; fileExists is false", async () => {
    const owner = await createUser(ctx.hub);
    const outsider = await createUser(ctx.hub);
    const { repoId } = await repoWithFiles(owner, { private: true });
    expect(await owner.client.fileExists({ repoId, path: "data.txt" })).toBe(true);
    expect(await outsider.client.fileExists({ repoId, path: "data.txt" })).toBe(false);
    expect(await anonClient(ctx.hub).fileExists({ repoId, path: "data.txt" })).toBe(false);
    const err = await failure(anonClient(ctx.hub).openFile({ repoId, path: "data.txt" }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toBe("RepoNotFound");
    const res = await fetch(`${ctx.hub.url}/${repoId}/resolve/main/data.txt`, { redirect: "manual" });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("");
  });

  test("a missing repo is RepoNotFound with a JSON body on GET and none on HEAD", async () => {
    const user = await createUser(ctx.hub);
    const err = await failure(user.client.fileMetadata({ repoId: `${user.username}/nope`, path: "a" }));
    expect(err.code).toBe("RepoNotFound");
    expect(err.message).toBe(`Repository '${user.username}/nope' (model) not found`);
    const get = await fetch(`${ctx.hub.url}/datasets/${user.username}/nope/resolve/main/a`, {
      redirect: "manual",
    });
    expect(get.status).toBe(404);
    expect(get.headers.get("x-error-code")).toBe("RepoNotFound");
    expect(await get.json()).toEqual({ detail: { error: `Repository '${user.username}/nope' not found` } });
    const head = await fetch(`${ctx.hub.url}/${user.username}/nope/resolve/main/a`, { method: "HEAD" });
    expect(head.status).toBe(404);
    expect(await head.text()).toBe("");
  });
});

describe("downloadUrl / openFile", () => {
  test("the 302 carries the metadata, no-store and a download-session cookie for anonymous callers", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, commit } = await repoWithFiles(user);
    const url = `${ctx.hub.url}/${repoId}/resolve/main/data.txt`;
    const anon = await fetch(url, { redirect: "manual" });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("cache-control")).toBe("no-store");
    expect(anon.headers.get("x-repo-commit")).toBe(commit);
    expect(anon.headers.get("x-linked-size")).toBe("20");
    expect(anon.headers.get("x-linked-etag")).toBe(gitBlobSha1(enc.encode(CONTENT)));
    expect(anon.headers.get("set-cookie")).toMatch(/^hf_download_session=[0-9a-f]{32}; .*Max-Age=86400/);
    const again = await fetch(url, { redirect: "manual", headers: { cookie: "hf_download_session=abc" } });
    expect(again.headers.get("set-cookie")).toBeNull();

    const resolved = await user.client.downloadUrl({ repoId, path: "data.txt" });
    expect(resolved).toMatchObject({ commit, size: 20, etag: gitBlobSha1(enc.encode(CONTENT)) });
    expect(resolved.location).toStartWith(`${ctx.hub.url}/_s3/`);
    const storage = await fetch(resolved.location);
    expect(storage.headers.get("content-disposition")).toBe('attachment; filename="data.txt";');
    expect(await storage.text()).toBe(CONTENT);
  });

  test("fileUrl builds the resolve URL (model, typed and /api forms, encoded paths) without a request", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = await repoWithFiles(user);
    const before = ctx.hub.requests.length;
    expect(await user.client.fileUrl({ repoId, path: "data.txt" })).toBe(
      `${ctx.hub.url}/${repoId}/resolve/main/data.txt`,
    );
    expect(
      await user.client.fileUrl({ repoId, type: "dataset", revision: "v1.0", path: "a dir/ü#.txt" }),
    ).toBe(`${ctx.hub.url}/datasets/${repoId}/resolve/v1.0/a%20dir/%C3%BC%23.txt`);
    expect(await user.client.fileUrl({ repoId, path: "data.txt", apiRoute: true })).toBe(
      `${ctx.hub.url}/api/models/${repoId}/resolve/main/data.txt`,
    );
    expect(ctx.hub.requests.length).toBe(before);
    const res = await fetch(await user.client.fileUrl({ repoId, path: "data.txt" }));
    expect(await res.text()).toBe(CONTENT);
  });

  test("HEAD Content-Length equals the GET body length", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = await repoWithFiles(user, { type: "space" });
    const head = await fetch(`${ctx.hub.url}/spaces/${repoId}/resolve/main/data.txt`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("20");
    expect(head.headers.get("accept-ranges")).toBe("bytes");
    expect(head.headers.get("content-disposition")).toBe(
      "attachment; filename=\"data.txt\"; filename*=UTF-8''data.txt",
    );
    const res = await user.client.openFile({ repoId, type: "space", path: "data.txt" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(CONTENT);
    const viaApi = await user.client.openFile({ repoId, type: "space", path: "data.txt", apiRoute: true });
    expect(await viaApi.text()).toBe(CONTENT);
    expect(ctx.hub.requests.some((r) => r.path === `/api/spaces/${repoId}/resolve/main/data.txt`)).toBe(true);
  });

  test("ranges: 206 for a range and a suffix, 416 with Content-Range bytes */N beyond the end", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = await repoWithFiles(user);
    const part = await user.client.openFile({ repoId, path: "data.txt", range: { start: 2, end: 5 } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 2-5/20");
    expect(await part.text()).toBe("2345");
    const open = await user.client.openFile({ repoId, path: "data.txt", range: { start: 15 } });
    expect(await open.text()).toBe("fghij");
    const suffix = await user.client.openFile({ repoId, path: "data.txt", range: { suffix: 3 } });
    expect(suffix.status).toBe(206);
    expect(await suffix.text()).toBe("hij");
    const beyondEnd = await user.client.openFile({ repoId, path: "data.txt", range: "bytes=18-100" });
    expect(await beyondEnd.text()).toBe("ij");

    const err = await failure(user.client.openFile({ repoId, path: "data.txt", range: { start: 20 } }));
    expect(err.status).toBe(416);
    const raw = await fetch((await user.client.downloadUrl({ repoId, path: "data.txt" })).location, {
      headers: { range: "bytes=50-" },
    });
    expect(raw.status).toBe(416);
    expect(raw.headers.get("content-range")).toBe("bytes */20");
  });

  test("the download follows the branch: a new commit changes the bytes and the commit", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id, commit } = await repoWithFiles(user);
    const next = await user.client.createCommit({
      repoId,
      summary: "edit",
      operations: [{ op: "add", path: "data.txt", content: "changed" }],
    });
    expect(getRef(ctx.hub.db, id, "branch", "main")).toBe(next.commitOid);
    expect(await (await user.client.openFile({ repoId, path: "data.txt" })).text()).toBe("changed");
    const old = await user.client.openFile({ repoId, path: "data.txt", revision: commit });
    expect(await old.text()).toBe(CONTENT);
    // The etag is per path (the latest record), not per revision.
    expect((await user.client.fileMetadata({ repoId, path: "data.txt", revision: commit })).etag).toBe(
      gitBlobSha1(enc.encode("changed")),
    );
  });

  test("download counting: one per session and time bucket, GET only; token users share one session", async () => {
    const owner = await createUser(ctx.hub);
    const other = await createUser(ctx.hub);
    const { repoId, id } = await repoWithFiles(owner);
    const downloads = () =>
      (ctx.hub.db.query("SELECT downloads FROM repos WHERE id = ?").get(id) as { downloads: number })
        .downloads;
    const url = `${ctx.hub.url}/${repoId}/resolve/main/data.txt`;

    await owner.client.fileMetadata({ repoId, path: "data.txt" });
    expect(downloads()).toBe(0);
    const first = await fetch(url, { redirect: "manual" });
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] as string;
    expect(downloads()).toBe(1);
    await fetch(url, { redirect: "manual", headers: { cookie } });
    await fetch(`${ctx.hub.url}/${repoId}/resolve/main/empty.txt`, {
      redirect: "manual",
      headers: { cookie },
    });
    expect(downloads()).toBe(1);
    await (await owner.client.openFile({ repoId, path: "data.txt" })).text();
    expect(downloads()).toBe(2);
    await (await other.client.openFile({ repoId, path: "data.txt" })).text();
    expect(downloads()).toBe(2);
  });
});
