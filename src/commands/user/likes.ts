/** `kohub-cli user likes [NAME]`: the repositories a user liked, newest first. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printLines, printTable } from "../../output/print.ts";
import { namespaceOf } from "../_namespace.ts";
import { intFlag } from "../repo/_shared.ts";

export interface LikesOptions {
  name?: string | undefined;
  limit?: number | undefined;
}

export function toOptions(args: { name?: string; limit?: string }): LikesOptions {
  return { name: args.name, limit: intFlag(args.limit, "limit", 1) };
}

export async function likesRun(ctx: Context, opts: LikesOptions): Promise<void> {
  const client = await ctx.client();
  const username = await namespaceOf(ctx, opts.name);
  const liked = await client.listLikedRepos({ username, limit: opts.limit });
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      liked.map((l) => l.repo.name),
    );
    return;
  }
  printTable(
    ctx,
    liked,
    [
      { header: "TYPE", value: (l) => l.repo.type },
      { header: "REPO", value: (l) => l.repo.name, style: (s, c) => c.bold(s) },
      { header: "LIKED", value: (l) => l.createdAt, kind: "date" },
    ],
    { empty: `${username} has liked no repositories (that you can see)` },
  );
}

export const examples = [
  "kohub-cli user likes",
  "kohub-cli user likes alice --limit 10",
  "kohub-cli --output json user likes alice",
];

export default defineCommand({
  meta: { name: "likes", description: "List the repositories a user liked" },
  args: {
    name: { type: "positional", required: false, description: "the user [default: you]" },
    limit: { type: "string", alias: ["l"], description: "at most N [default: all]", valueHint: "N" },
  },
  run: ({ args, data }) => likesRun(data as Context, toOptions(args)),
});
