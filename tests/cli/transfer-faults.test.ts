/**
 * `download` and `upload` where the transfer engine used to break, against the local hub: a whole-repo
 * download where one file cannot be fetched ends with its exit code (the real process, which used to
 * print its error and never exit), a stalled storage is cut after `HF_HUB_DOWNLOAD_TIMEOUT` seconds and
 * named, a missing file is named, a resumed download reports what it transferred and what it reused, a
 * full disk leaves no litter in the cache, and symbolic links follow one policy (reported on stderr, in
 * the JSON, followed outside the folder with `--follow-symlinks`).
 *
 * Every run that could hang is bounded by {@link settles} ("hung" after 20 s; the tests' timeout is 30 s).
 */
import { afterAll, describe, expect, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statfsSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storageLog } from "../../hub/routes/transfer.ts";
import { sha256Hex } from "../../hub/storage.ts";
import { type CliResult, runCliAs, spawnCli } from "../helpers/cli.ts";
import {
  dropAfter,
  redirectResolve,
  repoCache,
  settles,
  stallingStorage,
  twentyFiles,
} from "../helpers/faults.ts";
import { randomBytes, userRepo } from "../helpers/fixtures.ts";
import { createUser, type TestUser, useHub } from "../helpers/hub.ts";
import { INSIDE_FILES, linkedFolder, repoFiles, repoText, sortSkipped } from "../helpers/links.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();
/** How long a run may take before it counts as hung (the tests' own timeout is 30 s). */
const HUNG_MS = 20_000;
/** The hint of a hub that cannot be reached. */
const UNREACHABLE_HINT = "Is the server running?";

function tempDir(prefix = "kohub-faults-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the real entry point as `user` (a subprocess: a process that does not exit is seen), bounded. */
function spawnAs(user: TestUser, argv: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return settles(`kohub-cli ${argv.join(" ")}`, HUNG_MS, () =>
    spawnCli(argv, {
      env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token, ...env },
      timeoutMs: HUNG_MS + 5_000, // killed a little after it is declared hung
    }),
  );
}

/** Runs the CLI in this process as `user`, bounded. */
function kohub(user: TestUser, argv: string[]): Promise<CliResult> {
  return settles(`kohub-cli ${argv.join(" ")}`, HUNG_MS, () => runCliAs(ctx.hub, user, argv));
}

/** Every file below a folder (relative paths), hidden ones included. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => !d.isDirectory())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

describe("a whole-repo download where one file's storage GET always fails (the real process)", () => {
  for (const [fault, exitCode] of [
    ["a 404", 3],
    ["a dropped connection", 7],
  ] as const) {
    for (const workers of [[], ["--max-workers", "1"]]) {
      const label = workers.length ? "--max-workers 1" : "the default workers";
      test(`${fault}, ${label}: exit ${exitCode} in bounded time (text and JSON, --cache-dir and --local-dir)`, async () => {
        const { user, repoId, broken } = await twentyFiles(ctx.hub);
        ctx.hub.fault({
          method: "GET",
          path: new RegExp(`^/_s3/.*/${sha256Hex(broken)}$`),
          respond: fault === "a 404" ? 404 : dropAfter(broken, broken.byteLength >> 1),
        });
        try {
          const runs = [
            ["text", "--cache-dir"],
            ["text", "--local-dir"],
            ["json", "--cache-dir"],
            ["json", "--local-dir"],
          ] as const;
          const results = await Promise.all(
            runs.map(([output, target]) =>
              spawnAs(user, ["download", repoId, target, tempDir(), ...workers, "--output", output]),
            ),
          );
          // Every run's problems at once (one line each), rather than the first one only.
          const problems = runs.flatMap(([output, target], i) => {
            const r = results[i] as CliResult;
            const wrong: string[] = [];
            if (r.code !== exitCode) wrong.push(`exit ${r.code}`);
            if (output === "text") {
              if (r.stdout !== "") wrong.push("stdout not empty");
              if (!/^Error: [^\n]+\n$/.test(r.stderr)) wrong.push("stderr is not one line `Error: ...`");
            } else {
              const lines = r.stdout.trim().split("\n");
              let doc: { error?: unknown; code?: unknown } = {};
              try {
                doc = JSON.parse(lines[0] as string);
              } catch {
                wrong.push("stdout is not JSON");
              }
              if (lines.length !== 1) wrong.push("stdout is not one line");
              if (typeof doc.error !== "string" || typeof doc.code !== "string") {
                wrong.push("no {error, code} object");
              }
            }
            return wrong.length ? [`${output}, ${target}: ${wrong.join("; ")} in ${JSON.stringify(r)}`] : [];
          });
          expect(problems).toEqual([]);
        } finally {
          ctx.hub.clearFaults();
        }
      }, 30_000);
    }
  }
});

test("a storage that stalls on every attempt: with HF_HUB_DOWNLOAD_TIMEOUT=1 the download ends, naming the stalled host:port, without the unreachable-hub hint", async () => {
  const user = await createUser(ctx.hub);
  const { repoId } = userRepo(ctx.hub, user);
  const data = randomBytes(50_000);
  await seedFiles(ctx.hub, repoId, { "small.bin": data });
  const storage = stallingStorage(data, 10_000);
  redirectResolve(ctx.hub, storage.url);
  try {
    const r = await spawnAs(user, ["download", repoId, "small.bin", "--cache-dir", tempDir()], {
      HF_HUB_DOWNLOAD_TIMEOUT: "1",
    });
    const what = JSON.stringify(r);
    expect(storage.ranges.length).toBeGreaterThan(0);
    expect(r.code, what).toBe(7);
    expect(r.stderr, what).toContain(storage.host);
    expect(r.stderr, what).toMatch(/stall/i);
    expect(r.stderr, what).not.toContain(UNREACHABLE_HINT);
  } finally {
    ctx.hub.clearFaults();
    storage.stop();
  }
}, 30_000);

test("a file that does not exist: exit 3, and the error names the file (text and JSON)", async () => {
  const user = await createUser(ctx.hub);
  const { repoId } = userRepo(ctx.hub, user);
  await seedFiles(ctx.hub, repoId, { "path/y.txt": "y\n" });
  const text = await kohub(user, ["download", repoId, "path/x", "--local-dir", tempDir()]);
  expect(text.code, text.stderr).toBe(3);
  expect(text.stderr).toContain("path/x");
  const json = await kohub(user, [
    "download",
    repoId,
    "path/x",
    "--cache-dir",
    tempDir(),
    "--output",
    "json",
  ]);
  expect(json.code, json.stdout).toBe(3);
  const doc = JSON.parse(json.stdout) as { error: string; details?: unknown };
  expect(`${doc.error} ${JSON.stringify(doc.details ?? "")}`).toContain("path/x");
});

test("a resumed download reports bytes_downloaded (transferred) and bytes_reused (from the .incomplete); up to date: 0 and the size", async () => {
  const user = await createUser(ctx.hub);
  const { repoId } = userRepo(ctx.hub, user);
  const data = randomBytes(1_500_000); // over 1 MiB, and .bin: an LFS object, resumable
  await seedFiles(ctx.hub, repoId, { "model.bin": data });
  const half = data.byteLength / 2;
  const cacheDir = tempDir();
  const blobs = join(repoCache(cacheDir, repoId), "blobs");
  mkdirSync(blobs, { recursive: true });
  writeFileSync(join(blobs, `${sha256Hex(data)}.incomplete`), data.subarray(0, half));
  const argv = ["download", repoId, "model.bin", "--cache-dir", cacheDir, "--output", "json"];

  const log = storageLog(ctx.hub).length;
  const first = await kohub(user, argv);
  expect(first.code, first.stderr).toBe(0);
  expect(storageLog(ctx.hub).slice(log)).toEqual([
    { method: "GET", oid: sha256Hex(data), range: `bytes=${half}-`, partNumber: null },
  ]);
  const doc = JSON.parse(first.stdout);
  expect(new Uint8Array(readFileSync(doc.files[0].local_path))).toEqual(data);
  expect({ bytes_downloaded: doc.bytes_downloaded, bytes_reused: doc.bytes_reused }).toEqual({
    bytes_downloaded: data.byteLength - half,
    bytes_reused: half,
  });

  const second = await kohub(user, argv);
  expect(second.code, second.stderr).toBe(0);
  const again = JSON.parse(second.stdout);
  expect({ bytes_downloaded: again.bytes_downloaded, bytes_reused: again.bytes_reused }).toEqual({
    bytes_downloaded: 0,
    bytes_reused: data.byteLength,
  });
});

/**
 * A 256 kB tmpfs to fill, when this process may mount one (root, and `mount` works); otherwise why not.
 * Unmounted after the file's tests.
 */
function smallDisk(): { dir?: string; reason?: string } {
  if (process.getuid?.() !== 0) return { reason: "not running as root" };
  const dir = mkdtempSync(join(tmpdir(), "kohub-tmpfs-"));
  const mounted = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir]);
  if (mounted.exitCode !== 0) return { reason: `mount failed: ${mounted.stderr.toString().trim()}` };
  return { dir };
}

const disk = smallDisk();
afterAll(() => {
  if (disk.dir) Bun.spawnSync(["umount", disk.dir]);
});

test.skipIf(disk.dir === undefined)(
  `a full disk in cache mode: a clear error, no refs/*.tmp and no empty CACHEDIR.TAG left${disk.reason ? ` (skipped: ${disk.reason})` : ""}`,
  async () => {
    const mount = disk.dir as string;
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    await seedFiles(ctx.hub, repoId, { "weights.bin": randomBytes(100_000), "config.json": "{}\n" });
    // Fill the disk: the filler takes every block there is.
    try {
      writeFileSync(join(mount, "filler"), new Uint8Array(1024 * 1024));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe("ENOSPC");
    }
    expect(statfsSync(mount).bavail).toBe(0);
    for (const files of [["weights.bin"], []]) {
      const cacheDir = join(mount, files.length ? "cache-file" : "cache-repo");
      const r = await kohub(user, ["download", repoId, ...files, "--cache-dir", cacheDir]);
      const what = `download ${files.join(" ") || "(whole repo)"}: ${JSON.stringify(r)}`;
      expect(r.code, what).not.toBe(0);
      expect(r.stderr, what).toMatch(/no space|disk (is )?full/i);
      if (!existsSync(cacheDir)) continue;
      const left = listFiles(cacheDir);
      expect(
        left.filter((f) => /(^|\/)refs\/.*\.tmp$/.test(f)),
        `${what}\nleft: ${left.join(", ")}`,
      ).toEqual([]);
      const tag = join(cacheDir, "CACHEDIR.TAG");
      if (existsSync(tag)) expect(statSync(tag).size, `${what}: an empty CACHEDIR.TAG`).toBeGreaterThan(0);
    }
  },
  30_000,
);

describe("symbolic links in an uploaded folder", () => {
  const expected = [
    { path: "dangling.txt", reason: "dangling" },
    { path: "loopdir/up", reason: "loop" },
    { path: "outside.txt", reason: "outside" },
  ] as const;

  test("text: one warning line per skipped link on stderr (path and reason; --follow-symlinks for the one outside); not uploaded", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const { folder } = linkedFolder();
    const r = await kohub(user, ["upload", repoId, folder]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split("\n");
    for (const { path, reason } of expected) {
      const about = lines.filter((l) => l.includes(path));
      expect(about, `${path} in:\n${r.stderr}`).toHaveLength(1);
      expect(about[0]).toMatch(new RegExp(reason, "i"));
      if (reason === "outside") expect(about[0]).toContain("--follow-symlinks");
    }
    expect(await repoFiles(user, repoId)).toEqual(INSIDE_FILES);
  });

  test("JSON: the skipped links under `skipped`", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const { folder } = linkedFolder();
    const r = await kohub(user, ["upload", repoId, folder, "--output", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(sortSkipped(doc.skipped)).toEqual([...expected]);
    expect(await repoFiles(user, repoId)).toEqual(INSIDE_FILES);
  });

  test("--follow-symlinks uploads the link outside with its target's content; dangling links and loops are still skipped", async () => {
    const user = await createUser(ctx.hub);
    const { repoId } = userRepo(ctx.hub, user);
    const { folder, secret } = linkedFolder();
    const r = await kohub(user, ["upload", repoId, folder, "--follow-symlinks", "--output", "json"]);
    expect(r.code, r.stderr || r.stdout).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(sortSkipped(doc.skipped)).toEqual(expected.filter((s) => s.reason !== "outside"));
    expect(await repoFiles(user, repoId)).toEqual([...INSIDE_FILES, "outside.txt"].sort());
    expect(await repoText(ctx.hub, user, repoId, "outside.txt")).toBe(secret);
  });
});
