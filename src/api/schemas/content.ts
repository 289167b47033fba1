/**
 * Schemas of the repository content area: trees, paths info, refs, branch operations, commit history
 * and diffs (repos-files.md §5–§7).
 *
 * @module
 */
import { z } from "zod";
import { isoDate } from "./common.ts";

/** A storage commit id: 64 lowercase hex characters. */
export const commitId = z.lazy(() =>
  z.string().regex(COMMIT_ID_TEXT, { message: "expected a 64-hex commit id" }),
);

/** What {@link commitId} accepts. */
const COMMIT_ID_TEXT = /^[0-9a-f]{64}$/;

/** `lastCommit` of a tree or paths-info entry (`expand=true`): the newest commit that touched the path. */
export const lastCommitInfo = z.lazy(() =>
  z.looseObject({
    id: commitId,
    title: z.string(),
    date: isoDate.nullable(),
  }),
);
export type LastCommitInfo = z.infer<typeof lastCommitInfo>;

/** The `lfs` block of an LFS file entry (`oid` is the SHA-256). */
export const lfsInfo = z.lazy(() =>
  z.looseObject({
    oid: z.string(),
    size: z.number().int(),
    pointerSize: z.number().int(),
  }),
);
export type LfsInfo = z.infer<typeof lfsInfo>;

/** A file entry of `GET .../tree/...` or `POST .../paths-info/...`. */
export const treeFile = z.lazy(() =>
  z.looseObject({
    type: z.literal("file"),
    path: z.string(),
    size: z.number().int(),
    /** git-blob SHA-1 for regular files, SHA-256 for LFS files (from the per-path record, see §18). */
    oid: z.string(),
    lastModified: isoDate.optional(),
    lfs: lfsInfo.optional(),
    lastCommit: lastCommitInfo.nullable().optional(),
    securityFileStatus: z.unknown().optional(),
  }),
);
export type TreeFile = z.infer<typeof treeFile>;

/** A directory entry (never present in a recursive tree listing). */
export const treeDirectory = z.lazy(() =>
  z.looseObject({
    type: z.literal("directory"),
    path: z.string(),
    /** 0 in the tree; the recursive total in paths-info with `expand`. */
    size: z.number().int(),
    oid: z.string(),
    lastModified: isoDate.optional(),
    lastCommit: lastCommitInfo.nullable().optional(),
  }),
);
export type TreeDirectory = z.infer<typeof treeDirectory>;

/** One entry of a tree listing or a paths-info answer. */
export const treeEntry = z.lazy(() => z.discriminatedUnion("type", [treeFile, treeDirectory]));
export type TreeEntry = z.infer<typeof treeEntry>;

/** `GET .../tree/{revision}[/{path}]` (one page) and `POST .../paths-info/{revision}`. */
export const treeEntryList = z.lazy(() => z.array(treeEntry));

/** A branch or tag of `GET .../refs`. */
export const gitRef = z.lazy(() =>
  z.looseObject({
    name: z.string(),
    /** `refs/heads/<name>` or `refs/tags/<name>` */
    ref: z.string(),
    targetCommit: commitId,
  }),
);
export type GitRef = z.infer<typeof gitRef>;

/** `GET .../refs` */
export const repoRefs = z.lazy(() =>
  z.looseObject({
    branches: z.array(gitRef),
    converts: z.array(z.unknown()),
    tags: z.array(gitRef),
    /** Present (and always empty) only with `include_prs=true`. */
    pullRequests: z.array(z.unknown()).optional(),
  }),
);
export type RepoRefs = z.infer<typeof repoRefs>;

/** `POST .../branch/{branch}/revert` */
export const revertResult = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    message: z.string(),
    new_commit_id: commitId,
  }),
);
export type RevertResult = z.infer<typeof revertResult>;

/** `POST .../branch/{branch}/reset` */
export const resetResult = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    message: z.string(),
    commit_id: commitId,
  }),
);
export type ResetResult = z.infer<typeof resetResult>;

/** `POST .../merge/{source_ref}/into/{destination_branch}` */
export const mergeResult = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    message: z.string(),
    /** The storage layer's merge result; `reference` is the merge commit id. */
    result: z.looseObject({ reference: z.string() }),
  }),
);
export type MergeResult = z.infer<typeof mergeResult>;

/** One item of `GET .../commits/{revision}` (newest first; `date` is ISO). */
export const commitSummary = z.lazy(() =>
  z.looseObject({
    id: commitId,
    /** First line of the commit summary. */
    title: z.string(),
    /** The commit summary (the NDJSON header's description is not included). */
    message: z.string(),
    date: isoDate.nullable(),
    /** The hub user who made the commit, else the storage committer, else `unknown`. */
    authors: z.array(z.looseObject({ user: z.string() })),
    /** Only with `formatted: true`. */
    formatted: z.looseObject({ title: z.string(), message: z.string() }).optional(),
  }),
);
export type CommitSummary = z.infer<typeof commitSummary>;

/** `GET .../commits/{revision}` (one page). */
export const commitSummaryList = z.lazy(() => z.array(commitSummary));

/** `GET .../commit/{commit_id}` (`date` is unix seconds). */
export const commitDetail = z.lazy(() =>
  z.looseObject({
    id: commitId,
    oid: commitId,
    /** The full message (not split). */
    title: z.string(),
    message: z.string(),
    date: z.number().int().nullable(),
    parents: z.array(commitId),
    metadata: z.record(z.string(), z.unknown()),
    author: z.string(),
    /** Only when the hub recorded the commit. */
    user_id: z.number().int().optional(),
    description: z.string().optional(),
    committed_at: isoDate.optional(),
  }),
);
export type CommitDetail = z.infer<typeof commitDetail>;

/** One changed file of `GET .../commit/{commit_id}/diff`. */
export const commitDiffFile = z.lazy(() =>
  z.looseObject({
    path: z.string(),
    type: z.enum(["added", "removed", "changed", "conflict"]),
    path_type: z.string(),
    size_bytes: z.number().int().nullable(),
    is_lfs: z.union([z.boolean(), z.number()]).nullable(),
    /** Storage checksum of the new content (MD5-style for regular files, SHA-256 for LFS). */
    sha256: z.string().optional(),
    previous_size: z.number().int().optional(),
    previous_sha256: z.string().optional(),
    /** Unified diff for non-LFS files; null when a side is ≥ 1,000,000 bytes. Absent for LFS files. */
    diff: z.string().nullable().optional(),
  }),
);
export type CommitDiffFile = z.infer<typeof commitDiffFile>;

/** `GET .../commit/{commit_id}/diff` (a root commit gives only `files: []` and `parent_commit: null`). */
export const commitDiff = z.lazy(() =>
  z.looseObject({
    commit_id: z.string().optional(),
    parent_commit: commitId.nullable(),
    message: z.string().optional(),
    author: z.string().optional(),
    date: z.number().int().nullable().optional(),
    files: z.array(commitDiffFile),
  }),
);
export type CommitDiff = z.infer<typeof commitDiff>;
