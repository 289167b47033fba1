/**
 * The `--role` flag of the member commands, its check (before any request), and what their errors name.
 */
import { ORG_ROLES, type OrgRole } from "../../../api/validate.ts";
import type { Context } from "../../../context.ts";
import { UsageError } from "../../../errors.ts";
import { didYouMean } from "../../_suggest.ts";

const roleBase = {
  type: "enum" as const,
  options: [...ORG_ROLES],
  alias: ["r"],
  valueHint: "ROLE",
};

/** `--role/-r` of `member add`: one of the organization roles (help and completion list them). */
export const roleArg = {
  role: { ...roleBase, description: "the new member's role", default: "member" },
};

/** `--role/-r` of `member update` (required). */
export const requiredRoleArg = {
  role: { ...roleBase, description: "the member's new role", required: true as const },
};

/** Checks a role given on the command line. */
export function checkRole(value: string | undefined): OrgRole {
  if (!value) throw new UsageError(`A role is required: --role ${ORG_ROLES.join("|")}`);
  if ((ORG_ROLES as readonly string[]).includes(value)) return value as OrgRole;
  throw new UsageError(
    `Invalid role "${value}": expected one of ${ORG_ROLES.join(", ")}.${didYouMean(value, [...ORG_ROLES])}`,
  );
}

/**
 * Runs a member call. Its error names the organization when the server says that one is missing
 * ("Organization not found"), the user otherwise ("User not found", "User is not a member ...").
 */
export async function aboutMember<T>(
  ctx: Context,
  opts: { org: string; username: string },
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    ctx.subject = /^organization not found/i.test((err as Error)?.message ?? "") ? opts.org : opts.username;
    throw err;
  }
}
