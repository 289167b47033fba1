/**
 * Failure paths of the file transfers against the local hub: dropped connections and aborts (resumed with
 * Range requests / without resending finished parts), a 500 on one part, a wrong hash, an unwritable
 * target, paths that escape the target folder.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTransferLimits, storageLog } from "../../hub/routes/transfer.ts";
import { blobPath, sha256Hex } from "../../hub/storage.ts";
import { IntegrityError, LocalFileError, repoFolderName } from "../../src/index.ts";
import { dropAfter, sendThenHold } from "../helpers/faults.ts";
import { failure, randomBytes, userRepo } from "../helpers/fixtures.ts";
import {
  anonClient,
  createUser as createHubUser,
  createUser,
  type TestUser,
  useHub,
} from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();
const STORAGE = /^\/_s3\//;

/** A size over 1 MiB: many network chunks, so that a download can break in the middle. */
const LARGE = 1024 * 1024;

// Objects over 20,000 bytes go multipart, in parts of 4,000 bytes.
beforeAll(() => {
  setTransferLimits(ctx.hub, { multipartThreshold: 20_000, partSize: 4_000 });
});

function tempDir(prefix = "kohub-fail-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file below a folder (relative paths), hidden ones included. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

/** A repo holding one LFS file of `size` random bytes at `weights.bin` (seeded, not uploaded). */
async function repoWithWeights(
  user: TestUser,
  size: number,
): Promise<{ repoId: string; data: Uint8Array<ArrayBuffer> }> {
  const { repoId } = userRepo(ctx.hub, user);
  const data = randomBytes(size);
  await seedFiles(ctx.hub, repoId, { "weights.bin": data });
  return { repoId, data };
}

/**
 * A storage that announces the whole length of `data`, sends `bytes` of it, then holds the connection (or
 * closes it, with `close`): a raw socket, since Bun.serve sends a stream body chunked, without its length.
 * Later requests get a 403.
 */
function holdingStorage(data: Uint8Array, bytes: number, close = false): { url: string; stop: () => void } {
  let requests = 0;
  const server = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(socket) {
        if (requests++ > 0) {
          socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
          return;
        }
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${data.byteLength}\r\n\r\n`);
        socket.write(data.subarray(0, bytes));
        if (close) socket.end();
      },
    },
  });
  return { url: `http://127.0.0.1:${server.port}/held`, stop: () => server.stop(true) };
}

/**
 * Sends the next resolve to a {@link holdingStorage} (its later requests are refused, so the client then
 * resolves again and reaches the real storage); returns what stops it.
 */
function resolveToHoldingStorage(data: Uint8Array, bytes: number, close = false): () => void {
  const storage = holdingStorage(data, bytes, close);
  ctx.hub.fault({
    method: "GET",
    path: /\/resolve\//,
    times: 1,
    respond: () => new Response(null, { status: 302, headers: { location: storage.url } }),
  });
  return storage.stop;
}

describe("interrupted downloads resume with a Range request", () => {
  test("a connection dropped mid-body is resumed within the call and ends byte-identical", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, data } = await repoWithWeights(user, LARGE + 300_000);
    const half = Math.floor(data.byteLength / 2);
    // The first storage GET sends the first half, then the connection breaks.
    ctx.hub.fault({ method: "GET", path: STORAGE, times: 1, respond: dropAfter(data, half) });
    const log = storageLog(ctx.hub).length;
    const out = tempDir();
    const file = await user.client.downloadFile({ repoId, path: "weights.bin", localDir: out });
    expect(new Uint8Array(readFileSync(file))).toEqual(data);
    const gets = storageLog(ctx.hub).slice(log);
    expect(gets).toHaveLength(1); // the faulted GET never reached the storage; the retry did
    expect(gets[0]?.range).toMatch(/^bytes=\d+-$/);
    const start = Number(/bytes=(\d+)-/.exec(gets[0]?.range ?? "")?.[1]);
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThanOrEqual(half);
    expect(listFiles(out).filter((f) => f.endsWith(".incomplete"))).toEqual([]);
  });

  test("a small file whose connection dropped is resumed too (one road for every size)", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, data } = await repoWithWeights(user, 300_000);
    ctx.hub.fault({ method: "GET", path: STORAGE, times: 1, respond: dropAfter(data, 150_000) });
    const log = storageLog(ctx.hub).length;
    const out = tempDir();
    const file = await user.client.downloadFile({ repoId, path: "weights.bin", localDir: out });
    expect(new Uint8Array(readFileSync(file))).toEqual(data);
    const gets = storageLog(ctx.hub).slice(log);
    expect(gets).toHaveLength(1);
    expect(gets[0]?.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(listFiles(out).filter((f) => f.endsWith(".incomplete"))).toEqual([]);
  });

  test("a small file whose announced body breaks off is resumed from the storage resolve gives next", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, data } = await repoWithWeights(user, 300_000);
    // resolve sends the download to a storage that announces the whole length, sends 100 kB and closes;
    // the retry resolves again (the real storage).
    const stopStorage = resolveToHoldingStorage(data, 100_000, true);
    const log = storageLog(ctx.hub).length;
    const out = tempDir();
    try {
      const file = await user.client.downloadFile({ repoId, path: "weights.bin", localDir: out });
      expect(new Uint8Array(readFileSync(file))).toEqual(data);
      // One GET of the real storage, from where the broken body stopped (the bytes that reached the client
      // before the close, which may be none).
      const gets = storageLog(ctx.hub).slice(log);
      expect(gets).toHaveLength(1);
      const start = Number(/^bytes=(\d+)-$/.exec(gets[0]?.range ?? "bytes=0-")?.[1]);
      expect(start).toBeLessThanOrEqual(100_000);
    } finally {
      stopStorage();
      ctx.hub.clearFaults();
    }
  });

  test("an abort leaves a resumable .incomplete in the cache; the next call continues from it", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, data } = await repoWithWeights(user, 2_000_000);
    const cache = tempDir("kohub-cache-");
    const controller = new AbortController();
    // The storage sends 1 MB, then holds the rest back: the abort comes meanwhile.
    ctx.hub.fault({ method: "GET", path: STORAGE, times: 1, respond: sendThenHold(data, 1_000_000) });
    const err = await failure(
      user.client.downloadFile({
        repoId,
        path: "weights.bin",
        cacheDir: cache,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytes > 500_000) controller.abort();
        },
      }),
    );
    expect((err as Error).name).toBe("AbortError");
    const blobs = join(cache, repoFolderName(repoId), "blobs");
    const oid = sha256Hex(data);
    expect(readdirSync(blobs)).toEqual([`${oid}.incomplete`]);
    const partial = statSync(join(blobs, `${oid}.incomplete`)).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(data.byteLength);

    const log = storageLog(ctx.hub).length;
    let skipped = 0;
    const file = await user.client.downloadFile({
      repoId,
      path: "weights.bin",
      cacheDir: cache,
      onProgress: (p) => {
        skipped = p.skippedBytes;
      },
    });
    expect(new Uint8Array(readFileSync(file))).toEqual(data);
    expect(storageLog(ctx.hub).slice(log)).toEqual([
      { method: "GET", oid, range: `bytes=${partial}-`, partNumber: null },
    ]);
    expect(skipped).toBe(partial);
    expect(readdirSync(blobs)).toEqual([oid]);
  });
});

/** Downloads `weights.bin` into a new folder: its bytes, the Range of each storage GET, the time it took. */
async function downloadTimed(
  user: TestUser,
  repoId: string,
): Promise<{ bytes: Uint8Array; ranges: Array<string | null>; ms: number }> {
  const log = storageLog(ctx.hub).length;
  const started = Date.now();
  const file = await user.client.downloadFile({ repoId, path: "weights.bin", localDir: tempDir() });
  const ms = Date.now() - started;
  const ranges = storageLog(ctx.hub)
    .slice(log)
    .map((g) => g.range);
  return { bytes: new Uint8Array(readFileSync(file)), ranges, ms };
}

describe("stalled downloads", () => {
  /** A user whose client counts 300 ms without a byte as a stall. */
  async function createUser(hub: typeof ctx.hub): Promise<TestUser> {
    const user = await createHubUser(hub);
    const env = { HF_HUB_DOWNLOAD_TIMEOUT: "0.3" };
    return { ...user, client: anonClient(hub, { token: user.token, env }) };
  }

  test("a body without a length that stops coming is cut after the idle limit and resumed", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, data } = await repoWithWeights(user, LARGE + 500_000);
    ctx.hub.fault({ method: "GET", path: STORAGE, times: 1, respond: sendThenHold(data, 400_000) });
    const got = await downloadTimed(user, repoId);
    expect(got.bytes).toEqual(data);
    expect(got.ranges).toEqual(["bytes=400000-"]);
    expect(got.ms).toBeLessThan(5_000);
  });

  test("a body written natively (its length announced) that stops coming is cut and resumed; an abort leaves it resumable", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, data } = await repoWithWeights(user, LARGE + 500_000);
    const oid = sha256Hex(data);
    for (const abort of [false, true]) {
      // resolve sends the download to a storage that announces the whole length, sends 400 kB and holds
      // the connection; the client then resolves again (the real storage).
      const stopStorage = resolveToHoldingStorage(data, 400_000);
      const log = storageLog(ctx.hub).length;
      const cache = tempDir("kohub-cache-");
      const controller = new AbortController();
      const started = Date.now();
      const download = user.client.downloadFile({
        repoId,
        path: "weights.bin",
        cacheDir: cache,
        signal: controller.signal,
        onProgress: (p) => {
          if (abort && p.bytes > 0) controller.abort();
        },
      });
      try {
        if (abort) {
          expect((await failure(download)).name).toBe("AbortError");
          const partial = join(cache, repoFolderName(repoId), "blobs", `${oid}.incomplete`);
          expect(statSync(partial).size).toBeGreaterThan(0);
          expect(statSync(partial).size).toBeLessThanOrEqual(400_000);
        } else {
          expect(new Uint8Array(readFileSync(await download))).toEqual(data);
          const ranges = storageLog(ctx.hub)
            .slice(log)
            .map((g) => g.range);
          expect(ranges).toHaveLength(1);
          expect(ranges[0]).toMatch(/^bytes=[1-9]\d*-$/);
          expect(Date.now() - started).toBeLessThan(5_000);
        }
      } finally {
        stopStorage();
        ctx.hub.clearFaults();
      }
    }
  });

  test("a small file whose answer does not come is asked again once the stall limit passes", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, data } = await repoWithWeights(user, 10_000);
    ctx.hub.fault({
      method: "GET",
      path: STORAGE,
      times: 1,
      respond: () => Bun.sleep(10_000).then(() => new Response("too late")),
    });
    const got = await downloadTimed(user, repoId);
    expect(got.bytes).toEqual(data);
    expect(got.ranges).toEqual([null]);
    expect(got.ms).toBeGreaterThanOrEqual(300);
    expect(got.ms).toBeLessThan(5_000);
  });
});

describe("a hub that does not answer resolve", () => {
  test("a resolve asked again (the storage refused the URL) that uses up the client's deadline is not asked a third time", async () => {
    const user = await createHubUser(ctx.hub);
    const { repoId } = await repoWithWeights(user, 10_000);
    const client = anonClient(ctx.hub, { token: user.token, timeoutMs: 500 });
    const refusing = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: () => new Response("", { status: 403 }),
    });
    let resolves = 0;
    const answer = () => {
      resolves++;
      if (resolves > 1) return new Promise<Response>(() => {}); // no answer at all
      return new Response(null, { status: 302, headers: { location: `${refusing.url}x` } });
    };
    ctx.hub.fault({ method: "GET", path: /\/resolve\//, respond: answer });
    try {
      const err = await failure(client.downloadFile({ repoId, path: "weights.bin", localDir: tempDir() }));
      expect(err.code).toBe("Timeout");
    } finally {
      ctx.hub.clearFaults();
      refusing.stop(true);
    }
    expect(resolves).toBe(2);
  });
});

describe("odd answers to a resume", () => {
  /** A cache with the first `kept` bytes of weights.bin in its `.incomplete` blob. */
  async function partial(kept: number) {
    const user = await createUser(ctx.hub);
    const { repoId, data } = await repoWithWeights(user, LARGE + 200_000);
    const cacheDir = tempDir("kohub-cache-");
    const blobs = join(cacheDir, repoFolderName(repoId), "blobs");
    mkdirSync(blobs, { recursive: true });
    writeFileSync(join(blobs, `${sha256Hex(data)}.incomplete`), data.subarray(0, kept));
    const download = () => user.client.downloadFile({ repoId, path: "weights.bin", cacheDir });
    return { data, download, blobs };
  }

  test("a 200 (the whole file) or a 416 starts over; an unexpected Content-Range is retried", async () => {
    for (const answer of ["200", "416", "range"] as const) {
      const { data, download, blobs } = await partial(100_000);
      ctx.hub.fault({
        method: "GET",
        path: STORAGE,
        times: 1,
        respond: () =>
          answer === "200"
            ? new Response(data)
            : answer === "416"
              ? new Response(null, {
                  status: 416,
                  headers: { "content-range": `bytes */${data.byteLength}` },
                })
              : new Response(data.subarray(5), {
                  status: 206,
                  headers: { "content-range": `bytes 5-${data.byteLength - 1}/${data.byteLength}` },
                }),
      });
      const file = await download();
      expect(new Uint8Array(readFileSync(file))).toEqual(data);
      expect(readdirSync(blobs)).toEqual([sha256Hex(data)]);
    }
  });

  test("an .incomplete longer than the file is dropped and the file fetched again", async () => {
    const { data, download, blobs } = await partial(0);
    writeFileSync(join(blobs, `${sha256Hex(data)}.incomplete`), new Uint8Array(data.byteLength + 10));
    expect(new Uint8Array(readFileSync(await download()))).toEqual(data);
  });

  test("a small file's body without a Content-Length is read up to the announced size", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, data } = await repoWithWeights(user, 50_000);
    const chunked = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(data.subarray(0, 20_000));
            controller.enqueue(data.subarray(20_000));
            controller.enqueue(new Uint8Array([1, 2, 3])); // more than announced: cut, the hash decides
            controller.close();
          },
        }),
      );
    ctx.hub.fault({ method: "GET", path: STORAGE, times: 1, respond: chunked });
    const file = await user.client.downloadFile({ repoId, path: "weights.bin", localDir: tempDir() });
    expect(new Uint8Array(readFileSync(file))).toEqual(data);
  });
});

describe("interrupted uploads", () => {
  test("an aborted multipart upload resumes without resending the finished parts", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(40_000); // 10 parts of 4,000 bytes
    const oid = sha256Hex(data);
    const resumeDir = tempDir("kohub-resume-");
    const controller = new AbortController();
    const log = storageLog(ctx.hub).length;
    const err = await failure(
      user.client.uploadFile({
        repoId,
        path: data,
        pathInRepo: "model.bin",
        resumeDir,
        maxWorkers: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === "uploading" && p.bytes >= 18_000) controller.abort();
        },
      }),
    );
    expect((err as Error).name).toBe("AbortError");
    const [recordName] = readdirSync(resumeDir);
    expect(recordName).toEndWith(`-${oid}.json`);
    const record = JSON.parse(readFileSync(join(resumeDir, recordName as string), "utf8")) as {
      uploadId: string;
      parts: Record<string, string>;
    };
    const done = Object.keys(record.parts).map(Number).sort();
    expect(done.length).toBeGreaterThanOrEqual(3);
    expect(done.length).toBeLessThan(10);
    expect(await user.client.fileExists({ repoId, path: "model.bin" })).toBe(false);

    const firstRun = storageLog(ctx.hub).length;
    const result = await user.client.uploadFile({ repoId, path: data, pathInRepo: "model.bin", resumeDir });
    expect(result.files[0]).toMatchObject({ status: "sent", lfs: true });
    const sent = storageLog(ctx.hub)
      .slice(firstRun)
      .map((r) => r.partNumber as number)
      .sort((a, b) => a - b);
    const expected = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((n) => !done.includes(n));
    expect(sent).toEqual(expected);
    expect(firstRun - log).toBeGreaterThanOrEqual(done.length);
    expect(readdirSync(resumeDir)).toEqual([]); // the record is dropped once verified
    const out = tempDir();
    const file = await user.client.downloadFile({ repoId, path: "model.bin", localDir: out });
    expect(new Uint8Array(readFileSync(file))).toEqual(data);
  });

  test("a stale resume record (upload gone on the storage) falls back to a fresh upload", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(24_000);
    const oid = sha256Hex(data);
    const resumeDir = tempDir("kohub-resume-");
    const controller = new AbortController();
    await failure(
      user.client.uploadFile({
        repoId,
        path: data,
        pathInRepo: "x.bin",
        resumeDir,
        maxWorkers: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === "uploading" && p.bytes >= 8_000) controller.abort();
        },
      }),
    );
    // The storage forgets the upload (aborted on its side).
    ctx.hub.db.query("DELETE FROM transfer_uploads WHERE oid = ?").run(oid);
    const result = await user.client.uploadFile({ repoId, path: data, pathInRepo: "x.bin", resumeDir });
    expect(result.committed).toBe(true);
    expect(new Uint8Array(readFileSync(blobPath(ctx.hub.dataDir, oid)))).toEqual(data);
  });

  test("a multipart upload removes abandoned resume records (expired, unreadable, old temporaries)", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const resumeDir = tempDir("kohub-resume-");
    const record = (expiresAt: number) =>
      JSON.stringify({ version: 1, partUrls: ["http://x/1"], expiresAt, parts: {} });
    writeFileSync(join(resumeDir, "aaaa-expired.json"), record(Date.now() - 1_000));
    writeFileSync(join(resumeDir, "aaaa-valid.json"), record(Date.now() + 86_400_000));
    writeFileSync(join(resumeDir, "aaaa-broken.json"), "{not json");
    writeFileSync(join(resumeDir, "aaaa-old.json.1.x.tmp"), "");
    const old = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(resumeDir, "aaaa-old.json.1.x.tmp"), old, old);
    writeFileSync(join(resumeDir, "aaaa-new.json.1.y.tmp"), "");
    await user.client.uploadFile({ repoId, path: randomBytes(24_000), pathInRepo: "m.bin", resumeDir });
    expect(readdirSync(resumeDir).sort()).toEqual(["aaaa-new.json.1.y.tmp", "aaaa-valid.json"]);
  });

  test("a 500 on one part PUT is retried and the upload succeeds", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(30_000);
    const requests = ctx.hub.requests.length;
    ctx.hub.fault({ method: "PUT", path: STORAGE, times: 1, respond: 500 });
    const result = await user.client.uploadFile({
      repoId,
      path: data,
      pathInRepo: "w.bin",
      resumeDir: false,
    });
    expect(result.files[0]?.status).toBe("sent");
    const puts = ctx.hub.requests.slice(requests).filter((r) => r.method === "PUT" && STORAGE.test(r.path));
    expect(puts.map((r) => r.status)).toEqual([500, ...Array(8).fill(200)]);
    expect(new Uint8Array(readFileSync(blobPath(ctx.hub.dataDir, sha256Hex(data))))).toEqual(data);
  });

  test("a 403 on a part PUT is not retried", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    ctx.hub.fault({ method: "PUT", path: STORAGE, respond: 403 });
    try {
      const err = await failure(
        user.client.uploadFile({ repoId, path: randomBytes(5_000), pathInRepo: "w.bin", resumeDir: false }),
      );
      expect(err.status).toBe(403);
      expect(err.message).toContain("Upload of an LFS object failed");
    } finally {
      ctx.hub.clearFaults();
    }
  });
});

for (const road of [{ name: "download road" }]) {
  describe(`integrity on the ${road.name}`, () => {
    test("a storage 503 on GET is retried", async () => {
      const user = await createUser(ctx.hub);
      const { repoId, data } = await repoWithWeights(user, 10_000);
      ctx.hub.fault({ method: "GET", path: STORAGE, times: 2, respond: 503 });
      const out = tempDir();
      const file = await user.client.downloadFile({ repoId, path: "weights.bin", localDir: out });
      expect(new Uint8Array(readFileSync(file))).toEqual(data);
    });

    test("different bytes of the same length from the storage: IntegrityError, nothing left on disk", async () => {
      const user = await createUser(ctx.hub);
      const { repoId } = userRepo(ctx.hub, user);
      const data = randomBytes(10_000);
      await user.client.uploadFile({ repoId, path: data, pathInRepo: "w.bin" });
      await seedFiles(ctx.hub, repoId, { "notes.txt": "some regular text\n" });
      for (const [path, size] of [
        ["w.bin", 10_000],
        ["notes.txt", 18],
      ] as const) {
        ctx.hub.fault({
          method: "GET",
          path: STORAGE,
          times: 1,
          respond: () => new Response(randomBytes(size)),
        });
        const out = tempDir();
        const err = await failure(user.client.downloadFile({ repoId, path, localDir: out }));
        expect(err).toBeInstanceOf(IntegrityError);
        expect(err.code).toBe("HashMismatch");
        expect(
          // (huggingface_hub's lock files stay, as they do with it)
          listFiles(out).filter((f) => !/(\.gitignore|CACHEDIR\.TAG|\.lock)$/.test(f)),
        ).toEqual([]);

        ctx.hub.fault({
          method: "GET",
          path: STORAGE,
          times: 1,
          respond: () => new Response(randomBytes(size)),
        });
        const cache = tempDir("kohub-cache-");
        await failure(user.client.downloadFile({ repoId, path, cacheDir: cache }));
        const blobs = join(cache, repoFolderName(repoId), "blobs");
        expect(readdirSync(blobs)).toEqual([]);
        expect(existsSync(join(cache, repoFolderName(repoId), "snapshots"))).toBe(false);
      }
    });

    test("a short body from the storage is resumed, and a too-long one is cut", async () => {
      const user = await createUser(ctx.hub);
      const { repoId, data } = await repoWithWeights(user, 8_000);
      ctx.hub.fault({
        method: "GET",
        path: STORAGE,
        times: 1,
        respond: () => new Response(data.slice(0, 3_000)),
      });
      const out = tempDir();
      expect(
        new Uint8Array(
          readFileSync(await user.client.downloadFile({ repoId, path: "weights.bin", localDir: out })),
        ),
      ).toEqual(data);
      const extra = new Uint8Array([...data, 1, 2, 3]);
      ctx.hub.fault({ method: "GET", path: STORAGE, times: 1, respond: () => new Response(extra) });
      const out2 = tempDir();
      expect(
        new Uint8Array(
          readFileSync(await user.client.downloadFile({ repoId, path: "weights.bin", localDir: out2 })),
        ),
      ).toEqual(data);
    });
  });
}

describe("local failures", () => {
  test("an unwritable target is a clear LocalFileError", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = await repoWithWeights(user, 1_000);
    const dir = tempDir();
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "not a folder");
    const err = await failure(
      user.client.downloadFile({ repoId, path: "weights.bin", localDir: join(blocker, "out") }),
    );
    expect(err).toBeInstanceOf(LocalFileError);
    expect(err.code).toBe("NotADirectory");
    expect(err.message).toContain(blocker);
    const cacheErr = await failure(
      user.client.snapshotDownload({ repoId, cacheDir: join(blocker, "cache") }),
    );
    expect(cacheErr).toBeInstanceOf(LocalFileError);
    const upErr = await failure(user.client.uploadFolder({ repoId, folder: blocker }));
    expect(upErr).toBeInstanceOf(LocalFileError);
  });

  test.if(existsSync("/dev/full"))(
    "a full disk is a clear DiskFull error (small and large files)",
    async () => {
      const user = await createUser(ctx.hub);
      for (const size of [10_000, LARGE + 10_000]) {
        const { repoId, data } = await repoWithWeights(user, size);
        const cache = tempDir("kohub-cache-");
        const blobs = join(cache, repoFolderName(repoId), "blobs");
        mkdirSync(blobs, { recursive: true });
        // The file the download writes is the full device.
        const written = `${sha256Hex(data)}.incomplete`;
        symlinkSync("/dev/full", join(blobs, written));
        const err = await failure(user.client.downloadFile({ repoId, path: "weights.bin", cacheDir: cache }));
        expect(err).toBeInstanceOf(LocalFileError);
        expect(err.code).toBe("DiskFull");
        expect(err.message).toContain("no space left on the device");
      }
    },
  );

  test("paths that escape the target folder are refused, given or listed", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = await repoWithWeights(user, 1_000);
    const out = tempDir();
    for (const path of ["../x", "/etc/x", "a/../../x", "C:/x", "a//b"]) {
      const err = await failure(user.client.downloadFile({ repoId, path, localDir: out }));
      expect(err.code).toBe("UnsafePath");
    }
    const requests = ctx.hub.requests.length;
    await failure(user.client.downloadFile({ repoId, path: "../x" }));
    expect(ctx.hub.requests.length).toBe(requests);

    // A listing with an escaping path fails before anything is written.
    await seedFiles(ctx.hub, repoId, { "ok.txt": "fine", "../evil.txt": "escape" });
    const listed = await user.client.listRepoTree({ repoId, recursive: true });
    expect(listed.map((e) => e.path)).toContain("../evil.txt");
    const err = await failure(user.client.snapshotDownload({ repoId, localDir: out }));
    expect(err.code).toBe("UnsafePath");
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(join(out, "..", "evil.txt"))).toBe(false);
    const cache = tempDir("kohub-cache-");
    expect((await failure(user.client.snapshotDownload({ repoId, cacheDir: cache }))).code).toBe(
      "UnsafePath",
    );
  });

  test("an escaping path on a later page of the listing fails the call; nothing lands outside the folder", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const files: Record<string, string> = {};
    for (let i = 0; i < 1_000; i++) files[`a/${String(i).padStart(4, "0")}.txt`] = `${i}\n`;
    files["b/../../../evil.txt"] = "escape"; // sorted after the first page of 1,000
    await seedFiles(ctx.hub, repoId, files);
    const root = tempDir();
    const out = join(root, "deep", "out");
    const err = await failure(user.client.snapshotDownload({ repoId, localDir: out }));
    expect(err.code).toBe("UnsafePath");
    expect(readdirSync(root)).toEqual(["deep"]);
    expect(readdirSync(join(root, "deep"))).toEqual(["out"]);
    expect(existsSync(join(root, "evil.txt"))).toBe(false);
  });
});
