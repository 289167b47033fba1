/**
 * What the `repo` commands share: argument definitions, input checks made before any request, and the
 * rendering of repo lists. No runtime import of the API client here (leaf `--help` stays cheap).
 *
 * @module
 */
import { parseRepoId, type RepoType } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import { type Column, printJson, printLines } from "../../output/print.ts";

export type { RepoType };

/** The `<repo_id>` positional. */
export const repoIdArg = {
  repo_id: {
    type: "positional" as const,
    required: true as const,
    description: "namespace/name (a bare name means your own namespace)",
  },
};

/** Checks a repo id (`name` or `namespace/name`) before any request. */
export function checkRepoId(repoId: string): string {
  parseRepoId(repoId);
  return repoId;
}

/** The options of a command that names one repository and nothing else. */
export interface RepoOptions {
  repoId: string;
  type?: RepoType;
}

export function repoOptions(args: { repo_id: string; type?: string }): RepoOptions {
  return { repoId: checkRepoId(args.repo_id), type: args.type as RepoType | undefined };
}

/** An integer flag value within bounds, or undefined when the flag is absent. */
export function intFlag(value: unknown, flag: string, min: number, max?: number): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || (max !== undefined && n > max)) {
    const range = max === undefined ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new UsageError(`Invalid value "${text}" for --${flag}: expected ${range}`);
  }
  return n;
}

/** Checks a user or organization name used as a filter or a path segment. */
export function checkNamespaceName(value: string, what: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(value)) {
    throw new UsageError(`Invalid ${what} "${value}": expected a user or organization name`);
  }
  return value;
}

/** Every value of a repeatable string flag (`--x a --x b`, `--x=a,b`), from the raw command line. */
export function repeatedFlag(rawArgs: string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === "--") break;
    for (const name of names) {
      const flag = name.length === 1 ? `-${name}` : `--${name}`;
      if (arg === flag && rawArgs[i + 1] !== undefined) out.push(rawArgs[++i] as string);
      else if (arg.startsWith(`${flag}=`)) out.push(arg.slice(flag.length + 1));
    }
  }
  return out;
}

/** `public` / `private` */
export function visibility(isPrivate: boolean): string {
  return isPrivate ? "private" : "public";
}

/** A commit id as shown: short on a terminal, full when piped (scripts want the real id). */
export function commitShown(ctx: Context, id: string): string {
  return ctx.io.isOutTTY ? id.slice(0, 8) : id;
}

/**
 * Reports a new commit on a branch (revert, reset, merge): hands `undo` its revert, prints the JSON
 * document (`fields` and the commit id) or the id, and says `done` of the id as shown.
 */
export function reportNewCommit(
  ctx: Context,
  target: { repoId: string; type: RepoType; branch: string; commit: string },
  fields: Record<string, unknown>,
  done: (shown: string) => string,
): void {
  const { repoId, type, branch, commit } = target;
  ctx.undo({ op: "commit.revert", repoId, type, branch, commit });
  if (ctx.json) printJson(ctx, { repo_id: repoId, type, ...fields, commit_id: commit });
  else printLines(ctx, [commit]);
  ctx.log.success(done(commitShown(ctx, commit)));
}

/** What the not-found errors of a repo command name, by error code. */
export interface Subjects {
  repoId: string;
  revision?: string;
  path?: string;
}

/**
 * Runs a library call with `ctx.subject` set to the repo id, and on a missing revision or path names
 * that instead (`Error: Revision not found: my-org/my-model@v9`).
 */
export async function aboutRepo<T>(ctx: Context, subjects: Subjects, call: () => Promise<T>): Promise<T> {
  ctx.subject = subjects.repoId;
  try {
    return await call();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === "RevisionNotFound" && subjects.revision) {
      ctx.subject = `${subjects.repoId}@${subjects.revision}`;
    } else if (code === "EntryNotFound" && subjects.path) {
      ctx.subject = `${subjects.repoId}/${subjects.path.replace(/^\/+/, "")}`;
    }
    throw err;
  }
}

/** A repo of a list, as the server sends it (`GET /api/models`, `/api/users/{u}/repos`). */
export interface ListedRepo {
  id: string;
  private: boolean;
  downloads: number;
  likes: number;
  lastModified: string | null;
  createdAt: string | null;
}

/** Columns of `repo list` and `repo ls`. */
export function repoColumns<T extends ListedRepo>(): Column<T>[] {
  return [
    { header: "ID", value: (r) => r.id, style: (s, c) => c.bold(s) },
    {
      header: "VISIBILITY",
      value: (r) => visibility(r.private),
      style: (s, c, r) => (r.private ? c.yellow(s) : s),
    },
    { header: "DOWNLOADS", value: (r) => r.downloads, kind: "number" },
    { header: "LIKES", value: (r) => r.likes, kind: "number" },
    { header: "UPDATED", value: (r) => r.lastModified ?? r.createdAt, kind: "date" },
  ];
}

/** `model my-org/my-model` */
export function label(type: RepoType, repoId: string): string {
  return `${type} ${repoId}`;
}

/** The largest `--limit` of the repo lists (the library's MAX_LIST_LIMIT, here so `--help` loads no schema). */
export const MAX_LIMIT = 100_000;

/** How many to ask the server for, to show `limit` and learn whether it has more: one more. */
export function probeLimit(limit: number): number {
  return Math.min(limit + 1, MAX_LIMIT);
}

/** The `--limit` and `--all` flags of a repo list. */
export function limitArgs(description: string) {
  return {
    limit: { type: "string" as const, description, valueHint: "N" },
    all: { type: "boolean" as const, description: "every one (the largest answer the server gives)" },
  };
}

/** `--limit N` or `--all` (not both) as one number: `--all` asks for the largest answer the server gives. */
export function limitFlags(args: { limit?: string; all?: boolean }, fallback: number): number {
  const limit = intFlag(args.limit, "limit", 1, MAX_LIMIT);
  if (args.all && limit !== undefined) throw new UsageError("--limit and --all cannot be used together");
  return args.all ? MAX_LIMIT : (limit ?? fallback);
}

/**
 * The first `limit` items of an answer asked for with {@link probeLimit}, and whether the server had more.
 * A full answer at the largest limit may hide more, so it counts as more too.
 */
export function cut<T>(items: T[], limit: number): { rows: T[]; more: boolean } {
  const more = items.length > limit || items.length >= MAX_LIMIT;
  return { rows: items.slice(0, limit), more };
}

/** Sort orders of `repo list` (the library's REPO_LIST_SORTS, kept here so `--help` loads no schema). */
export const LIST_SORTS = ["recent", "updated", "likes", "downloads", "trending"] as const;
/** Sort orders of `repo ls`. */
export const NAMESPACE_SORTS = ["recent", "likes", "downloads"] as const;
