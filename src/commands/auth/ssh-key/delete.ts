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
    `Delete SSH key ${opts.id}? git over SSH with it will stop working`,
  );
  const client = await ctx.client();
  await client.deleteSshKey(opts.id);
  if (ctx.json) printJson(ctx, { id: opts.id, deleted: true });
  ctx.log.success(`Deleted SSH key ${opts.id}`);
}

/** Recorded in the history; `kohub-cli undo` cannot undo it. */
export const changes: Changes = {
  irreversible: "the server keeps nothing of a deleted key: add the public key again",
};

export const examples = ["kohub-cli auth ssh-key delete 3", "kohub-cli auth ssh-key delete 3 --yes"];

export default defineCommand({
  meta: { name: "delete", description: "Delete one of your SSH keys" },
  args: {
    id: { type: "positional", required: true, description: "the key's id (see 'auth ssh-key list')" },
    ...yesArg,
  },
  run: ({ args, data }) => deleteRun(data as Context, { id: keyId(args.id), yes: Boolean(args.yes) }),
});
