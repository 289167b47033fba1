/**
 * The measured side of bench/offline.ts, compiled like the CLI: one run of one mode against an in-memory
 * `fetch` that answers from a recording of the local hub, printing `{"cpuMs", "wallMs", ...}` on stdout.
 * What it loads before the run (the recording, the files' bytes) is not counted.
 *
 *   offline-runner <recording.json> <files dir> <out dir> lib-download|bare-download|lib-upload
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { KohubClient } from "../src/index.ts";

/** What bench/offline.ts recorded: the refs and tree pages of a repo of small files at one commit. */
export interface Recording {
  repoId: string;
  commit: string;
  refs: string;
  pages: Array<{ body: string; link: string | null }>;
}

const [recordingPath, filesDir, out, mode] = process.argv.slice(2) as [string, string, string, string];
const recording = JSON.parse(readFileSync(recordingPath, "utf8")) as Recording;
const entries = recording.pages.flatMap(
  (p) => JSON.parse(p.body) as Array<{ path: string; size: number; oid: string }>,
);
const bytes = new Map(entries.map((e) => [e.path, new Uint8Array(readFileSync(join(filesDir, e.path)))]));
const resolvePrefix = `/resolve/${recording.commit}/`;

/** A tick of the event loop, as a network answer would take at least. */
const tick = () => new Promise<void>((r) => setImmediate(r));
let commitAt = 0;
let t0 = 0; // when the run starts

/** The hub, from the recording: refs, tree pages, files, preupload (all regular) and commit. */
async function fakeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = String(input);
  await tick();
  if (url.includes("/refs"))
    return new Response(recording.refs, { headers: { "content-type": "application/json" } });
  if (url.includes("/tree/")) {
    const cursor = new URL(url).searchParams.get("cursor");
    const page = recording.pages[cursor === null ? 0 : Number(cursor)];
    return new Response(page?.body ?? "[]", { headers: page?.link ? { link: page.link } : {} });
  }
  if (url.includes("/preupload/")) {
    const { files } = JSON.parse(String(init?.body)) as { files: Array<{ path: string }> };
    return Response.json({
      files: files.map((f) => ({ path: f.path, uploadMode: "regular", shouldIgnore: false })),
    });
  }
  if (url.includes("/commit/")) {
    commitAt = performance.now() - t0;
    return Response.json({ commitUrl: "models/a/b/commit/c", commitOid: "c".repeat(64) });
  }
  const at = url.indexOf(resolvePrefix);
  const path = decodeURIComponent(url.slice(at + resolvePrefix.length));
  const body = bytes.get(path);
  if (at < 0 || !body) return new Response("not recorded", { status: 404 });
  const res = new Response(body, { headers: { "content-length": String(body.byteLength) } });
  Object.defineProperty(res, "url", { value: url });
  return res;
}

/** The per-file work of a download without the library: fetch, hash, check, write, rename, metadata. */
async function bareDownload(): Promise<void> {
  const made = new Set<string>();
  const ensure = (d: string) => {
    if (!made.has(d)) mkdirSync(d, { recursive: true });
    made.add(d);
  };
  const write = (p: string, b: Uint8Array | string) => {
    const fd = openSync(p, "w");
    writeSync(fd, typeof b === "string" ? Buffer.from(b) : b);
    closeSync(fd);
  };
  const files: typeof entries = [];
  for (let i = 0; i < recording.pages.length; i++) {
    const res = await fakeFetch(
      `http://hub/api/models/${recording.repoId}/tree/${recording.commit}?cursor=${i}`,
    );
    files.push(...((await res.json()) as typeof entries));
  }
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++] as (typeof files)[number];
      const body = await (await fakeFetch(`http://hub/${recording.repoId}${resolvePrefix}${f.path}`)).bytes();
      const sha1 = new Bun.CryptoHasher("sha1").update(`blob ${f.size}\0`).update(body).digest("hex");
      if (sha1 !== f.oid) throw new Error(`hash of ${f.path}`);
      const dest = join(out, f.path);
      ensure(dirname(dest));
      const meta = join(out, ".cache/huggingface/download", `${f.path}.metadata`);
      ensure(dirname(meta));
      write(`${meta}.tmp`, body);
      renameSync(`${meta}.tmp`, dest);
      write(meta, `${recording.commit}\n${f.oid}\n${Date.now() / 1000}\n`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

rmSync(out, { recursive: true, force: true });
const client = new KohubClient({
  endpoint: "http://hub",
  token: "t",
  config: false,
  env: {},
  fetch: fakeFetch as typeof fetch,
});
const cpu = process.cpuUsage();
t0 = performance.now();
if (mode === "lib-download") {
  await client.snapshotDownload({ repoId: recording.repoId, localDir: out, maxWorkers: 8 });
} else if (mode === "bare-download") {
  await bareDownload();
} else if (mode === "lib-upload") {
  await client.uploadFolder({ repoId: recording.repoId, folder: filesDir, maxWorkers: 8 });
} else {
  throw new Error(`unknown mode ${mode}`);
}
const used = process.cpuUsage(cpu);
const result = {
  cpuMs: (used.user + used.system) / 1000,
  wallMs: performance.now() - t0,
  commitAtMs: commitAt || undefined,
};
rmSync(out, { recursive: true, force: true });
console.log(JSON.stringify(result));
