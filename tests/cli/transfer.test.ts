/**
 * `upload`, `download` and `repo rm` in-process against the local hub: argument checks made before any
 * request, success in text, quiet and JSON output, progress on a terminal only, `--private`, missing repos
 * and unwritable targets; then the real entry point in a subprocess: piped output, and Ctrl-C in the middle
 * of a download (exit 130, resumable state kept, the next run resumes with a Range request).
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { storageLog } from "../../hub/routes/transfer.ts";
import { toOptions as downloadOptions } from "../../src/commands/download.ts";
import { toOptions as rmOptions } from "../../src/commands/repo/rm.ts";
import { toOptions as uploadOptions } from "../../src/commands/upload.ts";
import { formatBytes } from "../../src/output/format.ts";
import { bufferIO } from "../../src/output/io.ts";
import { createProgress, formatDuration } from "../../src/output/progress.ts";
import { type CliOptions, runCliAs, spawnCli, TTY } from "../helpers/cli.ts";
import { createUser, type TestUser, useHub } from "../helpers/hub.ts";
import {
  fixtureFolder,
  randomBytes,
  sha256File,
  smallMultipart,
  tempDir,
  treeSha,
} from "../interop/_helpers.ts";

const ctx = useHub();
let alice: TestUser;
let repoId: string;
let folder: string;

const kohub = (argv: string[], options: CliOptions = {}) => runCliAs(ctx.hub, alice, argv, options);

beforeAll(async () => {
  smallMultipart(ctx.hub);
  alice = await createUser(ctx.hub, "alice");
  repoId = `${alice.username}/weights`;
  folder = fixtureFolder();
  const up = await kohub(["upload", repoId, folder, "--private"]);
  expect(up.code).toBe(0);
});

describe("arguments", () => {
  test("upload: positionals, repeated patterns, numbers", () => {
    const raw = ["--include", "*.json", "--include=*.md", "--exclude", "logs/", "--delete", "*.bin"];
    expect(
      uploadOptions(
        { repo_id: "a/b", local_path: "./x", path_in_repo: "./sub/", "max-workers": "4", private: true },
        raw,
      ),
    ).toEqual({
      repoId: "a/b",
      localPath: "./x",
      pathInRepo: "sub/",
      type: undefined,
      revision: undefined,
      commitMessage: undefined,
      commitDescription: undefined,
      include: ["*.json", "*.md"],
      exclude: ["logs/"],
      delete: ["*.bin"],
      private: true,
      followSymlinks: false,
      maxWorkers: 4,
    });
    expect(() => uploadOptions({ repo_id: "a/b/c", local_path: "x" })).toThrow('Invalid repo id "a/b/c"');
    expect(() => uploadOptions({ repo_id: "a/b", local_path: "x" }, ["--include", "[a"])).toThrow(
      `Invalid pattern "[a" for --include: unclosed '['`,
    );
    expect(() => uploadOptions({ repo_id: "a/b", local_path: "x" }, ["--exclude", "{a,b"])).toThrow(
      "unclosed '{'",
    );
    expect(() => uploadOptions({ repo_id: "a/b", local_path: "x" }, ["--delete", "../x"])).toThrow("'..'");
    expect(() => uploadOptions({ repo_id: "a/b", local_path: "x" }, ["--include="])).toThrow("it is empty");
    expect(() => uploadOptions({ repo_id: "a/b", local_path: "x", "max-workers": "0" })).toThrow(
      'Invalid value "0" for --max-workers',
    );
    expect(() => uploadOptions({ repo_id: "a/b", local_path: "x", path_in_repo: "../up" })).toThrow(
      "must stay inside the repository",
    );
  });

  test("download: files, or patterns, not both; paths inside the repo", () => {
    expect(downloadOptions({ repo_id: "a/b", files: ["x.json", "./d/y.bin"] })).toMatchObject({
      files: ["x.json", "d/y.bin"],
      force: false,
    });
    expect(downloadOptions({ repo_id: "a/b" }, ["--include", "*.json", "--include", "*.md"]).include).toEqual(
      ["*.json", "*.md"],
    );
    expect(() => downloadOptions({ repo_id: "a/b", files: ["x"] }, ["--include", "*.json"])).toThrow(
      "use them without file names",
    );
    expect(() => downloadOptions({ repo_id: "a/b", files: ["../etc/passwd"] })).toThrow(
      'Invalid file "../etc/passwd"',
    );
    expect(() => downloadOptions({ repo_id: "a/b", revision: "a b" })).toThrow('Invalid revision "a b"');
  });

  test("repo rm: at least one path, inside the repo", () => {
    expect(rmOptions({ repo_id: "a/b", paths: ["x", "d/", "x"], recursive: true })).toMatchObject({
      paths: ["x", "d"],
      recursive: true,
    });
    expect(() => rmOptions({ repo_id: "a/b", paths: [] })).toThrow("Missing argument <paths>");
    expect(() => rmOptions({ repo_id: "a/b", paths: ["a/../b"] })).toThrow('Invalid path "a/../b"');
  });

  test("usage errors come before any request", async () => {
    const before = ctx.hub.requests.length;
    const file = join(folder, "README.md");
    const cases: Array<[string[], string]> = [
      [["upload", repoId, join(folder, "missing")], `Local path "${join(folder, "missing")}" does not exist`],
      [["upload", repoId, folder, "--include", "[x"], `Invalid pattern "[x" for --include`],
      [["upload", repoId, file, "--include", "*.md"], "apply to folders"],
      [["upload", "a/b/c", folder], 'Invalid repo id "a/b/c"'],
      [["upload", repoId], "Missing argument <local_path>"],
      [["download", repoId, "a.txt", "--exclude", "*.bin"], "without file names"],
      [["download", "a/b/c"], 'Invalid repo id "a/b/c"'],
      [["download", repoId, "--max-workers", "x"], "--max-workers"],
      [["repo", "rm", repoId], "Missing argument <paths>"],
      [["repo", "rm", repoId, "/abs/../x"], "Invalid path"],
    ];
    for (const [argv, message] of cases) {
      const r = await kohub(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe("");
    }
    expect(ctx.hub.requests.length).toBe(before);
  });
});

describe("upload", () => {
  test("text: the commit URL on stdout, a summary on stderr; again: nothing to commit", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.txt"), `notes ${Math.random()}\n`);
    const r = await kohub(["upload", repoId, join(dir, "notes.txt"), "docs/notes.txt", "-m", "Notes"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${ctx.hub.url}/models/${repoId}/commit/[0-9a-f]{40,64}\\n$`));
    expect(r.stderr).toBe(
      `✓ Uploaded 1 file (${statSync(join(dir, "notes.txt")).size} B) to model ${repoId}\n`,
    );
    const again = await kohub(["upload", repoId, join(dir, "notes.txt"), "docs/notes.txt"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("");
    expect(again.stderr).toBe(`Nothing to commit: model ${repoId} already has this file\n`);
    const commits = await alice.client.listCommits({ repoId });
    expect(commits.commits[0]?.title).toBe("Notes");
  });

  test("the summary's size counts only what was sent, not the files found unchanged", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "same.txt"), `same ${Math.random()}\n`);
    expect((await kohub(["upload", repoId, dir, "sizes"])).code).toBe(0);
    writeFileSync(join(dir, "new.txt"), "1234567\n");
    const r = await kohub(["upload", repoId, dir, "sizes"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`✓ Uploaded 1 file (8 B), 1 unchanged to model ${repoId}\n`);
  });

  test("JSON: one document with the files (size, lfs, status) and the commit; quiet: the commit id", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.json"), JSON.stringify({ r: Math.random() }));
    writeFileSync(join(dir, "b.bin"), randomBytes(50_000));
    writeFileSync(join(dir, "skip.log"), "x");
    const r = await kohub([
      "--json",
      "upload",
      repoId,
      dir,
      "run1",
      "--exclude",
      "*.log",
      "--commit-description",
      "d",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ repo_id: repoId, type: "model", revision: "main", committed: true });
    expect(doc.commit_oid).toMatch(/^[0-9a-f]{40,64}$/);
    expect(
      doc.files.map((f: { path: string; lfs: boolean; status: string; size: number }) => [
        f.path,
        f.lfs,
        f.status,
        f.size,
      ]),
    ).toEqual([
      ["run1/a.json", false, "sent", statSync(join(dir, "a.json")).size],
      ["run1/b.bin", true, "sent", 50_000],
    ]);
    writeFileSync(join(dir, "c.txt"), "c");
    const q = await kohub([
      "upload",
      repoId,
      dir,
      "run1",
      "--quiet",
      "--delete",
      "*.bin",
      "--exclude",
      "b.bin",
    ]);
    expect(q.code).toBe(0);
    expect(q.stdout).toMatch(/^[0-9a-f]{40,64}\n$/);
    expect(q.stderr).toBe("");
    const tree = await alice.client.listRepoTree({ repoId, path: "run1", recursive: true });
    // b.bin deleted (--delete), skip.log no longer excluded.
    expect(tree.map((e) => e.path).sort()).toEqual(["run1/a.json", "run1/c.txt", "run1/skip.log"]);
  });

  test("--private creates a missing repo (private); without it a missing repo is exit 3", async () => {
    const file = join(folder, "README.md");
    const missing = await kohub(["upload", `${alice.username}/nope`, file]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe(`Error: Repository not found: ${alice.username}/nope\n`);
    const created = await kohub(["upload", `${alice.username}/fresh`, file, "--private", "-t", "dataset"]);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain(`✓ Created private dataset ${alice.username}/fresh\n`);
    const info = await alice.client.repoInfo({ repoId: `${alice.username}/fresh`, type: "dataset" });
    expect(info.private).toBe(true);
    // An existing repo is left as it is.
    const existing = await kohub([
      "upload",
      `${alice.username}/fresh`,
      file,
      "again.md",
      "--private",
      "-t",
      "dataset",
    ]);
    expect(existing.code).toBe(0);
    expect(existing.stderr).not.toContain("Created");
  });

  test("progress: drawn on a terminal (\\r redraws, phase summaries), not when piped or with --quiet", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "p.bin"), randomBytes(2_000_000));
    writeFileSync(join(dir, "p.txt"), `p ${Math.random()}`);
    const tty = await kohub(["upload", repoId, dir, "prog", "--verbose"], { tty: TTY });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain("\r\x1b[K");
    expect(tty.stderr).toMatch(/Hashed {6}2 files, 2\.0 MB in /);
    expect(tty.stderr).toMatch(/Uploaded {4}1 file, 2\.0 MB in /);
    expect(tty.stderr).toContain("  ✓ prog/p.bin  2.0 MB\n");
    writeFileSync(join(dir, "p.txt"), `p ${Math.random()}`);
    const piped = await kohub(["upload", repoId, dir, "prog"]);
    expect(piped.stderr).not.toContain("\r");
    writeFileSync(join(dir, "p.txt"), `p ${Math.random()}`);
    const quiet = await kohub(["upload", repoId, dir, "prog", "--quiet"], { tty: TTY });
    expect(quiet.stderr).toBe("");
  });
});

describe("download", () => {
  test("the HF cache by default: prints the snapshot folder; files: one path each; a second run is cached", async () => {
    const hfHome = tempDir();
    const r = await kohub(["download", repoId], { env: { HF_HOME: hfHome } });
    expect(r.code).toBe(0);
    const snapshot = r.stdout.trim();
    expect(snapshot).toStartWith(join(hfHome, "hub", `models--${alice.username}--weights`, "snapshots"));
    const local = await treeSha(folder);
    const got = await treeSha(snapshot);
    for (const [path, sha] of Object.entries(local)) expect(got[path], path).toBe(sha);
    expect(readdirSync(join(hfHome, "hub", `models--${alice.username}--weights`)).sort()).toEqual([
      "blobs",
      "refs",
      "snapshots",
    ]);
    // The summary counts what each file became: all fetched, then all up to date.
    const count = Object.keys(got).length;
    const bytes = Object.keys(got).reduce((s, p) => s + statSync(join(snapshot, p)).size, 0);
    expect(r.stderr).toBe(`✓ Downloaded ${count} files (${formatBytes(bytes)}) from model ${repoId}\n`);
    const again = await kohub(["download", repoId], { env: { HF_HOME: hfHome } });
    expect(again.stdout).toBe(r.stdout);
    expect(again.stderr).toBe(
      `✓ Downloaded 0 files (0 B) from model ${repoId}, ${count} already up to date\n`,
    );

    const two = await kohub(["download", repoId, "README.md", "configs/a.json", "--json"], {
      env: { HF_HOME: hfHome },
    });
    expect(two.code).toBe(0);
    const doc = JSON.parse(two.stdout);
    expect(doc.files).toEqual([
      {
        path: "README.md",
        size: statSync(join(folder, "README.md")).size,
        status: "cached",
        local_path: join(snapshot, "README.md"),
      },
      {
        path: "configs/a.json",
        size: statSync(join(folder, "configs/a.json")).size,
        status: "cached",
        local_path: join(snapshot, "configs", "a.json"),
      },
    ]);
    const forced = await kohub(["download", repoId, "README.md", "--force", "--quiet"], {
      env: { HF_HOME: hfHome },
    });
    expect(forced.stdout).toBe(`${join(snapshot, "README.md")}\n`);
    expect(forced.stderr).toBe("");
  });

  test("two processes downloading one repo into one cache and one local dir both succeed", async () => {
    const hfHome = tempDir();
    const dir = tempDir();
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: alice.token, HF_HOME: hfHome };
    const runs = await Promise.all([
      spawnCli(["download", repoId], { env }),
      spawnCli(["download", repoId], { env }),
      spawnCli(["download", repoId, "--local-dir", dir], { env }),
      spawnCli(["download", repoId, "--local-dir", dir], { env }),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const local = await treeSha(folder);
    for (const got of [await treeSha((runs[0] as { stdout: string }).stdout.trim()), await treeSha(dir)]) {
      for (const [path, sha] of Object.entries(local)) expect(got[path], path).toBe(sha);
    }
  });

  test("--local-dir with patterns; progress only on a terminal", async () => {
    const dir = tempDir();
    const r = await kohub(
      ["download", repoId, "--local-dir", dir, "--include", "*.safetensors", "--include", "configs/"],
      { tty: TTY },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${dir}\n`);
    expect(r.stderr).toContain("\r\x1b[KDownloading");
    expect(r.stderr).toMatch(/Downloaded {2}3 files, 12\.0 MB in /);
    expect(Object.keys(await treeSha(dir))).toEqual([
      "configs/a.json",
      "configs/nested/b.txt",
      "model.safetensors",
    ]);
    expect(await sha256File(join(dir, "model.safetensors"))).toBe(
      await sha256File(join(folder, "model.safetensors")),
    );
  });

  test("--cache-dir puts the snapshot in that hub cache (--repo-type works as --type); with --local-dir it is a usage error", async () => {
    const cache = tempDir();
    // (--repo-type is hf's name of --type)
    const r = await kohub([
      "download",
      repoId,
      "--repo-type",
      "model",
      "--include",
      "configs/",
      "--cache-dir",
      cache,
      "--json",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.path).toStartWith(join(cache, `models--${repoId.replace("/", "--")}`, "snapshots"));
    expect(doc.files.map((f: { path: string }) => f.path)).toEqual([
      "configs/a.json",
      "configs/nested/b.txt",
    ]);
    expect(readFileSync(join(doc.path, "configs", "a.json"))).toEqual(
      readFileSync(join(folder, "configs", "a.json")),
    );
    const both = await kohub(["download", repoId, "--cache-dir", cache, "--local-dir", tempDir()]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      "Error: --local-dir and --cache-dir: a download goes to one of them, not both\n",
    );
  });

  test("an unwritable --local-dir is a one-line error; a missing file is exit 3; a missing repo exit 3", async () => {
    const blocker = join(tempDir(), "file");
    writeFileSync(blocker, "x");
    const r = await kohub(["download", repoId, "README.md", "--local-dir", join(blocker, "sub")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Cannot create .*: a parent of it is a file, not a directory\n$/);
    const missing = await kohub(["download", repoId, "nope.txt", "--local-dir", tempDir()]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toStartWith("Error: File not found");
    const norepo = await kohub(["download", `${alice.username}/nope`, "--local-dir", tempDir()]);
    expect(norepo.code).toBe(3);
    expect(norepo.stderr).toBe(`Error: Repository not found: ${alice.username}/nope\n`);
  });
});

describe("repo rm", () => {
  test("files and (with --recursive) folders in one commit; --yes needed off a terminal; JSON", async () => {
    const id = `${alice.username}/rm`;
    expect((await kohub(["upload", id, folder, "--private"])).code).toBe(0);
    const asked = await kohub(["repo", "rm", id, "README.md"]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain("pass --yes to confirm");
    const folderNoR = await kohub(["repo", "rm", id, "configs", "--yes"]);
    expect(folderNoR.code).toBe(2);
    expect(folderNoR.stderr).toContain("configs is a folder: pass --recursive");
    const missing = await kohub(["repo", "rm", id, "nope.txt", "--yes"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe(`Error: File not found: ${id}/nope.txt\n`);
    const done = await kohub([
      "--json",
      "repo",
      "rm",
      id,
      "README.md",
      "configs/",
      "-r",
      "-y",
      "-m",
      "Clean up",
    ]);
    expect(done.code).toBe(0);
    const doc = JSON.parse(done.stdout);
    expect(doc.deleted).toEqual(["README.md", "configs/a.json", "configs/nested/b.txt"]);
    expect(doc.commit_oid).toMatch(/^[0-9a-f]{40,64}$/);
    const tree = await alice.client.listRepoTree({ repoId: id, recursive: true });
    expect(tree.map((e) => e.path).sort()).toEqual(["model.safetensors", "weights.bin"]);
    const text = await kohub(["repo", "rm", id, "weights.bin", "--yes"]);
    expect(text.stderr).toBe(`✓ Deleted weights.bin from model ${id}\n`);
    expect(text.stdout).toStartWith(`${ctx.hub.url}/models/${id}/commit/`);
  });
});

describe("the progress renderer", () => {
  test("throttled redraws, per-file lines with verbose, a summary per phase, other writes above the bar", () => {
    let t = 0;
    const io = bufferIO({ isErrTTY: true });
    const p = createProgress({ io, enabled: true, verbose: true, now: () => t });
    const base = {
      phase: "downloading" as const,
      totalBytes: 1000,
      skippedBytes: 0,
      filesDone: 0,
      filesTotal: 2,
    };
    p.onProgress({ ...base, bytes: 0 });
    t = 10;
    p.onProgress({
      ...base,
      bytes: 100,
      file: { path: "a", bytes: 100, totalBytes: 500, skippedBytes: 0, done: false },
    });
    t = 1000;
    io.err.write("a notice\n");
    p.onProgress({
      ...base,
      bytes: 500,
      filesDone: 1,
      file: { path: "a", bytes: 500, totalBytes: 500, skippedBytes: 0, done: true },
    });
    t = 2000;
    p.onProgress({
      ...base,
      bytes: 1000,
      filesDone: 2,
      skippedBytes: 500,
      file: { path: "b", bytes: 500, totalBytes: 500, skippedBytes: 500, done: true, skipped: true },
    });
    p.finish();
    io.err.write("after\n");
    const err = io.stderr();
    expect(err.split("\r\x1b[K").filter((s) => s.startsWith("Downloading")).length).toBe(4);
    expect(err).toContain("\r\x1b[Ka notice\n");
    expect(err).toContain("  ✓ a  500 B\n");
    expect(err).toContain("  = b  500 B (already there)\n");
    expect(err).toContain("Downloaded  2 files, 1.0 kB in 2.0s, 250 B/s, 500 B already there\n");
    expect(err.endsWith("already there\nafter\n")).toBe(true);
    expect(formatDuration(75)).toBe("1m15s");
    expect(formatDuration(4000)).toBe("1h06m");
  });

  test("disabled: draws nothing", () => {
    const io = bufferIO({ isErrTTY: false });
    const p = createProgress({ io, enabled: false });
    p.onProgress({ phase: "hashing", bytes: 0, totalBytes: 1, skippedBytes: 0, filesDone: 0, filesTotal: 1 });
    p.finish();
    expect(io.stderr()).toBe("");
    expect(p.active).toBe(false);
  });
});

describe("the real entry point", () => {
  test("piped: no progress, the path on stdout", async () => {
    const hfHome = tempDir();
    const r = await spawnCli(["download", repoId, "weights.bin"], {
      env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: alice.token, HF_HOME: hfHome },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("✓ Downloaded 1 file (300 kB) from model " + repoId + "\n");
    expect(await sha256File(r.stdout.trim())).toBe(await sha256File(join(folder, "weights.bin")));
  });

  /** A storage on a raw socket that announces the whole length and sends 64 kB every 20 ms, never finishing. */
  function tricklingStorage(content: Uint8Array): { url: string; stop: () => void } {
    const timers: Timer[] = [];
    const server = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(socket) {
          socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${content.length}\r\n\r\n`);
          let sent = 0;
          const timer = setInterval(() => {
            if (sent < 1_000_000) socket.write(content.subarray(sent, sent + 65_536));
            sent += 65_536;
          }, 20);
          timers.push(timer);
        },
        close() {
          for (const t of timers) clearInterval(t);
        },
      },
    });
    return {
      url: `http://127.0.0.1:${server.port}/slow`,
      stop: () => {
        for (const t of timers) clearInterval(t);
        server.stop(true);
      },
    };
  }

  // Bun.serve sends a stream body chunked (read chunk by chunk); a raw socket can announce the length
  // (the body is then written by the runtime).
  for (const storage of ["chunked", "announced"] as const) {
    test(`Ctrl-C stops a download cleanly (${storage} body): exit 130, the .incomplete file kept, the next run resumes it`, async () => {
      const id = `${alice.username}/slow-${storage}`;
      const dir = tempDir();
      const content = randomBytes(3_000_000);
      writeFileSync(join(dir, "slow.bin"), content);
      expect((await kohub(["upload", id, join(dir, "slow.bin"), "--private"])).code).toBe(0);
      let raw: { url: string; stop: () => void } | undefined;
      if (storage === "chunked") {
        // The storage sends 64 kB every 20 ms, and never finishes.
        ctx.hub.fault({
          method: "GET",
          path: /^\/_s3\//,
          respond: () => {
            let sent = 0;
            const stream = new ReadableStream({
              async pull(controller) {
                await Bun.sleep(20);
                if (sent >= 1_000_000) return;
                controller.enqueue(content.subarray(sent, sent + 65_536));
                sent += 65_536;
              },
            });
            return new Response(stream);
          },
        });
      } else {
        const trickle = tricklingStorage(content);
        raw = trickle;
        ctx.hub.fault({
          method: "GET",
          path: /\/resolve\//,
          times: 1,
          respond: () => new Response(null, { status: 302, headers: { location: trickle.url } }),
        });
      }
      const hfHome = tempDir();
      const blobs = join(hfHome, "hub", `models--${alice.username}--slow-${storage}`, "blobs");
      const proc = Bun.spawn(
        [process.execPath, join(import.meta.dir, "..", "..", "src", "main.ts"), "download", id],
        {
          env: {
            PATH: process.env.PATH ?? "",
            HOME: hfHome,
            NO_COLOR: "1",
            HF_ENDPOINT: ctx.hub.url,
            HF_TOKEN: alice.token,
            HF_HOME: hfHome,
            KOHUB_CONFIG_DIR: tempDir(),
          },
          stdout: "pipe",
          stderr: "pipe",
        },
      );
      const incomplete = () =>
        existsSync(blobs) ? readdirSync(blobs).filter((n) => n.endsWith(".incomplete")) : [];
      for (let i = 0; i < 200 && !incomplete().some((n) => statSync(join(blobs, n)).size > 100_000); i++)
        await Bun.sleep(25);
      proc.kill("SIGINT");
      const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
      ctx.hub.clearFaults();
      raw?.stop();
      expect(code).toBe(130);
      expect(stderr).toBe("Interrupted: run the same command again to resume\n");
      const [partial] = incomplete();
      expect(partial).toBeDefined();
      const kept = statSync(join(blobs, partial as string)).size;
      expect(kept).toBeGreaterThan(100_000);

      const logged = storageLog(ctx.hub).length;
      const again = await kohub(["download", id], { env: { HF_HOME: hfHome } });
      expect(again.code).toBe(0);
      expect(await sha256File(join(again.stdout.trim(), "slow.bin"))).toBe(
        await sha256File(join(dir, "slow.bin")),
      );
      const resumed = storageLog(ctx.hub)
        .slice(logged)
        .filter((r) => r.method === "GET");
      expect(resumed.map((r) => r.range)).toEqual([`bytes=${kept}-`]);
      expect(incomplete()).toEqual([]);
    }, 20_000);
  }
});
