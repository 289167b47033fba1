import { describe, expect, test } from "bun:test";
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storageLog } from "../../hub/routes/transfer.ts";
import { gitBlobSha1, sha256Hex } from "../../hub/storage.ts";
import { hfHubCacheDir, KohubClient, repoFolderName, type TransferProgress } from "../../src/index.ts";
import { failure, randomBytes, userRepo } from "../helpers/fixtures.ts";
import { createUser, type TestUser, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();

function tempDir(prefix = "kohub-dl-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A repo with a few regular and LFS files, committed through the API; returns its files and commit. */
async function repoWithFiles(user: TestUser): Promise<{
  repoId: string;
  commit: string;
  files: Record<string, Uint8Array<ArrayBuffer>>;
}> {
  const { repoId } = userRepo(ctx.hub, user);
  const enc = new TextEncoder();
  const files: Record<string, Uint8Array<ArrayBuffer>> = {
    "README.md": enc.encode("# model\n"),
    "config.json": enc.encode('{"hidden": 8}'),
    "model.safetensors": randomBytes(20_000),
    "tokenizer/vocab.txt": enc.encode("a\nb\nc\n"),
    "tokenizer/merges.bin": randomBytes(3_000),
    "logs/train.log": enc.encode("step 1\n"),
  };
  const dir = tempDir("kohub-src-");
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    await Bun.write(file, content);
  }
  const res = await user.client.uploadFolder({ repoId, folder: dir });
  return { repoId, commit: res.commitOid as string, files };
}

describe("snapshotDownload", () => {
  test("an empty file lands as an empty file, in a local dir and in the cache", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    await user.client.uploadFile({ repoId, path: new Uint8Array(0), pathInRepo: "empty/__init__.py" });
    const out = tempDir();
    const local = await user.client.downloadFile({ repoId, path: "empty/__init__.py", localDir: out });
    expect(readFileSync(local).byteLength).toBe(0);
    const cached = await user.client.downloadFile({ repoId, path: "empty/__init__.py", cacheDir: tempDir() });
    expect(readFileSync(cached).byteLength).toBe(0);
  });

  test("storage on the hub's own origin that refuses a forwarded token: the token is never sent there", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, files } = await repoWithFiles(user);
    const out = tempDir();
    const requests = ctx.hub.requests.length;
    ctx.hub.runtime.options.storageRefusesTokens = true;
    try {
      await user.client.snapshotDownload({ repoId, localDir: out, maxWorkers: 1 });
    } finally {
      ctx.hub.runtime.options.storageRefusesTokens = false;
    }
    for (const [path, content] of Object.entries(files))
      expect(new Uint8Array(readFileSync(join(out, path)))).toEqual(content);
    // Resolve and the storage GET go apart: the storage never sees the hub's token, so it never refuses.
    const storage = ctx.hub.requests.slice(requests).filter((r) => r.path.startsWith("/_s3/"));
    expect(storage.map((r) => r.status)).toEqual(Object.keys(files).map(() => 200));
  });

  test("into the cache: paths with the same bytes share one blob, fetched once", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const weights = randomBytes(50_000);
    const dir = tempDir("kohub-src-");
    for (const path of ["a/weights.bin", "b/weights.bin", "c/weights.bin"])
      await Bun.write(join(dir, path), weights);
    await Bun.write(join(dir, "x.txt"), "same\n");
    await Bun.write(join(dir, "y.txt"), "same\n");
    await user.client.uploadFolder({ repoId, folder: dir });
    const cacheDir = tempDir();
    const before = storageLog(ctx.hub).filter((r) => r.method === "GET").length;
    const snapshot = await user.client.snapshotDownload({ repoId, cacheDir, maxWorkers: 8 });
    for (const path of ["a/weights.bin", "b/weights.bin", "c/weights.bin"]) {
      expect(new Uint8Array(readFileSync(join(snapshot, path)))).toEqual(weights);
    }
    expect(readFileSync(join(snapshot, "y.txt"), "utf8")).toBe("same\n");
    const blobs = readdirSync(join(cacheDir, repoFolderName(repoId), "blobs"));
    expect(blobs.filter((b) => b.endsWith(".incomplete"))).toEqual([]);
    expect(blobs).toHaveLength(2);
    expect(storageLog(ctx.hub).filter((r) => r.method === "GET").length - before).toBeLessThanOrEqual(2);
  });

  test("into a local dir with include/exclude, with huggingface_hub's metadata; a second run downloads nothing", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, commit, files } = await repoWithFiles(user);
    const out = tempDir();
    const events: TransferProgress[] = [];
    const folder = await user.client.snapshotDownload({
      repoId,
      localDir: out,
      include: ["*.json", "*.safetensors", "tokenizer/"],
      exclude: "*.bin",
      onProgress: (e) => events.push(e),
    });
    expect(folder).toBe(out);
    const got = ["config.json", "model.safetensors", "tokenizer/vocab.txt"];
    for (const path of got)
      expect(new Uint8Array(readFileSync(join(out, path)))).toEqual(files[path] as Uint8Array<ArrayBuffer>);
    for (const path of ["README.md", "tokenizer/merges.bin", "logs/train.log"]) {
      expect(existsSync(join(out, path))).toBe(false);
    }
    const meta = readFileSync(
      join(out, ".cache/huggingface/download/model.safetensors.metadata"),
      "utf8",
    ).split("\n");
    expect(meta[0]).toBe(commit);
    expect(meta[1]).toBe(sha256Hex(files["model.safetensors"] as Uint8Array<ArrayBuffer>));
    expect(
      readFileSync(join(out, ".cache/huggingface/download/config.json.metadata"), "utf8").split("\n")[1],
    ).toBe(gitBlobSha1(files["config.json"] as Uint8Array<ArrayBuffer>));
    expect(readFileSync(join(out, ".cache/huggingface/.gitignore"), "utf8")).toBe("*");
    const totalBytes = got.reduce((s, p) => s + (files[p] as Uint8Array<ArrayBuffer>).byteLength, 0);
    expect(events.at(-1)).toMatchObject({
      phase: "downloading",
      bytes: totalBytes,
      totalBytes,
      filesDone: 3,
      filesTotal: 3,
    });

    const log = storageLog(ctx.hub).length;
    const again: TransferProgress[] = [];
    await user.client.snapshotDownload({
      repoId,
      localDir: out,
      include: "*.json",
      onProgress: (e) => again.push(e),
    });
    expect(storageLog(ctx.hub).length).toBe(log);
    expect(again.at(-1)).toMatchObject({ skippedBytes: again.at(-1)?.totalBytes, filesDone: 1 });
    // A local copy without metadata but with the right bytes is recognized by its hash.
    const fresh = tempDir();
    writeFileSync(join(fresh, "model.safetensors"), files["model.safetensors"] as Uint8Array<ArrayBuffer>);
    await user.client.snapshotDownload({ repoId, localDir: fresh, include: "model.safetensors" });
    expect(storageLog(ctx.hub).length).toBe(log);
    // force downloads again.
    await user.client.snapshotDownload({
      repoId,
      localDir: fresh,
      include: "model.safetensors",
      force: true,
    });
    expect(storageLog(ctx.hub).length).toBe(log + 1);
  });

  test("into the Hugging Face cache: blobs by etag, relative snapshot symlinks, refs/<revision>", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, commit, files } = await repoWithFiles(user);
    const cache = tempDir("kohub-cache-");
    const snapshot = await user.client.snapshotDownload({ repoId, cacheDir: cache, exclude: "logs" });
    const storage = join(cache, `models--${repoId.replace("/", "--")}`);
    expect(snapshot).toBe(join(storage, "snapshots", commit));
    expect(readFileSync(join(storage, "refs", "main"), "utf8")).toBe(commit);
    expect(existsSync(join(cache, "CACHEDIR.TAG"))).toBe(true);

    const weights = join(snapshot, "model.safetensors");
    expect(lstatSync(weights).isSymbolicLink()).toBe(true);
    const oid = sha256Hex(files["model.safetensors"] as Uint8Array<ArrayBuffer>);
    expect(readlinkSync(weights)).toBe(`../../blobs/${oid}`);
    expect(readlinkSync(join(snapshot, "tokenizer/vocab.txt"))).toBe(
      `../../../blobs/${gitBlobSha1(files["tokenizer/vocab.txt"] as Uint8Array<ArrayBuffer>)}`,
    );
    for (const path of Object.keys(files).filter((p) => !p.startsWith("logs/"))) {
      expect(new Uint8Array(readFileSync(join(snapshot, path)))).toEqual(
        files[path] as Uint8Array<ArrayBuffer>,
      );
    }
    expect(existsSync(join(snapshot, "logs"))).toBe(false);
    expect(readdirSync(join(storage, "blobs")).sort()).toHaveLength(5);

    // downloadFile finds the pointer without any storage traffic; a commit id revision needs no request at all.
    const log = storageLog(ctx.hub).length;
    expect(await user.client.downloadFile({ repoId, path: "README.md", cacheDir: cache })).toBe(
      join(snapshot, "README.md"),
    );
    const requests = ctx.hub.requests.length;
    expect(
      await user.client.downloadFile({ repoId, path: "config.json", cacheDir: cache, revision: commit }),
    ).toBe(join(snapshot, "config.json"));
    expect(ctx.hub.requests.length).toBe(requests);
    expect(storageLog(ctx.hub).length).toBe(log);
  });

  test("a tag is resolved to its commit (refs/<tag>), datasets use the datasets-- prefix", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user, { type: "dataset" });
    const commit = await seedFiles(ctx.hub, repoId, { "data.csv": "a,b\n1,2\n" }, { type: "dataset" });
    await user.client.createTag({ repoId, type: "dataset", tag: "v1" });
    await seedFiles(ctx.hub, repoId, { "data.csv": "a,b\n3,4\n" }, { type: "dataset" });
    const cache = tempDir("kohub-cache-");
    const file = await user.client.downloadFile({
      repoId,
      type: "dataset",
      path: "data.csv",
      revision: "v1",
      cacheDir: cache,
    });
    const storage = join(cache, repoFolderName(repoId, "dataset"));
    expect(storage).toContain("datasets--");
    expect(file).toBe(join(storage, "snapshots", commit, "data.csv"));
    expect(readFileSync(file, "utf8")).toBe("a,b\n1,2\n");
    expect(readFileSync(join(storage, "refs", "v1"), "utf8")).toBe(commit);
    const snap = await user.client.snapshotDownload({
      repoId,
      type: "dataset",
      revision: "v1",
      cacheDir: cache,
    });
    expect(snap).toBe(join(storage, "snapshots", commit));
    // Again at the tag: the snapshot of its commit has every file, so nothing is fetched.
    const gets = storageLog(ctx.hub).length;
    let reused = 0;
    await user.client.snapshotDownload({
      repoId,
      type: "dataset",
      revision: "v1",
      cacheDir: cache,
      onProgress: (e) => {
        if (e.file?.done && e.file.skipped) reused++;
      },
    });
    expect(storageLog(ctx.hub).length).toBe(gets);
    expect(reused).toBe(1);
  });

  test("the default cache comes from HF_HUB_CACHE / HF_HOME of the client's env", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, files } = await repoWithFiles(user);
    const home = tempDir("kohub-hfhome-");
    expect(hfHubCacheDir({ HF_HOME: home })).toBe(join(home, "hub"));
    expect(hfHubCacheDir({ HF_HOME: home, HF_HUB_CACHE: "/x/y" })).toBe("/x/y");
    expect(hfHubCacheDir({ XDG_CACHE_HOME: "/xdg" })).toBe("/xdg/huggingface/hub");
    const client = new KohubClient({
      endpoint: ctx.hub.url,
      token: user.token,
      config: false,
      env: { HF_HOME: home },
    });
    const file = await client.downloadFile({ repoId, path: "config.json" });
    expect(file.startsWith(join(home, "hub", repoFolderName(repoId)))).toBe(true);
    expect(new Uint8Array(readFileSync(file))).toEqual(files["config.json"] as Uint8Array<ArrayBuffer>);
  });

  test("a missing file or repo is a NotFoundError", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = await repoWithFiles(user);
    const out = tempDir();
    const err = await failure(user.client.downloadFile({ repoId, path: "nope.txt", localDir: out }));
    expect(err.code).toBe("EntryNotFound");
    const gone = await failure(
      user.client.snapshotDownload({ repoId: `${user.username}/missing`, localDir: out }),
    );
    expect(gone.name).toBe("NotFoundError");
    expect(readdirSync(out)).toEqual([]);
  });
});
