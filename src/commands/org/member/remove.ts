/** `kohub-cli org member remove ORG USER`: remove a member (confirmed on a terminal, --yes otherwise). */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";
import { aboutMember } from "./_role.ts";

export interface RemoveOptions {
  org: string;
  username: string;
  yes: boolean;
}

export function toOptions(args: { org: string; username: string; yes?: boolean }): RemoveOptions {
  return { org: args.org, username: args.username, yes: Boolean(args.yes) };
}

export async function removeRun(ctx: Context, opts: RemoveOptions): Promise<void> {
  await confirmDestructive(ctx, opts.yes, `Remove ${opts.username} from ${opts.org}?`);
  const client = await ctx.client();
  await aboutMember(ctx, opts, () =>
    client.removeOrganizationMember({ org: opts.org, username: opts.username }),
  );
  if (ctx.json) {
    ctx.io.out.write(`${JSON.stringify({ org: opts.org, username: opts.username, removed: true })}\n`);
  }
  ctx.log.success(`Removed ${opts.username} from ${opts.org}`);
}

export const examples = [
  "kohub-cli org member remove my-org bob",
  "kohub-cli org member remove my-org bob --yes",
];

export default defineCommand({
  meta: { name: "remove", description: "Remove a member from an organization (admins only)" },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    username: { type: "positional", required: true, description: "the member to remove" },
    ...yesArg,
  },
  run: ({ args, data }) => removeRun(data as Context, toOptions(args)),
});
