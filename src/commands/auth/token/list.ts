/** `kohub-cli auth token list`: id, name, last use, creation (never the token itself). */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { printLines, printTable } from "../../../output/print.ts";

export async function listRun(ctx: Context): Promise<void> {
  const client = await ctx.client();
  const tokens = await client.listTokens();
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      tokens.map((t) => String(t.id)),
    );
    return;
  }
  printTable(
    ctx,
    tokens,
    [
      { header: "ID", value: (t) => t.id, kind: "number" },
      { header: "NAME", value: (t) => t.name, style: (s, c) => c.bold(s) },
      { header: "LAST USED", value: (t) => t.last_used, kind: "date" },
      { header: "CREATED", value: (t) => t.created_at, kind: "date" },
    ],
    { empty: "No API tokens" },
  );
}

export const examples = ["kohub-cli auth token list", "kohub-cli auth token list --output json"];

export default defineCommand({
  meta: { name: "list", description: "List your API tokens" },
  args: {},
  run: ({ data }) => listRun(data as Context),
});
