/**
 * Input checks made before any request, shared by the library, the commands and the prompts.
 * KohakuHub does not validate names itself (a slash or a space in a name breaks its routes), so these
 * follow the Hugging Face Hub's rules and the KohakuHub web UI's.
 *
 * @module
 */
import { InputError } from "./errors.ts";

/** The three kinds of repository. */
export const REPO_TYPES = ["model", "dataset", "space"] as const;
/** A kind of repository. */
export type RepoType = (typeof REPO_TYPES)[number];

/** Organization roles, weakest first. */
export const ORG_ROLES = ["visitor", "member", "admin", "super-admin"] as const;
/** An organization role. */
export type OrgRole = (typeof ORG_ROLES)[number];

/** Names reserved by the server for users and organizations (compared lowercased and normalized). */
export const RESERVED_NAMES = new Set(
  (
    "models datasets spaces admin organizations api org auth settings new login register logout docs swagger " +
    "health version resolve tree blob commit commits branch branches tag tags upload edit fallback-sources cache " +
    "stats quota"
  ).split(" "),
);

/** Lowercases and drops `-` and `_`, as the server does to detect conflicting names. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, "");
}

/** Checks a repo type and returns it typed. */
export function toRepoType(value: string | undefined, fallback: RepoType = "model"): RepoType {
  if (value === undefined || value === "") return fallback;
  const v = value.toLowerCase().replace(/s$/, "");
  if ((REPO_TYPES as readonly string[]).includes(v)) return v as RepoType;
  throw new InputError(`Invalid repo type "${value}": expected one of ${REPO_TYPES.join(", ")}`, {
    code: "InvalidRepoType",
  });
}

/** Checks an organization role. */
export function toOrgRole(value: string): OrgRole {
  if ((ORG_ROLES as readonly string[]).includes(value)) return value as OrgRole;
  throw new InputError(`Invalid role "${value}": expected one of ${ORG_ROLES.join(", ")}`, {
    code: "InvalidRole",
  });
}

/** Why a repo name is invalid, or undefined when it is fine (HF rule: `[A-Za-z0-9._-]`, ≤ 96 chars). */
export function repoNameProblem(name: string): string | undefined {
  if (!name) return "is empty";
  if (name.length > 96) return "is longer than 96 characters";
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return "may only contain letters, digits, '.', '_' and '-'";
  if (/^[.-]|[.-]$/.test(name)) return "may not start or end with '.' or '-'";
  if (name.includes("--") || name.includes("..")) return "may not contain '--' or '..'";
  return undefined;
}

/** Why a user or organization name is invalid, or undefined when it is fine. */
export function namespaceProblem(
  name: string,
  kind: "username" | "organization" = "username",
): string | undefined {
  if (!name) return "is empty";
  const min = kind === "username" ? 3 : 2;
  if (name.length < min) return `must be at least ${min} characters`;
  if (name.length > 64) return "is longer than 64 characters";
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return "may only contain letters, digits, '_' and '-'";
  if (RESERVED_NAMES.has(name.toLowerCase()) || RESERVED_NAMES.has(normalizeName(name))) return "is reserved";
  return undefined;
}

/** A repo id split into its parts. `namespace` is undefined for a bare name. */
export interface RepoIdParts {
  namespace: string | undefined;
  name: string;
}

/**
 * Parses `name` or `namespace/name`, checking both parts.
 *
 * @throws {@link InputError} with a one-line fix-it message.
 */
export function parseRepoId(repoId: string): RepoIdParts {
  const parts = repoId.split("/");
  if (parts.length > 2) {
    throw new InputError(`Invalid repo id "${repoId}": expected "name" or "namespace/name"`, {
      code: "InvalidRepoId",
    });
  }
  const [first, second] = parts as [string, string | undefined];
  const namespace = second === undefined ? undefined : first;
  const name = second === undefined ? first : second;
  if (namespace !== undefined) {
    // `.` and `..` would be resolved away in the URL, and the request would reach another endpoint.
    if (!namespace || !/^[A-Za-z0-9_.-]+$/.test(namespace) || namespace === "." || namespace === "..") {
      throw new InputError(`Invalid repo id "${repoId}": the namespace "${namespace}" is not a valid name`, {
        code: "InvalidRepoId",
      });
    }
  }
  const problem = repoNameProblem(name);
  if (problem) {
    throw new InputError(`Invalid repo id "${repoId}": the name ${problem}`, { code: "InvalidRepoId" });
  }
  return { namespace, name };
}

/** Checks a user or organization name. */
export function checkNamespace(name: string, kind: "username" | "organization" = "username"): string {
  const problem = namespaceProblem(name, kind);
  if (problem) throw new InputError(`Invalid ${kind} "${name}": it ${problem}`, { code: "InvalidName" });
  return name;
}

/** Checks a branch or tag name: one URL segment (KohakuHub cannot route refs containing '/'). */
export function checkRefName(ref: string, kind = "revision"): string {
  if (!ref || /[/\s\\]|^\.|\.\.|[~^:?*[]|@\{|\.lock$|\/$/.test(ref)) {
    throw new InputError(
      `Invalid ${kind} "${ref}": use a name without '/', spaces or git-reserved characters`,
      {
        code: "InvalidRevision",
      },
    );
  }
  return ref;
}

/** The plural URL segment of a repo type: `models`, `datasets`, `spaces`. */
export function typeSegment(type: RepoType): string {
  return `${type}s`;
}
