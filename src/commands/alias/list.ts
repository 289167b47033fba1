/** `kohub-cli alias list`: every alias and its expansion (JSON: the `{ name: expansion }` object). */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printTable } from "../../output/print.ts";
import { aliasesPath, readAliases } from "./_file.ts";

export async function listRun(ctx: Context): Promise<void> {
  const aliases = readAliases(aliasesPath(ctx.env));
  const rows = Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b));
  printTable(
    ctx,
    rows,
    [
      { header: "NAME", value: ([name]) => name, style: (s, c) => c.bold(s) },
      { header: "EXPANSION", value: ([, expansion]) => expansion },
    ],
    {
      json: Object.fromEntries(rows),
      empty: "No aliases: add one with 'kohub-cli alias set NAME EXPANSION'",
    },
  );
}

export const examples = ["kohub-cli alias list", "kohub-cli alias list --json > aliases.json"];

export default defineCommand({
  meta: { name: "list", description: "List the aliases" },
  args: {},
  run: ({ data }) => listRun(data as Context),
});
