/** `kohub-cli org member add ORG USER [--role R]`: add a user directly (no invitation). */
import { defineCommand } from "citty";
import type { OrgRole } from "../../../api/validate.ts";
import type { Context } from "../../../context.ts";
import { aboutMember, checkRole, roleArg } from "./_role.ts";

export interface AddOptions {
  org: string;
  username: string;
  role: OrgRole;
}

export function toOptions(args: { org: string; username: string; role?: string }): AddOptions {
  return { org: args.org, username: args.username, role: checkRole(args.role ?? "member") };
}

export async function addRun(ctx: Context, opts: AddOptions): Promise<void> {
  const client = await ctx.client();
  await aboutMember(ctx, opts, () => client.addOrganizationMember(opts));
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ ...opts, added: true })}\n`);
  ctx.log.success(`Added ${opts.username} to ${opts.org} as ${opts.role}`);
}

export const examples = [
  "kohub-cli org member add my-org bob --role member",
  "kohub-cli org member add my-org carol -r admin",
];

export default defineCommand({
  meta: { name: "add", description: "Add a user to an organization (admins only)" },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    username: { type: "positional", required: true, description: "the user to add" },
    ...roleArg,
  },
  run: ({ args, data }) => addRun(data as Context, toOptions(args)),
});
