/** `kohub-cli auth ssh-key delete ID`: remove one of your SSH keys (confirmed on a terminal, --yes otherwise). */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import type { Changes } from "../../../history/types.ts";
import { printJson } from "../../../output/print.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";
import { keyId } from "./_input.ts";

export interface DeleteOptions {
  id: number;
  yes: boolean;
}

export async function deleteRun(ctx: Context, opts: DeleteOptions): Promise<void> {
  ctx.subject = `SSH key ${opts.id}`;
  await confirmDestructive(
    ctx,
    opts.yes,
    `Delete SSH key ${opts.id}? git over SSH with it will stop working (this cannot be undone)`,
  );
  const client = await ctx.client();
  await client.deleteSshKey(opts.id);
  if (ctx.json) printJson(ctx, { id: opts.id, deleted: true });
  ctx.log.success(`Deleted SSH key ${opts.id}`);
}

/**
 * Recorded as what `kohub-cli undo` cannot undo: the server never gives a key's public text back (only its
 * title and fingerprint), so there is nothing to add again; the user still has the .pub file.
 */
export const changes: Changes = {
  irreversible: "the server never returns a key's text, so nothing can add it back: add the .pub file again",
};

export const examples = ["kohub-cli auth ssh-key delete 3", "kohub-cli auth ssh-key delete 3 --yes"];

export default defineCommand({
  meta: { name: "delete", description: "Delete one of your SSH keys (cannot be undone)" },
  args: {
    id: { type: "positional", required: true, description: "the key's id (see 'auth ssh-key list')" },
    ...yesArg,
  },
  run: ({ args, data }) => deleteRun(data as Context, { id: keyId(args.id), yes: Boolean(args.yes) }),
});
