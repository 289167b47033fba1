/**
 * The public types of the file transfers of {@link FilesApi}: progress events, upload results and the
 * options shared by the upload and download methods.
 *
 * @module
 */
import type { RepoTarget } from "../refs.ts";
import type { FilesApi } from "./api.ts";

/** What a transfer is doing when it reports progress. */
export type TransferPhase = "hashing" | "uploading" | "downloading" | "committing";

/** The file a {@link TransferProgress} event is about. */
export interface FileProgress {
  /** Path in the repo. */
  path: string;
  /** Bytes of this file done in this phase (bytes found already present included). */
  bytes: number;
  /** Size of the file. */
  totalBytes: number;
  /** Of `bytes`, those not transferred by this run (resumed from disk, already present or stored). */
  skippedBytes: number;
  /** True on the file's last event of the phase. */
  done: boolean;
  /** True when nothing was transferred for it (already on disk, already stored on the server). */
  skipped?: boolean;
}

/**
 * A progress event. Every phase starts with an event without `file` (the totals), then sends one event per
 * chunk and one per finished file. `bytes` only goes back when a failed attempt is retried (its bytes are
 * taken back). A rate is the growth of `bytes - skippedBytes` over time; an ETA is
 * `(totalBytes - bytes) / rate`. Phases: `hashing` (reading local files), `uploading` (LFS objects to the
 * storage; objects the server has count as skipped), `committing` (the inline files streamed in the commit
 * body), `downloading`.
 */
export interface TransferProgress {
  phase: TransferPhase;
  /** The file this event is about; absent on the phase's first event. */
  file?: FileProgress;
  /** Bytes done in this phase, all files together. */
  bytes: number;
  /** Bytes this phase handles in total. */
  totalBytes: number;
  /** Of `bytes`, those not transferred by this run (resumed from disk, already stored, already cached). */
  skippedBytes: number;
  /** Files finished in this phase. */
  filesDone: number;
  /** Files this phase handles. */
  filesTotal: number;
}

/** The progress callback of uploads and downloads. Keep it cheap: it is called once per chunk. */
export type ProgressCallback = (event: TransferProgress) => void;

/** Glob patterns (`Bun.Glob` syntax), one string or a list. See {@link FilesApi.uploadFolder} for the matching rules. */
export type Patterns = string | string[];

/** One file of an {@link UploadResult}. */
export interface UploadedFile {
  /** Path in the repo. */
  path: string;
  size: number;
  /** Whether the file went through LFS (the server's preupload answer). */
  lfs: boolean;
  sha256: string;
  /**
   * `sent`: its bytes were transferred (inline in the commit, or to the LFS storage); `linked`: an LFS
   * object the server already had, committed without sending it; `unchanged`: the server already has these
   * bytes at this path, so it was left out of the commit.
   */
  status: "sent" | "linked" | "unchanged";
}

/** What an upload did. */
export interface UploadResult {
  /** The new commit id, or the branch head when the server found nothing changed; undefined when no commit was sent. */
  commitOid: string | undefined;
  /** The server's (relative) commit URL, when a commit was sent. */
  commitUrl: string | undefined;
  /** False when there was nothing to commit (every file unchanged and nothing to delete). */
  committed: boolean;
  files: UploadedFile[];
  /** Remote paths deleted by the commit (`deletePatterns`). */
  deleted: string[];
  /** Bytes transferred: LFS objects and inline file contents. */
  bytesSent: number;
  /** Symbolic links of an uploaded folder that were not followed, and why (see {@link SkippedLink}). */
  skipped: SkippedLink[];
}

/**
 * A link `uploadFolder` did not follow: `outside` leads out of the folder (followed only with
 * `followSymlinks`), `dangling` leads nowhere, `loop` leads back to a folder it is in.
 */
export interface SkippedLink {
  /** Path of the link, relative to the folder (with `/`). */
  path: string;
  reason: "outside" | "dangling" | "loop";
}

/** Parameters shared by the methods that make a commit. */
export interface CommitOptions extends RepoTarget {
  /** Target branch (default `main`). */
  revision?: string;
  commitMessage?: string;
  commitDescription?: string;
  /** Stops the call; the finished parts of a multipart upload stay recorded for the next attempt. */
  signal?: AbortSignal;
}

/** Parameters shared by the upload methods. */
export interface UploadOptions extends CommitOptions {
  /** Parallel hashing and transfers (default 8). */
  maxWorkers?: number;
  onProgress?: ProgressCallback;
  /** Where multipart resume records live (see docs/transfers.md); `false` keeps none. */
  resumeDir?: string | false;
}

/** Where a download goes: a plain folder (`localDir`) or the Hugging Face cache (the default). */
export interface DownloadTarget {
  /** Write files under this folder, at their repo paths (with `huggingface_hub`'s `.cache/huggingface` metadata). */
  localDir?: string;
  /** The Hugging Face hub cache to use instead of `$HF_HUB_CACHE`, `$HF_HOME/hub` or `~/.cache/huggingface/hub`. */
  cacheDir?: string;
}

/** Parameters shared by the download methods. */
export interface DownloadOptions extends RepoTarget, DownloadTarget {
  /** Branch, tag or commit id (default `main`). */
  revision?: string;
  /** Download again even when an up-to-date copy is present. */
  force?: boolean;
  onProgress?: ProgressCallback;
  /** Stops the download; the `.incomplete` file stays for the next attempt. */
  signal?: AbortSignal;
}
