import { describe, expect, test } from "bun:test";
import {
  findRepo,
  getCommit,
  getFileRecord,
  getRef,
  gitBlobSha1,
  readTree,
  sha256Hex,
} from "../../hub/storage.ts";
import {
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  PREUPLOAD_CHUNK,
  ServerError,
  ValidationError,
} from "../../src/index.ts";
import { failure, userRepo } from "../helpers/fixtures.ts";
import { anonClient, createUser, type TestUser, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();
const enc = new TextEncoder();

async function readBytes(
  user: TestUser,
  repoId: string,
  path: string,
  revision?: string,
): Promise<Uint8Array> {
  const res = await user.client.openFile({ repoId, path, revision });
  return new Uint8Array(await res.arrayBuffer());
}

describe("createCommit", () => {
  test("small files land in one commit by the hub user and resolve byte-identical", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id } = userRepo(ctx.hub, user);
    const binary = new Uint8Array([0, 1, 2, 250, 255, 10, 13]);
    const res = await user.client.createCommit({
      repoId,
      summary: "Add files",
      description: "first upload",
      operations: [
        { op: "add", path: "README.md", content: "# Hello\n" },
        { op: "add", path: "data/raw.dat", content: binary },
      ],
    });
    expect(res.commitOid).toMatch(/^[0-9a-f]{64}$/);
    expect(res.commitUrl).toBe(`models/${repoId}/commit/${res.commitOid}`);
    expect(res.pullRequestUrl).toBeNull();

    expect(await readBytes(user, repoId, "data/raw.dat")).toEqual(binary);
    expect(new TextDecoder().decode(await readBytes(user, repoId, "README.md"))).toBe("# Hello\n");

    const row = getCommit(ctx.hub.db, res.commitOid);
    expect(row).toMatchObject({ message: "Add files", description: "first upload", username: user.username });
    expect(getRef(ctx.hub.db, id, "branch", "main")).toBe(res.commitOid);
    expect(getFileRecord(ctx.hub.db, id, "data/raw.dat")).toEqual({
      hash: gitBlobSha1(binary),
      size: binary.byteLength,
      lfs: 0,
      is_deleted: 0,
    });
    const meta = await user.client.fileMetadata({ repoId, path: "data/raw.dat" });
    expect(meta).toMatchObject({ commit: res.commitOid, etag: gitBlobSha1(binary), size: binary.byteLength });
  });

  test("unchanged content is skipped and the answer is the current head (no new commit)", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id } = userRepo(ctx.hub, user);
    const first = await user.client.createCommit({
      repoId,
      summary: "one",
      operations: [{ op: "add", path: "a.txt", content: "same" }],
    });
    const again = await user.client.createCommit({
      repoId,
      summary: "two",
      operations: [{ op: "add", path: "a.txt", content: "same" }],
    });
    expect(again.commitOid).toBe(first.commitOid);
    expect(getRef(ctx.hub.db, id, "branch", "main")).toBe(first.commitOid);
  });

  test("deleting only missing paths is a 500 Commit failed", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const err = await failure(
      user.client.createCommit({ repoId, summary: "rm", operations: [{ op: "delete", path: "nope.txt" }] }),
    );
    expect(err).toBeInstanceOf(ServerError);
    expect(err.status).toBe(500);
    expect(err.message).toStartWith("Commit failed");
    const folder = await failure(
      user.client.createCommit({ repoId, summary: "rm", operations: [{ op: "deleteFolder", path: "none" }] }),
    );
    expect(folder.status).toBe(500);
  });

  test("inline content that qualifies for LFS is a 400 with the threshold details", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const err = await failure(
      user.client.createCommit({
        repoId,
        summary: "weights",
        operations: [{ op: "add", path: "tiny.safetensors", content: "0123456789" }],
      }),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(400);
    expect(err.message).toContain("should use LFS");
    expect(err.details).toEqual({ file_size: 10, lfs_threshold: 5_000_000, suggested_operation: "lfsFile" });
  });

  test("an lfsFile whose object was never uploaded is a 400", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const oid = "ab".repeat(32);
    const err = await failure(
      user.client.createCommit({
        repoId,
        summary: "lfs",
        operations: [{ op: "addLfs", path: "w.bin", oid, size: 3 }],
      }),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain(`LFS object ${oid} not found in storage`);
  });

  test("quirk: a failing op leaves the earlier ones staged, and they land in the next commit", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id } = userRepo(ctx.hub, user);
    const before = getRef(ctx.hub.db, id, "branch", "main");
    await failure(
      user.client.createCommit({
        repoId,
        summary: "broken",
        operations: [
          { op: "add", path: "staged.txt", content: "left behind" },
          { op: "addLfs", path: "missing.bin", oid: "cd".repeat(32), size: 1 },
        ],
      }),
    );
    expect(getRef(ctx.hub.db, id, "branch", "main")).toBe(before);
    // The per-path record was already written by the first op.
    expect(getFileRecord(ctx.hub.db, id, "staged.txt")?.is_deleted).toBe(0);

    const next = await user.client.createCommit({
      repoId,
      summary: "next",
      operations: [{ op: "add", path: "other.txt", content: "fresh" }],
    });
    const paths = readTree(ctx.hub.db, next.commitOid).map((e) => e.path);
    expect(paths).toEqual(["other.txt", "staged.txt"]);
    expect(new TextDecoder().decode(await readBytes(user, repoId, "staged.txt", next.commitOid))).toBe(
      "left behind",
    );
  });

  test("delete, deleteFolder and copy", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id } = userRepo(ctx.hub, user);
    await seedFiles(ctx.hub, repoId, {
      "keep.txt": "keep",
      "gone.txt": "gone",
      "dir/a.txt": "a",
      "dir/sub/b.txt": "b",
    });
    const res = await user.client.createCommit({
      repoId,
      summary: "reshape",
      operations: [
        { op: "copy", path: "copy/keep.txt", srcPath: "keep.txt" },
        { op: "delete", path: "gone.txt" },
        { op: "deleteFolder", path: "dir" },
      ],
    });
    expect(readTree(ctx.hub.db, res.commitOid).map((e) => e.path)).toEqual(["copy/keep.txt", "keep.txt"]);
    expect(new TextDecoder().decode(await readBytes(user, repoId, "copy/keep.txt"))).toBe("keep");
    expect(getFileRecord(ctx.hub.db, id, "gone.txt")?.is_deleted).toBe(1);
    expect(getFileRecord(ctx.hub.db, id, "dir/sub/b.txt")?.is_deleted).toBe(1);
    expect(getFileRecord(ctx.hub.db, id, "copy/keep.txt")).toMatchObject({
      hash: getFileRecord(ctx.hub.db, id, "keep.txt")?.hash,
      is_deleted: 0,
    });
    expect(await user.client.fileExists({ repoId, path: "gone.txt" })).toBe(false);

    const badCopy = await failure(
      user.client.createCommit({
        repoId,
        summary: "copy",
        operations: [{ op: "copy", path: "x.txt", srcPath: "missing.txt" }],
      }),
    );
    expect(badCopy.status).toBe(500);
    expect(badCopy.message).toStartWith("Failed to copy file missing.txt to x.txt");
  });

  test("commits to datasets and to another branch", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id } = userRepo(ctx.hub, user, { type: "dataset" });
    const res = await user.client.createCommit({
      repoId,
      type: "dataset",
      summary: "data",
      operations: [{ op: "add", path: "train.csv", content: "a,b\n1,2\n" }],
    });
    expect(res.commitUrl).toBe(`datasets/${repoId}/commit/${res.commitOid}`);
    expect(await user.client.fileExists({ repoId, type: "dataset", path: "train.csv" })).toBe(true);
    expect(await user.client.fileExists({ repoId, path: "train.csv" })).toBe(false);

    const missing = await failure(
      user.client.createCommit({
        repoId,
        type: "dataset",
        revision: "dev",
        summary: "x",
        operations: [{ op: "add", path: "x.txt", content: "x" }],
      }),
    );
    expect(missing.status).toBe(500);
    expect(missing.message).toStartWith("Failed to upload x.txt");
    expect(getRef(ctx.hub.db, id, "branch", "dev")).toBeUndefined();
  });

  test("create_pr is 501 NotImplemented and nothing lands", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id } = userRepo(ctx.hub, user);
    const before = getRef(ctx.hub.db, id, "branch", "main");
    const err = await failure(
      user.client.createCommit({
        repoId,
        summary: "pr",
        createPr: true,
        operations: [{ op: "add", path: "a.txt", content: "a" }],
      }),
    );
    expect(err).toBeInstanceOf(ServerError);
    expect(err.status).toBe(501);
    expect(err.code).toBe("NotImplemented");
    expect(err.message).toContain("create_pr");
    expect(getRef(ctx.hub.db, id, "branch", "main")).toBe(before);
  });

  test("write permission: 401 anonymous, 403 outsider (even private), 404 JSON for a missing repo", async () => {
    const owner = await createUser(ctx.hub);
    const outsider = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, owner, { private: true });
    const op = { summary: "x", operations: [{ op: "add" as const, path: "a.txt", content: "a" }] };

    const anon = await failure(anonClient(ctx.hub).createCommit({ repoId, ...op }));
    expect(anon).toBeInstanceOf(AuthenticationError);
    expect(anon.message).toBe("Not authenticated");

    const denied = await failure(outsider.client.createCommit({ repoId, ...op }));
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied.message).toBe(`You don't have permission to modify repository '${repoId}'`);

    const missing = await failure(owner.client.createCommit({ repoId: `${owner.username}/nope`, ...op }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toBe("Repository not found");
    expect(missing.code).toBe("NotFound"); // no X-Error-Code on this 404

    const pre = await failure(
      owner.client.preupload({ repoId: `${owner.username}/nope`, files: [{ path: "a", size: 1 }] }),
    );
    expect(pre).toBeInstanceOf(NotFoundError);
    expect(pre.code).toBe("NotFound");
    expect(
      await failure(outsider.client.preupload({ repoId, files: [{ path: "a", size: 1 }] })),
    ).toBeInstanceOf(PermissionDeniedError);
    expect(
      await failure(anonClient(ctx.hub).preupload({ repoId, files: [{ path: "a", size: 1 }] })),
    ).toBeInstanceOf(AuthenticationError);
  });

  test("raw NDJSON: missing header, bad line, unknown keys, 422 for an unknown type", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const send = (body: string, type = "models") =>
      user.client.http.send({
        method: "POST",
        path: `/api/${type}/${repoId}/commit/main`,
        body,
        headers: { "content-type": "application/x-ndjson" },
        okStatuses: [400, 422],
      });
    const noHeader = await send('{"key":"file","value":{"path":"a","content":"YQ==","encoding":"base64"}}\n');
    expect(noHeader.status).toBe(400);
    expect(await noHeader.json()).toEqual({ detail: { error: "Missing commit header" } });
    const bad = await send('{"key":"header","value":{}}\nnot json\n');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: { error: string } }).detail.error).toStartWith(
      "Invalid JSON line",
    );
    const unknownType = await send('{"key":"header","value":{}}\n', "foos");
    expect(unknownType.status).toBe(422);
    // Header last, unknown keys ignored, no summary: "Commit via API".
    const ok = await user.client.http.json({
      method: "POST",
      path: `/api/models/${repoId}/commit/main`,
      body: '{"key":"weird","value":{}}\n\n{"key":"file","value":{"path":"a.txt","content":"YQ==","encoding":"base64"}}\n{"key":"header","value":{}}\n',
      headers: { "content-type": "application/x-ndjson" },
    });
    const oid = (ok as { commitOid: string }).commitOid;
    expect(getCommit(ctx.hub.db, oid)?.message).toBe("Commit via API");
    expect(findRepo(ctx.hub.db, "model", ...(repoId.split("/") as [string, string]))).toBeDefined();
  });
});

describe("preupload", () => {
  test("upload modes by size and suffix, answers in request order", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const files = await user.client.preupload({
      repoId,
      files: [
        { path: "README.md", size: 10 },
        { path: "model.safetensors", size: 10 },
        { path: "big.txt", size: 5_000_000 },
        { path: "DATA.PARQUET", size: 0 },
        { path: "small.txt", size: 4_999_999 },
      ],
    });
    expect(files).toEqual([
      { path: "README.md", uploadMode: "regular", shouldIgnore: false },
      { path: "model.safetensors", uploadMode: "lfs", shouldIgnore: false },
      { path: "big.txt", uploadMode: "lfs", shouldIgnore: false },
      { path: "DATA.PARQUET", uploadMode: "lfs", shouldIgnore: false },
      { path: "small.txt", uploadMode: "regular", shouldIgnore: false },
    ]);
  });

  test("shouldIgnore: by recorded hash (git SHA-1 or SHA-256) and size, or by a whole-file sample", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const text = enc.encode("hello world\n");
    const weights = enc.encode("fake weights");
    await seedFiles(ctx.hub, repoId, { "a.txt": text, "w.bin": weights });
    const files = await user.client.preupload({
      repoId,
      files: [
        { path: "a.txt", size: text.byteLength, sha256: gitBlobSha1(text) },
        { path: "a.txt", size: text.byteLength, sha256: sha256Hex(text) },
        { path: "w.bin", size: weights.byteLength, sha256: sha256Hex(weights) },
        { path: "w.bin", size: weights.byteLength + 1, sha256: sha256Hex(weights) },
        { path: "a.txt", size: text.byteLength, sample: text },
        { path: "a.txt", size: text.byteLength, sample: enc.encode("hello world!") },
        { path: "new.txt", size: text.byteLength, sample: text },
      ],
    });
    expect(files.map((f) => f.shouldIgnore)).toEqual([true, false, true, false, true, false, false]);
  });

  test(`more than ${PREUPLOAD_CHUNK} files go in chunks of ${PREUPLOAD_CHUNK}`, async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const start = ctx.hub.requests.length;
    const files = Array.from({ length: PREUPLOAD_CHUNK + 44 }, (_, i) => ({ path: `f${i}.txt`, size: i }));
    const out = await user.client.preupload({ repoId, files });
    expect(out.map((f) => f.path)).toEqual(files.map((f) => f.path));
    const calls = ctx.hub.requests.slice(start).filter((r) => r.path.endsWith("/preupload/main"));
    expect(calls.length).toBe(2);
  });

  test("413 when the namespace quota would be exceeded", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    ctx.hub.db.query("UPDATE users SET public_quota_bytes = 100 WHERE username = ?").run(user.username);
    const err = await failure(user.client.preupload({ repoId, files: [{ path: "a.bin", size: 1000 }] }));
    expect(err.status).toBe(413);
    expect(err.message).toBe(
      "Storage quota exceeded: Public storage quota exceeded: 0.00GB would exceed limit of 0.00GB",
    );
    expect(
      (await user.client.preupload({ repoId, files: [{ path: "a.txt", size: 50 }] }))[0]?.uploadMode,
    ).toBe("regular");
  });
});
