/**
 * Repositories: create, delete, move, squash, info, lists, settings, LFS settings, likes, stats, trending, quota.
 *
 * @module
 */
import { z } from "zod";
import { repoSegments } from "./base.ts";
import { ConflictError, InputError, NotFoundError } from "./errors.ts";
import { OrgsApi } from "./orgs.ts";
import {
  type CreateRepoResponse,
  createRepoResponse,
  type DeleteRepoResponse,
  deleteRepoResponse,
  type LikedRepo,
  type LikeResponse,
  likedRepo,
  likedStatus,
  likeResponse,
  type MoveRepoResponse,
  moveRepoResponse,
  type NamespaceRepoStorage,
  type NamespaceRepos,
  namespaceRepoStorage,
  namespaceRepos,
  type PublicQuotaInfo,
  publicQuotaInfo,
  type QuotaInfo,
  quotaInfo,
  type RecentStats,
  type RepoInfo,
  type RepoLfsSettings,
  type RepoLiker,
  type RepoListItem,
  type RepoQuotaInfo,
  type RepoStats,
  type RepoSuccessResponse,
  type RevisionInfo,
  recentStats,
  repoInfoResponse,
  repoLfsSettings,
  repoLiker,
  repoList,
  repoQuotaInfo,
  repoStats,
  repoSuccessResponse,
  revisionInfoResponse,
  type TrendingResponse,
  trendingResponse,
} from "./schemas/repos.ts";
import { checkRefName, parseRepoId, type RepoType, toRepoType, typeSegment } from "./validate.ts";

export type {
  CreateRepoResponse,
  DeleteRepoResponse,
  LikedRepo,
  LikeResponse,
  MoveRepoResponse,
  NamespaceRepoStorage,
  NamespaceRepos,
  PublicQuotaInfo,
  QuotaInfo,
  RecentStats,
  RepoInfo,
  RepoLfsSettings,
  RepoLiker,
  RepoListItem,
  RepoQuotaInfo,
  RepoSibling,
  RepoStats,
  RepoStorageInfo,
  RepoStorageItem,
  RepoSuccessResponse,
  RevisionInfo,
  StatsPeriod,
  TrendingRepo,
  TrendingResponse,
} from "./schemas/repos.ts";

/** Sort orders of {@link ReposApi.listRepos}. */
export const REPO_LIST_SORTS = ["recent", "updated", "likes", "downloads", "trending"] as const;
/** A sort order of {@link ReposApi.listRepos}. */
export type RepoListSort = (typeof REPO_LIST_SORTS)[number];
/** Sort orders of {@link ReposApi.listNamespaceRepos}. */
export const NAMESPACE_REPO_SORTS = ["recent", "likes", "downloads"] as const;
/** A sort order of {@link ReposApi.listNamespaceRepos}. */
export type NamespaceRepoSort = (typeof NAMESPACE_REPO_SORTS)[number];
/** Largest `limit` the list endpoints accept, and what the list methods ask for when given no limit. */
export const MAX_LIST_LIMIT = 100_000;

/** A repo visibility. */
export type RepoVisibility = "public" | "private";

/** Fields of {@link ReposApi.updateRepoSettings}. Omitted (or undefined) fields stay as they are. */
export interface RepoSettingsUpdate {
  repoId: string;
  type?: RepoType | string;
  /** Make the repo private (`true`) or public (`false`). Wins over `visibility` when both are given. */
  private?: boolean;
  visibility?: RepoVisibility;
  /**
   * Accepted and ignored by KohakuHub (gating does not exist). Only `"auto"` and `"manual"` are sent: the
   * server answers 422 to a JSON boolean (`huggingface_hub`'s `gated=False` fails there), so `false` is
   * simply left out and `true` is rejected before any request.
   */
  gated?: "auto" | "manual" | false;
  /** Files at least this large go to LFS. The server requires ≥ 1,000,000. */
  lfsThresholdBytes?: number;
  /** LFS versions kept per file. The server requires ≥ 2. */
  lfsKeepVersions?: number;
  /**
   * Suffixes (each starting with `.`) that always go to LFS, **added to** the server defaults. The list
   * replaces the repo's previous additions. There is no way to go back to "no setting" once one is set.
   */
  lfsSuffixRules?: string[];
}

/** The options of {@link ReposApi.listRepos}. */
export interface ListReposOptions {
  /** `model` (default), `dataset` or `space`. */
  type?: RepoType | string;
  /** Only repos of this namespace (exact match; ignored by the server with `sort: "trending"`). */
  author?: string;
  /**
   * At most this many repos (1–100000). Without it, every repo: the server has no pages, so the largest
   * limit is asked for (the server's own default is smaller, and says nothing of what it leaves out).
   */
  limit?: number;
  /** `recent` (default), `updated`, `likes`, `downloads` or `trending`. */
  sort?: RepoListSort;
  /**
   * Case-insensitive substring filter on the repo id. **Done client-side**: KohakuHub ignores `search`.
   * With a search, the largest page (100000) is fetched, filtered, and then cut to `limit`.
   */
  search?: string;
  /** `false` turns off the upstream-mirror merge for this call (`?fallback=false`). */
  fallback?: boolean;
}

/** Checks an integer option within bounds. */
function intOption(value: number | undefined, name: string, min: number, max?: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new InputError(`${name} must be ${range}, got ${JSON.stringify(value)}`, {
      code: "InvalidArgument",
    });
  }
  return value;
}

/** Checks a value against a list of choices. */
function choice<T extends string>(
  value: string | undefined,
  choices: readonly T[],
  name: string,
): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new InputError(`Invalid ${name} "${value}": expected one of ${choices.join(", ")}`, {
    code: "InvalidArgument",
  });
}

/** A user or organization name used as one path segment. */
function namespaceSegment(value: string, what = "namespace"): string {
  if (!value || !/^[A-Za-z0-9_.-]+$/.test(value)) {
    throw new InputError(`Invalid ${what} ${JSON.stringify(value)}: expected a user or organization name`, {
      code: "InvalidName",
    });
  }
  return encodeURIComponent(value);
}

/** True for the "not found" answers of a repo (or revision) lookup. */
function isMissing(err: unknown, codes: string[]): boolean {
  return err instanceof NotFoundError && codes.includes(err.code);
}

/** Repository methods of {@link KohubClient}. */
export class ReposApi extends OrgsApi {
  // ---------------------------------------------------------------------------------------------
  // Management

  /**
   * Creates a repository. A repo id without a namespace creates it in the caller's own namespace; with a
   * namespace, the namespace is sent as `organization` (any org role, even `visitor`, may create).
   *
   * @param params.existOk return the existing repo's URL instead of throwing when it already exists (409).
   * @throws {@link ConflictError} (code `RepoExists`) when the repo, or one whose normalized name matches
   * (`My_Repo` vs `my-repo`), already exists; `details` then holds the existing repo's `url` and `repo_id`.
   * @example
   * ```ts
   * const { url, repo_id } = await client.createRepo({ repoId: "alice/my-model", private: true });
   * await client.createRepo({ repoId: "my-dataset", type: "dataset" }); // in the caller's namespace
   * ```
   */
  async createRepo(params: {
    repoId: string;
    type?: RepoType | string;
    private?: boolean;
    existOk?: boolean;
  }): Promise<CreateRepoResponse> {
    const type = toRepoType(params.type);
    const { namespace, name } = parseRepoId(params.repoId);
    const body: Record<string, unknown> = { name, type };
    if (namespace !== undefined) body.organization = namespace;
    if (params.private !== undefined) body.private = params.private;
    try {
      return await this.call({ method: "POST", path: "/api/repos/create", json: body }, createRepoResponse);
    } catch (err) {
      if (params.existOk && err instanceof ConflictError && err.code === "RepoExists") {
        const existing = createRepoResponse.safeParse(err.details);
        if (existing.success) return existing.data;
      }
      throw err;
    }
  }

  /**
   * Deletes a repository, irreversibly (files, history, likes). Needs owner or org-admin rights.
   *
   * @param params.missingOk do nothing when the repo does not exist.
   * @example
   * ```ts
   * await client.deleteRepo({ repoId: "alice/old-model" });
   * await client.deleteRepo({ repoId: "alice/maybe", type: "dataset", missingOk: true });
   * ```
   */
  async deleteRepo(params: {
    repoId: string;
    type?: RepoType | string;
    missingOk?: boolean;
  }): Promise<DeleteRepoResponse | undefined> {
    const type = toRepoType(params.type);
    const { namespace, name } = parseRepoId(params.repoId);
    const body: Record<string, unknown> = { name, type };
    if (namespace !== undefined) body.organization = namespace;
    try {
      return await this.call({ method: "DELETE", path: "/api/repos/delete", json: body }, deleteRepoResponse);
    } catch (err) {
      if (params.missingOk && isMissing(err, ["RepoNotFound"])) return undefined;
      throw err;
    }
  }

  /**
   * Renames a repository or moves it to another namespace. **KohakuHub rewrites the history**: only the
   * current files of `main` survive, in one new commit; other branches, tags and old commits are lost, and
   * the old name does not redirect. Ids without a namespace mean the caller's own.
   *
   * @throws {@link ConflictError} (code `RepoExists`) when the destination exists; `ValidationError`
   * when the destination namespace's quota cannot hold the repo.
   * @example
   * ```ts
   * const { url } = await client.moveRepo({ fromRepo: "alice/draft", toRepo: "acme/final" });
   * ```
   */
  async moveRepo(params: {
    fromRepo: string;
    toRepo: string;
    type?: RepoType | string;
  }): Promise<MoveRepoResponse> {
    const type = toRepoType(params.type);
    parseRepoId(params.fromRepo);
    parseRepoId(params.toRepo);
    const from = await this.repoRef(params.fromRepo, type);
    const to = await this.repoRef(params.toRepo, type);
    return this.call(
      { method: "POST", path: "/api/repos/move", json: { fromRepo: from.id, toRepo: to.id, type } },
      moveRepoResponse,
    );
  }

  /**
   * Collapses a repository's history into one commit holding the current `main` files. Other branches and
   * tags are lost. Needs owner or org-admin rights.
   *
   * @example
   * ```ts
   * await client.squashRepo({ repoId: "alice/big-model" });
   * ```
   */
  async squashRepo(params: { repoId: string; type?: RepoType | string }): Promise<RepoSuccessResponse> {
    const ref = await this.repoRef(params.repoId, params.type);
    return this.call(
      { method: "POST", path: "/api/repos/squash", json: { repo: ref.id, type: ref.type } },
      repoSuccessResponse,
    );
  }

  /**
   * Changes a repository's visibility and LFS rules (owner or org admin). Omitted fields are unchanged.
   * Making a repo private or public checks the target quota pool (400 when it would not fit).
   *
   * The `gated` setting is accepted and ignored by KohakuHub; it is only ever sent as `"auto"` or
   * `"manual"` (a JSON boolean makes the server answer 422), so `gated: false` sends nothing.
   *
   * @example
   * ```ts
   * await client.updateRepoSettings({ repoId: "alice/my-model", private: true });
   * await client.updateRepoSettings({ repoId: "alice/my-model", lfsThresholdBytes: 10_000_000, lfsSuffixRules: [".json"] });
   * ```
   */
  async updateRepoSettings(params: RepoSettingsUpdate): Promise<RepoSuccessResponse> {
    const body: Record<string, unknown> = {};
    if (params.private !== undefined) {
      if (typeof params.private !== "boolean") throw new InputError("private must be true or false");
      body.private = params.private;
    }
    if (params.visibility !== undefined) {
      body.visibility = choice(params.visibility, ["public", "private"] as const, "visibility");
    }
    const gated: unknown = params.gated;
    if (gated === true) {
      throw new InputError('gated must be "auto" or "manual" (KohakuHub answers 422 to a boolean)', {
        code: "InvalidArgument",
      });
    }
    if (gated !== undefined && gated !== false) {
      body.gated = choice(String(gated), ["auto", "manual"] as const, "gated");
    }
    if (params.lfsThresholdBytes !== undefined) {
      body.lfs_threshold_bytes = intOption(params.lfsThresholdBytes, "lfsThresholdBytes", 0);
    }
    if (params.lfsKeepVersions !== undefined) {
      body.lfs_keep_versions = intOption(params.lfsKeepVersions, "lfsKeepVersions", 0);
    }
    if (params.lfsSuffixRules !== undefined) {
      if (!Array.isArray(params.lfsSuffixRules) || params.lfsSuffixRules.some((s) => typeof s !== "string")) {
        throw new InputError('lfsSuffixRules must be a list of suffixes such as [".json"]', {
          code: "InvalidArgument",
        });
      }
      body.lfs_suffix_rules = params.lfsSuffixRules;
    }
    const ref = await this.repoRef(params.repoId, params.type);
    return this.call(
      { method: "PUT", path: `${this.repoApiPath(ref)}/settings`, json: body },
      repoSuccessResponse,
    );
  }

  /**
   * The LFS settings of a repository: what is configured (null = server default) and what applies.
   * Needs owner or org-admin rights.
   *
   * @example
   * ```ts
   * const lfs = await client.getRepoLfsSettings({ repoId: "alice/my-model" });
   * console.log(lfs.lfs_threshold_bytes_effective, lfs.lfs_suffix_rules_effective);
   * ```
   */
  async getRepoLfsSettings(params: { repoId: string; type?: RepoType | string }): Promise<RepoLfsSettings> {
    const ref = await this.repoRef(params.repoId, params.type);
    return this.call({ path: `${this.repoApiPath(ref)}/settings/lfs` }, repoLfsSettings);
  }

  // ---------------------------------------------------------------------------------------------
  // Info and lists

  /**
   * Information about a repository: at `main` (`GET /api/{type}s/{ns}/{name}`, with a 40-character `sha`,
   * `_id`, and a `storage` block when logged in), or at a branch, tag or commit when `revision` is given
   * (`GET .../revision/{revision}`: full `sha`, `commit.oid`/`commit.date`, no `_id`).
   *
   * @throws {@link NotFoundError} with code `RepoNotFound` (missing, or private and not readable) or
   * `RevisionNotFound`.
   * @example
   * ```ts
   * const info = await client.repoInfo({ repoId: "alice/my-model" });
   * console.log(info.sha, info.siblings.map((s) => s.rfilename));
   * const atTag = await client.repoInfo({ repoId: "alice/my-model", revision: "v1.0" });
   * console.log(atTag.commit.oid);
   * ```
   */
  async repoInfo(params: {
    repoId: string;
    type?: RepoType | string;
    revision?: undefined;
  }): Promise<RepoInfo>;
  async repoInfo(params: {
    repoId: string;
    type?: RepoType | string;
    revision: string;
  }): Promise<RevisionInfo>;
  async repoInfo(params: {
    repoId: string;
    type?: RepoType | string;
    revision?: string;
  }): Promise<RepoInfo | RevisionInfo>;
  async repoInfo(params: {
    repoId: string;
    type?: RepoType | string;
    revision?: string;
  }): Promise<RepoInfo | RevisionInfo> {
    if (params.revision !== undefined) checkRefName(params.revision);
    const ref = await this.repoRef(params.repoId, params.type);
    if (params.revision !== undefined) {
      return this.call(
        { path: `${this.repoApiPath(ref)}/revision/${encodeURIComponent(params.revision)}` },
        revisionInfoResponse,
      );
    }
    return this.call({ path: this.repoApiPath(ref) }, repoInfoResponse);
  }

  /**
   * Whether a repository exists and is readable by the caller (a private repo of someone else is `false`).
   *
   * @example
   * ```ts
   * if (!(await client.repoExists({ repoId: "alice/my-model" }))) await client.createRepo({ repoId: "alice/my-model" });
   * ```
   */
  async repoExists(params: { repoId: string; type?: RepoType | string }): Promise<boolean> {
    try {
      await this.repoInfo({ repoId: params.repoId, type: params.type });
      return true;
    } catch (err) {
      if (isMissing(err, ["RepoNotFound"])) return false;
      throw err;
    }
  }

  /**
   * Whether a branch, tag or commit exists in a readable repository.
   *
   * @throws {@link NotFoundError} (code `RepoNotFound`) when the repo itself is missing.
   * @example
   * ```ts
   * const ok = await client.revisionExists({ repoId: "alice/my-model", revision: "dev" });
   * ```
   */
  async revisionExists(params: {
    repoId: string;
    type?: RepoType | string;
    revision: string;
  }): Promise<boolean> {
    try {
      await this.repoInfo({ repoId: params.repoId, type: params.type, revision: params.revision });
      return true;
    } catch (err) {
      if (isMissing(err, ["RevisionNotFound"])) return false;
      throw err;
    }
  }

  /**
   * Lists repositories of one type (`GET /api/models`, `/api/datasets`, `/api/spaces`). Anonymous callers
   * see public repos; logged-in callers also see private repos of their own namespace and their orgs.
   * KohakuHub has no pagination (one answer, up to `limit`; every repo when no limit is given) and no
   * server-side search: `search` filters on the client (see {@link ListReposOptions.search}). To learn
   * whether a limited list left repos out, ask for one more than you show.
   *
   * @example
   * ```ts
   * const mine = await client.listRepos({ author: "alice", sort: "likes" });
   * const bert = await client.listRepos({ type: "model", search: "bert", limit: 10 });
   * ```
   */
  async listRepos(params: ListReposOptions = {}): Promise<RepoListItem[]> {
    const type = toRepoType(params.type);
    const sort = choice(params.sort, REPO_LIST_SORTS, "sort");
    const limit = intOption(params.limit, "limit", 1, MAX_LIST_LIMIT);
    if (params.author !== undefined) namespaceSegment(params.author, "author");
    const search = params.search?.toLowerCase();
    const items = await this.call(
      {
        path: `/api/${typeSegment(type)}`,
        query: {
          author: params.author,
          limit: search ? MAX_LIST_LIMIT : (limit ?? MAX_LIST_LIMIT),
          sort,
          fallback: params.fallback === false ? "false" : undefined,
        },
      },
      repoList,
    );
    if (!search) return items;
    return items.filter((item) => item.id.toLowerCase().includes(search)).slice(0, limit);
  }

  /**
   * The repositories of a user or organization (`GET /api/users/{username}/repos`), grouped by type, or
   * only the list of one type when `type` is given. `limit` applies per type; without it, every repo (the
   * server has no pages, and its own default is smaller and says nothing of what it leaves out).
   *
   * @throws {@link NotFoundError} when the name is unknown (the server sends code `BadRequest` with its 404).
   * @example
   * ```ts
   * const { models, datasets } = await client.listNamespaceRepos({ namespace: "acme" });
   * const spaces = await client.listNamespaceRepos({ namespace: "acme", type: "space", sort: "likes" });
   * ```
   */
  async listNamespaceRepos(params: {
    namespace: string;
    type?: undefined;
    limit?: number;
    sort?: NamespaceRepoSort;
  }): Promise<NamespaceRepos>;
  async listNamespaceRepos(params: {
    namespace: string;
    type: RepoType | string;
    limit?: number;
    sort?: NamespaceRepoSort;
  }): Promise<RepoListItem[]>;
  async listNamespaceRepos(params: {
    namespace: string;
    type?: RepoType | string;
    limit?: number;
    sort?: NamespaceRepoSort;
  }): Promise<NamespaceRepos | RepoListItem[]> {
    const namespace = namespaceSegment(params.namespace);
    const type = params.type === undefined ? undefined : toRepoType(params.type);
    const result = await this.call(
      {
        path: `/api/users/${namespace}/repos`,
        query: {
          limit: intOption(params.limit, "limit", 1, MAX_LIST_LIMIT) ?? MAX_LIST_LIMIT,
          sort: choice(params.sort, NAMESPACE_REPO_SORTS, "sort"),
        },
      },
      namespaceRepos,
    );
    if (type === undefined) return result;
    return result[typeSegment(type) as "models" | "datasets" | "spaces"];
  }

  // ---------------------------------------------------------------------------------------------
  // Likes

  /**
   * Likes a repository (needs login and read access).
   *
   * @throws {@link ConflictError} when the caller already likes it (the server answers 400 "Repository already liked").
   * @example
   * ```ts
   * const { likes_count } = await client.likeRepo({ repoId: "alice/my-model" });
   * ```
   */
  async likeRepo(params: { repoId: string; type?: RepoType | string }): Promise<LikeResponse> {
    const ref = await this.repoRef(params.repoId, params.type);
    return this.call({ method: "POST", path: `${this.repoApiPath(ref)}/like` }, likeResponse);
  }

  /**
   * Removes the caller's like.
   *
   * @throws `ValidationError` when the caller does not like the repo (400 "Repository not liked").
   * @example
   * ```ts
   * await client.unlikeRepo({ repoId: "alice/my-model" });
   * ```
   */
  async unlikeRepo(params: { repoId: string; type?: RepoType | string }): Promise<LikeResponse> {
    const ref = await this.repoRef(params.repoId, params.type);
    return this.call({ method: "DELETE", path: `${this.repoApiPath(ref)}/like` }, likeResponse);
  }

  /**
   * Whether the caller likes a repository (always `false` for anonymous callers).
   *
   * @example
   * ```ts
   * if (!(await client.isRepoLiked({ repoId: "alice/my-model" }))) await client.likeRepo({ repoId: "alice/my-model" });
   * ```
   */
  async isRepoLiked(params: { repoId: string; type?: RepoType | string }): Promise<boolean> {
    const ref = await this.repoRef(params.repoId, params.type);
    const result = await this.call({ path: `${this.repoApiPath(ref)}/like` }, likedStatus);
    return result.liked;
  }

  /**
   * Users who like a repository, newest like first: at most `limit`, else every one (the server has no
   * pages, and its own default is smaller).
   *
   * @example
   * ```ts
   * const likers = await client.listRepoLikers({ repoId: "alice/my-model", limit: 100 });
   * console.log(likers.map((l) => l.user));
   * ```
   */
  async listRepoLikers(params: {
    repoId: string;
    type?: RepoType | string;
    limit?: number;
  }): Promise<RepoLiker[]> {
    const limit = intOption(params.limit, "limit", 1) ?? MAX_LIST_LIMIT;
    const ref = await this.repoRef(params.repoId, params.type);
    return this.call({ path: `${this.repoApiPath(ref)}/likers`, query: { limit } }, z.array(repoLiker));
  }

  /**
   * Repositories a user likes, newest first: at most `limit`, else every one (the server's own default is
   * smaller). Repos the caller cannot read are dropped by the server *after* the limit is
   * applied, so fewer than `limit` may come back.
   *
   * @example
   * ```ts
   * const liked = await client.listLikedRepos({ username: "alice" });
   * console.log(liked.map((l) => `${l.repo.type} ${l.repo.name}`));
   * ```
   */
  async listLikedRepos(params: { username: string; limit?: number }): Promise<LikedRepo[]> {
    const username = namespaceSegment(params.username, "username");
    const limit = intOption(params.limit, "limit", 1) ?? MAX_LIST_LIMIT;
    return this.call({ path: `/api/users/${username}/likes`, query: { limit } }, z.array(likedRepo));
  }

  // ---------------------------------------------------------------------------------------------
  // Stats and trending

  /**
   * Download and like counters of a repository (`downloads` counts download sessions, not files).
   *
   * @example
   * ```ts
   * const { downloads, likes } = await client.repoStats({ repoId: "alice/my-model" });
   * ```
   */
  async repoStats(params: { repoId: string; type?: RepoType | string }): Promise<RepoStats> {
    const ref = await this.repoRef(params.repoId, params.type);
    return this.call({ path: `${this.repoApiPath(ref)}/stats` }, repoStats);
  }

  /**
   * The daily download series of the last `days` days (1–365, default 30). Days without downloads are
   * left out.
   *
   * @example
   * ```ts
   * const { stats, period } = await client.repoStatsRecent({ repoId: "alice/my-model", days: 7 });
   * ```
   */
  async repoStatsRecent(params: {
    repoId: string;
    type?: RepoType | string;
    days?: number;
  }): Promise<RecentStats> {
    const days = intOption(params.days, "days", 1, 365);
    const ref = await this.repoRef(params.repoId, params.type);
    return this.call({ path: `${this.repoApiPath(ref)}/stats/recent`, query: { days } }, recentStats);
  }

  /**
   * The most downloaded repositories of the last `days` days (1–90, default 7). The server picks the top
   * `limit` (1–100, default 20) across all types *before* keeping the requested type and the readable repos,
   * so the list can be shorter than `limit`.
   *
   * @example
   * ```ts
   * const { trending } = await client.trending({ type: "dataset", days: 30, limit: 10 });
   * ```
   */
  async trending(
    params: { type?: RepoType | string; days?: number; limit?: number } = {},
  ): Promise<TrendingResponse> {
    const type = params.type === undefined ? undefined : toRepoType(params.type);
    return this.call(
      {
        path: "/api/trending",
        query: {
          repo_type: type,
          days: intOption(params.days, "days", 1, 90),
          limit: intOption(params.limit, "limit", 1, 100),
        },
      },
      trendingResponse,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Quota

  /**
   * Storage quota of a user or organization, both pools combined (any logged-in user may read it).
   * `quota_bytes` is null (unlimited) unless both the public and the private quota are set.
   *
   * @example
   * ```ts
   * const q = await client.getQuota({ namespace: "alice" });
   * console.log(q.used_bytes, q.quota_bytes);
   * ```
   */
  async getQuota(params: { namespace: string }): Promise<QuotaInfo> {
    return this.call({ path: `/api/quota/${namespaceSegment(params.namespace)}` }, quotaInfo);
  }

  /**
   * Sets the quota of a user (yourself) or an organization (as an org admin). The value is applied to
   * **both** the public and the private pool. `null` changes nothing on KohakuHub (it does not mean "unlimited").
   *
   * @example
   * ```ts
   * await client.setQuota({ namespace: "acme", quotaBytes: 10_000_000_000 });
   * ```
   */
  async setQuota(params: { namespace: string; quotaBytes: number | null }): Promise<QuotaInfo> {
    const quotaBytes = params.quotaBytes === null ? null : intOption(params.quotaBytes, "quotaBytes", 0);
    return this.call(
      {
        method: "PUT",
        path: `/api/quota/${namespaceSegment(params.namespace)}`,
        json: { quota_bytes: quotaBytes },
      },
      quotaInfo,
    );
  }

  /**
   * Recomputes the storage used by a namespace (yourself, or an org you administer).
   *
   * @example
   * ```ts
   * const q = await client.recalculateQuota({ namespace: "alice" });
   * ```
   */
  async recalculateQuota(params: { namespace: string }): Promise<QuotaInfo> {
    return this.call(
      { method: "POST", path: `/api/quota/${namespaceSegment(params.namespace)}/recalculate` },
      quotaInfo,
    );
  }

  /**
   * The public view of a namespace's quota (no login needed). The `private_*` values are null unless the
   * caller is that user or a member of that org (`can_see_private`).
   *
   * @example
   * ```ts
   * const q = await client.getPublicQuota({ namespace: "acme" });
   * console.log(q.public_used_bytes, q.can_see_private);
   * ```
   */
  async getPublicQuota(params: { namespace: string }): Promise<PublicQuotaInfo> {
    return this.call({ path: `/api/quota/${namespaceSegment(params.namespace)}/public` }, publicQuotaInfo);
  }

  /**
   * Storage used per repository of a namespace, largest first (yourself, or an org you belong to).
   *
   * @example
   * ```ts
   * const { repositories } = await client.listNamespaceRepoStorage({ namespace: "acme" });
   * ```
   */
  async listNamespaceRepoStorage(params: { namespace: string }): Promise<NamespaceRepoStorage> {
    return this.call(
      { path: `/api/quota/${namespaceSegment(params.namespace)}/repos` },
      namespaceRepoStorage,
    );
  }

  /** `/api/quota/repo/{type}/{ns}/{name}` (the type is singular here). */
  private async repoQuotaPath(repoId: string, type: RepoType | string | undefined): Promise<string> {
    const ref = await this.repoRef(repoId, type);
    return `/api/quota/repo/${ref.type}/${repoSegments(ref)}`;
  }

  /**
   * Storage quota and usage of one repository, with its namespace's pool for context.
   *
   * @throws {@link NotFoundError}: for a missing repo the server answers a JSON 404 without a code
   * ("Repository not found: ns/name"); for a private repo the caller cannot read, code `RepoNotFound`.
   * @example
   * ```ts
   * const q = await client.getRepoQuota({ repoId: "alice/my-model" });
   * console.log(q.used_bytes, q.effective_quota_bytes);
   * ```
   */
  async getRepoQuota(params: { repoId: string; type?: RepoType | string }): Promise<RepoQuotaInfo> {
    return this.call({ path: await this.repoQuotaPath(params.repoId, params.type) }, repoQuotaInfo);
  }

  /**
   * Sets a repository's own quota (write access), or `null` to inherit the namespace's. The quota may not
   * exceed what is left in the namespace pool (400 otherwise).
   *
   * @example
   * ```ts
   * await client.setRepoQuota({ repoId: "alice/my-model", quotaBytes: 2_000_000_000 });
   * await client.setRepoQuota({ repoId: "alice/my-model", quotaBytes: null }); // inherit again
   * ```
   */
  async setRepoQuota(params: {
    repoId: string;
    type?: RepoType | string;
    quotaBytes: number | null;
  }): Promise<RepoQuotaInfo> {
    const quotaBytes = params.quotaBytes === null ? null : intOption(params.quotaBytes, "quotaBytes", 0);
    return this.call(
      {
        method: "PUT",
        path: await this.repoQuotaPath(params.repoId, params.type),
        json: { quota_bytes: quotaBytes },
      },
      repoQuotaInfo,
    );
  }

  /**
   * Recomputes the storage used by a repository (write access).
   *
   * @example
   * ```ts
   * const q = await client.recalculateRepoQuota({ repoId: "alice/my-model" });
   * ```
   */
  async recalculateRepoQuota(params: { repoId: string; type?: RepoType | string }): Promise<RepoQuotaInfo> {
    return this.call(
      { method: "POST", path: `${await this.repoQuotaPath(params.repoId, params.type)}/recalculate` },
      repoQuotaInfo,
    );
  }
}
