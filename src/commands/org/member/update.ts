/** `kohub-cli org member update ORG USER --role R`: change a member's role. */
import { defineCommand } from "citty";
import type { OrgRole } from "../../../api/validate.ts";
import type { Context } from "../../../context.ts";
import type { Changes } from "../../../history/types.ts";
import { aboutMember, checkRole, requiredRoleArg } from "./_role.ts";

export interface UpdateOptions {
  org: string;
  username: string;
  role: OrgRole;
}

export function toOptions(args: { org: string; username: string; role?: string }): UpdateOptions {
  return { org: args.org, username: args.username, role: checkRole(args.role) };
}

export async function updateRun(ctx: Context, opts: UpdateOptions): Promise<void> {
  const client = await ctx.client();
  const members = await aboutMember(ctx, opts, () => client.listOrganizationMembers(opts.org));
  const before = members.find((m) => m.user === opts.username)?.role;
  await aboutMember(ctx, opts, () => client.updateOrganizationMember(opts));
  if (before && before !== opts.role) {
    ctx.undo({ op: "member.role", org: opts.org, username: opts.username, role: before, now: opts.role });
  }
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ ...opts, updated: true })}\n`);
  ctx.log.success(`${opts.username} is now ${opts.role} in ${opts.org}`);
}

/** Recorded; `kohub-cli undo` gives the member back the previous role. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli org member update my-org bob --role admin",
  "kohub-cli org member update my-org bob -r visitor",
];

export default defineCommand({
  meta: { name: "update", description: "Change a member's role (admins only)" },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    username: { type: "positional", required: true, description: "the member" },
    ...requiredRoleArg,
  },
  run: ({ args, data }) => updateRun(data as Context, toOptions(args)),
});
