/** `kohub-cli org avatar delete ORG`: remove an organization's avatar (admins only; confirmed, or --yes). */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import type { Changes } from "../../../history/types.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";

export async function deleteRun(ctx: Context, opts: { org: string; yes: boolean }): Promise<void> {
  ctx.subject = opts.org;
  await confirmDestructive(ctx, opts.yes, `Delete the avatar of ${opts.org}? This cannot be undone`);
  const client = await ctx.client();
  await client.deleteOrganizationAvatar(opts.org);
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ org: opts.org, deleted: true })}\n`);
  ctx.log.success(`Deleted the avatar of ${opts.org}`);
}

/** Recorded as what `kohub-cli undo` cannot undo: the server keeps nothing of a deleted avatar. */
export const changes: Changes = { irreversible: "the server keeps nothing of a deleted avatar" };

export const examples = ["kohub-cli org avatar delete my-org", "kohub-cli org avatar delete my-org --yes"];

export default defineCommand({
  meta: { name: "delete", description: "Delete an organization's avatar (admins only; cannot be undone)" },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    ...yesArg,
  },
  run: ({ args, data }) => deleteRun(data as Context, { org: args.org, yes: Boolean(args.yes) }),
});
