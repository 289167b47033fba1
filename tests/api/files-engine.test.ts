/**
 * The transfer engine's contract where it used to break, through the library against the local hub: a
 * whole-repo download where one file cannot be fetched ends (it does not hang), a stalled storage is cut
 * after `HF_HUB_DOWNLOAD_TIMEOUT` seconds (read from the client's `env`) and named in the error, a stall
 * that recovers is resumed, progress events tell per file how many bytes were not transferred
 * (`skippedBytes`), and symbolic links in an uploaded folder follow one policy (inside: uploaded; outside,
 * dangling, loop: skipped and reported, outside followed with `followSymlinks`).
 *
 * Every call that could hang runs under {@link settles}: it fails with "hung" well within the test's timeout.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storageLog } from "../../hub/routes/transfer.ts";
import { sha256Hex } from "../../hub/storage.ts";
import {
  type KohubClient,
  NetworkError,
  NotFoundError,
  type TransferProgress,
  type UploadResult,
} from "../../src/index.ts";
import {
  dropAfter,
  redirectResolve,
  repoCache,
  sendThenHold,
  settles,
  stallingStorage,
  twentyFiles,
} from "../helpers/faults.ts";
import { failure, randomBytes, userRepo } from "../helpers/fixtures.ts";
import { anonClient, createUser, type TestUser, useHub } from "../helpers/hub.ts";
import {
  INSIDE_FILES,
  linkedFolder,
  repoFiles,
  repoText,
  type SkippedLink,
  sortSkipped,
} from "../helpers/links.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();
const STORAGE = /^\/_s3\//;
/** How long a call may take before it counts as hung (the tests' own timeout is 30 s). */
const HUNG_MS = 20_000;

function tempDir(prefix = "kohub-engine-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The storage path of an object (every file, inline or LFS, is stored under its SHA-256). */
function storagePath(bytes: Uint8Array): RegExp {
  return new RegExp(`^/_s3/.*/${sha256Hex(bytes)}$`);
}

/** A client of `user` whose environment holds `env` (the library reads its settings there, not from process.env). */
function clientWithEnv(user: TestUser, env: Record<string, string>): KohubClient {
  return anonClient(ctx.hub, { token: user.token, env });
}

describe("a whole-repo download where one file's storage GET always fails", () => {
  // (Regression: the library call already ends today; the CLI process did not, see tests/cli/transfer-faults.)
  for (const [fault, expected] of [
    ["a 404", NotFoundError],
    ["a dropped connection", NetworkError],
  ] as const) {
    test(`${fault}: snapshotDownload rejects, with 8 workers and with 1, into a folder and into the cache`, async () => {
      const { user, repoId, broken } = await twentyFiles(ctx.hub);
      ctx.hub.fault({
        method: "GET",
        path: storagePath(broken),
        respond: fault === "a 404" ? 404 : dropAfter(broken, broken.byteLength >> 1),
      });
      try {
        for (const maxWorkers of [undefined, 1]) {
          for (const target of ["localDir", "cacheDir"] as const) {
            const err = await settles(
              `snapshotDownload (${target}, maxWorkers ${maxWorkers})`,
              HUNG_MS,
              (signal) =>
                failure(user.client.snapshotDownload({ repoId, [target]: tempDir(), maxWorkers, signal })),
            );
            expect(err, `${target}, maxWorkers ${maxWorkers}`).toBeInstanceOf(expected);
          }
        }
      } finally {
        ctx.hub.clearFaults();
      }
    }, 30_000);
  }
});

describe("stalled downloads (HF_HUB_DOWNLOAD_TIMEOUT)", () => {
  test("a storage that stalls on every attempt: downloadFile rejects in bounded time, naming the host:port that stalled", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const small = randomBytes(50_000); // fetched whole
    const large = randomBytes(1_500_000); // resumable, through an .incomplete file
    await seedFiles(ctx.hub, repoId, { "small.bin": small, "large.bin": large });
    const client = clientWithEnv(user, { HF_HUB_DOWNLOAD_TIMEOUT: "1" });
    // small.bin into the cache, large.bin into a folder, at once; each storage announces its file, sends a
    // part of it, and stalls.
    const cases = [
      { path: "small.bin", storage: stallingStorage(small, 10_000), target: { cacheDir: tempDir() } },
      { path: "large.bin", storage: stallingStorage(large, 100_000), target: { localDir: tempDir() } },
    ];
    for (const { path, storage } of cases) redirectResolve(ctx.hub, storage.url, { file: path });
    try {
      const errors = await Promise.all(
        cases.map(({ path, target }) =>
          settles(`downloadFile of ${path} from a stalling storage`, HUNG_MS, (signal) =>
            failure(client.downloadFile({ repoId, path, ...target, signal })),
          ),
        ),
      );
      for (const [i, { path, storage }] of cases.entries()) {
        const err = errors[i] as Error;
        expect(storage.ranges.length, path).toBeGreaterThan(0);
        expect(err.message, path).toContain(storage.host);
        expect(err.message, path).toMatch(/stall/i);
      }
    } finally {
      ctx.hub.clearFaults();
      for (const c of cases) c.storage.stop();
    }
  }, 30_000);

  test("a stall once (a chunked body that stops), then the storage recovers: resumed with a Range, the file whole", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(2_000_000);
    await seedFiles(ctx.hub, repoId, { "weights.bin": data });
    const client = clientWithEnv(user, { HF_HUB_DOWNLOAD_TIMEOUT: "1" });
    ctx.hub.fault({ method: "GET", path: STORAGE, times: 1, respond: sendThenHold(data, 800_000) });
    const log = storageLog(ctx.hub).length;
    const cacheDir = tempDir();
    try {
      const file = await settles("a download whose first answer stalls", HUNG_MS, (signal) =>
        client.downloadFile({ repoId, path: "weights.bin", cacheDir, signal }),
      );
      expect(new Uint8Array(readFileSync(file))).toEqual(data);
      const ranges = storageLog(ctx.hub)
        .slice(log)
        .map((g) => g.range);
      expect(ranges).toHaveLength(1);
      expect(ranges[0]).toMatch(/^bytes=[1-9]\d*-$/);
      expect(readdirSync(join(repoCache(cacheDir, repoId), "blobs"))).toEqual([sha256Hex(data)]);
    } finally {
      ctx.hub.clearFaults();
    }
  }, 30_000);

  test("a stall once (its length announced), then the storage recovers: resumed with a Range, the file whole", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(2_000_000);
    await seedFiles(ctx.hub, repoId, { "weights.bin": data });
    const client = clientWithEnv(user, { HF_HUB_DOWNLOAD_TIMEOUT: "1" });
    // The first resolve goes to a storage that announces the whole length, sends 300 kB and holds; its
    // later requests get a 403, so the client resolves again and reaches the real storage.
    const storage = stallingStorage(data, 300_000, true);
    redirectResolve(ctx.hub, storage.url, { times: 1 });
    const log = storageLog(ctx.hub).length;
    const localDir = tempDir();
    try {
      const file = await settles("a download whose first answer stalls", HUNG_MS, (signal) =>
        client.downloadFile({ repoId, path: "weights.bin", localDir, signal }),
      );
      expect(new Uint8Array(readFileSync(file))).toEqual(data);
      const ranges = storageLog(ctx.hub)
        .slice(log)
        .map((g) => g.range);
      expect(ranges).toHaveLength(1);
      expect(ranges[0]).toMatch(/^bytes=[1-9]\d*-$/);
    } finally {
      ctx.hub.clearFaults();
      storage.stop();
    }
  }, 30_000);
});

/** A progress event's file, with the field the new engine adds. */
type FileEvent = NonNullable<TransferProgress["file"]> & { skippedBytes?: number };

describe("progress events count, per file, the bytes not transferred (file.skippedBytes)", () => {
  test("a download resumed from half an .incomplete blob, then the same download with the file in place", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(1_500_000); // over 1 MiB, and .bin: an LFS object, resumable
    await seedFiles(ctx.hub, repoId, { "model.bin": data });
    const half = data.byteLength / 2;
    const cacheDir = tempDir();
    const blobs = join(repoCache(cacheDir, repoId), "blobs");
    mkdirSync(blobs, { recursive: true });
    writeFileSync(join(blobs, `${sha256Hex(data)}.incomplete`), data.subarray(0, half));

    const download = async () => {
      const events: FileEvent[] = [];
      const file = await settles("downloadFile", HUNG_MS, (signal) =>
        user.client.downloadFile({
          repoId,
          path: "model.bin",
          cacheDir,
          signal,
          onProgress: (e) => {
            if (e.file) events.push({ ...e.file });
          },
        }),
      );
      return { file, events };
    };

    const resumed = await download();
    expect(new Uint8Array(readFileSync(resumed.file))).toEqual(data);
    expect(resumed.events.length).toBeGreaterThan(0);
    for (const e of resumed.events) expect(typeof e.skippedBytes, JSON.stringify(e)).toBe("number");
    const last = resumed.events.at(-1) as FileEvent;
    expect(last).toMatchObject({ path: "model.bin", done: true, bytes: data.byteLength, skippedBytes: half });
    // What a caller counts as transferred for this file: the half that was missing.
    expect(last.bytes - (last.skippedBytes ?? 0)).toBe(data.byteLength - half);

    const again = await download();
    const cached = again.events.at(-1) as FileEvent;
    expect(cached).toMatchObject({ path: "model.bin", done: true, skippedBytes: data.byteLength });
  }, 30_000);
});

/** uploadFolder's parameters and result, with what the new engine adds. */
type FolderParams = Parameters<KohubClient["uploadFolder"]>[0] & { followSymlinks?: boolean };
type FolderResult = UploadResult & { skipped?: SkippedLink[] };

function uploadFolder(client: KohubClient, params: FolderParams): Promise<FolderResult> {
  return client.uploadFolder(params);
}

describe("symbolic links in an uploaded folder", () => {
  test("links to a file or a folder inside are uploaded at the link's path with the target's content", async () => {
    // (Regression: already so today.)
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const { folder } = linkedFolder();
    await uploadFolder(user.client, { repoId, folder });
    const files = await repoFiles(user, repoId);
    for (const path of INSIDE_FILES) expect(files).toContain(path);
    expect(await repoText(ctx.hub, user, repoId, "link-file.txt")).toBe("real\n");
    expect(await repoText(ctx.hub, user, repoId, "link-dir/inner.txt")).toBe("inner\n");
  });

  test("a link outside the folder, a dangling link and a loop are not uploaded, and are reported in `skipped`", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const { folder } = linkedFolder();
    const result = await uploadFolder(user.client, { repoId, folder });
    expect(await repoFiles(user, repoId)).toEqual(INSIDE_FILES);
    expect(sortSkipped(result.skipped)).toEqual([
      { path: "dangling.txt", reason: "dangling" },
      { path: "loopdir/up", reason: "loop" },
      { path: "outside.txt", reason: "outside" },
    ]);
  });

  test("followSymlinks: true uploads the link outside (its target's content); dangling links and loops are still skipped and reported", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const { folder, secret } = linkedFolder();
    const result = await uploadFolder(user.client, { repoId, folder, followSymlinks: true });
    expect(await repoFiles(user, repoId)).toEqual([...INSIDE_FILES, "outside.txt"].sort());
    expect(await repoText(ctx.hub, user, repoId, "outside.txt")).toBe(secret);
    expect(sortSkipped(result.skipped)).toEqual([
      { path: "dangling.txt", reason: "dangling" },
      { path: "loopdir/up", reason: "loop" },
    ]);
  });
});
