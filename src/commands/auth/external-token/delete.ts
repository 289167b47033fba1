/** `kohub-cli auth external-token delete URL`: forget your token for one upstream source. */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import type { Changes } from "../../../history/types.ts";
import { printJson } from "../../../output/print.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";

export interface DeleteOptions {
  url: string;
  yes: boolean;
}

export async function deleteRun(ctx: Context, opts: DeleteOptions): Promise<void> {
  ctx.subject = opts.url;
  await confirmDestructive(ctx, opts.yes, `Delete your stored token for ${opts.url}? This cannot be undone`);
  const client = await ctx.client();
  await client.deleteExternalToken({ url: opts.url });
  if (ctx.json) printJson(ctx, { url: opts.url, deleted: true });
  ctx.log.success(`Deleted the token for ${opts.url}`);
}

/** Recorded in the history; `kohub-cli undo` cannot undo it. */
export const changes: Changes = { irreversible: "the deleted token is not kept anywhere: set it again" };

export const examples = [
  "kohub-cli auth external-token delete https://huggingface.co",
  "kohub-cli auth external-token delete https://huggingface.co --yes",
];

export default defineCommand({
  meta: {
    name: "delete",
    description: "Delete your stored token for one upstream source (cannot be undone)",
  },
  args: {
    url: { type: "positional", required: true, description: "the source's URL (see 'external-token list')" },
    ...yesArg,
  },
  run: ({ args, data }) => deleteRun(data as Context, { url: args.url, yes: Boolean(args.yes) }),
});
