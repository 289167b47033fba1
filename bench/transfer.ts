/**
 * Transfer benchmark: kohub-cli against `hf` (huggingface_hub's CLI), with curl as the floor, on the local
 * hub. What it measures and how is in HELP (`--help`).
 */
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildTarget, hostTarget } from "../build.ts";
import { blobPath, DEFAULT_LFS_SUFFIXES, DEFAULT_LFS_THRESHOLD } from "../hub/storage.ts";
import { createUser, startHub, writeSmallFiles } from "./_hub.ts";

const HELP = `Transfer benchmark: kohub-cli against hf (huggingface_hub's CLI), with curl as the floor, on the local hub.

  TMPDIR=/dev/shm npx bun bench/transfer.ts [--runs 4] [--only ROW,ROW] [--scale 1] [--port 18731]

Rows, each uploaded and downloaded unless said:
  small      2,000 small files (2-10 KB of text), committed inline
  small-lfs  2,000 small .bin files, which the hub's default suffix rules send through LFS
  big        one 1 GiB file (LFS, multipart)
  model      a model-like folder: 5 x 200 MB .safetensors (LFS, multipart) and 20 small .json files
  small-10k  10,000 small files, download only: an upload of small files is one commit whose per-file work
             the small row already shows, while a download makes two requests per file, which a larger
             count brings out

Sides, on the same data and the same hub (a process of its own, data under TMPDIR), one after the other.
kohub-cli and hf take turns going first, so with an even --runs each is first in half the rounds (on this
kind of VM the first side after a round's setup can meet memory the host has not handed out yet); curl
goes last:
  kohub-cli  the compiled binary: upload REPO PATH [PATH_IN_REPO] and download REPO --local-dir DIR,
             both with --max-workers 8 --quiet (8 is its default, and hf download's)
  hf         .venv/bin/hf: upload REPO PATH [PATH_IN_REPO, . for a folder] --quiet and download REPO
             --local-dir DIR --max-workers 8 --quiet, with HF_HUB_DISABLE_XET=1 (the hub has no Xet) and
             HF_HUB_DISABLE_TELEMETRY, _PROGRESS_BARS, _UPDATE_CHECK. hf upload has no parallelism flag:
             it sends LFS objects 5 at a time (huggingface_hub's default) and a multipart object's parts
             one after another
  curl       the floor: the same exchanges, bodies built between its timed steps, transfers 8 at a time
             (-Z). An upload adds the time of openssl dgst -sha256 (else sha256sum) over the LFS files:
             the oids any client must compute. Multipart objects are cut into part files before the
             round's first side (curl -T sends whole files), untimed
Each upload goes to a fresh repo with bytes of its own (the first 32 bytes of every file are rewritten
before each side), since the hub keeps one object store for all repos; the large objects each side stored
are deleted after it, so every side meets the same data on the tmpfs. Downloads read one repo, seeded by
kohub-cli before the rounds. Every run gets a fresh HOME, HF_HOME and KOHUB_CACHE_DIR: no cache helps.

Per row and side: the median wall time of the rounds; xhf and xcurl, the median of the rounds' ratios of
the side's time to hf's and to curl's (below 1: faster); CPU, user + system time of the client and its
children (median); peak RSS, the highest of the rounds (/usr/bin/time -v, else VmHWM polled); the hub's
CPU during the run (median). Then kohub-cli's targets and the rows that miss them, as information (the
exit code does not depend on them).

Options:
  --runs N    rounds, an even number (default 4)
  --only R,R  rows to run (default: all)
  --scale F   multiplies the large files' sizes and every count of files, for a quick check (e.g. 0.01)
  --port P    the hub's port (default 18731)
`;

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "4" },
    only: { type: "string" },
    scale: { type: "string", default: "1" },
    port: { type: "string", default: "18731" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 2 || RUNS % 2 !== 0) {
  throw new Error("--runs: an even number (kohub-cli and hf take turns going first)");
}
const SCALE = Number(values.scale);
if (!(SCALE > 0)) throw new Error("--scale: a positive number");
const count = (n: number) => Math.max(1, Math.round(n * SCALE));
const bytes = (n: number) => Math.max(1, Math.round(n * SCALE));
const WORKERS = "8";

type Side = "kohub-cli" | "hf" | "curl";
const SIDES: Side[] = ["kohub-cli", "hf", "curl"];
/** The sides in a round's order: kohub-cli and hf take turns going first, curl, the floor, goes last. */
const order = (round: number): Side[] => (round % 2 === 0 ? SIDES : ["hf", "kohub-cli", "curl"]);

// ------------------------------------------------------------------------------------------------
// Rows: one function each writes the data and says what runs

interface LocalFile {
  /** The path in the repo. */
  path: string;
  abs: string;
  size: number;
  /** Whether the hub's default rules send it through LFS. */
  lfs: boolean;
}

interface Row {
  name: string;
  /** The file or folder to upload. */
  local: string;
  /** For a single file, its path in the repo. */
  pathInRepo?: string;
  files: LocalFile[];
  up: boolean;
  down: boolean;
  /** A row of small files, where kohub-cli has a target of its own. */
  smallFiles: boolean;
}

function localFile(dir: string, path: string): LocalFile {
  const abs = join(dir, path);
  const size = statSync(abs).size;
  const lfs = size >= DEFAULT_LFS_THRESHOLD || DEFAULT_LFS_SUFFIXES.some((s) => path.endsWith(s));
  return { path, abs, size, lfs };
}

function folderRow(name: string, dir: string, up: boolean, smallFiles: boolean): Row {
  const paths = [...new Bun.Glob("**/*").scanSync({ cwd: dir })].sort();
  return { name, local: dir, files: paths.map((p) => localFile(dir, p)), up, down: true, smallFiles };
}

function smallRow(dir: string): Row {
  writeSmallFiles(dir, count(2000));
  return folderRow("small", dir, true, true);
}

function smallLfsRow(dir: string): Row {
  writeSmallFiles(dir, count(2000), ".bin");
  return folderRow("small-lfs", dir, true, true);
}

async function bigRow(dir: string): Promise<Row> {
  mkdirSync(dir, { recursive: true });
  await writeLargeFile(join(dir, "big.bin"), bytes(1024 ** 3));
  return { ...folderRow("big", dir, true, false), local: join(dir, "big.bin"), pathInRepo: "big.bin" };
}

async function modelRow(dir: string): Promise<Row> {
  mkdirSync(dir, { recursive: true });
  const n = count(5);
  for (let i = 1; i <= n; i++) {
    await writeLargeFile(join(dir, `model-${i}-of-${n}.safetensors`), bytes(200e6));
  }
  writeSmallFiles(join(dir, "config"), count(20), ".json");
  return folderRow("model", dir, true, false);
}

function small10kRow(dir: string): Row {
  writeSmallFiles(dir, count(10_000));
  return folderRow("small-10k", dir, false, true);
}

const ROWS: Record<string, (dir: string) => Row | Promise<Row>> = {
  small: smallRow,
  "small-lfs": smallLfsRow,
  big: bigRow,
  model: modelRow,
  "small-10k": small10kRow,
};
const only = values.only ? values.only.split(",").map((r) => r.trim()) : Object.keys(ROWS);
for (const r of only)
  if (!ROWS[r]) throw new Error(`--only: unknown row ${r} (${Object.keys(ROWS).join(", ")})`);

/** Random bytes, cheaply: 64 KiB drawn for each 8 MiB piece and repeated through it. */
async function writeLargeFile(path: string, size: number): Promise<void> {
  const writer = Bun.file(path).writer({ highWaterMark: 8 << 20 });
  const chunk = new Uint8Array(8 << 20);
  for (let done = 0; done < size; done += chunk.length) {
    crypto.getRandomValues(chunk.subarray(0, 65_536));
    for (let i = 65_536; i < chunk.length; i += 65_536) chunk.copyWithin(i, 0, 65_536);
    writer.write(chunk.subarray(0, Math.min(chunk.length, size - done)));
  }
  await writer.end();
}

/**
 * Rewrites the first 32 bytes of every file from `tag`: each side of each round then sends objects the hub
 * has never seen (its object store is shared by all repos, so a fresh repo alone would not do).
 */
function stamp(files: LocalFile[], tag: string): void {
  for (const f of files) {
    const fd = openSync(f.abs, "r+");
    writeSync(fd, new Bun.CryptoHasher("sha256").update(`${tag}/${f.path}`).digest(), 0, 32, 0);
    closeSync(fd);
  }
}

async function sha256File(path: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 8 << 20 }))
    hasher.update(chunk as Buffer);
  return hasher.digest("hex");
}

// ------------------------------------------------------------------------------------------------
// The hub, the user, the clients

const work = mkdtempSync(join(tmpdir(), "kohub-bench-transfer-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true })); // also when a step fails
process.on("SIGINT", () => process.exit(130));
const hub = await startHub(work, values.port as string);
const hubData = join(work, "hub");
const { username, token } = await createUser(hub.url);
const authHeader = `Authorization: Bearer ${token}`;

const HF = join(import.meta.dir, "..", ".venv", "bin", "hf");
if (!existsSync(HF)) throw new Error(`${HF} not found: run \`npx bun scripts/setup-python.ts\``);
console.error(`building kohub-cli, writing the data in ${work}`);
const KOHUB = await buildTarget(hostTarget(), { outDir: join(work, "bin") });
/** The SHA-256 command curl's side is charged with: openssl uses the CPU's SHA instructions, sha256sum may not. */
const HASH = Bun.which("openssl") ? ["openssl", "dgst", "-sha256", "-r"] : ["sha256sum"];

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${hub.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

let repoCounter = 0;
async function createRepo(prefix: string): Promise<string> {
  const name = `${prefix}-${++repoCounter}`;
  await api("/api/repos/create", {
    method: "POST",
    body: JSON.stringify({ type: "model", name, private: false }),
  });
  return `${username}/${name}`;
}

/** The commit `main` is at: kohub-cli and hf resolve a snapshot's files at it, and so does curl. */
async function mainCommit(repo: string): Promise<string> {
  const refs = (await (await api(`/api/models/${repo}/refs`)).json()) as {
    branches: Array<{ name: string; targetCommit: string }>;
  };
  const main = refs.branches.find((b) => b.name === "main");
  if (!main) throw new Error(`${repo} has no main branch`);
  return main.targetCommit;
}

// ------------------------------------------------------------------------------------------------
// Measuring

interface Measure {
  wall: number;
  /** User + system seconds of the process and the children it waited for. */
  cpu: number;
  rssMb: number | undefined;
  /** The hub's CPU seconds during the run, where /proc tells it. */
  hubCpu: number | undefined;
}

const hasTime = existsSync("/usr/bin/time");

/** The environment of one run: a HOME and caches of its own, so that nothing is cached from another run. */
function freshEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    HOME: home,
    XDG_CACHE_HOME: join(home, "cache"),
    HF_HOME: join(home, "hf"),
    KOHUB_CONFIG_DIR: join(home, "kohub-config"),
    KOHUB_CACHE_DIR: join(home, "kohub-cache"),
    HF_ENDPOINT: hub.url,
    HF_TOKEN: token,
    HF_HUB_DISABLE_XET: "1",
    HF_HUB_DISABLE_TELEMETRY: "1",
    HF_HUB_DISABLE_PROGRESS_BARS: "1",
    HF_HUB_DISABLE_UPDATE_CHECK: "1",
    NO_COLOR: "1",
  };
}

/** Runs a command, timed, with its CPU, its peak RSS, the hub's CPU meanwhile, and its stdout. */
async function measure(cmd: string[]): Promise<Measure & { stdout: string }> {
  const home = mkdtempSync(join(work, "home-"));
  const hubBefore = hub.cpuMs();
  const started = performance.now();
  const proc = Bun.spawn(hasTime ? ["/usr/bin/time", "-v", ...cmd] : cmd, {
    env: freshEnv(home),
    stdout: "pipe",
    stderr: "pipe",
  });
  let hwmKb = 0;
  const poll = hasTime
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"));
          if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
        } catch {}
      }, 20);
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  const wall = (performance.now() - started) / 1000;
  const hubAfter = hub.cpuMs();
  clearInterval(poll);
  rmSync(home, { recursive: true, force: true });
  if (code !== 0) {
    throw new Error(
      `${cmd.join(" ").slice(0, 300)} exited with ${code}\n${stdout.slice(-1000)}\n${stderr.slice(-2000)}`,
    );
  }
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? hwmKb);
  return {
    wall,
    cpu: Number(proc.resourceUsage()?.cpuTime.total ?? 0) / 1e6,
    rssMb: kb ? (kb * 1024) / 1e6 : undefined,
    hubCpu: hubBefore === undefined || hubAfter === undefined ? undefined : (hubAfter - hubBefore) / 1000,
    stdout,
  };
}

/** Steps run one after the other, as one measure. */
function sumOf(steps: Measure[]): Measure {
  const hubCpus = steps.map((m) => m.hubCpu);
  return {
    wall: steps.reduce((sum, m) => sum + m.wall, 0),
    cpu: steps.reduce((sum, m) => sum + m.cpu, 0),
    rssMb: Math.max(...steps.map((m) => m.rssMb ?? 0)) || undefined,
    hubCpu: hubCpus.includes(undefined) ? undefined : hubCpus.reduce((sum = 0, s = 0) => sum + s, 0),
  };
}

// ------------------------------------------------------------------------------------------------
// curl, the floor

/** One request of a curl config file (-K), with options of its own (curl's `next` separates them). */
interface CurlOp {
  url: string;
  /** Send the hub token (not to the storage's presigned URLs). */
  auth?: boolean;
  contentType?: string;
  /** A POST body: `@path` for a file, else the text itself. */
  data?: string;
  /** A PUT of this file. */
  upload?: string;
  output?: string;
  writeOut?: string;
  /** Follow the redirect to the storage and create the output's folders (downloads). */
  follow?: boolean;
}

let configCounter = 0;
/** One curl process over `ops`, in parallel (8 at a time) or one after the other. */
async function curl(ops: CurlOp[], parallel: boolean): Promise<Measure & { stdout: string }> {
  const q = (s: string) => JSON.stringify(s); // curl's config quoting: the same escapes as JSON's here
  const blocks = ops.map((op) => {
    const lines = ["fail", `url = ${q(op.url)}`, `output = ${q(op.output ?? "/dev/null")}`];
    if (op.auth) lines.push(`header = ${q(authHeader)}`);
    if (op.contentType) lines.push(`header = ${q(`content-type: ${op.contentType}`)}`);
    if (op.data !== undefined) lines.push(`data-binary = ${q(op.data)}`);
    if (op.upload) lines.push(`upload-file = ${q(op.upload)}`);
    if (op.writeOut) lines.push(`write-out = ${q(op.writeOut)}`);
    if (op.follow) lines.push("location", "create-dirs");
    return lines.join("\n");
  });
  const config = join(work, `curl-${++configCounter}.cfg`);
  writeFileSync(config, `${blocks.join("\nnext\n")}\n`);
  try {
    return await measure([
      "curl",
      "-sS",
      ...(parallel ? ["-Z", "--parallel-max", WORKERS] : []),
      "-K",
      config,
    ]);
  } finally {
    rmSync(config, { force: true });
  }
}

const apiUrl = (repo: string, action: string) => `${hub.url}/api/models/${repo}/${action}/main`;
const resolveUrl = (repo: string, path: string, revision: string) =>
  `${hub.url}/${repo}/resolve/${revision}/${path.split("/").map(encodeURIComponent).join("/")}`;

interface BatchAnswer {
  objects: Array<{
    oid: string;
    size: number;
    actions?: { upload?: { href: string; header?: Record<string, string> }; verify?: { href: string } };
  }>;
}

/** The LFS batch request for `objects`, as a JSON text. */
const batchBody = (objects: Array<{ oid: string; size: number }>) =>
  JSON.stringify({ operation: "upload", transfers: ["basic", "multipart"], objects, hash_algo: "sha256" });

/**
 * The part size the hub asks of each LFS file (absent: one PUT), from one batch request for never-sent
 * oids of the same sizes.
 */
async function hubPartSizes(repo: string, lfs: LocalFile[]): Promise<Map<string, number>> {
  const oids = lfs.map(() => new Bun.CryptoHasher("sha256").update(crypto.randomUUID()).digest("hex"));
  const res = await api(`/${repo}.git/info/lfs/objects/batch`, {
    method: "POST",
    body: batchBody(lfs.map((f, i) => ({ oid: oids[i] as string, size: f.size }))),
  });
  const answer = (await res.json()) as BatchAnswer;
  const sizes = new Map<string, number>();
  answer.objects.forEach((o, i) => {
    const chunk = Number(o.actions?.upload?.header?.chunk_size ?? 0);
    if (chunk) sizes.set((lfs[i] as LocalFile).abs, chunk);
  });
  return sizes;
}

/** Cuts the files the hub wants in parts into part files (curl -T sends whole files); by file, in order. */
async function cutParts(files: LocalFile[], dir: string): Promise<Map<string, string[]>> {
  const lfs = files.filter((f) => f.lfs);
  const parts = new Map<string, string[]>();
  if (lfs.length === 0) return parts;
  for (const [abs, chunk] of await hubPartSizes(await createRepo("probe"), lfs)) {
    const file = Bun.file(abs);
    const paths: string[] = [];
    for (let start = 0; start < file.size; start += chunk) {
      const path = join(dir, `${parts.size}-${paths.length + 1}`);
      // (Bun.write(path, file.slice(a, b)) writes the whole file in Bun 1.4.5: through memory instead.)
      await Bun.write(path, await file.slice(start, start + chunk).arrayBuffer());
      paths.push(path);
    }
    parts.set(abs, paths);
  }
  return parts;
}

/** curl's side of an upload: the LFS files' oids, the preupload and LFS batch, the objects, the commit. */
async function curlUpload(repo: string, files: LocalFile[], parts: Map<string, string[]>): Promise<Measure> {
  const lfs = files.filter((f) => f.lfs);
  const steps: Measure[] = [];
  const oids = new Map<string, string>();
  if (lfs.length > 0) {
    const list = join(work, "hash-list");
    writeFileSync(list, lfs.map((f) => f.abs).join("\0"));
    const hashed = await measure(["xargs", "-0", "-a", list, ...HASH]);
    for (const m of hashed.stdout.matchAll(/^([0-9a-f]{64}) [ *]?(.+)$/gm))
      oids.set(m[2] as string, m[1] as string);
    steps.push(hashed);
  }
  // Preupload in chunks of 256 files, as huggingface_hub sends them; then one batch for every LFS object.
  const asks: CurlOp[] = [];
  for (let i = 0; i < files.length; i += 256) {
    const chunk = files.slice(i, i + 256).map((f) => ({ path: f.path, size: f.size }));
    asks.push(jsonPost(apiUrl(repo, "preupload"), `@${writeBody(JSON.stringify({ files: chunk }))}`));
  }
  const answerFile = join(work, "batch-answer.json");
  if (lfs.length > 0) {
    const objects = lfs.map((f) => ({ oid: oids.get(f.abs) ?? "", size: f.size }));
    const batchUrl = `${hub.url}/${repo}.git/info/lfs/objects/batch`;
    asks.push({ ...jsonPost(batchUrl, `@${writeBody(batchBody(objects))}`), output: answerFile });
  }
  steps.push(await curl(asks, false));
  if (lfs.length > 0) {
    const answer = JSON.parse(readFileSync(answerFile, "utf8")) as BatchAnswer;
    steps.push(...(await curlObjects(answer, lfs, oids, parts)));
  }
  const lines = [JSON.stringify({ key: "header", value: { summary: "bench", description: "" } })];
  for (const f of files) {
    const value = f.lfs
      ? { path: f.path, algo: "sha256", oid: oids.get(f.abs), size: f.size }
      : { path: f.path, content: readFileSync(f.abs).toString("base64"), encoding: "base64" };
    lines.push(JSON.stringify({ key: f.lfs ? "lfsFile" : "file", value }));
  }
  const commit = jsonPost(apiUrl(repo, "commit"), `@${writeBody(`${lines.join("\n")}\n`)}`);
  steps.push(await curl([{ ...commit, contentType: "application/x-ndjson" }], false));
  rmSync(bodies, { recursive: true, force: true });
  return sumOf(steps);
}

/** A POST of a JSON body (`@path`: from a file) to the hub, with the token. */
function jsonPost(url: string, data: string): CurlOp {
  return { url, auth: true, contentType: "application/json", data };
}

let bodyCounter = 0;
const bodies = join(work, "bodies");
/** A request body written to a file, for curl to read (`@path`); returns the path. */
function writeBody(text: string): string {
  mkdirSync(bodies, { recursive: true });
  const path = join(bodies, `${++bodyCounter}`);
  writeFileSync(path, text);
  return path;
}

/**
 * The objects a batch answer asks for: PUT whole or in parts, the multipart ones completed, all verified;
 * one curl run per step, 8 transfers at a time.
 */
async function curlObjects(
  answer: BatchAnswer,
  lfs: LocalFile[],
  oids: Map<string, string>,
  parts: Map<string, string[]>,
): Promise<Measure[]> {
  const byOid = new Map(lfs.map((f) => [oids.get(f.abs), f]));
  const puts: CurlOp[] = [];
  const multipart: Array<{ oid: string; size: number; href: string; urls: string[] }> = [];
  const verifies: CurlOp[] = [];
  for (const o of answer.objects) {
    const upload = o.actions?.upload;
    const file = byOid.get(o.oid);
    if (!upload || !file) continue; // already stored
    const header = upload.header ?? {};
    const urls = Object.keys(header)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => header[k] as string);
    if (urls.length === 0) puts.push({ url: upload.href, upload: file.abs });
    else {
      const cut = parts.get(file.abs) ?? [];
      if (cut.length !== urls.length)
        throw new Error(`${file.path}: ${urls.length} parts asked, ${cut.length} cut`);
      urls.forEach((url, i) => {
        puts.push({ url, upload: cut[i], writeOut: "%{url_effective} %header{etag}\n" });
      });
      multipart.push({ oid: o.oid, size: o.size, href: upload.href, urls });
    }
    if (o.actions?.verify)
      verifies.push(jsonPost(o.actions.verify.href, JSON.stringify({ oid: o.oid, size: o.size })));
  }
  const put = await curl(puts, true);
  const steps: Measure[] = [put];
  if (multipart.length > 0) {
    const etags = new Map(
      put.stdout
        .trim()
        .split("\n")
        .map((line) => line.split(" ") as [string, string]),
    );
    const completions = multipart.map((m) => {
      const done = m.urls.map((url, i) => ({
        partNumber: i + 1,
        etag: (etags.get(url) ?? "").replace(/"/g, ""),
      }));
      return jsonPost(m.href, JSON.stringify({ oid: m.oid, size: m.size, parts: done }));
    });
    steps.push(await curl(completions, true));
  }
  if (verifies.length > 0) steps.push(await curl(verifies, true));
  return steps;
}

/** curl's side of a download: every file resolved at the commit, 8 at a time (its list known beforehand). */
function curlDownload(repo: string, commit: string, files: LocalFile[], dir: string): Promise<Measure> {
  const ops = files.map((f) => ({
    url: resolveUrl(repo, f.path, commit),
    output: join(dir, f.path),
    auth: true,
    follow: true,
  }));
  return curl(ops, true);
}

// ------------------------------------------------------------------------------------------------
// A round of a row: every side, in the round's order

function uploadCommand(side: Side, row: Row, repo: string): string[] {
  if (side === "kohub-cli") {
    const target = row.pathInRepo ? [row.pathInRepo] : [];
    return [KOHUB, "upload", repo, row.local, ...target, "--max-workers", WORKERS, "--quiet"];
  }
  return [HF, "upload", repo, row.local, row.pathInRepo ?? ".", "--quiet"];
}

/** Deletes the large objects just stored from the hub (it never collects garbage), by their SHA-256. */
async function dropLargeObjects(files: LocalFile[]): Promise<void> {
  for (const f of files) {
    if (f.lfs && f.size >= DEFAULT_LFS_THRESHOLD)
      rmSync(blobPath(hubData, await sha256File(f.abs)), { force: true });
  }
}

async function uploadRound(row: Row, round: number): Promise<Map<Side, Measure>> {
  // curl's part files are cut from curl's bytes before any side runs, so that all run with them on the tmpfs.
  const tag = (side: Side) => `${row.name}-${round}-${side}`;
  stamp(row.files, tag("curl"));
  const partsDir = join(work, "parts");
  mkdirSync(partsDir, { recursive: true });
  const parts = await cutParts(row.files, partsDir);
  const out = new Map<Side, Measure>();
  for (const side of order(round)) {
    stamp(row.files, tag(side));
    const repo = await createRepo(`${row.name}-${side}`);
    out.set(
      side,
      side === "curl"
        ? await curlUpload(repo, row.files, parts)
        : await measure(uploadCommand(side, row, repo)),
    );
    await dropLargeObjects(row.files);
  }
  rmSync(partsDir, { recursive: true, force: true });
  return out;
}

/** Every file of the row is there with its size (kohub-cli or hf may also write metadata beside them). */
function checkDownload(side: Side, files: LocalFile[], dir: string): void {
  for (const f of files) {
    const path = join(dir, f.path);
    if (!existsSync(path) || statSync(path).size !== f.size)
      throw new Error(`${side} did not download ${f.path}`);
  }
}

async function downloadRound(
  row: Row,
  round: number,
  seed: { repo: string; commit: string },
): Promise<Map<Side, Measure>> {
  const dir = join(work, "download");
  const out = new Map<Side, Measure>();
  for (const side of order(round)) {
    rmSync(dir, { recursive: true, force: true });
    const client = side === "kohub-cli" ? KOHUB : HF;
    out.set(
      side,
      side === "curl"
        ? await curlDownload(seed.repo, seed.commit, row.files, dir)
        : await measure([
            client,
            "download",
            seed.repo,
            "--local-dir",
            dir,
            "--max-workers",
            WORKERS,
            "--quiet",
          ]),
    );
    checkDownload(side, row.files, dir);
  }
  rmSync(dir, { recursive: true, force: true });
  return out;
}

// ------------------------------------------------------------------------------------------------
// The table

/** One line of the table: a row's upload or download, and each round's measures by side. */
interface Line {
  row: Row;
  name: string;
  rounds: Array<Map<Side, Measure>>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** A side's measures over the rounds (undefined when it has none), `pick`ed and reduced to their median. */
function med(line: Line, side: Side, pick: (m: Measure) => number | undefined): number | undefined {
  const xs = line.rounds.map((r) => r.get(side)).map((m) => (m ? pick(m) : undefined));
  return xs.some((x) => x === undefined) ? undefined : median(xs as number[]);
}

/** The median of the rounds' ratios of `side`'s wall time to `ref`'s. */
function ratio(line: Line, side: Side, ref: Side): number | undefined {
  const xs = line.rounds.map((r) => {
    const a = r.get(side)?.wall;
    const b = r.get(ref)?.wall;
    return a === undefined || b === undefined ? undefined : a / b;
  });
  return xs.some((x) => x === undefined) ? undefined : median(xs as number[]);
}

function printTable(lines: Line[]): void {
  const fmt = (x: number | undefined, digits: number, unit = "") =>
    x === undefined ? "—" : `${x.toFixed(digits)}${unit}`;
  const rows = [["transfer", "side", "wall", "×hf", "×curl", "CPU", "peak RSS", "hub CPU"]];
  for (const line of lines) {
    for (const side of SIDES) {
      const rss = line.rounds.map((r) => r.get(side)?.rssMb ?? 0);
      rows.push([
        side === SIDES[0] ? line.name : "",
        side,
        fmt(
          med(line, side, (m) => m.wall),
          2,
          " s",
        ),
        fmt(ratio(line, side, "hf"), 2),
        fmt(ratio(line, side, "curl"), 2),
        fmt(
          med(line, side, (m) => m.cpu),
          2,
          " s",
        ),
        fmt(Math.max(...rss) || undefined, 0, " MB"),
        fmt(
          med(line, side, (m) => m.hubCpu),
          2,
          " s",
        ),
      ]);
    }
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length))) ?? [];
  for (const r of rows) {
    console.log(
      r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  "),
    );
  }
}

/** kohub-cli's targets, each with the lines that miss it and by how much. */
function printTargets(lines: Line[]): void {
  const k: Side = "kohub-cli";
  const targets: Array<[string, (line: Line) => string | undefined]> = [
    ["wall ≤ 1.05× hf's on every row", (l) => over(ratio(l, k, "hf"), 1.05, (x) => `${x.toFixed(2)}× hf`)],
    [
      "≥ 1.5× faster than hf on the small-file rows",
      (l) =>
        l.row.smallFiles
          ? over(ratio(l, k, "hf"), 1 / 1.5, (x) => `${(1 / x).toFixed(2)}× faster`)
          : undefined,
    ],
    [
      "peak RSS ≤ 100 MB",
      (l) => over(Math.max(...l.rounds.map((r) => r.get(k)?.rssMb ?? 0)), 100, (x) => `${x.toFixed(0)} MB`),
    ],
    [
      "CPU ≤ hf's on the large-file rows",
      (l) => {
        const hf = med(l, "hf", (m) => m.cpu);
        if (l.row.smallFiles || hf === undefined) return undefined;
        return over(
          med(l, k, (m) => m.cpu),
          hf,
          (x) => `${x.toFixed(2)} s vs ${hf.toFixed(2)} s`,
        );
      },
    ],
  ];
  console.log("\nkohub-cli's targets (information, not an exit code):");
  for (const [text, miss] of targets) {
    const missed = lines.flatMap((l) => {
      const why = miss(l);
      return why ? [`${l.name} (${why})`] : [];
    });
    console.log(`  ${text}: ${missed.length > 0 ? `missed by ${missed.join(", ")}` : "met"}`);
  }
}

/** `describe(x)` when x is over the limit. */
function over(x: number | undefined, limit: number, describe: (x: number) => string): string | undefined {
  return x !== undefined && x > limit ? describe(x) : undefined;
}

// ------------------------------------------------------------------------------------------------
// Run

const started = performance.now();
const rows: Row[] = [];
for (const name of only)
  rows.push(await (ROWS[name] as (dir: string) => Row | Promise<Row>)(join(work, "data", name)));

// The repos downloads read, uploaded once by kohub-cli.
const seeds = new Map<Row, { repo: string; commit: string }>();
for (const row of rows.filter((r) => r.down)) {
  const repo = await createRepo(`${row.name}-seed`);
  await measure(uploadCommand("kohub-cli", row, repo));
  seeds.set(row, { repo, commit: await mainCommit(repo) });
}

const lines: Line[] = [];
const keep = (row: Row, name: string, round: number, measures: Map<Side, Measure>) => {
  let line = lines.find((l) => l.name === name);
  if (!line) {
    line = { row, name, rounds: [] };
    lines.push(line);
  }
  line.rounds[round] = measures;
  const each = SIDES.map((s) => `${s} ${measures.get(s)?.wall.toFixed(2) ?? "—"} s`).join(", ");
  console.error(`round ${round + 1}/${RUNS}  ${name.padEnd(16)} ${each}`);
};
for (let round = 0; round < RUNS; round++) {
  for (const row of rows) {
    if (row.up) keep(row, `${row.name} up`, round, await uploadRound(row, round));
    const seed = seeds.get(row);
    if (seed) keep(row, `${row.name} down`, round, await downloadRound(row, round, seed));
  }
}

const hfVersion = Bun.spawnSync([HF, "version", "--quiet"]).stdout.toString().trim();
console.log(
  `kohub-cli vs hf ${hfVersion} (huggingface_hub), curl as the floor, on the local hub: median of ${RUNS} rounds` +
    `${SCALE === 1 ? "" : `, scale ${SCALE}`}, ${((performance.now() - started) / 60_000).toFixed(1)} min`,
);
for (const row of rows) {
  const total = row.files.reduce((sum, f) => sum + f.size, 0);
  const lfs = row.files.filter((f) => f.lfs).length;
  const n = row.files.length;
  console.log(
    `  ${row.name.padEnd(10)} ${n} file${n === 1 ? "" : "s"}, ${(total / 1e6).toFixed(1)} MB, ${lfs} through LFS`,
  );
}
console.log();
printTable(lines);
printTargets(lines);
hub.stop();
