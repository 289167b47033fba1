/**
 * What the upload and download engines of this folder need from the client.
 *
 * @module
 */
import type { RepoRef } from "../base.ts";
import type { TransferApi } from "../transfer.ts";
import type { RepoType } from "../validate.ts";
import type { Env } from "./paths.ts";

/**
 * The client as the engines see it: its public methods (`api`), its settings, and the protected helpers of
 * `BaseClient` handed over as functions. Built once per client by `FilesApi`.
 */
export interface FilesContext {
  /** The client: its protocol methods and its `http` layer. */
  readonly api: TransferApi;
  /** The environment the cache folders are read from (the client's `env` option). */
  readonly env: Env;
  /** The wait before retry `attempt` (1-based) of a storage transfer. */
  backoff(attempt: number): number;
  /** How long a storage transfer may go without moving a byte (see `stallLimitMs` in ./retry.ts). */
  readonly stallMs: number;
  /** Resolves a repo id (`name` means the caller's own namespace) and a type (the client's `repoRef`). */
  repoRef(repoId: string, type?: RepoType | string): Promise<RepoRef>;
  /** `/api/{type}s/{namespace}/{name}` for a repo (the client's `repoApiPath`). */
  repoApiPath(ref: RepoRef): string;
}
