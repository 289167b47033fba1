import { beforeAll, describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTransferLimits, storageLog } from "../../hub/routes/transfer.ts";
import { blobPath, getFileRecord, readTree, resolveRevision, sha256Hex } from "../../hub/storage.ts";
import { commitLimits } from "../../src/api/files/commit-body.ts";
import { LocalFileError, type TransferProgress } from "../../src/index.ts";
import { failure, randomBytes, userRepo } from "../helpers/fixtures.ts";
import { anonClient, createUser, type TestUser, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();

// Objects over 20,000 bytes go multipart, in parts of 8,000 bytes.
beforeAll(() => setTransferLimits(ctx.hub, { multipartThreshold: 20_000, partSize: 8_000 }));

function tempDir(prefix = "kohub-files-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes files (relative path → content) under a new temp folder. */
function folderWith(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** The file paths of a branch head on the hub. */
function headPaths(repoDbId: number, branch = "main"): string[] {
  const head = resolveRevision(ctx.hub.db, repoDbId, branch);
  if (!head) return [];
  return readTree(ctx.hub.db, head.commitId)
    .map((e) => e.path)
    .sort();
}

async function roundTrip(user: TestUser, repoId: string, path: string): Promise<Uint8Array> {
  const out = tempDir("kohub-dl-");
  const file = await user.client.downloadFile({ repoId, path, localDir: out });
  expect(file).toBe(join(out, path));
  return new Uint8Array(readFileSync(file));
}

describe("uploadFile", () => {
  test("a small file goes inline, a .bin through LFS single PUT, a large one multipart; all download byte-identical", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id } = userRepo(ctx.hub, user);
    const small = new TextEncoder().encode("# Demo\n");
    const lfs = randomBytes(5_000);
    const large = randomBytes(50_000); // 7 parts
    const dir = folderWith({ "README.md": small, "w.bin": lfs, "big.bin": large });
    const before = storageLog(ctx.hub).length;

    const r1 = await user.client.uploadFile({
      repoId,
      path: join(dir, "README.md"),
      pathInRepo: "README.md",
    });
    expect(r1).toMatchObject({ committed: true, deleted: [], bytesSent: small.byteLength });
    expect(r1.files).toEqual([
      { path: "README.md", size: small.byteLength, lfs: false, sha256: sha256Hex(small), status: "sent" },
    ]);
    expect(storageLog(ctx.hub).length).toBe(before); // inline: no storage traffic

    const r2 = await user.client.uploadFile({
      repoId,
      path: join(dir, "w.bin"),
      pathInRepo: "weights/w.bin",
      commitMessage: "weights",
      commitDescription: "the weights",
    });
    expect(r2.files[0]).toMatchObject({ lfs: true, status: "sent", sha256: sha256Hex(lfs) });
    const single = storageLog(ctx.hub).slice(before);
    expect(single).toEqual([{ method: "PUT", oid: sha256Hex(lfs), range: null, partNumber: null }]);

    const r3 = await user.client.uploadFile({ repoId, path: join(dir, "big.bin"), pathInRepo: "big.bin" });
    expect(r3.files[0]).toMatchObject({ lfs: true, status: "sent", size: 50_000 });
    const parts = storageLog(ctx.hub)
      .slice(before + 1)
      .map((r) => r.partNumber);
    expect(parts.sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7]);

    expect(headPaths(id)).toEqual(["README.md", "big.bin", "weights/w.bin"]);
    expect(getFileRecord(ctx.hub.db, id, "big.bin")).toMatchObject({ hash: sha256Hex(large), lfs: 1 });
    const commit = resolveRevision(ctx.hub.db, id, "main");
    expect(commit?.commitId).toBe(r3.commitOid as string);

    expect(await roundTrip(user, repoId, "README.md")).toEqual(small);
    expect(await roundTrip(user, repoId, "weights/w.bin")).toEqual(lfs);
    expect(await roundTrip(user, repoId, "big.bin")).toEqual(large);
  });

  test("bytes and Blobs upload like files; the same bytes again are not sent", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const data = randomBytes(30_000);
    const r1 = await user.client.uploadFile({ repoId, path: data, pathInRepo: "a/data.npy" });
    expect(r1.files[0]).toMatchObject({ lfs: true, status: "sent" });
    // Same bytes at another path: the object is linked, not sent again.
    const before = storageLog(ctx.hub).length;
    const r2 = await user.client.uploadFile({ repoId, path: new Blob([data]), pathInRepo: "b/data.npy" });
    expect(r2.files[0]).toMatchObject({ status: "linked" });
    expect(r2.committed).toBe(true);
    expect(r2.bytesSent).toBe(0);
    // Same bytes at the same path: nothing to commit.
    const r3 = await user.client.uploadFile({ repoId, path: data, pathInRepo: "a/data.npy" });
    expect(r3).toMatchObject({ committed: false, commitOid: undefined, bytesSent: 0 });
    expect(r3.files[0]?.status).toBe("unchanged");
    expect(storageLog(ctx.hub).length).toBe(before);
    expect(await roundTrip(user, repoId, "b/data.npy")).toEqual(data);
  });

  test("progress: hashing, uploading, committing, with totals and per-file detail", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const dir = folderWith({ "a.txt": "alpha\n", "m.safetensors": randomBytes(40_000) });
    const events: TransferProgress[] = [];
    await user.client.uploadFolder({ repoId, folder: dir, onProgress: (e) => events.push(e) });
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(["hashing", "uploading", "committing"]);
    const last = (phase: string) => events.filter((e) => e.phase === phase).at(-1);
    expect(last("hashing")).toMatchObject({ bytes: 40_006, totalBytes: 40_006, filesDone: 2, filesTotal: 2 });
    expect(last("uploading")).toMatchObject({
      bytes: 40_000,
      totalBytes: 40_000,
      filesDone: 1,
      filesTotal: 1,
    });
    expect(last("uploading")?.file).toMatchObject({ path: "m.safetensors", done: true, totalBytes: 40_000 });
    expect(last("committing")).toMatchObject({ bytes: 6, totalBytes: 6, filesDone: 1, filesTotal: 1 });
    // Several uploading events per multipart object (one per part at least), bytes never above the total.
    const uploading = events.filter((e) => e.phase === "uploading" && e.file && !e.file.done);
    expect(uploading.length).toBeGreaterThanOrEqual(5);
    for (const e of events) expect(e.bytes).toBeLessThanOrEqual(e.totalBytes);
  });

  test("a missing local file is a LocalFileError; a bad pathInRepo an InputError", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const err = await failure(
      user.client.uploadFile({ repoId, path: "/nonexistent/file.txt", pathInRepo: "file.txt" }),
    );
    expect(err).toBeInstanceOf(LocalFileError);
    expect(err.code).toBe("FileNotFound");
    expect(err.message).toContain("/nonexistent/file.txt");
    const bad = await failure(
      user.client.uploadFile({ repoId, path: new Uint8Array(1), pathInRepo: "../x" }),
    );
    expect(bad.code).toBe("UnsafePath");
  });
});

describe("uploadFolder", () => {
  test("include, exclude, pathInRepo and deletePatterns; .git is never uploaded", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id } = userRepo(ctx.hub, user);
    await seedFiles(ctx.hub, repoId, {
      ".gitattributes": "*.bin filter=lfs\n",
      "ckpt/old.bin": "old weights",
      "ckpt/keep.md": "kept",
      "ckpt/notes.txt": "will be replaced",
      "other/x.bin": "outside pathInRepo",
    });
    const dir = folderWith({
      "config.json": "{}",
      "notes.txt": "new notes",
      "sub/deep.json": '{"a":1}',
      "logs/run1/out.log": "log",
      "optimizer.pt": randomBytes(100),
      ".git/HEAD": "ref: refs/heads/main\n",
    });
    const result = await user.client.uploadFolder({
      repoId,
      folder: dir,
      pathInRepo: "ckpt",
      include: ["*.json", "*.txt", "logs"],
      exclude: ["logs/run1/"],
      deletePatterns: ["*.bin", "*.txt"],
      commitMessage: "New checkpoint",
    });
    expect(result.files.map((f) => f.path)).toEqual([
      "ckpt/config.json",
      "ckpt/notes.txt",
      "ckpt/sub/deep.json",
    ]);
    expect(result.deleted).toEqual(["ckpt/old.bin"]);
    expect(headPaths(id)).toEqual([
      ".gitattributes",
      "ckpt/config.json",
      "ckpt/keep.md",
      "ckpt/notes.txt",
      "ckpt/sub/deep.json",
      "other/x.bin",
    ]);
    const commit = ctx.hub.db
      .query("SELECT message FROM commits WHERE id = ?")
      .get(result.commitOid as string) as {
      message: string;
    };
    expect(commit.message).toBe("New checkpoint");
  });

  test(".git and .cache/huggingface are left out at any depth, as huggingface_hub does; look-alikes are not", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const dir = folderWith({
      "a.txt": "a",
      ".gitignore": "*.log\n",
      ".github/workflows/ci.yml": "on: push\n",
      "data/.gitkeep": "",
      ".git/HEAD": "ref: refs/heads/main\n",
      "sub/vendored/.git/config": "[core]\n",
      "sub/module/.git": "gitdir: ../../.git/modules/module\n",
      ".cache/huggingface/download/a.txt.metadata": "x\n",
      "sub/.cache/huggingface/download/b.metadata": "x\n",
      "sub/.cache/other.txt": "kept",
    });
    const result = await user.client.uploadFolder({ repoId, folder: dir });
    expect(result.files.map((f) => f.path)).toEqual([
      ".github/workflows/ci.yml",
      ".gitignore",
      "a.txt",
      "data/.gitkeep",
      "sub/.cache/other.txt",
    ]);
  });

  test("a second upload of the same folder sends nothing and makes no commit", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const dir = folderWith({
      "README.md": "# hi\n",
      "data/a.csv": "x,y\n1,2\n",
      "model.safetensors": randomBytes(3_000),
      "big.bin": randomBytes(25_000),
    });
    const first = await user.client.uploadFolder({ repoId, folder: dir });
    expect(first.files.every((f) => f.status === "sent")).toBe(true);
    const log = storageLog(ctx.hub).length;
    const requests = ctx.hub.requests.length;
    const second = await user.client.uploadFolder({ repoId, folder: dir });
    expect(second.committed).toBe(false);
    expect(second.bytesSent).toBe(0);
    expect(second.files.map((f) => f.status)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(storageLog(ctx.hub).length).toBe(log);
    // Only the preupload call.
    expect(ctx.hub.requests.slice(requests).map((r) => `${r.method} ${r.path.split("/").at(-2)}`)).toEqual([
      "POST preupload",
    ]);
  });

  test("a commit body in memory and one over the limit (streamed) carry the same bytes, non-ASCII paths too", async () => {
    const user = await createUser(ctx.hub);
    const files = {
      "a.txt": randomBytes(1_000),
      "sub/b.txt": randomBytes(2_000),
      "c.json": "{}",
      "données/ü 名前.txt": "é\n",
    };
    const dir = folderWith(files);
    const before = commitLimits.inMemory;
    for (const limit of [before, 100]) {
      const { repoId } = userRepo(ctx.hub, user);
      commitLimits.inMemory = limit; // 100: smaller than this body: streamed
      try {
        const res = await user.client.uploadFolder({ repoId, folder: dir });
        expect(res.files.map((f) => f.status)).toEqual(["sent", "sent", "sent", "sent"]);
        // In memory, the small files' SHA-256 comes from the body, while the commit is sent.
        for (const f of res.files) expect(f.sha256).toBe(sha256Hex(files[f.path as keyof typeof files]));
      } finally {
        commitLimits.inMemory = before;
      }
      const out = tempDir("kohub-dl-");
      await user.client.snapshotDownload({ repoId, localDir: out });
      for (const [path, content] of Object.entries(files))
        expect(new Uint8Array(readFileSync(join(out, path)))).toEqual(
          typeof content === "string" ? new TextEncoder().encode(content) : content,
        );
    }
  });

  test("a small file the server sends through LFS (the repo's own suffix rule): the body laid out for inline files is dropped", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    await user.client.updateRepoSettings({ repoId, lfsSuffixRules: [".dat"] });
    const files = { "a.txt": "a\n", "b.dat": randomBytes(3_000), "c/d.txt": randomBytes(500) };
    const res = await user.client.uploadFolder({ repoId, folder: folderWith(files) });
    expect(res.files.map((f) => `${f.path} ${f.lfs} ${f.status}`)).toEqual([
      "a.txt false sent",
      "b.dat true sent",
      "c/d.txt false sent",
    ]);
    // Their SHA-256 was left for the body: taken from it before it was dropped (b.dat's is its LFS oid).
    for (const f of res.files) expect(f.sha256).toBe(sha256Hex(files[f.path as keyof typeof files]));
    const out = tempDir("kohub-dl-");
    await user.client.snapshotDownload({ repoId, localDir: out });
    for (const [path, content] of Object.entries(files))
      expect(new Uint8Array(readFileSync(join(out, path)))).toEqual(
        typeof content === "string" ? new TextEncoder().encode(content) : content,
      );
  });

  test("a re-upload with one changed file commits only that file, the others unchanged", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const dir = folderWith({ "a.txt": "a\n", "b.txt": "b\n", "c/d.txt": "d\n" });
    await user.client.uploadFolder({ repoId, folder: dir });
    writeFileSync(join(dir, "b.txt"), "b, changed\n");
    const again = await user.client.uploadFolder({ repoId, folder: dir });
    expect(again.files.map((f) => `${f.path} ${f.status}`)).toEqual([
      "a.txt unchanged",
      "b.txt sent",
      "c/d.txt unchanged",
    ]);
    expect(again.bytesSent).toBe("b, changed\n".length);
    const out = tempDir("kohub-dl-");
    await user.client.snapshotDownload({ repoId, localDir: out });
    expect(readFileSync(join(out, "b.txt"), "utf8")).toBe("b, changed\n");
    expect(readFileSync(join(out, "c/d.txt"), "utf8")).toBe("d\n");
  });

  test("a file removed, grown or shrunk after the folder was listed fails the upload with a LocalFileError naming it", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const big = randomBytes(4_500_000); // over 4 MiB: streamed while hashed
    for (const [name, content, change, why] of [
      ["b.txt", "b\n", (f: string) => rmSync(f), "ENOENT|no such file|not found"],
      ["b.txt", "b\n", (f: string) => writeFileSync(f, "b, and more\n"), "changed while being read"],
      ["b.txt", "bb\n", (f: string) => writeFileSync(f, "b"), "changed while being read"],
      ["big.bin", big, (f: string) => appendFileSync(f, "more"), "changed while being read"],
      // Replaced by a FIFO: refused, not waited on (opening or reading one blocks until a writer comes),
      // whether small (prepared) or large (hashed in pieces).
      ...(process.platform === "win32"
        ? []
        : (["b.txt", "big.bin"] as const).map(
            (name) =>
              [
                name,
                name === "big.bin" ? big : "b\n",
                (f: string) => {
                  rmSync(f);
                  execFileSync("mkfifo", [f]);
                },
                "not a regular file",
              ] as const,
          )),
    ] as const) {
      const dir = folderWith({ "a.txt": "a\n", [name]: content });
      const err = await failure(
        user.client.uploadFolder({
          repoId,
          folder: dir,
          onProgress: (e) => {
            if (e.phase === "hashing" && e.file === undefined) change(join(dir, name)); // listed, not read yet
          },
        }),
      );
      expect(err).toBeInstanceOf(LocalFileError);
      expect(err.message).toContain(join(dir, name));
      expect(err.message).toMatch(new RegExp(why, "i"));
    }
    expect(await user.client.fileExists({ repoId, path: "a.txt" })).toBe(false);
  });

  test("an LFS file rewritten during its upload (same size) is refused before its object is stored: single PUT, parts, and after its last part", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    // Under the 20,000-byte multipart threshold (one PUT), and over it (8,000-byte parts).
    for (const [name, size] of [
      ["one.bin", 5_000],
      ["parts.bin", 50_000],
    ] as const) {
      const bytes = randomBytes(size);
      const dir = folderWith({ [name]: bytes });
      const err = await failure(
        user.client.uploadFolder({
          repoId,
          folder: dir,
          onProgress: (e) => {
            if (e.phase === "uploading" && e.file === undefined)
              writeFileSync(join(dir, name), randomBytes(size));
          },
        }),
      );
      expect(err).toBeInstanceOf(LocalFileError);
      expect(err.message).toBe(`Cannot upload ${join(dir, name)}: it changed while being uploaded`);
      expect(existsSync(blobPath(ctx.hub.dataDir, sha256Hex(bytes)))).toBe(false);
      expect(await user.client.fileExists({ repoId, path: name })).toBe(false);
      // The file as it is now goes up whole.
      await user.client.uploadFolder({ repoId, folder: dir });
      const got = await user.client.downloadFile({ repoId, path: name, localDir: join(dir, "..", "out") });
      expect(readFileSync(got).equals(readFileSync(join(dir, name)))).toBe(true);
    }
    // Rewritten once every part is sent, before the completion: which bytes the parts hold cannot be known
    // (the runtime sent them from the file), so the upload is not completed and nothing is stored.
    const bytes = randomBytes(50_000);
    const dir = folderWith({ "late.bin": bytes });
    let changed = false;
    const err = await failure(
      user.client.uploadFolder({
        repoId,
        folder: dir,
        onProgress: (e) => {
          if (e.phase === "uploading" && e.bytes === e.totalBytes && !changed) {
            changed = true;
            writeFileSync(join(dir, "late.bin"), randomBytes(50_000));
          }
        },
      }),
    );
    expect(changed).toBe(true);
    expect(err.message).toBe(`Cannot upload ${join(dir, "late.bin")}: it changed while being uploaded`);
    expect(existsSync(blobPath(ctx.hub.dataDir, sha256Hex(bytes)))).toBe(false);
    expect(await user.client.fileExists({ repoId, path: "late.bin" })).toBe(false);
  });

  test("a multipart file removed while its parts are sent is a LocalFileError naming it, not a network error", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const dir = folderWith({ "gone.bin": randomBytes(50_000) });
    const err = await failure(
      user.client.uploadFolder({
        repoId,
        folder: dir,
        onProgress: (e) => {
          if (e.phase === "uploading" && e.file === undefined) rmSync(join(dir, "gone.bin"));
        },
      }),
    );
    expect(err).toBeInstanceOf(LocalFileError);
    expect(err.message).toContain(join(dir, "gone.bin"));
    expect(await user.client.fileExists({ repoId, path: "gone.bin" })).toBe(false);
  });

  test("a file removed or grown after hashing fails the commit with a LocalFileError naming it; nothing is committed", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    for (const change of [(f: string) => rmSync(f), (f: string) => appendFileSync(f, "more")]) {
      const dir = folderWith({ "a.txt": "a\n", "b.txt": "b\n" });
      const before = commitLimits.inMemory;
      commitLimits.inMemory = 1; // streamed: the commit reads the files again
      let changed = false;
      try {
        const err = await failure(
          user.client.uploadFolder({
            repoId,
            folder: dir,
            onProgress: (e) => {
              if (e.phase === "committing" && !changed) {
                changed = true;
                change(join(dir, "b.txt"));
              }
            },
          }),
        );
        expect(err).toBeInstanceOf(LocalFileError);
        expect(err.message).toContain(join(dir, "b.txt"));
      } finally {
        commitLimits.inMemory = before;
      }
    }
    expect(await user.client.fileExists({ repoId, path: "a.txt" })).toBe(false);
  });

  test("an abort while small files are being hashed stops the upload: AbortError, no preupload, no commit", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const files: Record<string, string> = {};
    for (let i = 0; i < 456; i++) files[`s/${i}.txt`] = `${i}\n`.repeat(50);
    const dir = folderWith(files);
    const controller = new AbortController();
    let hashed = 0;
    const before = ctx.hub.requests.length;
    const err = await failure(
      user.client.uploadFolder({
        repoId,
        folder: dir,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.phase === "hashing" && e.file?.done && ++hashed === 100) controller.abort();
        },
      }),
    );
    expect((err as Error).name).toBe("AbortError");
    expect(hashed).toBeLessThan(456);
    const sent = ctx.hub.requests.slice(before).map((r) => r.path);
    expect(sent.filter((p) => p.includes("/preupload/") || p.includes("/commit/"))).toEqual([]);
  });

  test("preupload goes out once every file is hashed, 1,000 files per request; a refused one (quota) fails the upload with its error", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const files: Record<string, string> = {};
    for (let i = 0; i < 1_100; i++) files[`p/${String(i).padStart(4, "0")}.txt`] = `${i}\n`;
    const dir = folderWith(files);
    let hashed = 0;
    const hashedAtPreupload: number[] = [];
    const client = anonClient(ctx.hub, {
      token: user.token,
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
        if ((input instanceof Request ? input.url : String(input)).includes("/preupload/")) {
          hashedAtPreupload.push(hashed);
        }
        return fetch(input, init);
      }) as typeof fetch,
    });
    const res = await client.uploadFolder({
      repoId,
      folder: dir,
      onProgress: (e) => {
        if (e.phase === "hashing" && e.file?.done) hashed++;
      },
    });
    expect(res.files.filter((f) => f.status === "sent").length).toBe(1_100);
    expect(hashedAtPreupload).toEqual([1_100, 1_100]);

    const { repoId: second } = userRepo(ctx.hub, user);
    ctx.hub.db.query("UPDATE users SET public_quota_bytes = 100 WHERE username = ?").run(user.username);
    try {
      const err = await failure(user.client.uploadFolder({ repoId: second, folder: dir }));
      expect(err.status).toBe(413);
      expect(err.message).toContain("Storage quota exceeded");
    } finally {
      ctx.hub.db.query("UPDATE users SET public_quota_bytes = NULL WHERE username = ?").run(user.username);
    }
  });

  test("2,000 small files round trip (upload folder, snapshot download)", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`d${i % 20}/f${i}.txt`] = `file ${i} ${"x".repeat(i % 300)}\n`;
    const dir = folderWith(files);
    const up = await user.client.uploadFolder({ repoId, folder: dir });
    expect(up.files.length).toBe(2000);
    for (const f of up.files) expect(f.sha256).toBe(sha256Hex(files[f.path] as string));
    const out = tempDir("kohub-dl-");
    await user.client.snapshotDownload({ repoId, localDir: out });
    for (const [path, content] of Object.entries(files))
      expect(readFileSync(join(out, path), "utf8")).toBe(content);
  }, 60_000);
});

describe("deleteFiles / deleteFolder", () => {
  test("delete files and a folder in commits of their own", async () => {
    const user = await createUser(ctx.hub);
    const { repoId, id } = userRepo(ctx.hub, user);
    await seedFiles(ctx.hub, repoId, { "a.txt": "a", "b.txt": "b", "dir/c.txt": "c", "dir/sub/d.txt": "d" });
    const r1 = await user.client.deleteFiles({ repoId, paths: ["a.txt", "b.txt"] });
    expect(r1.commitOid).toMatch(/^[0-9a-f]{64}$/);
    expect(headPaths(id)).toEqual(["dir/c.txt", "dir/sub/d.txt"]);
    expect(await user.client.fileExists({ repoId, path: "a.txt" })).toBe(false);
    await user.client.deleteFolder({ repoId, path: "dir/", commitMessage: "drop dir" });
    expect(headPaths(id)).toEqual([]);
    const commit = ctx.hub.db
      .query("SELECT message FROM commits WHERE repo_id = ? ORDER BY seq DESC")
      .get(id) as {
      message: string;
    };
    expect(commit.message).toBe("drop dir");
    expect((await failure(user.client.deleteFiles({ repoId, paths: [] }))).name).toBe("InputError");
  });

  test("getPathsInfo and fileExists see what was uploaded", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const weights = randomBytes(2_000);
    await user.client.uploadFile({ repoId, path: weights, pathInRepo: "m.safetensors" });
    const [info] = await user.client.getPathsInfo({ repoId, paths: ["m.safetensors", "missing.txt"] });
    expect(info).toMatchObject({ type: "file", path: "m.safetensors", size: 2_000 });
    expect(info?.type === "file" ? info.lfs?.oid : undefined).toBe(sha256Hex(weights));
    expect(await user.client.fileExists({ repoId, path: "m.safetensors" })).toBe(true);
    expect(existsSync(join(tmpdir(), "never"))).toBe(false);
  });
});
