/**
 * Schemas of the repository area: create/delete/move/squash answers, repo info (at `main` and at a
 * revision), lists, settings, likes, stats, trending and quota.
 *
 * @module
 */
import { z } from "zod";
import { flexibleId, isoDate } from "./common.ts";

/** `POST /api/repos/create`: the new repo's web URL (`<base>/<type>s/<ns>/<name>`, even for models). */
export const createRepoResponse = z.lazy(() => z.looseObject({ url: z.string(), repo_id: z.string() }));
export type CreateRepoResponse = z.infer<typeof createRepoResponse>;

/** `DELETE /api/repos/delete` */
export const deleteRepoResponse = z.lazy(() => z.looseObject({ message: z.string() }));
export type DeleteRepoResponse = z.infer<typeof deleteRepoResponse>;

/** `POST /api/repos/move` */
export const moveRepoResponse = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    url: z.string(),
    message: z.string(),
  }),
);
export type MoveRepoResponse = z.infer<typeof moveRepoResponse>;

/** `POST /api/repos/squash` and `PUT .../settings` */
export const repoSuccessResponse = z.lazy(() => z.looseObject({ success: z.boolean(), message: z.string() }));
export type RepoSuccessResponse = z.infer<typeof repoSuccessResponse>;

/** `GET /api/{type}s/{ns}/{name}/settings/lfs`: configured values (null = server default) and effective ones. */
export const repoLfsSettings = z.lazy(() =>
  z.looseObject({
    lfs_threshold_bytes: z.number().int().nullable(),
    lfs_keep_versions: z.number().int().nullable(),
    lfs_suffix_rules: z.array(z.string()).nullable(),
    lfs_threshold_bytes_effective: z.number().int(),
    lfs_threshold_bytes_source: z.string(),
    lfs_keep_versions_effective: z.number().int(),
    lfs_keep_versions_source: z.string(),
    lfs_suffix_rules_effective: z.array(z.string()),
    lfs_suffix_rules_source: z.string(),
    server_defaults: z.looseObject({
      lfs_threshold_bytes: z.number().int(),
      lfs_keep_versions: z.number().int(),
      lfs_suffix_rules_default: z.array(z.string()),
    }),
  }),
);
export type RepoLfsSettings = z.infer<typeof repoLfsSettings>;

/** One file of a repo (`siblings`). `lfs` is present when the file matches the repo's current LFS rules. */
export const repoSibling = z.lazy(() =>
  z.looseObject({
    rfilename: z.string(),
    size: z.number().int().optional(),
    lfs: z
      .looseObject({ sha256: z.string(), size: z.number().int(), pointerSize: z.number().int() })
      .optional(),
  }),
);
export type RepoSibling = z.infer<typeof repoSibling>;

/** The `storage` block of repo info (only sent to logged-in callers). */
export const repoStorageInfo = z.lazy(() =>
  z.looseObject({
    quota_bytes: z.number().int().nullable(),
    used_bytes: z.number().int(),
    available_bytes: z.number().int().nullable(),
    percentage_used: z.number().nullable(),
    effective_quota_bytes: z.number().int().nullable(),
    is_inheriting: z.boolean(),
  }),
);
export type RepoStorageInfo = z.infer<typeof repoStorageInfo>;

const repoInfoCommon = () => ({
  id: z.string(),
  author: z.string(),
  lastModified: isoDate.nullable(),
  createdAt: isoDate.nullable(),
  private: z.boolean(),
  disabled: z.boolean().optional(),
  gated: z.union([z.boolean(), z.string()]).optional(),
  downloads: z.number().int(),
  likes: z.number().int(),
  tags: z.array(z.string()).optional(),
  pipeline_tag: z.string().nullable().optional(),
  library_name: z.string().nullable().optional(),
  siblings: z.array(repoSibling),
});

/**
 * `GET /api/{models,datasets,spaces}/{ns}/{name}`: the repo at `main`. `sha` is the head commit id cut to
 * 40 characters; `_id` is the server's integer row id (a 24-hex string on huggingface.co).
 */
export const repoInfoResponse = z.lazy(() =>
  z.looseObject({
    ...repoInfoCommon(),
    _id: flexibleId,
    modelId: z.string().nullable().optional(),
    sha: z.string().nullable(),
    storage: repoStorageInfo.optional(),
  }),
);
export type RepoInfo = z.infer<typeof repoInfoResponse>;

/**
 * `GET /api/{type}s/{ns}/{name}/revision/{revision}`: the repo at a branch, tag or commit. `sha` is the full
 * commit id, `commit.date` is unix seconds, and there is no `_id`, `modelId` or `storage`.
 */
export const revisionInfoResponse = z.lazy(() =>
  z.looseObject({
    ...repoInfoCommon(),
    sha: z.string(),
    type: z.string(),
    revision: z.string(),
    commit: z.looseObject({ oid: z.string(), date: z.number().nullable() }),
    xetEnabled: z.boolean().optional(),
  }),
);
export type RevisionInfo = z.infer<typeof revisionInfoResponse>;

/** One repo of a list (`GET /api/models`, `/api/users/{u}/repos`). `sha` is the full commit id here. */
export const repoListItem = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    author: z.string(),
    private: z.boolean(),
    sha: z.string().nullable(),
    lastModified: isoDate.nullable(),
    createdAt: isoDate.nullable(),
    downloads: z.number().int(),
    likes: z.number().int(),
    gated: z.union([z.boolean(), z.string()]).optional(),
    tags: z.array(z.string()).optional(),
    /** `"local"`, or the upstream source's name for mirrored entries (only when fallback is on). */
    _source: z.string().optional(),
    _source_url: z.string().optional(),
  }),
);
export type RepoListItem = z.infer<typeof repoListItem>;

/** `GET /api/models` and friends: a top-level array. */
export const repoList = z.lazy(() => z.array(repoListItem));

/** `GET /api/users/{username}/repos`: the repos of a user or org, grouped by type. */
export const namespaceRepos = z.lazy(() =>
  z.looseObject({
    models: z.array(repoListItem),
    datasets: z.array(repoListItem),
    spaces: z.array(repoListItem),
  }),
);
export type NamespaceRepos = z.infer<typeof namespaceRepos>;

/** `POST`/`DELETE .../like` */
export const likeResponse = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    message: z.string(),
    likes_count: z.number().int(),
  }),
);
export type LikeResponse = z.infer<typeof likeResponse>;

/** `GET .../like` */
export const likedStatus = z.lazy(() => z.looseObject({ liked: z.boolean() }));

/** One entry of `GET .../likers`. */
export const repoLiker = z.lazy(() =>
  z.looseObject({
    user: z.string(),
    fullname: z.string().nullable().optional(),
    avatarUrl: z.string().nullable().optional(),
  }),
);
export type RepoLiker = z.infer<typeof repoLiker>;

/** One entry of `GET /api/users/{username}/likes`. */
export const likedRepo = z.lazy(() =>
  z.looseObject({
    createdAt: isoDate,
    repo: z.looseObject({ name: z.string(), type: z.string() }),
  }),
);
export type LikedRepo = z.infer<typeof likedRepo>;

/** `GET .../stats`: `downloads` counts download sessions, not files. */
export const repoStats = z.lazy(() =>
  z.looseObject({ downloads: z.number().int(), likes: z.number().int() }),
);
export type RepoStats = z.infer<typeof repoStats>;

/** A date window `{start, end, days}` (dates are `YYYY-MM-DD`, UTC). */
export const statsPeriod = z.lazy(() =>
  z.looseObject({ start: isoDate, end: isoDate, days: z.number().int() }),
);
export type StatsPeriod = z.infer<typeof statsPeriod>;

/** `GET .../stats/recent`: a sparse daily series (only days with data), oldest first. */
export const recentStats = z.lazy(() =>
  z.looseObject({
    stats: z.array(
      z.looseObject({
        date: isoDate,
        downloads: z.number().int(),
        authenticated: z.number().int(),
        anonymous: z.number().int(),
        files: z.number().int(),
      }),
    ),
    period: statsPeriod,
  }),
);
export type RecentStats = z.infer<typeof recentStats>;

/** One entry of `GET /api/trending`. */
export const trendingRepo = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    type: z.string(),
    downloads: z.number().int(),
    likes: z.number().int(),
    recent_downloads: z.number().int(),
    private: z.boolean(),
  }),
);
export type TrendingRepo = z.infer<typeof trendingRepo>;

/** `GET /api/trending` */
export const trendingResponse = z.lazy(() =>
  z.looseObject({ trending: z.array(trendingRepo), period: statsPeriod }),
);
export type TrendingResponse = z.infer<typeof trendingResponse>;

/** `GET`/`PUT /api/quota/{ns}` and `POST .../recalculate`: both pools combined (legacy view). */
export const quotaInfo = z.lazy(() =>
  z.looseObject({
    namespace: z.string(),
    is_organization: z.boolean(),
    quota_bytes: z.number().int().nullable(),
    used_bytes: z.number().int(),
    available_bytes: z.number().int().nullable(),
    percentage_used: z.number().nullable(),
  }),
);
export type QuotaInfo = z.infer<typeof quotaInfo>;

/** `GET /api/quota/{ns}/public`: the `private_*` values are null unless `can_see_private`. */
export const publicQuotaInfo = z.lazy(() =>
  z.looseObject({
    namespace: z.string(),
    is_organization: z.boolean(),
    public_quota_bytes: z.number().int().nullable(),
    public_used_bytes: z.number().int(),
    public_available_bytes: z.number().int().nullable(),
    public_percentage_used: z.number().nullable(),
    private_quota_bytes: z.number().int().nullable().optional(),
    private_used_bytes: z.number().int().nullable().optional(),
    private_available_bytes: z.number().int().nullable().optional(),
    private_percentage_used: z.number().nullable().optional(),
    total_used_bytes: z.number().int(),
    can_see_private: z.boolean(),
  }),
);
export type PublicQuotaInfo = z.infer<typeof publicQuotaInfo>;

/** One repo of `GET /api/quota/{ns}/repos`. */
export const repoStorageItem = z.lazy(() =>
  z.looseObject({
    repo_id: z.string(),
    repo_type: z.string(),
    name: z.string(),
    private: z.boolean(),
    quota_bytes: z.number().int().nullable(),
    used_bytes: z.number().int(),
    percentage_used: z.number().nullable(),
    is_inheriting: z.boolean(),
    created_at: z.string(),
  }),
);
export type RepoStorageItem = z.infer<typeof repoStorageItem>;

/** `GET /api/quota/{ns}/repos`: storage per repo, largest first. */
export const namespaceRepoStorage = z.lazy(() =>
  z.looseObject({
    namespace: z.string(),
    is_organization: z.boolean(),
    total_repos: z.number().int(),
    repositories: z.array(repoStorageItem),
  }),
);
export type NamespaceRepoStorage = z.infer<typeof namespaceRepoStorage>;

/** `GET`/`PUT /api/quota/repo/{type}/{ns}/{name}` and `POST .../recalculate`. */
export const repoQuotaInfo = z.lazy(() =>
  z.looseObject({
    repo_id: z.string(),
    repo_type: z.string(),
    namespace: z.string(),
    quota_bytes: z.number().int().nullable(),
    used_bytes: z.number().int(),
    available_bytes: z.number().int().nullable(),
    percentage_used: z.number().nullable(),
    effective_quota_bytes: z.number().int().nullable(),
    namespace_quota_bytes: z.number().int().nullable(),
    namespace_used_bytes: z.number().int(),
    namespace_available_bytes: z.number().int().nullable(),
    is_inheriting: z.boolean(),
  }),
);
export type RepoQuotaInfo = z.infer<typeof repoQuotaInfo>;
