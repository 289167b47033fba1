/**
 * Interop with the official Python client, `huggingface_hub` (from .venv), against the local hub, both
 * directions: what kohub-cli uploads (inline, LFS single PUT, LFS multipart, a folder) huggingface_hub
 * downloads byte-identical; what huggingface_hub uploads (upload_file, upload_folder, the same sizes)
 * kohub-cli downloads byte-identical; and a snapshot kohub-cli put in the Hugging Face cache is found
 * offline by huggingface_hub. Each test runs Python once, with a batch of calls.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { repoFolderName } from "../../src/index.ts";
import { runCli } from "../helpers/cli.ts";
import { createUser, useHub } from "../helpers/hub.ts";
import {
  fixtureFolder,
  hasPython,
  PYTHON,
  type PyOp,
  python,
  pythonEnv,
  randomBytes,
  sha256File,
  smallMultipart,
  tempDir,
  treeSha,
} from "./_helpers.ts";

const ctx = useHub();

/** Holds filelock's lock on argv[1] for argv[2] seconds (says "locked" once it has it). */
const HOLD_LOCK = `
import sys, time
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
`;

function kohub(argv: string[], token: string, extra: Record<string, string> = {}) {
  return runCli(argv, { env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: token, ...extra } });
}

describe.skipIf(!hasPython)("huggingface_hub (Python)", () => {
  test("downloads byte-identical what kohub-cli uploaded (inline, LFS, multipart, folder, single file)", async () => {
    smallMultipart(ctx.hub);
    const user = await createUser(ctx.hub, "py");
    const repoId = `${user.username}/from-kohub`;
    const folder = fixtureFolder();
    const up = await kohub(
      ["upload", repoId, folder, "--private", "-m", "Folder from kohub-cli"],
      user.token,
    );
    expect(up.code).toBe(0);
    const single = join(tempDir(), "extra.bin");
    writeFileSync(single, randomBytes(7_000_000)); // LFS, multipart (3 parts... of 5 MB: 2)
    expect((await kohub(["upload", repoId, single, "deep/extra.bin"], user.token)).code).toBe(0);

    const local: Record<string, string> = {
      ...(await treeSha(folder)),
      "deep/extra.bin": await sha256File(single),
    };
    const auth = { endpoint: ctx.hub.url, token: user.token };
    const localDir = tempDir();
    const ops: PyOp[] = [
      ...["README.md", "weights.bin", "model.safetensors", "deep/extra.bin"].map((filename) => ({
        op: "hf_hub_download",
        repo_id: repoId,
        filename,
        ...auth,
      })),
      {
        op: "hf_hub_download",
        repo_id: repoId,
        filename: "configs/nested/b.txt",
        local_dir: localDir,
        ...auth,
      },
      { op: "snapshot_download", repo_id: repoId, ...auth },
      {
        op: "snapshot_download",
        repo_id: repoId,
        local_dir: tempDir(),
        allow_patterns: ["configs/*"],
        ...auth,
      },
    ];
    const [readme, weights, model, extra, nested, snapshot, partial] = await python(
      ops,
      pythonEnv(tempDir()),
    );
    expect(readme?.sha256).toBe(local["README.md"] as string);
    expect(weights?.sha256).toBe(local["weights.bin"] as string);
    expect(model?.sha256).toBe(local["model.safetensors"] as string);
    expect(extra?.sha256).toBe(local["deep/extra.bin"] as string);
    expect(nested?.path).toBe(join(localDir, "configs", "nested", "b.txt"));
    expect(nested?.sha256).toBe(local["configs/nested/b.txt"] as string);
    expect(snapshot?.files).toEqual(local);
    expect(partial?.files).toEqual({
      "configs/a.json": local["configs/a.json"] as string,
      "configs/nested/b.txt": local["configs/nested/b.txt"] as string,
    });
  }, 30_000);

  test("kohub-cli downloads byte-identical what huggingface_hub uploaded (upload_file, upload_folder)", async () => {
    smallMultipart(ctx.hub);
    const user = await createUser(ctx.hub, "py");
    const repoId = `${user.username}/from-python`;
    await user.client.createRepo({ repoId, type: "dataset" });
    const folder = fixtureFolder();
    const single = join(tempDir(), "big.bin");
    writeFileSync(single, randomBytes(11_000_000));
    const readme = join(tempDir(), "README.md");
    writeFileSync(readme, "# uploaded by huggingface_hub\n");
    const auth = { endpoint: ctx.hub.url, token: user.token, repo_id: repoId, repo_type: "dataset" };
    const results = await python(
      [
        { op: "upload_folder", folder_path: folder, path_in_repo: "data", ...auth },
        { op: "upload_file", path_or_fileobj: single, path_in_repo: "big.bin", ...auth },
        { op: "upload_file", path_or_fileobj: readme, path_in_repo: "README.md", ...auth },
      ],
      pythonEnv(tempDir()),
    );
    expect(results.every((r) => /^[0-9a-f]{40,64}$/.test(r.commit ?? ""))).toBe(true);

    const expected: Record<string, string> = { "big.bin": await sha256File(single) };
    for (const [path, sha] of Object.entries(await treeSha(folder))) expected[`data/${path}`] = sha;
    expected["README.md"] = await sha256File(readme);

    // The download command into the cache, then into a folder.
    const hfHome = tempDir();
    const cached = await kohub(["download", repoId, "--type", "dataset", "--json"], user.token, {
      HF_HOME: hfHome,
    });
    expect(cached.stderr).toBe("");
    expect(cached.code).toBe(0);
    const doc = JSON.parse(cached.stdout) as { path: string; files: Array<{ path: string; status: string }> };
    expect(doc.path).toStartWith(join(hfHome, "hub", `datasets--${user.username}--from-python`, "snapshots"));
    expect(await treeSha(doc.path)).toEqual(expected);
    expect(doc.files.map((f) => f.status)).toEqual(Object.keys(expected).map(() => "downloaded"));
    const dir = tempDir();
    const some = await kohub(
      [
        "download",
        repoId,
        "-t",
        "dataset",
        "--local-dir",
        dir,
        "--include",
        "*.safetensors",
        "--include",
        "big.bin",
      ],
      user.token,
    );
    expect(some.code).toBe(0);
    expect(await treeSha(dir)).toEqual({
      "big.bin": expected["big.bin"] as string,
      "data/model.safetensors": expected["data/model.safetensors"] as string,
    });
    // And the library, one file.
    const file = await user.client.downloadFile({
      repoId,
      type: "dataset",
      path: "data/weights.bin",
      localDir: tempDir(),
    });
    expect(await sha256File(file)).toBe(expected["data/weights.bin"] as string);
  }, 30_000);

  // Files of a snapshot that share one blob (the same bytes at two paths) are fetched once and linked.
  test("kohub-cli downloads a snapshot with the same bytes at two paths (huggingface_hub upload)", async () => {
    const user = await createUser(ctx.hub, "py");
    const repoId = `${user.username}/dups`;
    await user.client.createRepo({ repoId });
    const dir = tempDir();
    writeFileSync(join(dir, "a.txt"), "same\n");
    writeFileSync(join(dir, "b.txt"), "same\n");
    writeFileSync(join(dir, "x.bin"), randomBytes(200_000));
    writeFileSync(join(dir, "y.bin"), await Bun.file(join(dir, "x.bin")).bytes());
    await python(
      [{ op: "upload_folder", folder_path: dir, repo_id: repoId, endpoint: ctx.hub.url, token: user.token }],
      pythonEnv(tempDir()),
    );
    const got = await kohub(["download", repoId], user.token, { HF_HOME: tempDir() });
    expect(got.code, got.stderr).toBe(0);
    expect(await treeSha(got.stdout.trim())).toEqual(await treeSha(dir));
  }, 30_000);

  test("a snapshot kohub-cli put in the Hugging Face cache is found offline by huggingface_hub", async () => {
    const user = await createUser(ctx.hub, "py");
    const repoId = `${user.username}/offline`;
    const folder = fixtureFolder();
    expect((await kohub(["upload", repoId, folder, "--private"], user.token)).code).toBe(0);
    const hfHome = tempDir();
    const got = await kohub(["download", repoId], user.token, { HF_HOME: hfHome });
    expect(got.code).toBe(0);
    const snapshot = got.stdout.trim();
    const local = await treeSha(folder);

    const offline = pythonEnv(hfHome, { HF_HUB_OFFLINE: "1" });
    // No endpoint and no token: the hub is not asked anything.
    const [readme, model, snap] = await python(
      [
        { op: "hf_hub_download", repo_id: repoId, filename: "README.md" },
        { op: "hf_hub_download", repo_id: repoId, filename: "model.safetensors" },
        { op: "snapshot_download", repo_id: repoId },
      ],
      offline,
    );
    expect(readme?.path).toBe(join(snapshot, "README.md"));
    expect(readme?.sha256).toBe(local["README.md"] as string);
    expect(model?.sha256).toBe(local["model.safetensors"] as string);
    expect(snap?.path).toBe(snapshot);
    expect(snap?.files).toEqual(local);
  }, 30_000);

  test("kohub-cli waits while huggingface_hub holds a resumable download's lock (cache blob, local-dir file)", async () => {
    const user = await createUser(ctx.hub, "py");
    const repoId = `${user.username}/locked`;
    await user.client.createRepo({ repoId });
    // Inline (its etag is the git-blob SHA-1), and resumable: files fetched whole take no lock.
    const data = randomBytes(1_200_000);
    await user.client.uploadFile({ repoId, path: data, pathInRepo: "w.txt" });
    const etag = new Bun.CryptoHasher("sha1").update(`blob ${data.byteLength}\0`).update(data).digest("hex");
    const cache = tempDir();
    const localDir = tempDir();
    const locks = [
      join(cache, ".locks", repoFolderName(repoId), `${etag}.lock`),
      join(localDir, ".cache", "huggingface", "download", "w.txt.lock"),
    ];
    for (const [n, lockPath] of locks.entries()) {
      mkdirSync(dirname(lockPath), { recursive: true });
      // huggingface_hub's lock is filelock's FileLock on that path.
      const holder = Bun.spawn([PYTHON, "-c", HOLD_LOCK, lockPath, "1.0"], { stdout: "pipe" });
      const reader = holder.stdout.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain("locked");
      const started = Date.now();
      const file = await user.client.downloadFile(
        n === 0 ? { repoId, path: "w.txt", cacheDir: cache } : { repoId, path: "w.txt", localDir },
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(700);
      expect(new Uint8Array(readFileSync(file))).toEqual(data);
      expect(await holder.exited).toBe(0);
    }
  });
});
