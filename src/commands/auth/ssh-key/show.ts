/** `kohub-cli auth ssh-key show ID`: one of your SSH keys. */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { UsageError } from "../../../errors.ts";
import { printRecord } from "../../../output/print.ts";

/** Checks a key id before any request. */
export function keyId(raw: string | undefined): number {
  if (raw === undefined) throw new UsageError("Which key? Give its id (see 'kohub-cli auth ssh-key list')");
  if (!/^\d+$/.test(raw)) throw new UsageError(`Invalid SSH key id "${raw}": expected a number`);
  return Number(raw);
}

export async function showRun(ctx: Context, opts: { id: number }): Promise<void> {
  ctx.subject = `SSH key ${opts.id}`;
  const client = await ctx.client();
  const key = await client.getSshKey(opts.id);
  printRecord(
    ctx,
    [
      ["ID", key.id],
      ["Title", key.title],
      ["Type", key.key_type],
      ["Fingerprint", key.fingerprint],
      ["Added", key.created_at, "date"],
      ["Last used", key.last_used, "date"],
    ],
    key,
  );
}

export const examples = ["kohub-cli auth ssh-key show 3", "kohub-cli --output json auth ssh-key show 3"];

export default defineCommand({
  meta: { name: "show", description: "Show one of your SSH keys" },
  args: { id: { type: "positional", required: true, description: "the key's id (see 'auth ssh-key list')" } },
  run: ({ args, data }) => showRun(data as Context, { id: keyId(args.id) }),
});
