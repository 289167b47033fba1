/**
 * Transfer routes of the local hub (repos-files.md §8, §9): preupload, the NDJSON commit, the LFS batch
 * API with multipart completion and verify, resolve (HEAD metadata, GET 302), and a stand-in for presigned
 * S3: time-limited HMAC-signed URLs under `/_s3/<bucket>/lfs/aa/bb/<oid>` for PUT, PUT part and GET.
 *
 * Storage model: every object lives in the content-addressed blob store (`storage.ts` `blobPath`). A
 * storage PUT stores the bytes under the oid the URL was issued for, without checking them (as the real
 * server, which never verifies content against the oid). Uploads stream to a temp file while hashing.
 *
 * Limits: `setTransferLimits(hub, { multipartThreshold, partSize })` (defaults 100,000,000 / 50,000,000).
 */
import type { Database } from "bun:sqlite";
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Caller, cookie } from "../auth.ts";
import { findUser } from "../db.ts";
import {
  crash,
  detail,
  detailError,
  HttpError,
  hfErrorWithBody,
  isoZ,
  json,
  quoteAll,
  randomHex,
  repoNotFound,
} from "../http.ts";
import { canRead, canWrite, enumRepoType } from "../repo-access.ts";
import type { Ctx, HubRuntime, Router } from "../router.ts";
import {
  activeRecordHash,
  blobPath,
  commitStaged,
  DEFAULT_LFS_THRESHOLD,
  findRepo,
  getFileRecord,
  getRef,
  isLfsPath,
  putBlob,
  putFileRecord,
  type RepoRow,
  readEntry,
  readTree,
  repoUsedBytes,
  resolveRevision,
  softDeleteRecords,
  stage,
  type TreeEntry,
} from "../storage.ts";
import { recordDownload } from "./repos.ts";

export const schema = `
CREATE TABLE IF NOT EXISTS transfer_objects (
  oid TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  md5 TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  git_sha1 TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS transfer_uploads (
  upload_id TEXT PRIMARY KEY,
  oid TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS transfer_upload_parts (
  upload_id TEXT NOT NULL REFERENCES transfer_uploads(upload_id) ON DELETE CASCADE,
  part_number INTEGER NOT NULL,
  etag TEXT NOT NULL,
  md5 TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (upload_id, part_number)
);
`;

// ------------------------------------------------------------------------------------------------
// Limits and signing

/** Multipart settings of the LFS batch API. */
export interface TransferLimits {
  /** Objects strictly larger than this get a multipart upload (default 100,000,000). */
  multipartThreshold: number;
  /** Part size (`chunk_size`) of multipart uploads (default 50,000,000). */
  partSize: number;
}

const DEFAULT_LIMITS: TransferLimits = { multipartThreshold: 100_000_000, partSize: 50_000_000 };
const MAX_PARTS = 10_000;
const BUCKET = "hub-storage";
const SINGLE_EXPIRES = 86_400;
const MULTIPART_EXPIRES = 86_400 * 7;

/** One request to the storage stand-in, as {@link storageLog} lists it. */
export interface StorageRequest {
  method: string;
  oid: string;
  /** The `Range` header of a GET, if any. */
  range: string | null;
  /** The part number of a multipart part PUT, if it is one. */
  partNumber: number | null;
}

interface TransferState {
  limits: TransferLimits;
  secret: string;
  log: StorageRequest[];
  /** ETags (MD5) of objects committed inline, computed on their first GET (blobs never change). */
  md5s: Map<string, string>;
}

function state(hub: HubRuntime): TransferState {
  let s = hub.state.get("transfer") as TransferState | undefined;
  if (!s) {
    s = { limits: { ...DEFAULT_LIMITS }, secret: randomHex(32), log: [], md5s: new Map() };
    hub.state.set("transfer", s);
  }
  return s;
}

/** Changes the multipart threshold and part size of a running hub (tests use small values). */
export function setTransferLimits(hub: { runtime: HubRuntime }, limits: Partial<TransferLimits>): void {
  Object.assign(state(hub.runtime).limits, limits);
}

/**
 * The requests the storage stand-in received (signed ones only), oldest first; tests may clear it. Only
 * with `recordRequests: true`: otherwise it throws, so that a test cannot compare two empty lists.
 */
export function storageLog(hub: { runtime: HubRuntime }): StorageRequest[] {
  if (hub.runtime.options.recordRequests !== true) {
    throw new Error("storageLog: start the hub with recordRequests: true");
  }
  return state(hub.runtime).log;
}

function logStorage(ctx: Ctx, method: string, oid: string): void {
  if (ctx.hub.options.recordRequests !== true) return;
  const part = ctx.query.get("partNumber");
  state(ctx.hub).log.push({
    method,
    oid,
    range: ctx.req.headers.get("range"),
    partNumber: part === null ? null : Number(part),
  });
}

function lfsKey(oid: string): string {
  return `lfs/${oid.slice(0, 2)}/${oid.slice(2, 4)}/${oid}`;
}

const SIG = "X-Kohub-Signature";
const EXPIRES = "X-Kohub-Expires";

function canonical(method: string, path: string, params: URLSearchParams): string {
  const pairs = [...params.entries()]
    .filter(([k]) => k !== SIG)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method}\n${path}\n${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`;
}

function hmac(secret: string, text: string): string {
  return new Bun.CryptoHasher("sha256", secret).update(text).digest("hex");
}

/** A presigned URL of the storage stand-in. */
function presign(
  hub: HubRuntime,
  method: "GET" | "PUT",
  oid: string,
  expiresIn: number,
  extra: Record<string, string> = {},
): string {
  const path = `/_s3/${BUCKET}/${lfsKey(oid)}`;
  const params = new URLSearchParams(extra);
  params.set(EXPIRES, String(Math.floor(Date.now() / 1000) + expiresIn));
  params.set(SIG, hmac(state(hub).secret, canonical(method, path, params)));
  return `${hub.baseUrl}${path}?${params.toString()}`;
}

// ------------------------------------------------------------------------------------------------
// S3-like answers of the stand-in

function s3Error(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): HttpError {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return new HttpError(
    new Response(body, { status, headers: { "content-type": "application/xml", ...headers } }),
  );
}

function checkSignature(ctx: Ctx, method: "GET" | "PUT"): void {
  const params = ctx.query;
  const sig = params.get(SIG);
  const expires = Number(params.get(EXPIRES));
  if (!sig || !Number.isFinite(expires)) {
    throw s3Error(403, "AccessDenied", "Request is missing a valid signature");
  }
  const path = `/_s3/${ctx.params.bucket}/${ctx.params.key}`;
  if (hmac(state(ctx.hub).secret, canonical(method, path, params)) !== sig) {
    throw s3Error(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided.",
    );
  }
  if (expires * 1000 < Date.now()) throw s3Error(403, "AccessDenied", "Request has expired");
}

function oidOfKey(ctx: Ctx): string {
  const m = /^lfs\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(ctx.params.key ?? "");
  if (ctx.params.bucket !== BUCKET || !m?.[1])
    throw s3Error(404, "NoSuchKey", "The specified key does not exist.");
  return m[1];
}

/** The chunks of a byte stream (typed async iteration over a reader). */
async function* readChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The hex digest of a stored file's bytes, streamed. */
async function hashFile(path: string, algorithm: "md5" | "sha256"): Promise<string> {
  const hasher = new Bun.CryptoHasher(algorithm);
  for await (const chunk of readChunks(Bun.file(path).stream())) hasher.update(chunk);
  return hasher.digest("hex");
}

/** Streams a request body into a file while hashing it; never holds the whole body in memory. */
async function streamToFile(
  body: ReadableStream<Uint8Array> | null,
  dest: string,
  hashers: Bun.CryptoHasher[],
): Promise<number> {
  mkdirSync(dirname(dest), { recursive: true });
  const sink = Bun.file(dest).writer({ highWaterMark: 1 << 20 });
  let size = 0;
  try {
    if (body) {
      for await (const chunk of readChunks(body)) {
        size += chunk.byteLength;
        for (const h of hashers) h.update(chunk);
        sink.write(chunk);
      }
    }
    await sink.end();
  } catch (err) {
    await Promise.resolve(sink.end()).catch(() => {});
    rmSync(dest, { force: true });
    throw err;
  }
  return size;
}

function tmpPath(hub: HubRuntime): string {
  return join(hub.dataDir, "tmp", `${randomHex(8)}.part`);
}

/**
 * Records a stored object. Its content's SHA-256 is taken when first asked for ({@link objectSha256}): S3
 * hashes nothing but MD5s, and a 1 GiB multipart completion should not wait on it.
 */
function recordObject(db: Database, oid: string, size: number, md5: string): void {
  db.query(
    "INSERT OR REPLACE INTO transfer_objects (oid, size, md5, content_sha256, git_sha1, created_at) VALUES (?, ?, ?, '', NULL, ?)",
  ).run(oid, size, md5, Date.now());
}

/** S3 `PutObject` / `UploadPart` on a presigned URL. */
async function s3Put(ctx: Ctx): Promise<Response> {
  checkSignature(ctx, "PUT");
  const oid = oidOfKey(ctx);
  logStorage(ctx, "PUT", oid);
  const signedType = ctx.query.get("X-Kohub-Content-Type");
  if (signedType && ctx.req.headers.get("content-type") !== signedType) {
    throw s3Error(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    );
  }
  if (ctx.req.headers.get("content-length") === null) {
    throw s3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
  }
  const uploadId = ctx.query.get("uploadId");
  const md5 = new Bun.CryptoHasher("md5");
  if (uploadId !== null) {
    const partNumber = Number(ctx.query.get("partNumber"));
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
      throw s3Error(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
    }
    const upload = ctx.db.query("SELECT oid FROM transfer_uploads WHERE upload_id = ?").get(uploadId) as {
      oid: string;
    } | null;
    if (!upload || upload.oid !== oid) {
      throw s3Error(
        404,
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
      );
    }
    const dest = partPath(ctx.hub, uploadId, partNumber);
    const tmp = tmpPath(ctx.hub);
    const size = await streamToFile(ctx.req.body, tmp, [md5]);
    mkdirSync(dirname(dest), { recursive: true });
    renameSync(tmp, dest);
    const hex = md5.digest("hex");
    ctx.db
      .query(
        "INSERT OR REPLACE INTO transfer_upload_parts (upload_id, part_number, etag, md5, size) VALUES (?, ?, ?, ?, ?)",
      )
      .run(uploadId, partNumber, `"${hex}"`, hex, size);
    return new Response(null, { status: 200, headers: { etag: `"${hex}"` } });
  }
  const tmp = tmpPath(ctx.hub);
  const size = await streamToFile(ctx.req.body, tmp, [md5]);
  const dest = blobPath(ctx.hub.dataDir, oid);
  mkdirSync(dirname(dest), { recursive: true });
  renameSync(tmp, dest);
  const hex = md5.digest("hex");
  recordObject(ctx.db, oid, size, hex);
  return new Response(null, { status: 200, headers: { etag: `"${hex}"` } });
}

function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | "unsatisfiable" | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined; // multi-range or garbage: the whole object
  const [, a = "", b = ""] = m;
  if (a === "" && b === "") return undefined;
  if (a === "") {
    const n = Number(b);
    if (n === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  if (b !== "" && Number(b) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

/** S3 `GetObject` on a presigned URL, with Range (206, suffix ranges, 416), and S3's quoted `ETag` (the MD5). */
async function s3Get(ctx: Ctx): Promise<Response> {
  checkSignature(ctx, "GET");
  if (ctx.hub.options.storageRefusesTokens && ctx.req.headers.has("authorization")) {
    throw s3Error(
      400,
      "InvalidArgument",
      "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
    );
  }
  const oid = oidOfKey(ctx);
  logStorage(ctx, ctx.req.method.toUpperCase(), oid);
  const path = blobPath(ctx.hub.dataDir, oid);
  if (!existsSync(path)) throw s3Error(404, "NoSuchKey", "The specified key does not exist.");
  const stat = statSync(path);
  const size = stat.size;
  const headers: Record<string, string> = {
    "content-type": "application/octet-stream",
    "accept-ranges": "bytes",
    "last-modified": stat.mtime.toUTCString(),
  };
  const disposition = ctx.query.get("response-content-disposition");
  // S3 sends the value's UTF-8 bytes as they are (a non-ASCII file name included); a Headers value holds
  // bytes as Latin-1 characters.
  if (disposition) headers["content-disposition"] = Buffer.from(disposition, "utf8").toString("latin1");
  const obj = ctx.db.query("SELECT md5 FROM transfer_objects WHERE oid = ?").get(oid) as {
    md5: string;
  } | null;
  const file = Bun.file(path);
  // Objects committed inline never went through a storage PUT: S3 still has an ETag for them.
  const md5s = state(ctx.hub).md5s;
  let md5 = obj?.md5 ?? md5s.get(oid);
  if (!md5) {
    md5 = await hashFile(path, "md5");
    md5s.set(oid, md5);
  }
  headers.etag = `"${md5}"`;
  const rangeHeader = ctx.req.headers.get("range");
  const range = rangeHeader ? parseRange(rangeHeader, size) : undefined;
  if (range === "unsatisfiable") {
    throw s3Error(416, "InvalidRange", "The requested range is not satisfiable", {
      "content-range": `bytes */${size}`,
    });
  }
  if (range) {
    headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`;
    return new Response(file.slice(range.start, range.end + 1), { status: 206, headers });
  }
  return new Response(file, { status: 200, headers });
}

// ------------------------------------------------------------------------------------------------
// Objects, multipart uploads

/** Whether the global LFS key space holds an object: uploaded here, or linked as LFS by some commit. */
function lfsObjectExists(ctx: Ctx, oid: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(oid) || !existsSync(blobPath(ctx.hub.dataDir, oid))) return false;
  if (ctx.db.query("SELECT 1 FROM transfer_objects WHERE oid = ?").get(oid)) return true;
  return ctx.db.query("SELECT 1 FROM tree_entries WHERE sha256 = ? AND lfs = 1 LIMIT 1").get(oid) !== null;
}

function objectSize(ctx: Ctx, oid: string): number {
  return statSync(blobPath(ctx.hub.dataDir, oid)).size;
}

/**
 * The SHA-256 of a stored object's content (it may be stored under an oid its bytes do not have),
 * streamed, and kept in its record. Empty when the object is not stored.
 */
async function objectSha256(ctx: Ctx, oid: string): Promise<string> {
  const row = ctx.db.query("SELECT content_sha256 FROM transfer_objects WHERE oid = ?").get(oid) as {
    content_sha256: string;
  } | null;
  if (row?.content_sha256) return row.content_sha256;
  const path = blobPath(ctx.hub.dataDir, oid);
  if (!existsSync(path)) return "";
  const hash = await hashFile(path, "sha256");
  if (row) ctx.db.query("UPDATE transfer_objects SET content_sha256 = ? WHERE oid = ?").run(hash, oid);
  return hash;
}

function partPath(hub: HubRuntime, uploadId: string, partNumber: number): string {
  return join(hub.dataDir, "multipart", uploadId, String(partNumber));
}

/** S3 CompleteMultipartUpload: assembles the listed parts under the upload's oid. Throws Error(S3 text). */
async function completeUpload(
  ctx: Ctx,
  oid: string,
  uploadId: string,
  parts: Array<{ PartNumber: number; ETag: string }>,
): Promise<{ size: number; etag: string }> {
  const op = "when calling the CompleteMultipartUpload operation";
  const upload = ctx.db.query("SELECT oid FROM transfer_uploads WHERE upload_id = ?").get(uploadId) as {
    oid: string;
  } | null;
  if (!upload || upload.oid !== oid) {
    throw new Error(
      `An error occurred (NoSuchUpload) ${op}: The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.`,
    );
  }
  const stored = new Map(
    (
      ctx.db
        .query("SELECT part_number, etag, md5 FROM transfer_upload_parts WHERE upload_id = ?")
        .all(uploadId) as Array<{
        part_number: number;
        etag: string;
        md5: string;
      }>
    ).map((p) => [p.part_number, p]),
  );
  let previous = 0;
  for (const p of parts) {
    if (p.PartNumber <= previous) {
      throw new Error(
        `An error occurred (InvalidPartOrder) ${op}: The list of parts was not in ascending order. The parts list must be specified in order by part number.`,
      );
    }
    previous = p.PartNumber;
    const have = stored.get(p.PartNumber);
    if (!have || have.md5 !== String(p.ETag).replace(/"/g, "")) {
      throw new Error(
        `An error occurred (InvalidPart) ${op}: One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.`,
      );
    }
  }
  const etagHasher = new Bun.CryptoHasher("md5");
  const tmp = tmpPath(ctx.hub);
  mkdirSync(dirname(tmp), { recursive: true });
  const sink = Bun.file(tmp).writer({ highWaterMark: 1 << 20 });
  let size = 0;
  for (const p of parts) {
    etagHasher.update(Buffer.from((stored.get(p.PartNumber) as { md5: string }).md5, "hex"));
    for await (const chunk of readChunks(Bun.file(partPath(ctx.hub, uploadId, p.PartNumber)).stream())) {
      size += chunk.byteLength;
      sink.write(chunk);
    }
  }
  await sink.end();
  const dest = blobPath(ctx.hub.dataDir, oid);
  mkdirSync(dirname(dest), { recursive: true });
  renameSync(tmp, dest);
  const etag = `${etagHasher.digest("hex")}-${parts.length}`;
  ctx.db.query("DELETE FROM transfer_uploads WHERE upload_id = ?").run(uploadId);
  rmSync(join(ctx.hub.dataDir, "multipart", uploadId), { recursive: true, force: true });
  recordObject(ctx.db, oid, size, etag);
  return { size, etag };
}

// ------------------------------------------------------------------------------------------------
// Shared helpers

function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `'${k}': ${pyRepr(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/** Python's `int(x)` for sizes: ints and digit strings; anything else crashes the request (500). */
function pyInt(value: unknown): number {
  if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  throw crash();
}

/** Python's lenient `base64.b64decode` (non-alphabet characters dropped, padding checked). */
function b64decode(text: unknown): Uint8Array {
  if (typeof text !== "string") {
    throw new Error(
      `argument should be a bytes-like object or ASCII string, not '${text === null || text === undefined ? "NoneType" : typeof text}'`,
    );
  }
  const clean = text.replace(/[^A-Za-z0-9+/=]/g, "");
  const data = clean.replace(/=+$/, "");
  if (data.includes("=")) throw new Error("Incorrect padding");
  if (data.length % 4 === 1) {
    throw new Error(
      `Invalid base64-encoded string: number of data characters (${data.length}) cannot be 1 more than a multiple of 4`,
    );
  }
  if (clean.length % 4 !== 0) throw new Error("Incorrect padding");
  return new Uint8Array(Buffer.from(data, "base64"));
}

function lfsThreshold(repo: RepoRow): number {
  return repo.lfs_threshold_bytes ?? DEFAULT_LFS_THRESHOLD;
}

/** should_use_lfs: the size test first; a missing path only crashes when the suffix test is reached. */
function shouldUseLfs(repo: RepoRow, path: unknown, size: number): boolean {
  if (size >= lfsThreshold(repo)) return true;
  if (typeof path !== "string") throw crash();
  return isLfsPath(repo, path, size);
}

interface StagedRow extends TreeEntry {
  deleted: number;
}

/**
 * A path as the storage layer sees it on a ref: for a branch, the head tree with its staged (uncommitted)
 * changes on top; for a tag or commit, that commit's tree. Undefined when the ref or the path is missing.
 */
function statObject(
  db: Database,
  repoId: number,
  ref: string,
  path: string,
): { entry: TreeEntry; branchHead?: string } | undefined {
  const resolved = resolveRevision(db, repoId, ref);
  if (!resolved) return undefined;
  if (resolved.kind === "branch") {
    const head = resolved.commitId;
    const staged = db
      .query("SELECT * FROM staged WHERE repo_id = ? AND branch = ? AND path = ?")
      .get(repoId, ref, path) as StagedRow | null;
    if (staged) return staged.deleted ? undefined : { entry: toEntry(staged), branchHead: head };
    const entry = readEntry(db, head, path);
    return entry ? { entry, branchHead: head } : undefined;
  }
  const entry = readEntry(db, resolved.commitId, path);
  return entry ? { entry } : undefined;
}

function toEntry(row: TreeEntry): TreeEntry {
  return {
    path: row.path,
    size: row.size,
    sha256: row.sha256,
    git_sha1: row.git_sha1,
    lfs: row.lfs,
    mtime: row.mtime,
  };
}

/** Every object of a branch (head tree plus staged changes). */
function branchObjects(db: Database, repoId: number, branch: string): Map<string, TreeEntry> | undefined {
  const head = getRef(db, repoId, "branch", branch);
  if (!head) return undefined;
  const tree = new Map(readTree(db, head).map((e) => [e.path, e]));
  const staged = db
    .query("SELECT * FROM staged WHERE repo_id = ? AND branch = ?")
    .all(repoId, branch) as StagedRow[];
  for (const s of staged) {
    if (s.deleted) tree.delete(s.path);
    else tree.set(s.path, toEntry(s));
  }
  return tree;
}

/** The file's SHA-256 of its actual content (LFS objects may be stored under an oid that does not match). */
async function contentSha256(ctx: Ctx, entry: TreeEntry): Promise<string> {
  if (!entry.lfs) return entry.sha256;
  return (await objectSha256(ctx, entry.sha256)) || entry.sha256;
}

/** check_quota: 413 when the namespace's pool for the repo's visibility would overflow. */
function checkQuota(ctx: Ctx, repo: RepoRow, additional: number): void {
  const entity = findUser(ctx.db, repo.namespace);
  let message: string | undefined;
  if (!entity) message = `User not found: ${repo.namespace}`;
  else {
    const isPrivate = repo.private === 1;
    const quota = isPrivate ? entity.private_quota_bytes : entity.public_quota_bytes;
    if (quota !== null && quota !== undefined) {
      const repos = ctx.db
        .query("SELECT id FROM repos WHERE namespace = ? AND private = ?")
        .all(repo.namespace, isPrivate ? 1 : 0) as Array<{ id: number }>;
      const used = repos.reduce((sum, r) => sum + repoUsedBytes(ctx.db, r.id), 0);
      const next = used + additional;
      if (next > quota) {
        message = `${isPrivate ? "Private" : "Public"} storage quota exceeded: ${(next / 1e9).toFixed(2)}GB would exceed limit of ${(quota / 1e9).toFixed(2)}GB`;
      }
    }
  }
  if (message) throw detailError(413, "Storage quota exceeded", { message });
}

function writePermission(ctx: Ctx, repo: RepoRow, caller: Caller): void {
  if (!canWrite(ctx, repo, caller)) {
    throw detail(403, `You don't have permission to modify repository '${repo.namespace}/${repo.name}'`);
  }
}

// ------------------------------------------------------------------------------------------------
// Preupload (§8.3)

async function preupload(ctx: Ctx): Promise<Response> {
  const caller = ctx.requireCaller();
  const type = enumRepoType(ctx);
  const { ns = "", name = "", revision = "" } = ctx.params;
  const repo = findRepo(ctx.db, type, ns, name);
  if (!repo) throw detailError(404, "Repository not found");
  writePermission(ctx, repo, caller);
  let body: unknown;
  try {
    body = JSON.parse(await ctx.req.text());
  } catch (err) {
    throw detailError(400, `Invalid JSON: ${(err as Error).message}`);
  }
  const files = body && typeof body === "object" ? (body as Record<string, unknown>).files : undefined;
  if (!Array.isArray(files)) throw detailError(400, "Missing or invalid 'files' array");
  for (const f of files) if (!f || typeof f !== "object" || Array.isArray(f)) throw crash();
  const entries = files as Array<Record<string, unknown>>;
  const total = entries.reduce((sum, f) => sum + ("size" in f ? pyInt(f.size) : 0), 0);
  checkQuota(ctx, repo, total);

  const out = [];
  for (const f of entries) {
    const path = (f.path || f.path_in_repo || null) as string | null;
    const size = f.size ? pyInt(f.size) : 0;
    const sha256 = typeof f.sha256 === "string" ? f.sha256 : "";
    const sample = typeof f.sample === "string" ? f.sample : "";
    const uploadMode = shouldUseLfs(repo, path, size) ? "lfs" : "regular";
    let shouldIgnore = false;
    if (sha256) {
      const rec = path === null ? undefined : activeRecordHash(ctx.db, repo.id, path);
      shouldIgnore = rec !== undefined && rec.hash === sha256 && rec.size === size;
    } else if (sample && uploadMode === "regular" && path !== null) {
      try {
        const sampleSha = new Bun.CryptoHasher("sha256").update(b64decode(sample)).digest("hex");
        const found = statObject(ctx.db, repo.id, revision, path);
        if (found && found.entry.size === size)
          shouldIgnore = (await contentSha256(ctx, found.entry)) === sampleSha;
      } catch {
        shouldIgnore = false;
      }
    }
    out.push({ path, uploadMode, shouldIgnore });
  }
  return json({ files: out });
}

// ------------------------------------------------------------------------------------------------
// Commit (§8.6)

interface OpContext {
  ctx: Ctx;
  repo: RepoRow;
  branch: string;
  /** The branch head, or undefined when the branch does not exist. */
  head: string | undefined;
  now: number;
}

async function opFile(o: OpContext, value: Record<string, unknown>): Promise<boolean> {
  const path = value.path as string;
  const encoding = String(value.encoding ?? "").toLowerCase();
  if (!encoding.startsWith("base64")) throw detailError(400, `Invalid file operation for ${path}`);
  let data: Uint8Array;
  try {
    data = b64decode(value.content);
  } catch (err) {
    throw detailError(400, `Failed to decode base64: ${(err as Error).message}`);
  }
  const threshold = lfsThreshold(o.repo);
  if (shouldUseLfs(o.repo, path, data.byteLength)) {
    throw detailError(
      400,
      `File ${path} should use LFS (size: ${data.byteLength} bytes, threshold: ${threshold} bytes). ` +
        `Files >= ${threshold} bytes or matching LFS suffix rules must be uploaded through Git LFS. ` +
        "Use 'lfsFile' operation instead of 'file' operation.",
      { file_size: data.byteLength, lfs_threshold: threshold, suggested_operation: "lfsFile" },
    );
  }
  const gitSha1 = new Bun.CryptoHasher("sha1").update(`blob ${data.byteLength}\0`).update(data).digest("hex");
  const existing = activeRecordHash(o.ctx.db, o.repo.id, path);
  if (existing && existing.hash === gitSha1 && existing.size === data.byteLength) return false;
  if (!o.head) throw detailError(500, `Failed to upload ${path}: branch '${o.branch}' not found`);
  const { sha256 } = await putBlob(o.ctx.hub.dataDir, data);
  stage(o.ctx.db, o.repo.id, o.branch, path, {
    path,
    size: data.byteLength,
    sha256,
    git_sha1: gitSha1,
    lfs: 0,
    mtime: o.now,
  });
  putFileRecord(o.ctx.db, o.repo.id, path, { hash: gitSha1, size: data.byteLength, lfs: 0, is_deleted: 0 });
  return true;
}

async function opLfsFile(o: OpContext, value: Record<string, unknown>): Promise<boolean> {
  const path = value.path as string;
  const oid = value.oid;
  if (!oid || typeof oid !== "string") throw detailError(400, `Missing OID for LFS file ${path}`);
  let size = value.size as number | null | undefined;
  const existing = getFileRecord(o.ctx.db, o.repo.id, path);
  if (existing && existing.hash === oid && existing.size === size) {
    if (!existing.is_deleted) return false; // unchanged
    if (!o.head) {
      throw detailError(500, `Failed to restore LFS file ${path} in LakeFS: branch '${o.branch}' not found`);
    }
    stage(o.ctx.db, o.repo.id, o.branch, path, {
      path,
      size: existing.size,
      sha256: oid,
      git_sha1: "", // not kept for LFS entries (see TreeEntry)
      lfs: 1,
      mtime: o.now,
    });
    putFileRecord(o.ctx.db, o.repo.id, path, { ...existing, is_deleted: 0 });
    return true;
  }
  if (!lfsObjectExists(o.ctx, oid)) {
    throw detailError(
      400,
      `LFS object ${oid} not found in storage. Upload to S3 may have failed. Path: ${lfsKey(oid)}`,
    );
  }
  size = objectSize(o.ctx, oid); // the stored size wins over the declared one
  if (!o.head) {
    throw detailError(500, `Failed to link LFS file ${path} in LakeFS: branch '${o.branch}' not found`);
  }
  stage(o.ctx.db, o.repo.id, o.branch, path, {
    path,
    size,
    sha256: oid,
    git_sha1: "", // not kept for LFS entries (see TreeEntry)
    lfs: 1,
    mtime: o.now,
  });
  putFileRecord(o.ctx.db, o.repo.id, path, { hash: oid, size, lfs: 1, is_deleted: 0 });
  return true;
}

function opDeletedFile(o: OpContext, value: Record<string, unknown>): boolean {
  const path = String(value.path);
  if (o.head && statObject(o.ctx.db, o.repo.id, o.branch, path))
    stage(o.ctx.db, o.repo.id, o.branch, path, null);
  if (path.endsWith("/")) {
    o.ctx.db
      .query("UPDATE file_records SET is_deleted = 1 WHERE repo_id = ? AND path = ?")
      .run(o.repo.id, path);
  } else softDeleteRecords(o.ctx.db, o.repo.id, path);
  return true;
}

function opDeletedFolder(o: OpContext, value: Record<string, unknown>): boolean {
  const raw = String(value.path);
  const folder = raw.endsWith("/") ? raw : `${raw}/`;
  const objects = branchObjects(o.ctx.db, o.repo.id, o.branch);
  if (!objects) return true; // listing fails: logged and ignored
  const inside = [...objects.keys()].filter((p) => p.startsWith(folder));
  for (const p of inside) stage(o.ctx.db, o.repo.id, o.branch, p, null);
  if (inside.length > 0) softDeleteRecords(o.ctx.db, o.repo.id, folder);
  return true;
}

async function opCopyFile(o: OpContext, value: Record<string, unknown>): Promise<boolean> {
  const dest = value.path as string;
  const src = value.srcPath;
  if (!src || typeof src !== "string") throw detailError(400, "Missing srcPath for copyFile operation");
  const srcRevision = typeof value.srcRevision === "string" ? value.srcRevision : o.branch;
  const fail = (why: string) => detailError(500, `Failed to copy file ${src} to ${dest}: ${why}`);
  const found = statObject(o.ctx.db, o.repo.id, srcRevision, src);
  if (!found) throw fail(`object '${src}' not found at '${srcRevision}'`);
  if (!o.head) throw fail(`branch '${o.branch}' not found`);
  stage(o.ctx.db, o.repo.id, o.branch, dest, { ...found.entry, path: dest, mtime: o.now });
  const srcRecord = activeRecordHash(o.ctx.db, o.repo.id, src);
  if (srcRecord) putFileRecord(o.ctx.db, o.repo.id, dest, { ...srcRecord, is_deleted: 0 });
  else {
    const e = found.entry;
    const checksum = e.lfs ? `sha256:${e.sha256}` : await storageChecksum(o.ctx, e);
    const lfs = isLfsPath(o.repo, dest, e.size) ? 1 : 0;
    putFileRecord(o.ctx.db, o.repo.id, dest, { hash: checksum, size: e.size, lfs, is_deleted: 0 });
  }
  return true;
}

/** The storage layer's own checksum of a regular object (an MD5, as LakeFS/S3 report it). */
async function storageChecksum(ctx: Ctx, entry: TreeEntry): Promise<string> {
  const path = blobPath(ctx.hub.dataDir, entry.sha256);
  return existsSync(path) ? hashFile(path, "md5") : "";
}

/** Python's str.splitlines separators. */
const LINE_BREAKS = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

async function commit(ctx: Ctx): Promise<Response> {
  const caller = ctx.requireCaller();
  const type = enumRepoType(ctx);
  const { ns = "", name = "", revision = "" } = ctx.params;
  if (["1", "true", "True"].includes(ctx.query.get("create_pr") ?? "")) {
    const message =
      "create_commit(create_pr=True) is not supported by KohakuHub. Commit to a branch directly instead; " +
      "the discussions / pull-request workflow is not implemented.";
    throw hfErrorWithBody(501, "NotImplemented", message, message);
  }
  const repo = findRepo(ctx.db, type, ns, name);
  if (!repo) throw detailError(404, "Repository not found");
  writePermission(ctx, repo, caller);

  const lines = (await ctx.req.text()).split(LINE_BREAKS);
  let header: Record<string, unknown> | undefined;
  const operations: Array<{ key: string; value: Record<string, unknown> }> = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (err) {
      throw detailError(400, `Invalid JSON line: ${(err as Error).message}`);
    }
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) throw crash();
    const { key, value = {} } = obj as { key?: unknown; value?: unknown };
    if (!value || typeof value !== "object") throw crash();
    if (key === "header") header = value as Record<string, unknown>;
    else if (
      typeof key === "string" &&
      ["file", "lfsFile", "deletedFile", "deletedFolder", "copyFile"].includes(key)
    ) {
      operations.push({ key, value: value as Record<string, unknown> });
    }
  }
  if (header === undefined) throw detailError(400, "Missing commit header");

  const o: OpContext = {
    ctx,
    repo,
    branch: revision,
    head: getRef(ctx.db, repo.id, "branch", revision),
    now: Date.now(),
  };
  let changed = false;
  for (const { key, value } of operations) {
    let c = false;
    if (key === "file") c = await opFile(o, value);
    else if (key === "lfsFile") c = await opLfsFile(o, value);
    else if (key === "deletedFile") c = opDeletedFile(o, value);
    else if (key === "deletedFolder") c = opDeletedFolder(o, value);
    else c = await opCopyFile(o, value);
    changed = changed || c;
  }

  const repoPath = `${type}s/${ns}/${name}`;
  if (!changed) {
    const head = getRef(ctx.db, repo.id, "branch", revision) ?? "no-changes";
    return json({ commitUrl: `${repoPath}/commit/${head}`, commitOid: head, pullRequestUrl: null });
  }
  let id: string | undefined;
  try {
    id = commitStaged(ctx.db, repo.id, revision, {
      message: (header.summary as string | undefined) ?? "Commit via API",
      description: (header.description as string | undefined) ?? "",
      username: caller.user.username,
      userId: caller.user.id,
    });
  } catch (err) {
    throw detailError(500, `Commit failed: ${(err as Error).message}`);
  }
  if (!id) throw detailError(500, "Commit failed: commit: no changes");
  return json({ commitUrl: `${repoPath}/commit/${id}`, commitOid: id, pullRequestUrl: null });
}

// ------------------------------------------------------------------------------------------------
// LFS batch, complete, verify (§8.4, §8.5)

async function lfsBatch(ctx: Ctx): Promise<Response> {
  const type = ctx.params.type ?? "model";
  const { ns = "", name = "" } = ctx.params;
  let body: Record<string, unknown>;
  try {
    const parsed = JSON.parse(await ctx.req.text()) as unknown;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
      throw new Error("Input should be a valid dictionary");
    body = parsed as Record<string, unknown>;
    const problems: string[] = [];
    if (typeof body.operation !== "string")
      problems.push(
        `operation\n  ${body.operation === undefined ? "Field required" : "Input should be a valid string"}`,
      );
    if (!Array.isArray(body.objects))
      problems.push(
        `objects\n  ${body.objects === undefined ? "Field required" : "Input should be a valid list"}`,
      );
    else {
      body.objects.forEach((obj: unknown, i: number) => {
        const o = (obj ?? {}) as Record<string, unknown>;
        if (typeof o.oid !== "string") problems.push(`objects.${i}.oid\n  Field required`);
        if (typeof o.size !== "number" || !Number.isInteger(o.size))
          problems.push(`objects.${i}.size\n  Input should be a valid integer`);
      });
    }
    if (problems.length) {
      throw new Error(
        `${problems.length} validation error${problems.length > 1 ? "s" : ""} for LFSBatchRequest\n${problems.join("\n")}`,
      );
    }
  } catch (err) {
    throw detailError(400, `Invalid LFS batch request: ${(err as Error).message}`);
  }
  const operation = body.operation as string;
  const objects = body.objects as Array<{ oid: string; size: number }>;
  const isBrowser = body.is_browser === true;

  const user = ctx.caller();
  const repo = findRepo(ctx.db, type, ns, name);
  if (repo) {
    if (operation === "upload") {
      if (!user) throw detailError(401, "Authentication required for upload");
      writePermission(ctx, repo, user);
      checkQuota(
        ctx,
        repo,
        objects.reduce((s, o) => s + o.size, 0),
      );
    } else if (operation === "download") {
      if (!canRead(ctx, repo, user)) throw repoNotFound(type, ns, name);
    }
  }

  const repoId = `${ns}/${name}`;
  const results = objects.map((obj) => {
    const { oid, size } = obj;
    if (operation === "upload") return uploadObject(ctx, repoId, oid, size, isBrowser);
    if (operation === "download") return downloadObject(ctx, oid, size);
    return {
      oid,
      size,
      authenticated: true,
      error: { code: 400, message: `Unknown operation: ${operation}` },
    };
  });
  return new Response(JSON.stringify({ transfer: "basic", objects: results, hash_algo: "sha256" }), {
    headers: { "content-type": "application/vnd.git-lfs+json" },
  });
}

function uploadObject(ctx: Ctx, repoId: string, oid: string, size: number, isBrowser: boolean): unknown {
  const record = ctx.db
    .query("SELECT size FROM file_records WHERE hash = ? AND is_deleted = 0 LIMIT 1")
    .get(oid) as {
    size: number;
  } | null;
  if (lfsObjectExists(ctx, oid) || (record && record.size === size))
    return { oid, size, authenticated: true };
  if (!/^[0-9a-f]{64}$/.test(oid)) {
    return {
      oid,
      size,
      authenticated: true,
      error: { code: 500, message: `Failed to generate upload URL: invalid oid ${oid}` },
    };
  }
  const { multipartThreshold, partSize } = state(ctx.hub).limits;
  const verify = `${ctx.hub.baseUrl}/api/${repoId}.git/info/lfs/verify`;
  if (size > multipartThreshold) {
    let chunk = partSize;
    let count = Math.ceil(size / chunk);
    if (count > MAX_PARTS) {
      chunk = Math.ceil(Math.ceil(size / MAX_PARTS) / 1_048_576) * 1_048_576;
      count = Math.ceil(size / chunk);
    }
    const uploadId = randomHex(24);
    ctx.db
      .query("INSERT INTO transfer_uploads (upload_id, oid, created_at) VALUES (?, ?, ?)")
      .run(uploadId, oid, Date.now());
    const header: Record<string, string> = { chunk_size: String(chunk), upload_id: uploadId };
    for (let i = 1; i <= count; i++) {
      header[String(i)] = presign(ctx.hub, "PUT", oid, MULTIPART_EXPIRES, {
        partNumber: String(i),
        uploadId,
      });
    }
    const expiresAt = isoZ(Date.now() + MULTIPART_EXPIRES * 1000);
    return {
      oid,
      size,
      authenticated: true,
      actions: {
        upload: {
          href: `${ctx.hub.baseUrl}/api/${repoId}.git/info/lfs/complete/${uploadId}`,
          expires_at: expiresAt,
          header,
        },
        verify: { href: verify, expires_at: expiresAt },
      },
    };
  }
  const extra: Record<string, string> = isBrowser
    ? { "X-Kohub-Content-Type": "application/octet-stream" }
    : {};
  const expiresAt = isoZ(Date.now() + SINGLE_EXPIRES * 1000);
  return {
    oid,
    size,
    authenticated: true,
    actions: {
      upload: {
        href: presign(ctx.hub, "PUT", oid, SINGLE_EXPIRES, extra),
        expires_at: expiresAt,
        header: isBrowser ? { "Content-Type": "application/octet-stream" } : {},
      },
      verify: { href: verify, expires_at: expiresAt },
    },
  };
}

function downloadObject(ctx: Ctx, oid: string, size: number): unknown {
  const found = ctx.db.query("SELECT 1 FROM file_records WHERE hash = ? AND is_deleted = 0 LIMIT 1").get(oid);
  if (!found) return { oid, size, authenticated: true, error: { code: 404, message: "Object not found" } };
  return {
    oid,
    size,
    authenticated: true,
    actions: {
      download: {
        href: presign(ctx.hub, "GET", oid, SINGLE_EXPIRES),
        expires_at: isoZ(Date.now() + 3600 * 1000),
      },
    },
  };
}

async function readJsonBody(ctx: Ctx, what: string): Promise<Record<string, unknown>> {
  try {
    const body = JSON.parse(await ctx.req.text()) as unknown;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw crash();
    return body as Record<string, unknown>;
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw detailError(400, `Invalid ${what} request: ${(err as Error).message}`);
  }
}

async function lfsComplete(ctx: Ctx): Promise<Response> {
  const body = await readJsonBody(ctx, "completion");
  const oid = body.oid;
  const size = body.size;
  const uploadId = ctx.params.upload_id || body.upload_id;
  const parts = Array.isArray(body.parts) ? body.parts : [];
  if (!oid || !uploadId || parts.length === 0) {
    throw detailError(400, "Missing required fields: oid, upload_id, parts", {
      received: { oid: Boolean(oid), upload_id: Boolean(uploadId), parts: parts.length > 0 },
    });
  }
  const normalized = parts.map((part: Record<string, unknown>) => {
    const partNumber = part?.PartNumber || part?.partNumber;
    const etag = part?.ETag || part?.etag;
    if (!partNumber || !etag) {
      throw detailError(400, `Invalid part format: ${pyRepr(part)}`, {
        expected: "PartNumber/partNumber and ETag/etag",
      });
    }
    return { PartNumber: pyInt(partNumber), ETag: String(etag) };
  });
  try {
    const result = await completeUpload(ctx, String(oid), String(uploadId), normalized);
    if (size && result.size !== size) {
      throw new Error("400: {'error': 'Size mismatch after upload'}");
    }
    return json({ message: "Multipart upload completed successfully", size: result.size, etag: result.etag });
  } catch (err) {
    throw detailError(500, `Failed to complete multipart upload: ${(err as Error).message}`);
  }
}

async function lfsVerify(ctx: Ctx): Promise<Response> {
  const body = await readJsonBody(ctx, "verification");
  const oid = body.oid;
  if (!oid || typeof oid !== "string") throw detailError(400, "Missing OID");
  const uploadId = body.upload_id;
  const parts = body.parts;
  if (uploadId && Array.isArray(parts) && parts.length > 0) {
    try {
      // Passed to S3 as given: the S3 key names are required here.
      const checked = parts.map((p: Record<string, unknown>, i: number) => {
        for (const k of ["PartNumber", "ETag"]) {
          if (p?.[k] === undefined) {
            throw new Error(
              `Parameter validation failed:\nMissing required parameter in MultipartUpload.Parts[${i}]: "${k}"`,
            );
          }
        }
        return { PartNumber: pyInt(p.PartNumber), ETag: String(p.ETag) };
      });
      await completeUpload(ctx, oid, String(uploadId), checked);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw detailError(500, `Failed to complete multipart upload: ${(err as Error).message}`);
    }
  }
  if (!lfsObjectExists(ctx, oid)) throw detailError(404, "Object not found in storage");
  if (body.size && objectSize(ctx, oid) !== body.size) throw detailError(400, "Size mismatch");
  return json({ message: "Object verified successfully" });
}

// ------------------------------------------------------------------------------------------------
// Resolve (§9)

/** Python's `quote(s, safe="")`. */
function resolveFile(ctx: Ctx, method: "HEAD" | "GET"): Response {
  const type = ctx.params.type ?? "model";
  const { ns = "", name = "", revision = "", path = "" } = ctx.params;
  const repoId = `${ns}/${name}`;
  const repo = findRepo(ctx.db, type, ns, name);
  if (!repo) {
    throw hfErrorWithBody(
      404,
      "RepoNotFound",
      `Repository '${repoId}' (${type}) not found`,
      `Repository '${repoId}' not found`,
    );
  }
  const caller = ctx.caller();
  if (!canRead(ctx, repo, caller)) throw repoNotFound(type, ns, name);
  const found = path ? statObject(ctx.db, repo.id, revision, path) : undefined;
  if (!found) {
    throw hfErrorWithBody(
      404,
      "EntryNotFound",
      `Entry '${path}' not found in repository '${repoId}' at revision '${revision}'`,
      `File '${path}' not found`,
    );
  }
  const { entry } = found;
  const commit = found.branchHead ?? revision;
  const etag = activeRecordHash(ctx.db, repo.id, path)?.hash ?? "";
  const size = String(entry.size);
  const filename = path.split("/").pop() ?? path;

  if (method === "HEAD") {
    const quoted = quoteAll(filename);
    return new Response(null, {
      status: 200,
      headers: {
        "x-repo-commit": commit,
        "x-linked-etag": etag,
        "x-linked-size": size,
        etag,
        "content-length": size,
        "accept-ranges": "bytes",
        "content-type": "application/octet-stream",
        "last-modified": entry.mtime ? new Date(entry.mtime).toUTCString() : "",
        "content-disposition": `attachment; filename="${quoted}"; filename*=UTF-8''${quoted}`,
      },
    });
  }

  const location = presign(ctx.hub, "GET", entry.sha256, SINGLE_EXPIRES, {
    "response-content-disposition": `attachment; filename="${filename}";`,
  });
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const [k, v] of [
    ["x-repo-commit", commit],
    ["x-linked-etag", etag],
    ["x-linked-size", size],
    ["etag", etag],
  ] as const) {
    if (v) headers.set(k, v);
  }
  // Download counting (§9.5): one session per repo per time bucket.
  let sessionKey: string;
  if (caller) sessionKey = cookie(ctx.req, "session_id") ?? "";
  else {
    const existing = cookie(ctx.req, "hf_download_session");
    sessionKey = existing ?? randomHex(16);
    if (!existing) {
      headers.append(
        "set-cookie",
        `hf_download_session=${sessionKey}; HttpOnly; Max-Age=86400; Path=/; SameSite=lax`,
      );
    }
  }
  recordDownload(ctx.db, repo, sessionKey, caller !== undefined);
  return new Response(null, { status: 302, headers });
}

// ------------------------------------------------------------------------------------------------

export function register(r: Router): void {
  r.post("/api/{type}s/{ns}/{name}/preupload/{revision}", preupload);
  r.post("/api/{type}s/{ns}/{name}/commit/{revision}", commit);

  r.post("/{type}s/{ns}/{name}.git/info/lfs/objects/batch", lfsBatch);
  r.post("/{ns}/{name}.git/info/lfs/objects/batch", lfsBatch);
  r.post("/api/{ns}/{name}.git/info/lfs/complete/{upload_id}", lfsComplete);
  r.post("/api/{ns}/{name}.git/info/lfs/complete", lfsComplete);
  r.post("/api/{ns}/{name}.git/info/lfs/verify", lfsVerify);

  const head = (ctx: Ctx) => resolveFile(ctx, "HEAD");
  const get = (ctx: Ctx) => resolveFile(ctx, "GET");
  r.add("HEAD", "/api/{type}s/{ns}/{name}/resolve/{revision}/{path:path}", head);
  r.get("/api/{type}s/{ns}/{name}/resolve/{revision}/{path:path}", get);
  // The typed form is registered before the model form, as in the real server.
  r.add("HEAD", "/{type}s/{ns}/{name}/resolve/{revision}/{path:path}", head);
  r.get("/{type}s/{ns}/{name}/resolve/{revision}/{path:path}", get);
  r.add("HEAD", "/{ns}/{name}/resolve/{revision}/{path:path}", head);
  r.get("/{ns}/{name}/resolve/{revision}/{path:path}", get);

  // The presigned-S3 stand-in.
  r.put("/_s3/{bucket}/{key:path}", s3Put);
  r.add(["GET", "HEAD"], "/_s3/{bucket}/{key:path}", s3Get);
}
