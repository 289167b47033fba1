/**
 * Transfer benchmark: kohub-cli (compiled) against curl doing the same transfers, on the local hub, as
 * throughput ratios, with kohub-cli's peak RSS.
 *
 *   npx bun bench/transfer.ts [--size 1073741824] [--files 2000] [--runs 1] [--workers 8]
 *                             [--only upload-big,download-big,upload-small,download-small]
 *
 * The hub runs in its own process (`bun hub/cli.ts`), so its CPU and memory are not the client's.
 * Four transfers, each done by kohub-cli and by curl (best of `--runs`):
 *   upload big      kohub-cli upload of one file (LFS, multipart: 50 MB parts, 8 in parallel) vs curl doing
 *                   the same exchanges: preupload and LFS batch, the parts PUT to the batch answer's URLs
 *                   (`curl -Z -T`, 8 in parallel), the completion and the commit
 *   download big    kohub-cli download --local-dir vs `curl -L -o` of the resolve URL
 *   upload small    kohub-cli upload of a folder of small files (one inline commit) vs curl sending the
 *                   same exchanges: the preupload requests and the NDJSON commit, their bodies built
 *                   beforehand (curl's best case: no reading, hashing or encoding of the files)
 *   download small  kohub-cli download --local-dir of the folder vs curl fetching every resolve URL at
 *                   the commit kohub-cli resolves them at (`curl -Z --parallel-max 8 -L`)
 * A second row for the big upload, "upload big +oid", adds to curl's time that of `openssl dgst -sha256` (else
 * `sha256sum`) over the file, timed in the same round: the object id the LFS batch asks for, which curl's side
 * above takes at random (the hub does not check it) and which any real client must compute before sending.
 * The first row stays the strict comparison; the second is the one with the same work on both sides.
 * Ratio = curl time / kohub-cli time (kohub-cli's throughput relative to curl's; ≥ 0.9 is the target), from
 * each side's best round. The median of the rounds' own ratios (each round runs both sides back to back,
 * kohub-cli first in even rounds and curl first in odd ones) is printed beside it: on a noisy machine one
 * lucky round of either side moves the first, not the second. Use an even `--runs`.
 * Peak RSS comes from `/usr/bin/time -v` (else VmHWM polled from /proc). Target: < 150 MB.
 * The hub's CPU during each side's runs (median, from /proc) is printed below the table, as a share of that
 * side's time: near 100 % the hub is what bounds the transfer (it shares the machine's cores with the client).
 * kohub-cli does more than curl: it hashes every byte it sends (SHA-256, once) and verifies every byte it
 * receives.
 */
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildTarget, hostTarget } from "../build.ts";
import type { Hub } from "../hub/server.ts";
import { blobPath } from "../hub/storage.ts";
import { PREUPLOAD_STREAM_CHUNK } from "../src/api/transfer.ts";
import { createUser } from "../tests/helpers/hub.ts";
import { startHub, writeSmallFiles } from "./_hub.ts";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: String(1024 ** 3) },
    files: { type: "string", default: "2000" },
    runs: { type: "string", default: "1" },
    workers: { type: "string", default: "8" },
    port: { type: "string", default: "18731" },
    only: { type: "string" },
  },
});
const TRANSFERS = ["upload-big", "download-big", "upload-small", "download-small"];
const only = values.only ? values.only.split(",").map((t) => t.trim()) : TRANSFERS;
for (const t of only) if (!TRANSFERS.includes(t)) throw new Error(`--only: unknown transfer ${t}`);
const big_ = only.includes("upload-big") || only.includes("download-big");
const SIZE = Number(values.size);
const FILES = Number(values.files);
const RUNS = Number(values.runs);
const WORKERS = values.workers as string;
const work = mkdtempSync(join(tmpdir(), "kohub-bench-transfer-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true })); // also when a step fails

// ------------------------------------------------------------------------------------------------
// The hub, in its own process

const { url: hubUrl, stop: stopHub, cpuMs: hubCpuMs } = await startHub(work, values.port as string);

const user = await createUser({ url: hubUrl } as Hub, "bench");
const token = user.token;
const auth = `Authorization: Bearer ${token}`;
const ns = user.username;

console.error(`building kohub-cli, writing ${SIZE} bytes and ${FILES} small files in ${work}`);
const kohub = await buildTarget(hostTarget(), { outDir: join(work, "bin") });

// ------------------------------------------------------------------------------------------------
// Data

const big = join(work, "big.bin");
if (big_) {
  const writer = Bun.file(big).writer({ highWaterMark: 8 << 20 });
  const chunk = new Uint8Array(8 << 20);
  for (let done = 0; done < SIZE; done += chunk.length) {
    crypto.getRandomValues(chunk.subarray(0, 65_536));
    for (let i = 65_536; i < chunk.length; i += 65_536) chunk.copyWithin(i, 0, 65_536); // fast, still unique per chunk
    chunk[0] = done & 0xff;
    chunk[1] = (done >> 8) & 0xff;
    chunk[2] = (done >> 16) & 0xff;
    chunk[3] = (done >> 24) & 0xff;
    writer.write(chunk.subarray(0, Math.min(chunk.length, SIZE - done)));
  }
  await writer.end();
}
const small = join(work, "small");
writeSmallFiles(small, FILES);
const smallPaths = [...new Bun.Glob("**/*").scanSync({ cwd: small })].sort();
const smallBytes = smallPaths.reduce((s, p) => s + Bun.file(join(small, p)).size, 0);

// ------------------------------------------------------------------------------------------------
// Measuring

interface Measure {
  seconds: number;
  rssMb: number | undefined;
  /** The hub's CPU time during the command (ms), where /proc tells it. */
  hubMs?: number | undefined;
}

const hasTime = existsSync("/usr/bin/time");
const env = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: work,
  HF_ENDPOINT: hubUrl,
  HF_TOKEN: token,
  HF_HOME: join(work, "hf"),
  KOHUB_CONFIG_DIR: join(work, "config"),
  KOHUB_CACHE_DIR: join(work, "kohub-cache"),
  NO_COLOR: "1",
};

/** Runs a command, timed, with its peak RSS and its stdout. */
async function measure(cmd: string[]): Promise<Measure & { stdout: string }> {
  const full = hasTime ? ["/usr/bin/time", "-v", ...cmd] : cmd;
  const hubBefore = hubCpuMs();
  const started = performance.now();
  const proc = Bun.spawn(full, { env, stdout: "pipe", stderr: "pipe" });
  let hwm = 0;
  const poll = hasTime
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"));
          if (m) hwm = Math.max(hwm, Number(m[1]));
        } catch {}
      }, 20);
  const [stdout, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  const seconds = (performance.now() - started) / 1000;
  const hubAfter = hubCpuMs();
  const hubMs = hubBefore === undefined || hubAfter === undefined ? undefined : hubAfter - hubBefore;
  if (poll) clearInterval(poll);
  if (code !== 0) {
    throw new Error(
      `${cmd.join(" ").slice(0, 300)} exited with ${code}\n${stdout.slice(-1000)}\n${err.slice(-2000)}`,
    );
  }
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
  const kb = m ? Number(m[1]) : hwm;
  return { seconds, rssMb: kb ? kb / 1024 : undefined, hubMs, stdout };
}

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${hubUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

let repoCounter = 0;
async function createRepo(prefix: string): Promise<string> {
  const name = `${prefix}-${++repoCounter}`;
  await api("/api/repos/create", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "model", name, private: false }),
  });
  return `${ns}/${name}`;
}

/** Makes the big file's bytes new (LFS objects are deduplicated across repos). */
async function renewBigFile(): Promise<void> {
  const fs = await import("node:fs/promises");
  const fh = await fs.open(big, "r+");
  await fh.write(crypto.getRandomValues(new Uint8Array(32)), 0, 32, 0);
  await fh.close();
}

// ------------------------------------------------------------------------------------------------
// The transfers: each returns [kohub-cli, curl]

let round = 0;

/**
 * Runs kohub-cli's side and curl's, one after the other: kohub-cli first in even rounds, curl first in odd
 * ones. Whichever runs first after the untimed setup of a round meets the machine in another state (on this
 * VM, memory the host has not handed out yet costs seconds per GiB); taking turns spreads that over both.
 */
async function inTurn<K, C>(kohubSide: () => Promise<K>, curlSide: () => Promise<C>): Promise<[K, C]> {
  if (round % 2 === 0) {
    const k = await kohubSide();
    return [k, await curlSide()];
  }
  const c = await curlSide();
  return [await kohubSide(), c];
}

const resolveUrl = (repo: string, path: string, revision = "main") =>
  `${hubUrl}/${repo}/resolve/${revision}/${path.split("/").map(encodeURIComponent).join("/")}`;

/** The commit `main` of a repo is at: a snapshot download resolves every file at it, as huggingface_hub does. */
async function mainCommit(repo: string): Promise<string> {
  const refs = (await (await api(`/api/models/${repo}/refs`)).json()) as {
    branches: Array<{ name: string; targetCommit: string }>;
  };
  const main = refs.branches.find((b) => b.name === "main");
  if (!main) throw new Error(`${repo} has no main branch`);
  return main.targetCommit;
}

/** A POST of {@link curlPosts}: a file as the body; the answer goes to `output` (default: thrown away). */
interface CurlPost {
  body: string;
  contentType: string;
  url: string;
  accept?: string;
  output?: string;
}

/** One curl process POSTing files in turn (`next` between them), with the hub token. */
function curlPosts(posts: CurlPost[]): Promise<Measure> {
  const config = join(work, `curl-post-${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(
    config,
    posts
      .map(
        (p) =>
          `silent\nshow-error\nfail\nrequest = "POST"\nheader = "${auth}"\nheader = "content-type: ${p.contentType}"\n` +
          (p.accept ? `header = "accept: ${p.accept}"\n` : "") +
          `data-binary = "@${p.body}"\noutput = "${p.output ?? "/dev/null"}"\nurl = "${p.url}"\n`,
      )
      .join("next\n"),
  );
  return measure(["curl", "-K", config]);
}

/** Preupload request bodies for files, in the chunks of an upload, written to disk; returns their paths. */
function preuploadBodies(
  name: string,
  files: Array<{ path: string; size: number; sha256: string }>,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < files.length; i += PREUPLOAD_STREAM_CHUNK) {
    const body = join(work, `${name}-${out.length}.json`);
    writeFileSync(body, JSON.stringify({ files: files.slice(i, i + PREUPLOAD_STREAM_CHUNK) }));
    out.push(body);
  }
  return out;
}

const apiUrl = (repo: string, action: string) => `${hubUrl}/api/models/${repo}/${action}/main`;

/** The hub's multipart part size (from an untimed batch request for an object never sent). */
let partSize: number | undefined;
async function hubPartSize(): Promise<number> {
  if (partSize !== undefined) return partSize;
  const repo = await createRepo("probe");
  const oid = new Bun.CryptoHasher("sha256").update(`probe-${Math.random()}`).digest("hex");
  const res = await api(`/${repo}.git/info/lfs/objects/batch`, {
    method: "POST",
    headers: { "content-type": "application/vnd.git-lfs+json", accept: "application/vnd.git-lfs+json" },
    body: JSON.stringify({
      operation: "upload",
      transfers: ["basic", "multipart"],
      objects: [{ oid, size: SIZE }],
    }),
  });
  const answer = (await res.json()) as {
    objects: Array<{ actions?: { upload?: { header?: Record<string, string> } } }>;
  };
  partSize = Number(answer.objects[0]?.actions?.upload?.header?.chunk_size ?? 0);
  return partSize;
}

/** The SHA-256 of the big file as it is now. */
async function bigOid(): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for await (const chunk of createReadStream(big)) hasher.update(chunk as Buffer);
  return hasher.digest("hex");
}

/** The fastest SHA-256 command line here (none: undefined): the work curl's side would need for the oid. */
const sha256Command = ["openssl", "sha256sum"].find((c) => Bun.which(c) !== null);

/** The time of that command over the big file, as curl's side would spend it before its batch request. */
async function bigOidByCommand(): Promise<Measure | undefined> {
  if (!sha256Command) return undefined;
  return measure(sha256Command === "openssl" ? ["openssl", "dgst", "-sha256", big] : ["sha256sum", big]);
}

async function uploadBig(): Promise<[Measure, Measure, Measure | undefined]> {
  await renewBigFile();
  rmSync(env.KOHUB_CACHE_DIR, { recursive: true, force: true });
  // curl sends whole files (-T): the big file is split into part files beforehand, untimed. They are
  // written before either side runs, so that both run with the same data on the tmpfs: on this machine
  // the hub's assembly of 1 GiB slows by tens of percent with each GiB more in use.
  const chunkSize = await hubPartSize();
  const partsDir = join(work, "parts");
  rmSync(partsDir, { recursive: true, force: true });
  mkdirSync(partsDir);
  const partCount = chunkSize ? Math.ceil(SIZE / chunkSize) : 0;
  const data = Bun.file(big);
  for (let i = 0; i < partCount; i++) {
    // (Bun 1.4.5 writes the whole file for Bun.write(path, file.slice(a, b)): go through memory.)
    await Bun.write(
      join(partsDir, String(i + 1)),
      await data.slice(i * chunkSize, (i + 1) * chunkSize).arrayBuffer(),
    );
  }
  const kohubSide = async () => {
    const k = await measure([
      kohub,
      "upload",
      await createRepo("k-big"),
      big,
      "big.bin",
      "--max-workers",
      WORKERS,
      "--quiet",
    ]);
    // Each side's object is not read again: dropped after its run, so that the other side's run does not
    // have it on the tmpfs either (the hub never collects garbage).
    rmSync(blobPath(join(work, "hub"), await bigOid()), { force: true });
    return k;
  };
  const [k, [curl, withOid]] = await inTurn(kohubSide, () => curlUploadBig(chunkSize, partCount, partsDir));
  rmSync(partsDir, { recursive: true, force: true });
  return [k, curl, withOid];
}

/** curl's side of {@link uploadBig}, with the part files written; also with the oid's computation added. */
async function curlUploadBig(
  chunkSize: number,
  partCount: number,
  partsDir: string,
): Promise<[Measure, Measure | undefined]> {
  // curl: the same exchanges for a never-seen oid (the storage does not check the bytes against it):
  // preupload and batch, the parts PUT in parallel (split beforehand: curl -T sends whole files), then the
  // completion and the commit. The batch answer is read between the two timed curl runs.
  const repo = await createRepo("c-big");
  const oid = new Bun.CryptoHasher("sha256").update(`curl-${Math.random()}`).digest("hex");
  const [preBody] = preuploadBodies("pre-big", [{ path: "big.bin", size: SIZE, sha256: oid }]);
  const batchBody = join(work, "batch.json");
  writeFileSync(
    batchBody,
    JSON.stringify({
      operation: "upload",
      transfers: ["basic", "multipart"],
      objects: [{ oid, size: SIZE }],
    }),
  );
  const batchOut = join(work, "batch-answer.json");
  const lfsJson = "application/vnd.git-lfs+json";
  const ask = await curlPosts([
    { body: preBody as string, contentType: "application/json", url: apiUrl(repo, "preupload") },
    {
      body: batchBody,
      contentType: lfsJson,
      accept: lfsJson,
      url: `${hubUrl}/${repo}.git/info/lfs/objects/batch`,
      output: batchOut,
    },
  ]);
  const batch = JSON.parse(readFileSync(batchOut, "utf8")) as {
    objects: Array<{ actions: { upload: { href: string; header?: Record<string, string> } } }>;
  };
  const upload = batch.objects[0]?.actions.upload;
  if (!upload) throw new Error("the LFS batch answer has no upload action");
  const header = upload.header ?? {};
  if (Number(header.chunk_size ?? 0) !== chunkSize) throw new Error("the hub's part size changed");
  const partUrls = Object.keys(header)
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => header[key] as string);
  const commitBody = join(work, "commit-big.ndjson");
  writeFileSync(
    commitBody,
    `${JSON.stringify({ key: "header", value: { summary: "bench", description: "" } })}\n${JSON.stringify({ key: "lfsFile", value: { path: "big.bin", algo: "sha256", oid, size: SIZE } })}\n`,
  );
  const commit = { body: commitBody, contentType: "application/x-ndjson", url: apiUrl(repo, "commit") };
  const config = join(work, "curl-put.cfg");
  const steps: Measure[] = [ask];
  if (!chunkSize || partUrls.length === 0) {
    writeFileSync(config, `upload-file = "${big}"\nurl = "${upload.href}"\noutput = "/dev/null"\n`);
    steps.push(await measure(["curl", "-sSf", "-K", config]), await curlPosts([commit]));
  } else {
    if (partUrls.length !== partCount) throw new Error("the batch answer has another number of parts");
    writeFileSync(
      config,
      partUrls
        .map(
          (u, i) => `upload-file = "${join(partsDir, String(i + 1))}"\nurl = "${u}"\noutput = "/dev/null"\n`,
        )
        .join(""),
    );
    const put = await measure([
      "curl",
      "-sSf",
      "-Z",
      "--parallel-max",
      WORKERS,
      "-K",
      config,
      "-w",
      "%{url_effective} %header{etag}\\n",
    ]);
    const etags = new Map<string, string>();
    for (const line of put.stdout.trim().split("\n")) {
      const [url, etag] = line.split(" ");
      etags.set(url as string, (etag ?? "").replace(/"/g, ""));
    }
    const parts = partUrls.map((u, i) => ({ partNumber: i + 1, etag: etags.get(u) ?? "" }));
    const completeBody = join(work, "complete.json");
    writeFileSync(completeBody, JSON.stringify({ oid, size: SIZE, parts }));
    steps.push(
      put,
      await curlPosts([{ body: completeBody, contentType: "application/json", url: upload.href }, commit]),
    );
  }
  rmSync(blobPath(join(work, "hub"), oid), { force: true }); // as kohub-cli's
  const curl = sumOf(steps);
  const hash = await bigOidByCommand();
  return [curl, hash && sumOf([curl, hash])];
}

/** Steps run one after the other, as one measure. */
function sumOf(steps: Measure[]): Measure {
  return {
    seconds: steps.reduce((sum, m) => sum + m.seconds, 0),
    rssMb: Math.max(...steps.map((m) => m.rssMb ?? 0)),
    hubMs: steps.some((m) => m.hubMs === undefined)
      ? undefined
      : steps.reduce((sum, m) => sum + (m.hubMs as number), 0),
  };
}

function downloadBig(repo: string): Promise<[Measure, Measure]> {
  return inTurn(
    async () => {
      const kDir = join(work, "k-down");
      rmSync(kDir, { recursive: true, force: true });
      const k = await measure([kohub, "download", repo, "big.bin", "--local-dir", kDir, "--quiet"]);
      rmSync(kDir, { recursive: true, force: true });
      return k;
    },
    async () => {
      const out = join(work, "c-down.bin");
      const c = await measure(["curl", "-sSfL", "-H", auth, "-o", out, resolveUrl(repo, "big.bin")]);
      rmSync(out, { force: true });
      return c;
    },
  );
}

async function uploadSmall(): Promise<[Measure, Measure]> {
  // Fresh bytes each round: the first byte of every file changes.
  for (const p of smallPaths) {
    const f = join(small, p);
    const text = readFileSync(f, "utf8");
    writeFileSync(f, `${String.fromCharCode(65 + (round % 26))}${text.slice(1)}`);
  }
  const kRepo = await createRepo("k-small");
  // curl: the same exchanges (preupload, then the commit), their bodies built beforehand, with bytes of its
  // own: the hub keeps one content-addressed blob store, so repeating kohub-cli's bytes would spare curl's
  // commit every blob write.
  const repo = await createRepo("c-small");
  const lines = [JSON.stringify({ key: "header", value: { summary: "bench", description: "" } })];
  const entries: Array<{ path: string; size: number; sha256: string }> = [];
  for (const p of smallPaths) {
    const text = readFileSync(join(small, p), "utf8");
    const bytes = Buffer.from(`${String.fromCharCode(97 + (round % 26))}${text.slice(1)}`);
    const sha1 = new Bun.CryptoHasher("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
    entries.push({ path: p, size: bytes.length, sha256: sha1 });
    lines.push(
      JSON.stringify({
        key: "file",
        value: { path: p, content: bytes.toString("base64"), encoding: "base64" },
      }),
    );
  }
  const body = join(work, "commit.ndjson");
  writeFileSync(body, `${lines.join("\n")}\n`);
  const posts = [
    ...preuploadBodies("pre-small", entries).map((b) => ({
      body: b,
      contentType: "application/json",
      url: apiUrl(repo, "preupload"),
    })),
    { body, contentType: "application/x-ndjson", url: apiUrl(repo, "commit") },
  ];
  return inTurn(
    () => measure([kohub, "upload", kRepo, small, "--max-workers", WORKERS, "--quiet"]),
    () => curlPosts(posts),
  );
}

async function downloadSmall(repo: string): Promise<[Measure, Measure]> {
  const kDir = join(work, "k-small-down");
  const cDir = join(work, "c-small-down");
  // The same requests as kohub-cli's: every file resolved at the commit (which costs the hub more than at
  // a branch name); the listing kohub-cli needs to know the files is its own work.
  const commit = await mainCommit(repo);
  const config = join(work, "curl-get.cfg");
  writeFileSync(
    config,
    `location\ncreate-dirs\nheader = "${auth}"\n${smallPaths.map((p) => `url = "${resolveUrl(repo, p, commit)}"\noutput = "${join(cDir, p)}"\n`).join("")}`,
  );
  return inTurn(
    async () => {
      rmSync(kDir, { recursive: true, force: true });
      const k = await measure([
        kohub,
        "download",
        repo,
        "--local-dir",
        kDir,
        "--max-workers",
        WORKERS,
        "--quiet",
      ]);
      rmSync(kDir, { recursive: true, force: true });
      return k;
    },
    async () => {
      rmSync(cDir, { recursive: true, force: true });
      const c = await measure(["curl", "-sSf", "-Z", "--parallel-max", WORKERS, "-K", config]);
      rmSync(cDir, { recursive: true, force: true });
      return c;
    },
  );
}

// ------------------------------------------------------------------------------------------------
// Run, best of RUNS for each side

type Row = {
  name: string;
  bytes: number;
  k: Measure;
  c: Measure;
  ratios: number[];
  /** Per round, the hub's CPU as a share of each side's time. */
  hubShare: { k: number[]; c: number[] };
};
const rows: Row[] = [];
function keep(name: string, bytes: number, [k, c]: [Measure, Measure]): void {
  let row = rows.find((r) => r.name === name);
  if (!row) {
    row = { name, bytes, k, c, ratios: [c.seconds / k.seconds], hubShare: { k: [], c: [] } };
    rows.push(row);
  } else {
    row.ratios.push(c.seconds / k.seconds);
    if (k.seconds < row.k.seconds) row.k = { seconds: k.seconds, rssMb: row.k.rssMb };
    if (c.seconds < row.c.seconds) row.c = { seconds: c.seconds, rssMb: row.c.rssMb };
    row.k.rssMb = Math.max(row.k.rssMb ?? 0, k.rssMb ?? 0);
  }
  if (k.hubMs !== undefined) row.hubShare.k.push(k.hubMs / 1000 / k.seconds);
  if (c.hubMs !== undefined) row.hubShare.c.push(c.hubMs / 1000 / c.seconds);
}

// Repos to download from, uploaded once by kohub-cli.
const bigRepo = await createRepo("dl-big");
const smallRepo = await createRepo("dl-small");
if (big_) await measure([kohub, "upload", bigRepo, big, "big.bin", "--quiet"]);
await measure([kohub, "upload", smallRepo, small, "--quiet"]);

for (; round < RUNS; round++) {
  console.error(`round ${round + 1}/${RUNS}`);
  if (only.includes("upload-big")) {
    const [k, c, withOid] = await uploadBig();
    keep("upload big", SIZE, [k, c]);
    if (withOid) keep("upload big +oid", SIZE, [k, withOid]);
  }
  if (only.includes("download-big")) keep("download big", SIZE, await downloadBig(bigRepo));
  if (only.includes("upload-small")) keep("upload small", smallBytes, await uploadSmall());
  if (only.includes("download-small")) keep("download small", smallBytes, await downloadSmall(smallRepo));
}

const mb = (bytes: number, s: number) => `${(bytes / s / 1e6).toFixed(0)} MB/s`;
console.log(
  `kohub-cli vs curl on the local hub (${(SIZE / 1024 ** 3).toFixed(2)} GiB file; ${FILES} small files, ${(smallBytes / 1e6).toFixed(1)} MB; ${WORKERS} workers; best of ${RUNS})`,
);
console.log(
  [
    "transfer".padEnd(16),
    "kohub-cli".padStart(20),
    "curl".padStart(20),
    "ratio".padStart(7),
    "median".padStart(7),
    "peak RSS".padStart(10),
  ].join(" "),
);
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const missed: string[] = [];
for (const r of rows) {
  const ratio = r.c.seconds / r.k.seconds;
  const rss = r.k.rssMb ?? Number.NaN;
  if (!(ratio >= 0.9 && rss < 150)) missed.push(r.name);
  console.log(
    [
      r.name.padEnd(16),
      `${r.k.seconds.toFixed(2)}s ${mb(r.bytes, r.k.seconds)}`.padStart(20),
      `${r.c.seconds.toFixed(2)}s ${mb(r.bytes, r.c.seconds)}`.padStart(20),
      `${ratio.toFixed(2)}x`.padStart(7),
      `${median(r.ratios).toFixed(2)}x`.padStart(7),
      `${rss.toFixed(0)} MB`.padStart(10),
    ].join(" "),
  );
}
console.log(
  `targets (ratio ≥ 0.9x, peak RSS < 150 MB): ${missed.length ? `NOT met by ${missed.join(", ")}` : "met"}`,
);
const pct = (xs: number[]) => (xs.length ? `${(100 * median(xs)).toFixed(0)} %` : "n/a");
console.log("the hub's CPU, as a share of each side's time (median of the rounds):");
for (const r of rows) {
  console.log(
    `  ${r.name.padEnd(16)} kohub-cli ${pct(r.hubShare.k).padStart(5)}   curl ${pct(r.hubShare.c).padStart(5)}`,
  );
}
stopHub();
rmSync(work, { recursive: true, force: true });
