/**
 * The library's per-file cost, without a hub: a repo of small files is made on the local hub and recorded
 * (refs, tree pages), the hub stops, then a compiled runner (bench/offline-runner.ts) downloads the repo
 * with `snapshotDownload` and uploads the folder with `uploadFolder` against an in-memory `fetch` that
 * answers from the recording, interleaved with a bare loop doing a download's per-file work (fetch, hash,
 * check, write, rename, metadata). No network and no hub sharing the cores, so the CPU figures repeat
 * within a few milliseconds: a steadier measure of a change than bench/transfer.ts.
 *
 *   TMPDIR=/dev/shm bun bench/offline.ts [--files 2000] [--rounds 9] [--port 18732] [--profile DIR]
 *
 * `--profile DIR` writes a CPU profile of every run of the library (`BUN_OPTIONS=--cpu-prof`, sampled every
 * 100 µs; names are minified) into DIR: the sampling slows the runs, so their figures are not comparable.
 *
 * Prints, per mode, the median CPU and wall time of the run (the runner's start and the loading of the
 * recording not counted), and for the upload when its commit went out.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Hub } from "../hub/server.ts";
import { KohubClient } from "../src/index.ts";
import { createUser } from "../tests/helpers/hub.ts";
import { startHub, writeSmallFiles } from "./_hub.ts";
import type { Recording } from "./offline-runner.ts";

const { values } = parseArgs({
  options: {
    files: { type: "string", default: "2000" },
    rounds: { type: "string", default: "9" },
    port: { type: "string", default: "18732" },
    profile: { type: "string" },
  },
});
const ROUNDS = Number(values.rounds);
const work = mkdtempSync(join(tmpdir(), "kohub-bench-offline-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true })); // also when a step fails

// Record a repo of small files from the local hub.
const files = join(work, "files");
writeSmallFiles(files, Number(values.files));
const hub = await startHub(work, values.port as string);
const user = await createUser({ url: hub.url } as Hub, "offline");
const client = new KohubClient({ endpoint: hub.url, token: user.token, config: false, env: {} });
const repoId = `${user.username}/small`;
await client.createRepo({ repoId });
await client.uploadFolder({ repoId, folder: files });
const headers = { authorization: `Bearer ${user.token}` };
const refs = await (await fetch(`${hub.url}/api/models/${repoId}/refs`, { headers })).text();
const commit = (JSON.parse(refs) as { branches: Array<{ targetCommit: string }> }).branches[0]
  ?.targetCommit as string;
const pages: Recording["pages"] = [];
let next: string | undefined = `${hub.url}/api/models/${repoId}/tree/${commit}?recursive=true`;
while (next) {
  const res: Response = await fetch(next, { headers });
  pages.push({ body: await res.text(), link: null });
  const cursor: string | undefined = /[?&]cursor=([^>&]+)[^>]*>;\s*rel="next"/.exec(
    res.headers.get("link") ?? "",
  )?.[1];
  next = cursor
    ? `${hub.url}/api/models/${repoId}/tree/${commit}?recursive=true&cursor=${cursor}`
    : undefined;
}
hub.stop();
// The runner's tree pages link to each other by number.
pages.forEach((page, i) => {
  if (i + 1 < pages.length)
    page.link = `<http://hub/api/models/${repoId}/tree/${commit}?recursive=true&cursor=${i + 1}>; rel="next"`;
});
const recording = join(work, "recording.json");
writeFileSync(recording, JSON.stringify({ repoId, commit, refs, pages } satisfies Recording));

// The runner, compiled like the CLI.
const runner = join(work, "offline-runner");
const built = Bun.spawnSync(
  [process.execPath, "build", "--compile", join(import.meta.dir, "offline-runner.ts"), "--outfile", runner],
  { stdout: "ignore", stderr: "pipe" },
);
if (built.exitCode !== 0) throw new Error(`building the runner failed: ${built.stderr.toString()}`);

const MODES = ["lib-download", "bare-download", "lib-upload"] as const;
const results = new Map<string, Array<{ cpuMs: number; wallMs: number; commitAtMs?: number }>>();
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of MODES) {
    const profile =
      values.profile && mode.startsWith("lib-")
        ? {
            BUN_OPTIONS: `--cpu-prof --cpu-prof-interval=100 --cpu-prof-dir=${values.profile} --cpu-prof-name=${mode}-${round}.cpuprofile`,
          }
        : {};
    const run = Bun.spawnSync([runner, recording, files, join(work, "out"), mode], {
      stderr: "inherit",
      env: { ...process.env, ...profile },
    });
    if (run.exitCode !== 0) throw new Error(`${mode} failed`);
    const list = results.get(mode) ?? [];
    list.push(JSON.parse(run.stdout.toString()));
    results.set(mode, list);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
console.log(`offline, ${values.files} small files, ${ROUNDS} interleaved rounds (median ms)`);
for (const [mode, list] of results) {
  const commitAt =
    list[0]?.commitAtMs === undefined
      ? ""
      : `  commit sent at ${median(list.map((r) => r.commitAtMs as number)).toFixed(1)}`;
  console.log(
    `  ${mode.padEnd(14)} cpu ${median(list.map((r) => r.cpuMs))
      .toFixed(1)
      .padStart(7)}  wall ${median(list.map((r) => r.wallMs))
      .toFixed(1)
      .padStart(7)}${commitAt}`,
  );
}
const lib = median((results.get("lib-download") ?? []).map((r) => r.cpuMs));
const bare = median((results.get("bare-download") ?? []).map((r) => r.cpuMs));
console.log(`  download CPU, library / bare loop: ${(lib / bare).toFixed(2)}x`);
