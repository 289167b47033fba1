/**
 * `kohub-cli repo stats REPO [--recent DAYS]`: download and like counts, or with `--recent` the daily
 * download series of the last DAYS days (days without downloads are left out by the server).
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { type Field, printJson, printLines, printRecord, printTable } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import { aboutRepo, checkRepoId, intFlag, type RepoType, repoIdArg } from "./_shared.ts";

export interface StatsOptions {
  repoId: string;
  type?: RepoType;
  /** Days of the daily series (1–365); undefined: the totals only. */
  recent?: number;
}

export function toOptions(args: { repo_id: string; type?: string; recent?: string }): StatsOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    type: args.type as RepoType | undefined,
    recent: intFlag(args.recent, "recent", 1, 365),
  };
}

function fields(totals: { downloads: number; likes: number; liked?: boolean }): Field[] {
  return [
    ["Downloads", totals.downloads, "number"],
    ["Likes", totals.likes, "number"],
    ["Liked by you", totals.liked, "bool"],
  ];
}

export async function statsRun(ctx: Context, opts: StatsOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const target = { repoId: opts.repoId, type };
  const counts = await aboutRepo(ctx, opts, () => client.repoStats(target));
  // Whether you like it, when you are logged in (the server says false to anyone else).
  const totals = client.token ? { ...counts, liked: await client.isRepoLiked(target) } : counts;
  if (opts.recent === undefined) {
    if (ctx.quiet && !ctx.json) return printLines(ctx, [String(totals.downloads)]);
    printRecord(ctx, fields(totals), { repo_id: opts.repoId, type, ...totals });
    return;
  }
  const recent = await client.repoStatsRecent({ ...target, days: opts.recent });
  if (ctx.json) {
    printJson(ctx, { repo_id: opts.repoId, type, ...totals, period: recent.period, recent: recent.stats });
    return;
  }
  // On a terminal the totals come first; piped, only the series' rows (one kind of line for scripts).
  if (ctx.io.isOutTTY) {
    printRecord(ctx, fields(totals), undefined);
    ctx.io.out.write("\n");
  }
  printTable(
    ctx,
    recent.stats,
    [
      { header: "DATE", value: (d) => d.date },
      { header: "DOWNLOADS", value: (d) => d.downloads, kind: "number" },
      { header: "LOGGED IN", value: (d) => d.authenticated, kind: "number" },
      { header: "ANONYMOUS", value: (d) => d.anonymous, kind: "number" },
      { header: "FILES", value: (d) => d.files, kind: "number" },
    ],
    { empty: `No downloads of ${opts.repoId} in the last ${recent.period.days} days` },
  );
}

export const examples = [
  "kohub-cli repo stats my-org/my-model",
  "kohub-cli repo stats my-org/my-model --recent 7",
  "kohub-cli --json repo stats my-org/my-dataset -t dataset --recent 90",
];

export default defineCommand({
  meta: { name: "stats", description: "Show a repository's downloads and likes (and daily downloads)" },
  args: {
    ...repoIdArg,
    ...typeArg,
    recent: {
      type: "string",
      description: "the daily downloads of the last DAYS days (1-365), days with downloads only",
      valueHint: "DAYS",
    },
  },
  run: ({ args, data }) => statsRun(data as Context, toOptions(args)),
});
