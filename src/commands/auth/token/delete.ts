/** `kohub-cli auth token delete`: revoke a token by id (confirmed on a terminal, --yes otherwise). */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { UsageError } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";

export interface DeleteOptions {
  id: number;
  yes: boolean;
}

export function toOptions(args: { id?: string; token_id?: string; yes?: boolean }): DeleteOptions {
  const raw = args.id ?? args.token_id;
  if (raw === undefined)
    throw new UsageError("Which token? Give its id: --id ID (see 'kohub-cli auth token list')");
  if (!/^\d+$/.test(raw)) throw new UsageError(`Invalid token id "${raw}": expected a number`);
  return { id: Number(raw), yes: Boolean(args.yes) };
}

export async function deleteRun(ctx: Context, opts: DeleteOptions): Promise<void> {
  ctx.subject = `token ${opts.id}`;
  await confirmDestructive(
    ctx,
    opts.yes,
    `Revoke API token ${opts.id}? Programs using it will stop working (this cannot be undone)`,
  );
  const client = await ctx.client();
  await client.revokeToken(opts.id);
  // Read under the config's lock: a token stored meanwhile by another process is not removed.
  const { before } = await ctx.updateConfig((current) =>
    current.token_id === opts.id ? { token: undefined, token_id: undefined } : {},
  );
  if (before.token_id === opts.id) {
    ctx.log.warn("That was the token of this CLI: it was removed from the config file too");
  }
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ id: opts.id, revoked: true })}\n`);
  ctx.log.success(`Revoked token ${opts.id}`);
}

/** Recorded as what `kohub-cli undo` cannot undo. */
export const changes: Changes = { irreversible: "a revoked token cannot be restored: create a new one" };

export const examples = ["kohub-cli auth token delete --id 12", "kohub-cli auth token delete 12 --yes"];

export default defineCommand({
  meta: { name: "delete", description: "Revoke an API token (cannot be undone)" },
  args: {
    token_id: { type: "positional", required: false, description: "the token's id (see 'auth token list')" },
    id: { type: "string", description: "the token's id (same as the argument)" },
    ...yesArg,
  },
  run: ({ args, data }) => deleteRun(data as Context, toOptions(args)),
});
