/**
 * Repository lookups and the permission levels of repos-files.md §0.1 (read, write, manage, namespace),
 * with the exact answers the server gives when they fail.
 */
import type { Caller } from "./auth.ts";
import { findUser, roleIn } from "./db.ts";
import { detail, detailError, HttpError, repoNotFound, validationError } from "./http.ts";
import type { Ctx } from "./router.ts";
import { findRepo, type RepoRow } from "./storage.ts";

/** The role of a caller in the org named `namespace`, or undefined (not an org, or not a member). */
export function orgRole(ctx: Ctx, namespace: string, caller: Caller | undefined): string | undefined {
  if (!caller) return undefined;
  const org = findUser(ctx.db, namespace);
  if (!org?.is_org) return undefined;
  return roleIn(ctx.db, org.id, caller.user.id);
}

export function canRead(ctx: Ctx, repo: RepoRow, caller: Caller | undefined): boolean {
  if (!repo.private) return true;
  if (!caller) return false;
  if (repo.namespace === caller.user.username) return true;
  return orgRole(ctx, repo.namespace, caller) !== undefined;
}

export function canWrite(ctx: Ctx, repo: RepoRow, caller: Caller | undefined): boolean {
  if (!caller) return false;
  if (repo.namespace === caller.user.username) return true;
  const role = orgRole(ctx, repo.namespace, caller);
  return role === "member" || role === "admin" || role === "super-admin";
}

export function canManage(ctx: Ctx, repo: RepoRow, caller: Caller | undefined): boolean {
  if (!caller) return false;
  if (repo.namespace === caller.user.username) return true;
  const role = orgRole(ctx, repo.namespace, caller);
  return role === "admin" || role === "super-admin";
}

/** The repository types. */
export const REPO_TYPES = ["model", "dataset", "space"] as const;

/** Routes typing `{repo_type}` as the RepoType enum answer 422 for other values. */
export function enumRepoType(ctx: Ctx): string {
  const type = ctx.params.type ?? "";
  if ((REPO_TYPES as readonly string[]).includes(type)) return type;
  throw validationError([
    {
      type: "enum",
      loc: ["path", "repo_type"],
      msg: "Input should be 'model', 'dataset' or 'space'",
      input: type,
      ctx: { expected: "'model', 'dataset' or 'space'" },
    },
  ]);
}

/** The singular repo type of a `{type}s` URL segment value (`model` for `models`). */
export function repoTypeParam(ctx: Ctx): string {
  return ctx.params.type ?? "model";
}

/** The `{type}`, `{ns}` and `{name}` path parameters of a repo route, in that order. */
export function repoParams(ctx: Ctx): [type: string, namespace: string, name: string] {
  return [ctx.params.type ?? "", ctx.params.ns ?? "", ctx.params.name ?? ""];
}

/**
 * Read access (opt auth): the repo, or 404 RepoNotFound (header-only) when it is missing or private
 * and not readable by the caller — the same answer for both.
 */
export function readableRepo(ctx: Ctx, type: string, namespace: string, name: string): RepoRow {
  const repo = findRepo(ctx.db, type, namespace, name);
  if (!repo || !canRead(ctx, repo, ctx.caller())) throw repoNotFound(type, namespace, name);
  return repo;
}

/**
 * Write access: 401 without login, then 404 (header-only RepoNotFound, or the code-less JSON 404 of
 * preupload/commit when `jsonNotFound`), then 403 "You don't have permission to modify repository ...".
 */
export function writableRepo(
  ctx: Ctx,
  type: string,
  namespace: string,
  name: string,
  options: { jsonNotFound?: boolean } = {},
): { repo: RepoRow; caller: Caller } {
  const caller = ctx.requireCaller();
  const repo = findRepo(ctx.db, type, namespace, name);
  if (!repo) {
    if (options.jsonNotFound) throw detailError(404, "Repository not found");
    throw repoNotFound(type, namespace, name);
  }
  if (!canWrite(ctx, repo, caller)) {
    throw detail(403, `You don't have permission to modify repository '${namespace}/${name}'`);
  }
  return { repo, caller };
}

/** Manage access (owner or org admin): 401, then 404 RepoNotFound, then 403 "... delete repository ...". */
export function manageableRepo(
  ctx: Ctx,
  type: string,
  namespace: string,
  name: string,
): { repo: RepoRow; caller: Caller } {
  const caller = ctx.requireCaller();
  const repo = findRepo(ctx.db, type, namespace, name);
  if (!repo) throw repoNotFound(type, namespace, name);
  if (!canManage(ctx, repo, caller)) {
    throw detail(403, `You don't have permission to delete repository '${namespace}/${name}'`);
  }
  return { repo, caller };
}

/** Namespace permission (create, move destination): own username, or any role in the org. */
export function checkNamespace(ctx: Ctx, namespace: string, caller: Caller): void {
  if (namespace === caller.user.username) return;
  const org = findUser(ctx.db, namespace);
  if (!org?.is_org) throw detail(403, `Namespace '${namespace}' does not exist or you don't have access`);
  if (roleIn(ctx.db, org.id, caller.user.id) === undefined) {
    throw detail(403, `You are not a member of organization '${namespace}'`);
  }
}

export { HttpError };
