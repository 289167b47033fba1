/**
 * Refs and history of a repository: branches and tags, branch operations (revert, reset, merge), commit
 * history and diffs (repos-files.md §6–§7).
 *
 * @module
 */
import type { RepoRef } from "./base.ts";
import { InputError, NotFoundError, ServerError } from "./errors.ts";
import { ReposApi } from "./repos.ts";
import { parseResponse, type SuccessMessage, successMessage } from "./schemas/common.ts";
import {
  type CommitDetail,
  type CommitDiff,
  type CommitSummary,
  commitDetail,
  commitDiff,
  commitSummaryList,
  type MergeResult,
  mergeResult,
  type RepoRefs,
  type ResetResult,
  type RevertResult,
  repoRefs,
  resetResult,
  revertResult,
} from "./schemas/content.ts";
import { checkRefName, type RepoType } from "./validate.ts";

/** The repo a content call is about. */
export interface RepoTarget {
  /** `namespace/name` (or `name` for the caller's own namespace). */
  repoId: string;
  /** `model` (default), `dataset` or `space`. */
  type?: RepoType | string;
}

/** Parameters of {@link RefsApi.listCommits}. */
export interface ListCommitsParams extends RepoTarget {
  /** Branch, tag or commit id (default `main`). */
  revision?: string;
  /** Commits per page, 1–100 (server default 20). */
  limit?: number;
  /** The cursor of the page to read (`nextCursor` of the previous page). */
  after?: string;
  /** Ask for the `formatted` block on each commit. */
  formatted?: boolean;
}

/** One page of commit history. */
export interface CommitPage {
  /** Newest first. */
  commits: CommitSummary[];
  /** The `after` value of the next page, when there is one. */
  nextCursor: string | undefined;
  hasMore: boolean;
}

/** The target of a `Link: <...>; rel="next"` header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (match && /\brel="?next"?/i.test(match[2] ?? "")) return match[1];
  }
  return undefined;
}

/** One query parameter of a `Link` target (relative targets are read against a dummy origin). */
export function linkParam(link: string | undefined, name: string): string | undefined {
  if (!link) return undefined;
  try {
    return new URL(link, "http://link.invalid").searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

/** A revision or commit id as the content routes take it: not empty, and a valid ref name. */
export function checkCommitRef(value: string, what: string): string {
  if (!value) throw new InputError(`${what} must not be empty`, { code: "InvalidRevision" });
  return checkRefName(value, what);
}

/**
 * The storage layer answers an unknown ref or commit with a 500 ("Failed to ...: ... not found"); report it
 * as the not-found it is.
 */
function unknownRevision(err: unknown): never {
  if (err instanceof ServerError && /not found/i.test(err.message)) {
    throw new NotFoundError(err.message, {
      status: err.status,
      code: "RevisionNotFound",
      requestId: err.requestId,
      url: err.url,
      method: err.method,
      details: err.details,
    });
  }
  throw err;
}

/** Ref and history methods of {@link KohubClient}. */
export class RefsApi extends ReposApi {
  /** `/api/{type}s/{ns}/{name}/<suffix>` */
  protected async contentPath(target: RepoTarget, suffix: string): Promise<{ ref: RepoRef; path: string }> {
    const ref = await this.repoRef(target.repoId, target.type);
    return { ref, path: `${this.repoApiPath(ref)}/${suffix}` };
  }

  /**
   * Branches and tags of a repo, each sorted by name, with the commit they point to.
   *
   * @param params.includePrs adds the (always empty) `pullRequests` list.
   * @example
   * ```ts
   * const refs = await client.listRefs({ repoId: "alice/bert" });
   * console.log(refs.branches.map((b) => `${b.name} ${b.targetCommit}`));
   * ```
   */
  async listRefs(params: RepoTarget & { includePrs?: boolean }): Promise<RepoRefs> {
    const { path } = await this.contentPath(params, "refs");
    const data = await this.http.json({
      path,
      query: { include_prs: params.includePrs ? "true" : undefined },
    });
    return parseResponse(repoRefs, data, `GET ${path}`);
  }

  /**
   * Creates a branch at a revision (default `main`; a branch, tag or commit id). Needs manage rights
   * (the owner or an org admin).
   *
   * @param params.route `hf` (default) uses `POST .../branch/{branch}`; `kohaku` uses KohakuHub's
   * `POST .../branch`. Both behave the same.
   * @throws {@link ConflictError} (409) when the branch exists; {@link NotFoundError} `RevisionNotFound`
   * for an unknown start point; {@link PermissionDeniedError} without manage rights.
   * @example
   * ```ts
   * await client.createBranch({ repoId: "alice/bert", branch: "dev", revision: "v1" });
   * ```
   */
  async createBranch(
    params: RepoTarget & { branch: string; revision?: string; route?: "hf" | "kohaku" },
  ): Promise<SuccessMessage> {
    const branch = checkRefName(params.branch, "branch");
    const revision = params.revision === undefined ? undefined : checkCommitRef(params.revision, "revision");
    if (params.route === "kohaku") {
      const { path } = await this.contentPath(params, "branch");
      return this.call(
        { method: "POST", path, json: { branch, revision: revision ?? null } },
        successMessage,
      );
    }
    const { path } = await this.contentPath(params, `branch/${encodeURIComponent(branch)}`);
    return this.call({ method: "POST", path, json: { startingPoint: revision ?? null } }, successMessage);
  }

  /**
   * Deletes a branch (never `main`). Needs manage rights.
   *
   * @throws {@link ValidationError} (400) for `main`; {@link ServerError} (500) for a branch that does not
   * exist (the server reports it as a storage failure).
   * @example
   * ```ts
   * await client.deleteBranch({ repoId: "alice/bert", branch: "dev" });
   * ```
   */
  async deleteBranch(params: RepoTarget & { branch: string }): Promise<SuccessMessage> {
    const branch = checkRefName(params.branch, "branch");
    const { path } = await this.contentPath(params, `branch/${encodeURIComponent(branch)}`);
    return this.call({ method: "DELETE", path, retry: false }, successMessage);
  }

  /**
   * Creates a tag at a revision (default `main`). Needs manage rights. The server drops `message`.
   *
   * @param params.route `hf` (default) uses `POST .../tag/{revision}`; `kohaku` uses `POST .../tag`.
   * @throws {@link ServerError} (500, not 409) when the tag exists; {@link NotFoundError}
   * `RevisionNotFound` for an unknown revision.
   * @example
   * ```ts
   * await client.createTag({ repoId: "alice/bert", tag: "v1.0", revision: "main" });
   * ```
   */
  async createTag(
    params: RepoTarget & { tag: string; revision?: string; message?: string; route?: "hf" | "kohaku" },
  ): Promise<SuccessMessage> {
    const tag = checkRefName(params.tag, "tag");
    const revision = checkCommitRef(params.revision ?? "main", "revision");
    if (params.route === "kohaku") {
      const { path } = await this.contentPath(params, "tag");
      return this.call(
        { method: "POST", path, json: { tag, revision, message: params.message ?? null } },
        successMessage,
      );
    }
    const { path } = await this.contentPath(params, `tag/${encodeURIComponent(revision)}`);
    return this.call(
      { method: "POST", path, json: { tag, message: params.message ?? null } },
      successMessage,
    );
  }

  /**
   * Deletes a tag. Needs manage rights.
   *
   * @throws {@link ServerError} (500) for a tag that does not exist.
   * @example
   * ```ts
   * await client.deleteTag({ repoId: "alice/bert", tag: "v1.0" });
   * ```
   */
  async deleteTag(params: RepoTarget & { tag: string }): Promise<SuccessMessage> {
    const tag = checkRefName(params.tag, "tag");
    const { path } = await this.contentPath(params, `tag/${encodeURIComponent(tag)}`);
    return this.call({ method: "DELETE", path, retry: false }, successMessage);
  }

  /**
   * Reverts a commit on a branch with a new commit that undoes it (KohakuHub only; write rights).
   *
   * @param params.ref the commit to revert (an id or any ref).
   * @throws {@link NotFoundError} for an unknown commit; {@link ConflictError} when the branch changed the
   * same files since.
   * @example
   * ```ts
   * const { new_commit_id } = await client.revertCommit({ repoId: "alice/bert", branch: "main", ref: "a1b2c3d4" });
   * ```
   */
  async revertCommit(
    params: RepoTarget & {
      branch: string;
      ref: string;
      parentNumber?: number;
      message?: string;
      metadata?: Record<string, string>;
      force?: boolean;
      allowEmpty?: boolean;
    },
  ): Promise<RevertResult> {
    const branch = checkRefName(params.branch, "branch");
    if (!params.ref) throw new InputError("ref must not be empty", { code: "InvalidRevision" });
    const { path } = await this.contentPath(params, `branch/${encodeURIComponent(branch)}/revert`);
    return this.call(
      {
        method: "POST",
        path,
        json: {
          ref: params.ref,
          parent_number: params.parentNumber ?? 1,
          message: params.message ?? null,
          metadata: params.metadata ?? null,
          force: params.force ?? false,
          allow_empty: params.allowEmpty ?? false,
        },
      },
      revertResult,
    );
  }

  /**
   * Resets a branch to the content of an older commit. History is kept: the old state is written as a
   * new commit (KohakuHub only; write rights). Resetting `main` needs `force`.
   *
   * @throws {@link ValidationError} for `main` without `force` or when nothing would change;
   * {@link NotFoundError} for an unknown commit.
   * @example
   * ```ts
   * const { commit_id } = await client.resetBranch({ repoId: "alice/bert", branch: "dev", ref: "a1b2c3d4" });
   * ```
   */
  async resetBranch(
    params: RepoTarget & { branch: string; ref: string; message?: string; force?: boolean },
  ): Promise<ResetResult> {
    const branch = checkRefName(params.branch, "branch");
    if (!params.ref) throw new InputError("ref must not be empty", { code: "InvalidRevision" });
    const { path } = await this.contentPath(params, `branch/${encodeURIComponent(branch)}/reset`);
    return this.call(
      {
        method: "POST",
        path,
        json: { ref: params.ref, message: params.message ?? null, force: params.force ?? false },
      },
      resetResult,
    );
  }

  /**
   * Merges a ref (branch, tag or commit) into a branch (KohakuHub only; write rights).
   *
   * @param params.strategy how to settle files changed on both sides; without one, such files are a conflict.
   * @throws {@link ConflictError} on a merge conflict; {@link ServerError} when there is nothing to merge
   * or a ref is unknown.
   * @example
   * ```ts
   * const merged = await client.mergeRefs({ repoId: "alice/bert", source: "dev", destination: "main" });
   * console.log(merged.result.reference);
   * ```
   */
  async mergeRefs(
    params: RepoTarget & {
      source: string;
      destination: string;
      message?: string;
      metadata?: Record<string, string>;
      strategy?: "dest-wins" | "source-wins";
      force?: boolean;
      allowEmpty?: boolean;
      squashMerge?: boolean;
    },
  ): Promise<MergeResult> {
    const source = checkCommitRef(params.source, "source ref");
    const destination = checkRefName(params.destination, "branch");
    const { path } = await this.contentPath(
      params,
      `merge/${encodeURIComponent(source)}/into/${encodeURIComponent(destination)}`,
    );
    return this.call(
      {
        method: "POST",
        path,
        json: {
          message: params.message ?? null,
          metadata: params.metadata ?? null,
          strategy: params.strategy ?? null,
          force: params.force ?? false,
          allow_empty: params.allowEmpty ?? false,
          squash_merge: params.squashMerge ?? false,
        },
      },
      mergeResult,
    );
  }

  /**
   * One page of the commit history of a revision, newest first. Pass `nextCursor` back as `after` for
   * the next page, or use {@link iterCommits}.
   *
   * @throws {@link NotFoundError} with code `RevisionNotFound` for an unknown revision (the server answers a
   * 500 whose message says "not found"; it is reported as what it is).
   * @example
   * ```ts
   * const page = await client.listCommits({ repoId: "alice/bert", limit: 10 });
   * for (const c of page.commits) console.log(c.id.slice(0, 8), c.title);
   * if (page.hasMore) console.log("more after", page.nextCursor);
   * ```
   */
  async listCommits(params: ListCommitsParams): Promise<CommitPage> {
    const revision = checkCommitRef(params.revision ?? "main", "revision");
    if (params.limit !== undefined && !(Number.isInteger(params.limit) && params.limit >= 1)) {
      throw new InputError(`limit must be an integer from 1 to 100, got ${params.limit}`);
    }
    const { path } = await this.contentPath(params, `commits/${encodeURIComponent(revision)}`);
    const spec = {
      path,
      query: {
        limit: params.limit,
        after: params.after || undefined,
        "expand[]": params.formatted ? ["formatted"] : undefined,
      },
    };
    const response = await this.http.send(spec).catch(unknownRevision);
    const commits = parseResponse(commitSummaryList, await this.http.readJson(response, spec), `GET ${path}`);
    const nextCursor = linkParam(nextLink(response.headers.get("link")), "after");
    return { commits, nextCursor, hasMore: nextCursor !== undefined };
  }

  /**
   * The whole commit history of a revision, newest first, page after page.
   *
   * @example
   * ```ts
   * for await (const commit of client.iterCommits({ repoId: "alice/bert", revision: "dev" })) {
   *   console.log(commit.id, commit.authors[0]?.user, commit.title);
   * }
   * ```
   */
  async *iterCommits(
    params: Omit<ListCommitsParams, "after" | "limit"> & { pageSize?: number },
  ): AsyncGenerator<CommitSummary> {
    let after: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.listCommits({ ...params, limit: params.pageSize, after });
      yield* page.commits;
      if (!page.nextCursor || page.commits.length === 0 || seen.has(page.nextCursor)) return;
      seen.add(page.nextCursor);
      after = page.nextCursor;
    }
  }

  /**
   * One commit: message, unix `date`, parents, storage metadata, and the hub author (`user_id`,
   * `description` and `committed_at` when the hub recorded the commit).
   *
   * @param params.commitId a commit id (or any ref; the hub-only fields then stay absent).
   * @throws {@link NotFoundError} with code `RevisionNotFound` for an unknown commit (a 500 on the wire).
   * @example
   * ```ts
   * const commit = await client.getCommit({ repoId: "alice/bert", commitId: "3f1c…" });
   * console.log(commit.author, new Date(commit.date! * 1000));
   * ```
   */
  async getCommit(params: RepoTarget & { commitId: string }): Promise<CommitDetail> {
    const id = checkCommitRef(params.commitId, "commit id");
    const { path } = await this.contentPath(params, `commit/${encodeURIComponent(id)}`);
    return this.call({ path }, commitDetail).catch(unknownRevision);
  }

  /**
   * The files a commit changed against its first parent, with unified diffs for small non-LFS files.
   * A root commit gives `{ files: [], parent_commit: null }`.
   *
   * @throws {@link NotFoundError} with code `RevisionNotFound` for an unknown commit (a 500 on the wire).
   * @example
   * ```ts
   * const diff = await client.getCommitDiff({ repoId: "alice/bert", commitId: "3f1c…" });
   * for (const f of diff.files) console.log(f.type, f.path, f.diff ?? "");
   * ```
   */
  async getCommitDiff(params: RepoTarget & { commitId: string }): Promise<CommitDiff> {
    const id = checkCommitRef(params.commitId, "commit id");
    const { path } = await this.contentPath(params, `commit/${encodeURIComponent(id)}/diff`);
    return this.call({ path }, commitDiff).catch(unknownRevision);
  }
}
