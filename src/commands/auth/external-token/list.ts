/** `kohub-cli auth external-token list`: your upstream tokens, masked by the server. */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { printLines, printTable } from "../../../output/print.ts";

export async function listRun(ctx: Context): Promise<void> {
  const client = await ctx.client();
  const tokens = await client.listExternalTokens();
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      tokens.map((t) => t.url),
    );
    return;
  }
  printTable(
    ctx,
    tokens,
    [
      { header: "URL", value: (t) => t.url, style: (s, c) => c.bold(s) },
      { header: "TOKEN", value: (t) => t.token_preview },
      { header: "UPDATED", value: (t) => t.updated_at, kind: "date" },
      { header: "CREATED", value: (t) => t.created_at, kind: "date" },
    ],
    { empty: "No upstream tokens (see 'kohub-cli hub info' for the server's sources)" },
  );
}

export const examples = [
  "kohub-cli auth external-token list",
  "kohub-cli --output json auth external-token list",
];

export default defineCommand({
  meta: { name: "list", description: "List your stored upstream tokens (masked)" },
  args: {},
  run: ({ data }) => listRun(data as Context),
});
