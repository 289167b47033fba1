/**
 * Uploads (one commit: small files inline, large ones through LFS, resumable multipart) and downloads
 * (into a folder or the Hugging Face cache, resumed and verified), on top of {@link TransferApi}. How they
 * work, and where each part lives: docs/transfers.md.
 *
 * @module
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { KohubClientOptions } from "../base.ts";
import { InputError, type UnexpectedResponseError } from "../errors.ts";
import type { CommitResult } from "../schemas/transfer.ts";
import { TransferApi } from "../transfer.ts";
import type { CommitOp } from "./commit-body.ts";
import type { FilesContext } from "./context.ts";
import { LocalFileError, local } from "./errors.ts";
import { checkSafePath, type Env, normalizeRepoFolder } from "./paths.ts";
import { backoff, RETRY_BASE_MS, RETRY_MAX_MS, stallLimitMs } from "./retry.ts";
import type { CommitOptions, DownloadOptions, Patterns, UploadOptions, UploadResult } from "./types.ts";

export { IntegrityError, LocalFileError } from "./errors.ts";
export { checkSafePath, hfHubCacheDir, repoFolderName, uploadResumeDir } from "./paths.ts";
export type {
  CommitOptions,
  DownloadOptions,
  DownloadTarget,
  FileProgress,
  Patterns,
  ProgressCallback,
  SkippedLink,
  TransferPhase,
  TransferProgress,
  UploadedFile,
  UploadOptions,
  UploadResult,
} from "./types.ts";

/** Upload, delete and download methods of {@link KohubClient}. */
export class FilesApi extends TransferApi {
  /** The environment the cache folders are read from (the client's `env` option). */
  protected readonly env: Env;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  /** What the engines in ./files/ use of this client. */
  private readonly ctx: FilesContext;

  constructor(options: KohubClientOptions = {}) {
    super(options);
    this.env = options.env ?? process.env;
    this.retryBaseMs = options.retry?.baseDelayMs ?? RETRY_BASE_MS;
    this.retryMaxMs = Math.min(options.retry?.maxDelayMs ?? RETRY_MAX_MS, RETRY_MAX_MS);
    this.ctx = {
      api: this,
      env: this.env,
      backoff: (attempt) => this.backoff(attempt),
      stallMs: stallLimitMs(this.env),
      repoRef: (repoId, type) => this.repoRef(repoId, type),
      repoApiPath: (ref) => this.repoApiPath(ref),
    };
  }

  /** The wait before retry `attempt` (1-based) of a storage transfer. */
  private backoff(attempt: number): number {
    return backoff(attempt, this.retryBaseMs, this.retryMaxMs);
  }

  /**
   * Uploads one file (a local path, a Blob or bytes) to `pathInRepo` in one commit. Small files go inline
   * in the commit; large ones (the server decides) through LFS, multipart when the server asks for it,
   * resumable (see docs/transfers.md). A file the server already has at that path is not sent again and,
   * when nothing else changes, no commit is made.
   *
   * @throws {@link LocalFileError} when the file cannot be read; {@link KohubError} subclasses for the server's refusals.
   * @example
   * ```ts
   * const result = await client.uploadFile({
   *   repoId: "alice/demo",
   *   path: "./model.safetensors",
   *   pathInRepo: "model.safetensors",
   *   commitMessage: "Add weights",
   *   onProgress: (p) => console.log(p.phase, p.bytes, "/", p.totalBytes),
   * });
   * console.log(result.commitOid, result.files[0]?.status);
   * ```
   */
  async uploadFile(
    params: UploadOptions & {
      /** A local file path, a Blob, or bytes. */
      path: string | Blob | Uint8Array;
      /** Path of the file in the repo. */
      pathInRepo: string;
    },
  ): Promise<UploadResult> {
    const pathInRepo = checkSafePath(params.pathInRepo, "pathInRepo");
    const { toBlob, uploadItems } = await import("./upload.ts");
    const { blob, source, file } = toBlob(params.path);
    if (typeof params.path === "string") {
      const st = await local("read", source, () => stat(source));
      if (!st.isFile()) throw new LocalFileError(`Cannot upload ${source}: it is not a file`, source);
    }
    const summary = params.commitMessage ?? `Upload ${pathInRepo} with kohub-cli`;
    return uploadItems(this.ctx, params, [{ pathInRepo, blob, source, file }], [], summary);
  }

  /**
   * Uploads a local folder in one commit, under `pathInRepo` (default: the repo root). `.git` and
   * `.cache/huggingface` are never uploaded, at any depth (as `huggingface_hub` does).
   *
   * Patterns use `Bun.Glob` syntax on paths relative to the folder (for `deletePatterns`: remote paths
   * relative to `pathInRepo`). A pattern without `/` also matches a file or folder name at any depth, and a
   * pattern that matches a folder matches everything below it: `*.json` matches `a/b.json`, `logs` matches
   * `logs/x/y.txt`. `deletePatterns` deletes the remote files that match and are not part of this upload
   * (`.gitattributes` is kept), like `huggingface_hub`'s `delete_patterns`.
   *
   * Symbolic links are followed while they stay inside the folder. A link that leads out of it is not
   * uploaded unless `followSymlinks` (so that `ln -s /etc/passwd` never ends up in a repo by accident); a
   * link that leads nowhere or back to a folder it is in is never followed. Each link left out is listed
   * in the result's `skipped`.
   *
   * @example
   * ```ts
   * const result = await client.uploadFolder({
   *   repoId: "alice/demo",
   *   folder: "./checkpoint",
   *   include: ["*.safetensors", "*.json"],
   *   exclude: "optimizer*",
   *   deletePatterns: "*.bin",
   *   commitMessage: "New checkpoint",
   * });
   * console.log(result.files.filter((f) => f.status === "sent").length, "files sent");
   * ```
   */
  async uploadFolder(
    params: UploadOptions & {
      /** The local folder. */
      folder: string;
      /** Folder in the repo to upload into (default: the root). */
      pathInRepo?: string;
      /** Upload only the files that match. */
      include?: Patterns;
      /** Skip the files that match. */
      exclude?: Patterns;
      /** Delete the remote files (under `pathInRepo`) that match and are not uploaded. */
      deletePatterns?: Patterns;
      /** Follow links that lead out of the folder too (default false: they are skipped and reported). */
      followSymlinks?: boolean;
    },
  ): Promise<UploadResult> {
    const folder = resolve(params.folder);
    const st = await local("read", folder, () => stat(folder));
    if (!st.isDirectory()) throw new LocalFileError(`Cannot upload ${folder}: it is not a folder`, folder);
    const prefix = normalizeRepoFolder(params.pathInRepo);
    const { folderDeletions, scanFolder } = await import("./folder.ts");
    const { uploadItems } = await import("./upload.ts");
    const found = scanFolder(folder, prefix, params.include, params.exclude, params.followSymlinks);
    const deletes = await folderDeletions(this, params, prefix, found.files, params.deletePatterns);
    const summary = params.commitMessage ?? "Upload folder using kohub-cli";
    return uploadItems(this.ctx, params, found.files, deletes, summary, found.skipped);
  }

  /**
   * Deletes files in one commit. KohakuHub answers a 500 when none of them exists.
   *
   * @example
   * ```ts
   * await client.deleteFiles({ repoId: "alice/demo", paths: ["old.bin", "notes.txt"] });
   * ```
   */
  async deleteFiles(params: CommitOptions & { paths: string[] }): Promise<CommitResult> {
    if (params.paths.length === 0) throw new InputError("deleteFiles needs at least one path");
    const ops: CommitOp[] = params.paths.map((p) => ({
      kind: "deletedFile",
      path: checkSafePath(p.replace(/^\/+/, "")),
    }));
    const summary =
      params.commitMessage ??
      (params.paths.length === 1 ? `Delete ${params.paths[0]}` : `Delete ${params.paths.length} files`);
    const { sendCommit } = await import("./commit-body.ts");
    const message = { summary, description: params.commitDescription };
    return sendCommit(this.ctx, params, ops, message, undefined, params.signal);
  }

  /**
   * Deletes every file under a folder in one commit. KohakuHub answers a 500 when the folder is empty or missing.
   *
   * @example
   * ```ts
   * await client.deleteFolder({ repoId: "alice/demo", path: "checkpoints/old" });
   * ```
   */
  async deleteFolder(params: CommitOptions & { path: string }): Promise<CommitResult> {
    const path = normalizeRepoFolder(params.path);
    if (!path) throw new InputError("deleteFolder needs a folder path (deleting the root is not supported)");
    const { sendCommit } = await import("./commit-body.ts");
    const message = {
      summary: params.commitMessage ?? `Delete folder ${path}`,
      description: params.commitDescription,
    };
    return sendCommit(this.ctx, params, [{ kind: "deletedFolder", path }], message, undefined, params.signal);
  }

  /**
   * Downloads one file and returns its local path. Without `localDir` it goes to the Hugging Face cache
   * (`models--ns--name/blobs/<etag>`, a relative symlink `snapshots/<commit>/<path>`, and
   * `refs/<revision>`), where `huggingface_hub` and `transformers` find it offline. With `localDir` it is
   * written at `<localDir>/<path>`, with `huggingface_hub`'s `.cache/huggingface/download` metadata.
   *
   * An up-to-date copy is reused unless `force`. Bytes go to an `.incomplete` file first, resumed with a
   * `Range` request after an interruption (within the call, with retries, and across calls), and checked
   * against the size and hash the server announced (SHA-256 for a 64-hex etag, git-blob SHA-1 for a
   * 40-hex one) before the file is renamed into place.
   *
   * @throws {@link IntegrityError} (nothing is left on disk), {@link LocalFileError}, {@link InputError} with
   * code `UnsafePath` for a path that would escape the target folder, {@link NotFoundError}.
   * @example
   * ```ts
   * const file = await client.downloadFile({ repoId: "alice/demo", path: "config.json" });
   * const copy = await client.downloadFile({ repoId: "alice/demo", path: "model.safetensors", localDir: "./demo" });
   * ```
   */
  async downloadFile(params: DownloadOptions & { path: string }): Promise<string> {
    const { downloadOne } = await import("./download.ts");
    return downloadOne(this.ctx, params);
  }

  /**
   * Downloads a whole revision (or the files matching `include` and not `exclude`, same pattern rules as
   * {@link uploadFolder}) and returns the folder: `localDir`, or the cache's `snapshots/<commit>` folder.
   * Files already present and current are not downloaded again. The listing is read a page (up to 1,000
   * entries) at a time, and downloads start with the first page; every path of a page is checked before
   * any of its files is written, and one that would escape the target folder (`..`, an absolute path)
   * fails the call with an {@link UnexpectedResponseError} of code `UnsafePath` (the server's fault):
   * nothing is ever written outside the folder, though files of earlier pages may be in place by then.
   * The first file that fails stops the others, and the call ends with its error.
   *
   * @example
   * ```ts
   * const folder = await client.snapshotDownload({
   *   repoId: "alice/demo",
   *   include: ["*.json", "*.safetensors"],
   *   onProgress: (p) => console.log(`${p.filesDone}/${p.filesTotal} files, ${p.bytes}/${p.totalBytes} bytes`),
   * });
   * ```
   */
  async snapshotDownload(
    params: DownloadOptions & {
      include?: Patterns;
      exclude?: Patterns;
      /** Parallel downloads (default 8). */
      maxWorkers?: number;
    },
  ): Promise<string> {
    const { downloadSnapshot } = await import("./download.ts");
    return downloadSnapshot(this.ctx, params);
  }
}
