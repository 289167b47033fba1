/**
 * The upload and download protocol: preupload, the NDJSON commit, the LFS batch API (basic and multipart
 * transfers, verify, complete) and resolve (file metadata and download URLs).
 *
 * These are the low-level primitives; they never buffer more than the caller hands them. Storage URLs
 * (presigned S3 or the local hub's stand-in) are always requested **without** the hub's credentials.
 *
 * @module
 */
import { encodePath, type RepoRef, repoSegments } from "./base.ts";
import { ContentApi } from "./content.ts";
import { InputError, KohubError, NotFoundError } from "./errors.ts";
import { type CommitOp, postCommit } from "./files/commit-body.ts";
import { parseResponse } from "./schemas/common.ts";
import {
  type CommitResult,
  type LfsBatchObject,
  type LfsBatchResponse,
  type LfsCompleteResult,
  type LfsVerifyResult,
  lfsBatchResponse,
  lfsCompleteResponse,
  lfsVerifyResponse,
  type PreuploadFileResult,
  preuploadResponse,
} from "./schemas/transfer.ts";
import { checkRefName, type RepoType, typeSegment } from "./validate.ts";

/**
 * Files per preupload request. KohakuHub sets no limit; `huggingface_hub` sends 256. 1,000 entries (about
 * 100 KB of JSON, well under common proxy body limits) cut the round trips of a large folder by four.
 */
export const PREUPLOAD_CHUNK = 1000;

const LFS_JSON = "application/vnd.git-lfs+json";
const SHA256_RE = /^[0-9a-f]{64}$/;

/** One file described to {@link TransferApi.preupload}. */
export interface PreuploadFile {
  /** Path in the repo. */
  path: string;
  /** Size in bytes. */
  size: number;
  /**
   * A hash the server compares with the path's file record: SHA-256 for LFS files. Regular files are
   * recorded by their git-blob SHA-1, so send that (in this same field) to get dedup for them.
   */
  sha256?: string;
  /** The first bytes of the file (`huggingface_hub` sends 512): bytes, or a base64 string. */
  sample?: Uint8Array | string;
}

/** An operation of {@link TransferApi.createCommit}. */
export type CommitOperation =
  /** Inline content (base64 `file` line). Must be below the repo's LFS threshold and suffix rules. */
  | { op: "add"; path: string; content: Uint8Array | string }
  /** An LFS object already uploaded through {@link TransferApi.lfsBatch} (`lfsFile` line). */
  | { op: "addLfs"; path: string; oid: string; size: number }
  /** Removes one file (`deletedFile` line). */
  | { op: "delete"; path: string }
  /** Removes every file under a folder (`deletedFolder` line). */
  | { op: "deleteFolder"; path: string }
  /** Links `path` to the bytes of `srcPath` at `srcRevision` (default: the target branch) (`copyFile` line). */
  | { op: "copy"; path: string; srcPath: string; srcRevision?: string };

/** Common addressing of a file in a repo. */
export interface FileLocator {
  /** `namespace/name` (or `name` for the caller's own namespace). */
  repoId: string;
  type?: RepoType;
  /** Branch, tag or commit id (default `main`). */
  revision?: string;
  /** Path of the file in the repo. */
  path: string;
  /** Use the `/api/{type}s/...` alias of resolve instead of the root routes (for proxies that only forward `/api`). */
  apiRoute?: boolean;
  signal?: AbortSignal;
}

/** What resolve tells about a file. */
export interface FileMetadata {
  /** The branch head when `revision` is a branch, otherwise the revision as sent (`X-Repo-Commit`). */
  commit: string | undefined;
  /**
   * The path's recorded hash (git-blob SHA-1, or SHA-256 for LFS files). It is per path, not per revision,
   * and may be undefined (empty) when the record was deleted on another branch.
   */
  etag: string | undefined;
  /** Size in bytes at the requested revision. */
  size: number | undefined;
  contentType: string | undefined;
  /** HTTP date. */
  lastModified: string | undefined;
  /** The storage URL the download redirects to (only from {@link TransferApi.downloadUrl}). */
  location?: string;
}

/** A byte range: `{start, end?}` (inclusive end), `{suffix}` (the last N bytes), or a raw `bytes=...` value. */
export type ByteRange = { start: number; end?: number } | { suffix: number } | string;

/** How to upload one object of an LFS batch answer, from {@link lfsUploadPlan}. */
export type LfsUploadPlan =
  /** The server already has the object: do nothing (not even verify). */
  | { kind: "skip"; oid: string; size: number }
  /** One `PUT href` of the whole object with `header`, then verify. */
  | {
      kind: "single";
      oid: string;
      size: number;
      href: string;
      header: Record<string, string>;
      verifyHref: string | undefined;
    }
  /**
   * PUT each part (`partUrls[i]` carries bytes `[i*chunkSize, (i+1)*chunkSize)`), collect each ETag, POST
   * them to `completeHref`, then verify.
   */
  | {
      kind: "multipart";
      oid: string;
      size: number;
      completeHref: string;
      uploadId: string;
      chunkSize: number;
      partUrls: string[];
      verifyHref: string | undefined;
    };

/** An uploaded part for {@link TransferApi.lfsCompleteMultipart}. */
export interface UploadedPart {
  partNumber: number;
  /** The ETag the storage answered for the part (quotes may stay). */
  etag: string;
}

/** A body for a storage PUT. A Blob (e.g. `await openAsBlob(path)` from node:fs, or a slice of it) streams from disk with a length. */
export type UploadBody = Blob | Uint8Array | ArrayBuffer | string;

/** A PUT of {@link TransferApi.uploadObject} or {@link TransferApi.uploadPart}. */
export interface StoragePut {
  /** The storage URL of the batch answer. */
  href: string;
  body: UploadBody;
  /** The action's `header` (e.g. the `Content-Type` a browser-signed URL requires). */
  header?: Record<string, string>;
  signal?: AbortSignal;
  /** No limit unless given. */
  timeoutMs?: number;
}

function toBase64(data: Uint8Array | string): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** Strings become bytes, so that no JSON content type is added to a storage PUT. */
function storageBody(body: UploadBody): BodyInit {
  return (typeof body === "string" ? new TextEncoder().encode(body) : body) as BodyInit;
}

function checkRepoPath(path: string, what = "path"): string {
  if (typeof path !== "string" || path.length === 0 || path.startsWith("/")) {
    const message = `Invalid ${what} ${JSON.stringify(path)}: expected a relative path inside the repo`;
    throw new InputError(message, { code: "InvalidPath" });
  }
  return path;
}

function checkOid(oid: string): string {
  if (!SHA256_RE.test(oid)) {
    throw new InputError(`Invalid LFS oid ${JSON.stringify(oid)}: expected 64 lowercase hex (SHA-256)`, {
      code: "InvalidOid",
    });
  }
  return oid;
}

function rangeHeader(range: ByteRange): string {
  if (typeof range === "string") return range.startsWith("bytes=") ? range : `bytes=${range}`;
  if ("suffix" in range) return `bytes=-${range.suffix}`;
  return `bytes=${range.start}-${range.end ?? ""}`;
}

function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers.get(name);
  return value === null || value === "" ? undefined : value;
}

function metadataFrom(headers: Headers): FileMetadata {
  const size = headerValue(headers, "x-linked-size") ?? headerValue(headers, "content-length");
  return {
    commit: headerValue(headers, "x-repo-commit"),
    etag: headerValue(headers, "x-linked-etag") ?? headerValue(headers, "etag"),
    size: size !== undefined && /^\d+$/.test(size) ? Number(size) : undefined,
    contentType: headerValue(headers, "content-type"),
    lastModified: headerValue(headers, "last-modified"),
  };
}

/**
 * Reads one object of an {@link TransferApi.lfsBatch} upload answer into what to do with it: skip it,
 * PUT it once, or PUT its parts and complete. Throws the object's own error when it has one.
 */
export function lfsUploadPlan(object: LfsBatchObject): LfsUploadPlan {
  const { oid, size } = object;
  if (object.error) {
    throw new KohubError(`LFS object ${oid}: ${object.error.message}`, {
      status: object.error.code,
      code: object.error.code === 404 ? "NotFound" : "LfsObjectError",
      details: object.error,
    });
  }
  const upload = object.actions?.upload;
  if (!upload) return { kind: "skip", oid, size };
  const header = upload.header ?? {};
  const verifyHref = object.actions?.verify?.href;
  const chunk = header.chunk_size;
  if (chunk === undefined) return { kind: "single", oid, size, href: upload.href, header, verifyHref };
  const chunkSize = Number(chunk);
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) {
    throw new KohubError(`LFS object ${oid}: invalid multipart chunk_size ${JSON.stringify(chunk)}`, {
      code: "UnexpectedResponse",
    });
  }
  const count = Math.max(1, Math.ceil(size / chunkSize));
  const partUrls: string[] = [];
  for (let i = 1; i <= count; i++) {
    const url = header[String(i)];
    if (!url) {
      throw new KohubError(`LFS object ${oid}: the multipart answer has no URL for part ${i} of ${count}`, {
        code: "UnexpectedResponse",
      });
    }
    partUrls.push(url);
  }
  return {
    kind: "multipart",
    oid,
    size,
    completeHref: upload.href,
    uploadId: header.upload_id ?? "",
    chunkSize,
    partUrls,
    verifyHref,
  };
}

/**
 * Transfer-protocol methods of {@link KohubClient}: the steps `uploadFile` takes, for callers that need
 * them one at a time.
 *
 * @example
 * ```ts
 * import { openAsBlob } from "node:fs";
 * const file = await openAsBlob("model.bin");
 * const [oid, size, repoId] = [sha256Hex, file.size, "alice/demo"]; // sha256Hex: the file's SHA-256
 * const [mode] = await client.preupload({ repoId, files: [{ path: "model.bin", size, sha256: oid }] });
 * if (mode?.uploadMode === "lfs" && !mode.shouldIgnore) {
 *   const batch = await client.lfsBatch({ repoId, operation: "upload", objects: [{ oid, size }] });
 *   const plan = lfsUploadPlan(batch.objects[0]!);
 *   if (plan.kind === "single") await client.uploadObject({ href: plan.href, header: plan.header, body: file });
 *   if (plan.kind === "multipart") {
 *     const parts = [];
 *     for (const [i, href] of plan.partUrls.entries()) {
 *       const body = file.slice(i * plan.chunkSize, (i + 1) * plan.chunkSize);
 *       parts.push({ partNumber: i + 1, ...(await client.uploadPart({ href, body })) });
 *     }
 *     await client.lfsCompleteMultipart({ href: plan.completeHref, oid, size, parts });
 *   }
 *   if (plan.kind !== "skip") await client.lfsVerify({ href: plan.verifyHref, repoId, oid, size });
 * }
 * await client.createCommit({
 *   repoId,
 *   summary: "Add weights",
 *   operations: [
 *     { op: "addLfs", path: "model.bin", oid, size },
 *     { op: "add", path: "README.md", content: "# Demo\n" },
 *   ],
 * });
 * ```
 */
export class TransferApi extends ContentApi {
  /**
   * Asks which upload mode each file needs (`lfs` or `regular`) and which files the server already has
   * (`shouldIgnore`). Sent in chunks of {@link PREUPLOAD_CHUNK} files; the answers come in request order.
   */
  async preupload(params: {
    repoId: string;
    type?: RepoType;
    /** Branch (default `main`); only used by the server for `sample` comparisons. */
    revision?: string;
    files: PreuploadFile[];
    signal?: AbortSignal;
  }): Promise<PreuploadFileResult[]> {
    const ref = await this.repoRef(params.repoId, params.type);
    const revision = checkRefName(params.revision ?? "main");
    const path = `${this.repoApiPath(ref)}/preupload/${encodeURIComponent(revision)}`;
    const out: PreuploadFileResult[] = [];
    for (let i = 0; i < params.files.length; i += PREUPLOAD_CHUNK) {
      const chunk = params.files.slice(i, i + PREUPLOAD_CHUNK).map((f) => {
        const entry: Record<string, unknown> = { path: checkRepoPath(f.path), size: f.size };
        if (f.sha256) entry.sha256 = f.sha256;
        if (f.sample !== undefined)
          entry.sample = typeof f.sample === "string" ? f.sample : toBase64(f.sample);
        return entry;
      });
      const res = parseResponse(
        preuploadResponse,
        await this.http.json({ method: "POST", path, json: { files: chunk }, signal: params.signal }),
        `POST ${path}`,
      );
      out.push(...res.files);
    }
    return out;
  }

  /**
   * Creates a commit on a branch from a list of operations, sent as one NDJSON body. Inline `add` content
   * is base64-encoded; LFS objects must be uploaded (batch → PUT → verify) first.
   *
   * KohakuHub quirks: every operation is staged on the branch as it is read, so a failing operation leaves
   * the earlier ones staged (they land in the next successful commit); content equal to the path's latest
   * record is skipped, and a commit where everything was skipped answers the current head (no new commit);
   * deleting only missing paths is a 500 `Commit failed`; `createPr` is always 501.
   */
  async createCommit(params: {
    repoId: string;
    type?: RepoType;
    /** Target branch (default `main`). Tags and commit ids cannot be committed to. */
    revision?: string;
    summary: string;
    description?: string;
    /** Sent as `parentCommit` (KohakuHub ignores it: no optimistic-concurrency check). */
    parentCommit?: string;
    operations: CommitOperation[];
    /** Ask for a pull request instead (KohakuHub answers 501 NotImplemented). */
    createPr?: boolean;
    signal?: AbortSignal;
  }): Promise<CommitResult> {
    const ref = await this.repoRef(params.repoId, params.type);
    const revision = checkRefName(params.revision ?? "main");
    const path = `${this.repoApiPath(ref)}/commit/${encodeURIComponent(revision)}`;
    const query = params.createPr ? { create_pr: "1" } : undefined;
    return postCommit(this.http, path, params, params.operations.map(commitOp), {
      signal: params.signal,
      query,
    });
  }

  /**
   * The Git LFS batch API: asks where to upload (or download) objects by SHA-256 `oid` and size. Models
   * use `/{ns}/{name}.git/...`, datasets and spaces `/{type}s/{ns}/{name}.git/...`. Upload objects that
   * come back without `actions` are already stored; read the rest with {@link lfsUploadPlan}.
   */
  async lfsBatch(params: {
    repoId: string;
    type?: RepoType;
    operation: "upload" | "download";
    objects: Array<{ oid: string; size: number }>;
    /** The branch the objects are for (sent as `ref.name`; the server ignores it). */
    ref?: string;
    /** Ask for a URL signed for `Content-Type: application/octet-stream` (what the web UI does). */
    isBrowser?: boolean;
    signal?: AbortSignal;
  }): Promise<LfsBatchResponse> {
    const ref = await this.repoRef(params.repoId, params.type);
    const json: Record<string, unknown> = {
      operation: params.operation,
      transfers: ["basic", "multipart"],
      objects: params.objects.map((o) => ({ oid: checkOid(o.oid), size: o.size })),
      hash_algo: "sha256",
    };
    if (params.ref) json.ref = { name: params.ref };
    if (params.isBrowser) json.is_browser = true;
    return this.call(
      {
        method: "POST",
        path: `${lfsRepoPath(ref)}/info/lfs/objects/batch`,
        body: JSON.stringify(json),
        headers: { accept: LFS_JSON, "content-type": LFS_JSON },
        signal: params.signal,
      },
      lfsBatchResponse,
    );
  }

  /**
   * Uploads a whole object to the storage URL of a single-part `upload` action (`PUT href`) and returns
   * the storage ETag. Storage (S3) needs a `Content-Length`: pass a Blob such as `await openAsBlob(path)`
   * (node:fs), which streams from disk. No timeout unless `timeoutMs`; the hub's token is never sent.
   */
  async uploadObject(params: StoragePut): Promise<{ etag: string | undefined }> {
    const res = await this.putStorage(params);
    return { etag: res.headers.get("etag") ?? undefined };
  }

  /**
   * Uploads one part of a multipart LFS upload (`PUT` to the numbered part URL) and returns its ETag, to
   * be passed to {@link lfsCompleteMultipart}. The hub's token is never sent.
   */
  async uploadPart(params: Omit<StoragePut, "header">): Promise<{ etag: string }> {
    const res = await this.putStorage(params);
    const etag = res.headers.get("etag");
    if (!etag) {
      throw new KohubError("The storage answered a part upload without an ETag header", {
        code: "UnexpectedResponse",
        status: res.status,
      });
    }
    return { etag };
  }

  /** A PUT to a storage URL, without the hub's credentials; the answer's body is not read. */
  private async putStorage(params: StoragePut): Promise<Response> {
    const res = await this.http.send({
      method: "PUT",
      path: params.href,
      body: storageBody(params.body),
      headers: params.header,
      auth: false,
      retry: false,
      signal: params.signal,
      timeoutMs: params.timeoutMs ?? 0,
    });
    await res.body?.cancel().catch(() => {});
    return res;
  }

  /**
   * Completes a multipart LFS upload: POSTs the part list to the `upload.href` of the batch answer
   * (`/api/{ns}/{name}.git/info/lfs/complete/{upload_id}`), or, given `repoId` and `uploadId`, to
   * `/api/{ns}/{name}.git/info/lfs/complete` with the id in the body. No credentials are sent (none needed).
   * A `size` that does not match the assembled object is a 500 (the object stays stored).
   */
  async lfsCompleteMultipart(params: {
    /** The `upload.href` of the batch answer. */
    href?: string;
    /** Used when `href` is not given. */
    repoId?: string;
    uploadId?: string;
    oid: string;
    parts: UploadedPart[];
    size?: number;
    signal?: AbortSignal;
  }): Promise<LfsCompleteResult> {
    const json: Record<string, unknown> = {
      oid: checkOid(params.oid),
      parts: params.parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
    };
    if (params.size !== undefined) json.size = params.size;
    if (params.uploadId) json.upload_id = params.uploadId;
    let path = params.href;
    if (!path) {
      if (!params.repoId || !params.uploadId) {
        throw new InputError("lfsCompleteMultipart needs `href`, or `repoId` and `uploadId`");
      }
      path = `${await this.lfsApiPath(params.repoId)}/info/lfs/complete`;
    }
    return this.call({ method: "POST", path, json, auth: false, signal: params.signal }, lfsCompleteResponse);
  }

  /**
   * Confirms that an uploaded LFS object is stored (and, with `size`, has that size): POSTs to the
   * `verify.href` of the batch answer, or to `/api/{ns}/{name}.git/info/lfs/verify` given `repoId`.
   * No credentials are sent (none needed).
   */
  async lfsVerify(params: {
    href?: string;
    repoId?: string;
    oid: string;
    size?: number;
    signal?: AbortSignal;
  }): Promise<LfsVerifyResult> {
    const json: Record<string, unknown> = { oid: checkOid(params.oid) };
    if (params.size !== undefined) json.size = params.size;
    let path = params.href;
    if (!path) {
      if (!params.repoId) throw new InputError("lfsVerify needs `href` or `repoId`");
      path = `${await this.lfsApiPath(params.repoId)}/info/lfs/verify`;
    }
    return this.call({ method: "POST", path, json, auth: false, signal: params.signal }, lfsVerifyResponse);
  }

  /**
   * Reads a file's metadata with `HEAD .../resolve/{revision}/{path}` (never a redirect): the commit, the
   * etag (per path, see {@link FileMetadata.etag}), the size at that revision, the type and date.
   *
   * @throws {@link NotFoundError} with code `EntryNotFound` (missing file, directory or unknown revision)
   * or `RepoNotFound` (missing or hidden repo).
   * @example
   * ```ts
   * const meta = await client.fileMetadata({ repoId: "alice/demo", path: "config.json" });
   * console.log(meta.commit, meta.size, meta.etag);
   * ```
   */
  async fileMetadata(params: FileLocator): Promise<FileMetadata> {
    const res = await this.http.send({
      method: "HEAD",
      path: await this.resolvePath(params),
      signal: params.signal,
    });
    await res.body?.cancel().catch(() => {});
    return metadataFrom(res.headers);
  }

  /**
   * Whether a file exists at a revision (HEAD resolve). False for a missing file, a directory, an unknown
   * revision and a missing or hidden repo (all 404s); other failures throw.
   *
   * @example
   * ```ts
   * if (await client.fileExists({ repoId: "alice/demo", path: "README.md" })) console.log("has a README");
   * ```
   */
  async fileExists(params: FileLocator): Promise<boolean> {
    try {
      await this.fileMetadata(params);
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }

  /**
   * The absolute resolve URL of a file (what `huggingface_hub`'s `hf_hub_url` builds): a GET of it with the
   * hub's token redirects to the storage. No request is sent, except a `whoami` for a bare repo name.
   *
   * @example
   * ```ts
   * await client.fileUrl({ repoId: "alice/demo", path: "config.json" });
   * // "https://hub.example.com/alice/demo/resolve/main/config.json"
   * ```
   */
  async fileUrl(params: Omit<FileLocator, "signal">): Promise<string> {
    return this.http.url(await this.resolvePath(params));
  }

  /**
   * Resolves a file to its storage URL: `GET .../resolve/{revision}/{path}` without following the 302, and
   * returns the `Location` with the metadata headers of the redirect. The URL is time-limited and must be
   * fetched **without** the hub's credentials ({@link openFile} does that).
   *
   * @example
   * ```ts
   * const { location, size } = await client.downloadUrl({ repoId: "alice/demo", path: "model.safetensors" });
   * ```
   */
  async downloadUrl(params: FileLocator): Promise<FileMetadata & { location: string }> {
    const res = await this.http.send({
      method: "GET",
      path: await this.resolvePath(params),
      redirect: "manual",
      okStatuses: [301, 302, 303, 307, 308],
      signal: params.signal,
    });
    await res.body?.cancel().catch(() => {});
    const location = res.headers.get("location");
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new KohubError(`Expected a redirect to storage from GET resolve, got HTTP ${res.status}`, {
        code: "UnexpectedResponse",
        status: res.status,
        url: res.url,
        method: "GET",
      });
    }
    return { ...metadataFrom(res.headers), location: new URL(location, this.http.url("/")).toString() };
  }

  /**
   * Opens a file for download and returns the storage's streaming Response (200, or 206 for a `range`).
   * It GETs resolve without following the redirect, then GETs the `Location` without the hub's token.
   * An unsatisfiable range throws a {@link KohubError} with status 416.
   *
   * @example
   * ```ts
   * const res = await client.openFile({ repoId: "alice/demo", path: "model.safetensors", range: { start: 1024 } });
   * await writeFile("model.safetensors.incomplete", res.body!); // from node:fs/promises
   * ```
   */
  async openFile(params: FileLocator & { range?: ByteRange }): Promise<Response> {
    const headers: Record<string, string> = {};
    if (params.range !== undefined) headers.range = rangeHeader(params.range);
    const res = await this.http.send({
      method: "GET",
      path: await this.resolvePath(params),
      redirect: "manual",
      okStatuses: [206, 301, 302, 303, 307, 308],
      headers,
      signal: params.signal,
    });
    const location = res.headers.get("location");
    if (res.status < 300 || res.status >= 400) return res; // served directly (e.g. a proxy followed it)
    await res.body?.cancel().catch(() => {});
    if (!location) {
      throw new KohubError(`GET resolve answered HTTP ${res.status} without a Location`, {
        code: "UnexpectedResponse",
        status: res.status,
      });
    }
    return this.http.send({
      method: "GET",
      path: new URL(location, this.http.url("/")).toString(),
      headers,
      auth: false,
      okStatuses: [206],
      signal: params.signal,
      timeoutMs: 0, // the caller reads the file at its own pace: a deadline over its body would cut it
    });
  }

  /** The resolve URL path of a file (model form, typed form, or the `/api` alias). */
  private async resolvePath(params: FileLocator): Promise<string> {
    const ref = await this.repoRef(params.repoId, params.type);
    const revision = checkRefName(params.revision ?? "main");
    const tail = `resolve/${encodeURIComponent(revision)}/${encodePath(checkRepoPath(params.path))}`;
    if (params.apiRoute) return `${this.repoApiPath(ref)}/${tail}`;
    const repo = repoSegments(ref);
    return ref.type === "model" ? `/${repo}/${tail}` : `/${typeSegment(ref.type)}/${repo}/${tail}`;
  }

  /** `/api/{ns}/{name}.git` (complete and verify have no type). */
  private async lfsApiPath(repoId: string): Promise<string> {
    const ref = await this.repoRef(repoId);
    return `/api/${repoSegments(ref)}.git`;
  }
}

/** `/{ns}/{name}.git` for models, `/{type}s/{ns}/{name}.git` otherwise. */
function lfsRepoPath(ref: RepoRef): string {
  const repo = `${repoSegments(ref)}.git`;
  return ref.type === "model" ? `/${repo}` : `/${typeSegment(ref.type)}/${repo}`;
}

/** A public commit operation as the commit body's. */
function commitOp(op: CommitOperation): CommitOp {
  const path = checkRepoPath(op.path);
  switch (op.op) {
    case "add": {
      const bytes = typeof op.content === "string" ? new TextEncoder().encode(op.content) : op.content;
      return { kind: "file", path, size: bytes.byteLength, read: async () => bytes };
    }
    case "addLfs":
      return { kind: "lfsFile", path, oid: checkOid(op.oid), size: op.size };
    case "delete":
      return { kind: "deletedFile", path };
    case "deleteFolder":
      return { kind: "deletedFolder", path };
    case "copy": {
      const srcPath = checkRepoPath(op.srcPath, "srcPath");
      return { kind: "copyFile", path, srcPath, ...(op.srcRevision ? { srcRevision: op.srcRevision } : {}) };
    }
    default:
      throw new InputError(`Unknown commit operation ${JSON.stringify((op as { op?: unknown }).op)}`);
  }
}
