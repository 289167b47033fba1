/** `kohub-cli auth ssh-key list`: id, title, type, fingerprint and dates of your SSH keys. */
import { defineCommand } from "citty";
import type { SshKey } from "../../../api/schemas/account.ts";
import type { Context } from "../../../context.ts";
import { type Column, printLines, printTable } from "../../../output/print.ts";

/** The columns of a key. */
const KEY_COLUMNS: Column<SshKey>[] = [
  { header: "ID", value: (k) => k.id, kind: "number" },
  { header: "TITLE", value: (k) => k.title, style: (s, c) => c.bold(s) },
  { header: "TYPE", value: (k) => k.key_type },
  { header: "FINGERPRINT", value: (k) => k.fingerprint },
  { header: "LAST USED", value: (k) => k.last_used, kind: "date" },
  { header: "ADDED", value: (k) => k.created_at, kind: "date" },
];

export async function listRun(ctx: Context): Promise<void> {
  const client = await ctx.client();
  const keys = await client.listSshKeys();
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      keys.map((k) => String(k.id)),
    );
    return;
  }
  printTable(ctx, keys, KEY_COLUMNS, {
    empty: "No SSH keys (add one with 'kohub-cli auth ssh-key add ~/.ssh/id_ed25519.pub')",
  });
}

export const examples = ["kohub-cli auth ssh-key list", "kohub-cli --output json auth ssh-key list"];

export default defineCommand({
  meta: { name: "list", description: "List your SSH public keys" },
  args: {},
  run: ({ data }) => listRun(data as Context),
});
