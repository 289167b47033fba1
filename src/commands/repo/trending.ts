/**
 * `kohub-cli repo trending`: the most downloaded repositories of the last days. The server ranks all types
 * together before it keeps the asked type and what you may read, so the list can be shorter than --limit.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printLines, printTable } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import { intFlag, type RepoType, visibility } from "./_shared.ts";

export interface TrendingOptions {
  type?: RepoType;
  days?: number;
  limit?: number;
}

export function toOptions(args: { type?: string; days?: string; limit?: string }): TrendingOptions {
  return {
    type: args.type as RepoType | undefined,
    days: intFlag(args.days, "days", 1, 90),
    limit: intFlag(args.limit, "limit", 1, 100),
  };
}

export async function trendingRun(ctx: Context, opts: TrendingOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const answer = await client.trending({ type, days: opts.days, limit: opts.limit });
  const rows = answer.trending;
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      rows.map((r) => r.id),
    );
    return;
  }
  printTable(
    ctx,
    rows,
    [
      { header: "ID", value: (r) => r.id, style: (s, c) => c.bold(s) },
      { header: "RECENT", value: (r) => r.recent_downloads, kind: "number" },
      { header: "DOWNLOADS", value: (r) => r.downloads, kind: "number" },
      { header: "LIKES", value: (r) => r.likes, kind: "number" },
      { header: "VISIBILITY", value: (r) => visibility(r.private) },
    ],
    { json: { type, ...answer }, empty: `No ${type} was downloaded in the last ${answer.period.days} days` },
  );
}

export const examples = [
  "kohub-cli repo trending",
  "kohub-cli repo trending --type dataset --days 30 --limit 10",
  "kohub-cli --json repo trending -t space",
];

export default defineCommand({
  meta: { name: "trending", description: "List the most downloaded repositories of the last days" },
  args: {
    ...typeArg,
    days: { type: "string", description: "the window, in days (1-90) [default: 7]", valueHint: "DAYS" },
    limit: { type: "string", description: "at most this many (1-100) [default: 20]", valueHint: "N" },
  },
  run: ({ args, data }) => trendingRun(data as Context, toOptions(args)),
});
