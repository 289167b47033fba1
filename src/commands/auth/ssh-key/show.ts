/** `kohub-cli auth ssh-key show ID`: one of your SSH keys. */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { printRecord } from "../../../output/print.ts";
import { keyId } from "./_input.ts";

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
