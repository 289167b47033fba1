/** `kohub-cli user avatar delete`: remove your avatar (confirmed on a terminal, --yes otherwise). */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import type { Changes } from "../../../history/types.ts";
import { printJson } from "../../../output/print.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";

export async function deleteRun(ctx: Context, opts: { yes: boolean }): Promise<void> {
  await confirmDestructive(ctx, opts.yes, "Remove your avatar? This cannot be undone");
  const client = await ctx.client();
  await client.deleteAvatar();
  if (ctx.json) printJson(ctx, { deleted: true });
  ctx.log.success("Removed your avatar");
}

/** Recorded in the history; `kohub-cli undo` cannot undo it. */
export const changes: Changes = { irreversible: "the server keeps nothing of a deleted avatar" };

export const examples = ["kohub-cli user avatar delete", "kohub-cli user avatar delete --yes"];

export default defineCommand({
  meta: { name: "delete", description: "Remove your avatar (cannot be undone)" },
  args: { ...yesArg },
  run: ({ args, data }) => deleteRun(data as Context, { yes: Boolean(args.yes) }),
});
