import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { setTransferLimits } from "../../hub/routes/transfer.ts";
import { blobPath, getFileRecord, readEntry, sha256Hex } from "../../hub/storage.ts";
import { lfsUploadPlan } from "../../src/api/transfer.ts";
import {
  AuthenticationError,
  type KohubClient,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
  ValidationError,
} from "../../src/index.ts";
import { failure, randomBytes, userRepo } from "../helpers/fixtures.ts";
import { anonClient, createUser, type TestUser, useHub } from "../helpers/hub.ts";

const ctx = useHub();

// Small limits so that multipart is exercised with a few KB: > 1000 bytes → parts of 400 bytes.
beforeAll(() => setTransferLimits(ctx.hub, { multipartThreshold: 1000, partSize: 400 }));

/** A client for `user` whose requests (URL + Authorization) are recorded. */
function recordingClient(user: TestUser): {
  client: KohubClient;
  seen: Array<{ url: string; auth: string | null }>;
} {
  const seen: Array<{ url: string; auth: string | null }> = [];
  const client = anonClient(ctx.hub, {
    token: user.token,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      seen.push({ url, auth: new Headers(init?.headers).get("authorization") });
      return fetch(input, init);
    }) as typeof fetch,
  });
  return { client, seen };
}

describe("LFS single-part upload", () => {
  test("a PUT whose body stops short of its Content-Length stores nothing", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(100);
    const oid = sha256Hex(data);
    const batch = await user.client.lfsBatch({ repoId, operation: "upload", objects: [{ oid, size: 100 }] });
    const plan = lfsUploadPlan(batch.objects[0] as NonNullable<(typeof batch.objects)[0]>);
    if (plan.kind !== "single") throw new Error(`expected a single-part plan, got ${plan.kind}`);
    const url = new URL(plan.href);
    const answer = await new Promise<string>((resolve, reject) => {
      let text = "";
      Bun.connect({
        hostname: url.hostname,
        port: Number(url.port),
        socket: {
          open(socket) {
            socket.write(
              `PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Length: 100\r\n\r\n`,
            );
            socket.write(data.subarray(0, 40));
            socket.shutdown(); // no more bytes: the body ends 60 short
          },
          data(_socket, chunk) {
            text += chunk.toString();
          },
          close() {
            resolve(text);
          },
          error(_socket, err) {
            reject(err);
          },
        },
      }).catch(reject);
    });
    expect(answer).not.toContain(" 200 "); // the connection is dropped, as S3 refuses it (IncompleteBody)
    expect(existsSync(blobPath(ctx.hub.dataDir, oid))).toBe(false);
    const again = await user.client.lfsBatch({ repoId, operation: "upload", objects: [{ oid, size: 100 }] });
    expect(again.objects[0]?.actions?.upload).toBeDefined(); // still missing: the client must send it
  });

  test("batch → PUT → verify → lfsFile commit → download byte-identical; a second batch has no actions", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id } = userRepo(ctx.hub, user);
    const { client, seen } = recordingClient(user);
    const data = randomBytes(700);
    const oid = sha256Hex(data);

    const batch = await client.lfsBatch({
      repoId,
      operation: "upload",
      objects: [{ oid, size: 700 }],
      ref: "main",
    });
    expect(batch.transfer).toBe("basic");
    expect(batch.hash_algo).toBe("sha256");
    const obj = batch.objects[0];
    expect(obj).toMatchObject({ oid, size: 700, authenticated: true });
    expect(obj?.actions?.upload?.header).toEqual({});
    expect(obj?.actions?.upload?.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(obj?.actions?.verify?.href).toBe(`${ctx.hub.url}/api/${repoId}.git/info/lfs/verify`);
    const plan = lfsUploadPlan(obj as NonNullable<typeof obj>);
    if (plan.kind !== "single") throw new Error(`expected a single-part plan, got ${plan.kind}`);

    const put = await client.uploadObject({ href: plan.href, header: plan.header, body: new Blob([data]) });
    expect(put.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await client.lfsVerify({ href: plan.verifyHref, oid, size: 700 })).toEqual({
      message: "Object verified successfully",
    });

    const res = await client.createCommit({
      repoId,
      summary: "weights",
      operations: [{ op: "addLfs", path: "model.safetensors", oid, size: 700 }],
    });
    expect(readEntry(ctx.hub.db, res.commitOid, "model.safetensors")).toMatchObject({
      sha256: oid,
      lfs: 1,
      size: 700,
    });
    expect(getFileRecord(ctx.hub.db, id, "model.safetensors")).toEqual({
      hash: oid,
      size: 700,
      lfs: 1,
      is_deleted: 0,
    });

    const meta = await client.fileMetadata({ repoId, path: "model.safetensors" });
    expect(meta).toMatchObject({ commit: res.commitOid, etag: oid, size: 700 });
    const download = await client.openFile({ repoId, path: "model.safetensors" });
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(data);

    const again = await client.lfsBatch({ repoId, operation: "upload", objects: [{ oid, size: 700 }] });
    expect(again.objects[0]?.actions).toBeUndefined();
    expect(lfsUploadPlan(again.objects[0] as NonNullable<(typeof again.objects)[0]>).kind).toBe("skip");

    // The same object committed again to the same path is unchanged: no new commit.
    const same = await client.createCommit({
      repoId,
      summary: "again",
      operations: [{ op: "addLfs", path: "model.safetensors", oid, size: 700 }],
    });
    expect(same.commitOid).toBe(res.commitOid);

    // Storage URLs never carry the hub token; hub URLs do (except complete/verify, which need none).
    const storage = seen.filter((s) => new URL(s.url).pathname.startsWith("/_s3/"));
    expect(storage.length).toBeGreaterThanOrEqual(2);
    expect(storage.every((s) => s.auth === null)).toBe(true);
    expect(seen.find((s) => s.url.includes("/objects/batch"))?.auth).toBe(`Bearer ${user.token}`);
    expect(seen.find((s) => s.url.includes("/lfs/verify"))?.auth).toBeNull();
  });

  test("an object stored under an oid its bytes do not have: a sample is compared with the stored bytes' SHA-256, taken when first asked for", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(300);
    const oid = sha256Hex(randomBytes(300)); // the storage does not check the bytes against it
    const batch = await user.client.lfsBatch({ repoId, operation: "upload", objects: [{ oid, size: 300 }] });
    const plan = lfsUploadPlan(batch.objects[0] as NonNullable<(typeof batch.objects)[0]>);
    if (plan.kind !== "single") throw new Error(`expected a single-part plan, got ${plan.kind}`);
    await user.client.uploadObject({ href: plan.href, header: plan.header, body: new Blob([data]) });
    const hashed = () =>
      ctx.hub.db.query("SELECT content_sha256 FROM transfer_objects WHERE oid = ?").get(oid);
    expect(hashed()).toEqual({ content_sha256: "" }); // S3 hashes nothing but MD5s

    await user.client.createCommit({
      repoId,
      summary: "mislabelled",
      operations: [{ op: "addLfs", path: "w.txt", oid, size: 300 }],
    });
    const files = await user.client.preupload({
      repoId,
      files: [
        { path: "w.txt", size: 300, sample: data },
        { path: "w.txt", size: 300, sample: randomBytes(300) },
      ],
    });
    expect(files.map((f) => [f.uploadMode, f.shouldIgnore])).toEqual([
      ["regular", true],
      ["regular", false],
    ]);
    expect(hashed()).toEqual({ content_sha256: sha256Hex(data) });
  });

  test("dedup is global: an object stored for one repo is skipped for another; download batch", async () => {
    const user = await createUser(ctx.hub);
    const a = userRepo(ctx.hub, user);
    const b = userRepo(ctx.hub, user, { type: "dataset" });
    const data = randomBytes(64);
    const oid = sha256Hex(data);
    const batch = await user.client.lfsBatch({
      repoId: a.repoId,
      operation: "upload",
      objects: [{ oid, size: 64 }],
    });
    const plan = lfsUploadPlan(batch.objects[0] as NonNullable<(typeof batch.objects)[0]>);
    if (plan.kind !== "single") throw new Error("expected single");
    await user.client.uploadObject({ href: plan.href, body: data });
    const other = await user.client.lfsBatch({
      repoId: b.repoId,
      type: "dataset",
      operation: "upload",
      objects: [{ oid, size: 64 }],
    });
    expect(other.objects[0]?.actions).toBeUndefined();
    expect(ctx.hub.requests.at(-1)?.path).toBe(`/datasets/${b.repoId}.git/info/lfs/objects/batch`);

    // Download actions exist only once some active file record has the oid.
    const before = await user.client.lfsBatch({
      repoId: a.repoId,
      operation: "download",
      objects: [{ oid, size: 64 }],
    });
    expect(before.objects[0]?.error).toEqual({ code: 404, message: "Object not found" });
    await user.client.createCommit({
      repoId: b.repoId,
      type: "dataset",
      summary: "x",
      operations: [{ op: "addLfs", path: "d.bin", oid, size: 64 }],
    });
    const after = await user.client.lfsBatch({
      repoId: a.repoId,
      operation: "download",
      objects: [{ oid, size: 64 }],
    });
    const href = after.objects[0]?.actions?.download?.href as string;
    const res = await fetch(href);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(data);
  });

  test("browser uploads: the URL is signed for Content-Type application/octet-stream", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(32);
    const oid = sha256Hex(data);
    const batch = await user.client.lfsBatch({
      repoId,
      operation: "upload",
      objects: [{ oid, size: 32 }],
      isBrowser: true,
    });
    const upload = batch.objects[0]?.actions?.upload;
    expect(upload?.header).toEqual({ "Content-Type": "application/octet-stream" });
    const wrong = await fetch(upload?.href as string, {
      method: "PUT",
      body: data,
      headers: { "content-type": "text/plain" },
    });
    expect(wrong.status).toBe(403);
    await user.client.uploadObject({ href: upload?.href as string, header: upload?.header, body: data });
    expect(await Bun.file(blobPath(ctx.hub.dataDir, oid)).bytes()).toEqual(data);
  });

  test("quirk: the storage stores what it is sent under the issued oid, unverified", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const oid = sha256Hex(new TextEncoder().encode("declared"));
    const batch = await user.client.lfsBatch({ repoId, operation: "upload", objects: [{ oid, size: 5 }] });
    await user.client.uploadObject({
      href: batch.objects[0]?.actions?.upload?.href as string,
      body: "other",
    });
    expect(await Bun.file(blobPath(ctx.hub.dataDir, oid)).text()).toBe("other");
    // verify only checks existence and size.
    expect((await user.client.lfsVerify({ repoId, oid, size: 5 })).message).toBe(
      "Object verified successfully",
    );
    const mismatch = await failure(user.client.lfsVerify({ repoId, oid, size: 6 }));
    expect(mismatch).toBeInstanceOf(ValidationError);
    expect(mismatch.message).toBe("Size mismatch");
    const missing = await failure(user.client.lfsVerify({ repoId, oid: "ef".repeat(32) }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toBe("Object not found in storage");
  });

  test("storage URLs are signed and time-limited", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const oid = "12".repeat(32);
    const batch = await user.client.lfsBatch({ repoId, operation: "upload", objects: [{ oid, size: 3 }] });
    const href = new URL(batch.objects[0]?.actions?.upload?.href as string);
    expect(href.pathname).toBe(`/_s3/hub-storage/lfs/12/12/${oid}`);
    const tampered = new URL(href);
    tampered.pathname = `/_s3/hub-storage/lfs/34/34/${"34".repeat(32)}`;
    const res = await fetch(tampered, { method: "PUT", body: "abc" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    const err = await failure(user.client.uploadObject({ href: tampered.toString(), body: "abc" }));
    expect(err.status).toBe(403);
  });

  test("permissions: checked only when a repo of that type exists", async () => {
    const owner = await createUser(ctx.hub);
    const outsider = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, owner, { private: true });
    const objects = [{ oid: "56".repeat(32), size: 10 }];

    const anon = await failure(anonClient(ctx.hub).lfsBatch({ repoId, operation: "upload", objects }));
    expect(anon).toBeInstanceOf(AuthenticationError);
    expect(anon.message).toBe("Authentication required for upload");
    expect(await failure(outsider.client.lfsBatch({ repoId, operation: "upload", objects }))).toBeInstanceOf(
      PermissionDeniedError,
    );
    const hidden = await failure(outsider.client.lfsBatch({ repoId, operation: "download", objects }));
    expect(hidden).toBeInstanceOf(NotFoundError);
    expect(hidden.code).toBe("RepoNotFound");

    // The same name as a dataset does not exist: every check is skipped and URLs are issued.
    const skipped = await anonClient(ctx.hub).lfsBatch({
      repoId,
      type: "dataset",
      operation: "upload",
      objects,
    });
    expect(skipped.objects[0]?.actions?.upload?.href).toContain("/_s3/");
  });

  test("bad batch bodies are 400; an unknown operation is a per-object error", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const raw = (body: string) =>
      user.client.http.send({
        method: "POST",
        path: `/${repoId}.git/info/lfs/objects/batch`,
        body,
        headers: { "content-type": "application/vnd.git-lfs+json" },
        okStatuses: [400],
      });
    const bad = await raw('{"operation":"upload"}');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: { error: string } }).detail.error).toStartWith(
      "Invalid LFS batch request",
    );
    const unknown = await raw(`{"operation":"fetch","objects":[{"oid":"${"a".repeat(64)}","size":1}]}`);
    expect(unknown.headers.get("content-type")).toBe("application/vnd.git-lfs+json");
    expect(((await unknown.json()) as { objects: unknown[] }).objects[0]).toEqual({
      oid: "a".repeat(64),
      size: 1,
      authenticated: true,
      error: { code: 400, message: "Unknown operation: fetch" },
    });
  });
});

describe("LFS multipart upload", () => {
  async function uploadParts(
    client: KohubClient,
    data: Uint8Array<ArrayBuffer>,
    partUrls: string[],
    chunk: number,
  ) {
    const blob = new Blob([data]);
    const parts = [];
    for (const [i, href] of partUrls.entries()) {
      const { etag } = await client.uploadPart({ href, body: blob.slice(i * chunk, (i + 1) * chunk) });
      parts.push({ partNumber: i + 1, etag });
    }
    return parts;
  }

  test("3 parts → complete → verify → commit → download identical", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(1100);
    const oid = sha256Hex(data);
    const batch = await user.client.lfsBatch({ repoId, operation: "upload", objects: [{ oid, size: 1100 }] });
    const obj = batch.objects[0] as NonNullable<(typeof batch.objects)[0]>;
    expect(obj.actions?.upload?.header?.chunk_size).toBe("400");
    const plan = lfsUploadPlan(obj);
    if (plan.kind !== "multipart") throw new Error(`expected multipart, got ${plan.kind}`);
    expect(plan.partUrls.length).toBe(3);
    expect(plan.completeHref).toBe(`${ctx.hub.url}/api/${repoId}.git/info/lfs/complete/${plan.uploadId}`);

    const parts = await uploadParts(user.client, data, plan.partUrls, plan.chunkSize);
    const done = await user.client.lfsCompleteMultipart({ href: plan.completeHref, oid, size: 1100, parts });
    expect(done.message).toBe("Multipart upload completed successfully");
    expect(done.size).toBe(1100);
    expect(done.etag).toMatch(/^[0-9a-f]{32}-3$/);
    await user.client.lfsVerify({ href: plan.verifyHref, oid, size: 1100 });

    await user.client.createCommit({
      repoId,
      summary: "big",
      operations: [{ op: "addLfs", path: "big.bin", oid, size: 1100 }],
    });
    const res = await user.client.openFile({ repoId, path: "big.bin" });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(data);
  });

  test.each([
    [500, "single"],
    [1100, "multipart"],
  ])("TransferApi's documented flow uploads a %d-byte file (%s)", async (length, expectedKind) => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const client = user.client;
    const data = randomBytes(length);
    let kind = "none";
    // From here, the example of TransferApi's TSDoc, with its file in memory (and `kind` noted).
    const file = new Blob([data]);
    const [oid, size] = [sha256Hex(data), file.size];
    const [mode] = await client.preupload({ repoId, files: [{ path: "model.bin", size, sha256: oid }] });
    if (mode?.uploadMode === "lfs" && !mode.shouldIgnore) {
      const batch = await client.lfsBatch({ repoId, operation: "upload", objects: [{ oid, size }] });
      const plan = lfsUploadPlan(batch.objects[0] as NonNullable<(typeof batch.objects)[0]>);
      kind = plan.kind;
      if (plan.kind === "single")
        await client.uploadObject({ href: plan.href, header: plan.header, body: file });
      if (plan.kind === "multipart") {
        const parts = [];
        for (const [i, href] of plan.partUrls.entries()) {
          const body = file.slice(i * plan.chunkSize, (i + 1) * plan.chunkSize);
          parts.push({ partNumber: i + 1, ...(await client.uploadPart({ href, body })) });
        }
        await client.lfsCompleteMultipart({ href: plan.completeHref, oid, size, parts });
      }
      if (plan.kind !== "skip") await client.lfsVerify({ href: plan.verifyHref, repoId, oid, size });
    }
    await client.createCommit({
      repoId,
      summary: "Add weights",
      operations: [
        { op: "addLfs", path: "model.bin", oid, size },
        { op: "add", path: "README.md", content: "# Demo\n" },
      ],
    });
    // Until here.
    expect(mode?.uploadMode).toBe("lfs");
    expect(kind).toBe(expectedKind);
    const res = await client.openFile({ repoId, path: "model.bin" });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(data);
    const readme = await client.openFile({ repoId, path: "README.md" });
    expect(await readme.text()).toBe("# Demo\n");
  });

  test("complete with upload_id in the body; wrong ETags and size mismatches are 500s", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(1001);
    const oid = sha256Hex(data);
    const batch = await user.client.lfsBatch({ repoId, operation: "upload", objects: [{ oid, size: 1001 }] });
    const plan = lfsUploadPlan(batch.objects[0] as NonNullable<(typeof batch.objects)[0]>);
    if (plan.kind !== "multipart") throw new Error("expected multipart");
    const parts = await uploadParts(user.client, data, plan.partUrls, plan.chunkSize);

    const wrong = await failure(
      user.client.lfsCompleteMultipart({
        repoId,
        uploadId: plan.uploadId,
        oid,
        parts: parts.map((p, i) => (i === 1 ? { ...p, etag: '"0000"' } : p)),
      }),
    );
    expect(wrong).toBeInstanceOf(ServerError);
    expect(wrong.message).toContain("InvalidPart");
    expect(ctx.hub.requests.at(-1)?.path).toBe(`/api/${repoId}.git/info/lfs/complete`);

    const order = await failure(
      user.client.lfsCompleteMultipart({ repoId, uploadId: plan.uploadId, oid, parts: [...parts].reverse() }),
    );
    expect(order.message).toContain("InvalidPartOrder");

    const sized = await failure(
      user.client.lfsCompleteMultipart({ repoId, uploadId: plan.uploadId, oid, size: 5, parts }),
    );
    expect(sized.status).toBe(500);
    expect(sized.message).toContain("Size mismatch after upload");
    // The object was assembled anyway (the size check runs after completion), and the upload is gone.
    expect((await user.client.lfsVerify({ repoId, oid, size: 1001 })).message).toBe(
      "Object verified successfully",
    );
    const again = await failure(
      user.client.lfsCompleteMultipart({ repoId, uploadId: plan.uploadId, oid, parts }),
    );
    expect(again.message).toContain("NoSuchUpload");

    const missingFields = await failure(
      user.client.lfsCompleteMultipart({ repoId, uploadId: "x", oid, parts: [] }),
    );
    expect(missingFields).toBeInstanceOf(ValidationError);
    expect(missingFields.details).toEqual({ received: { oid: true, upload_id: true, parts: false } });
  });

  test("the batch object's own error is thrown by lfsUploadPlan", () => {
    expect(() =>
      lfsUploadPlan({ oid: "a".repeat(64), size: 1, error: { code: 404, message: "Object not found" } }),
    ).toThrow("Object not found");
  });
});
