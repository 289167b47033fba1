/**
 * `kohub-cli org invite create ORG`: an invitation link to join an organization. Like a token, the link is
 * printed once: whoever holds it can join (the email, if any, is only where the server mails it).
 */
import { defineCommand } from "citty";
import type { InvitationRole } from "../../../api/orgs.ts";
import type { Context } from "../../../context.ts";
import { UsageError } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";
import { intFlag } from "../../repo/_shared.ts";
import { INVITATION_ROLES } from "./_token.ts";

export interface CreateOptions {
  org: string;
  role: InvitationRole;
  email?: string;
  /** Undefined: single use; -1: unlimited; N: up to N uses. */
  maxUses?: number;
  expiresDays?: number;
}

export function toOptions(args: {
  org: string;
  role?: string;
  email?: string;
  "max-uses"?: string;
  "expires-days"?: string;
}): CreateOptions {
  const role = args.role ?? "member";
  if (!(INVITATION_ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`Invalid role "${role}": an invitation can carry ${INVITATION_ROLES.join(", ")}`);
  }
  const rawUses = args["max-uses"]?.trim();
  const maxUses = rawUses === "unlimited" ? -1 : intFlag(rawUses, "max-uses", 1);
  const email = args.email?.trim() || undefined;
  if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new UsageError(`Invalid email "${email}"`);
  }
  return {
    org: args.org,
    role: role as InvitationRole,
    email,
    maxUses: maxUses === 1 ? undefined : maxUses,
    expiresDays: intFlag(args["expires-days"], "expires-days", 1, 3650),
  };
}

export async function createRun(ctx: Context, opts: CreateOptions): Promise<void> {
  ctx.subject = opts.org;
  const client = await ctx.client();
  const inv = await client.createOrganizationInvitation({
    org: opts.org,
    role: opts.role,
    email: opts.email,
    maxUsage: opts.maxUses,
    expiresDays: opts.expiresDays,
  });
  await noteUndo(ctx, opts.org, inv.token);
  if (ctx.json) {
    ctx.io.out.write(
      `${JSON.stringify({
        org: opts.org,
        role: opts.role,
        email: opts.email ?? null,
        invitation_link: inv.invitation_link,
        token: inv.token,
        expires_at: inv.expires_at,
        max_usage: inv.max_usage,
        is_reusable: inv.is_reusable,
      })}\n`,
    );
    return;
  }
  ctx.io.out.write(`${inv.invitation_link}\n`);
  const uses =
    inv.max_usage === null ? "once" : inv.max_usage < 0 ? "any number of times" : `${inv.max_usage} times`;
  ctx.log.warn(
    `This link is shown only once: anyone holding it can join ${opts.org} as ${opts.role} (usable ${uses}, until ${inv.expires_at}). Share it privately.`,
  );
}

/**
 * The undo step: delete the invitation by its list id. The token itself is a secret (whoever holds it can
 * join), so the history keeps the id, found in the org's list by the token just returned.
 */
async function noteUndo(ctx: Context, org: string, token: string): Promise<void> {
  const client = await ctx.client();
  const found = await client
    .listOrganizationInvitations(org)
    .then((all) => all.find((i) => i.token === token))
    .catch(() => undefined);
  if (found) ctx.undo({ op: "invite.delete", org, id: found.id });
  else
    ctx.history.irreversible = "its id could not be read back: delete it with 'kohub-cli org invite delete'";
}

/** Recorded; `kohub-cli undo` deletes the invitation (its link stops working). */
export const changes: Changes = true;

export const examples = [
  "kohub-cli org invite create my-org",
  "kohub-cli org invite create my-org --role admin --email bob@example.com",
  "kohub-cli org invite create my-org --max-uses unlimited --expires-days 30",
  "kohub-cli --json org invite create my-org --max-uses 10",
];

export default defineCommand({
  meta: { name: "create", description: "Create an invitation link to join an organization (printed once)" },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    role: {
      type: "enum",
      options: [...INVITATION_ROLES],
      alias: ["r"],
      description: "the role the invitation gives [default: member]",
      valueHint: "ROLE",
    },
    email: {
      type: "string",
      description: "where the server mails the link (when it sends mail); not checked on acceptance",
      valueHint: "EMAIL",
    },
    "max-uses": {
      type: "string",
      description: "how many people may use the link: N or unlimited [default: 1]",
      valueHint: "N",
    },
    "expires-days": {
      type: "string",
      description: "days until the link expires [default: 7]",
      valueHint: "DAYS",
    },
  },
  run: ({ args, data }) => createRun(data as Context, toOptions(args)),
});
