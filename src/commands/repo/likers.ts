/** `kohub-cli repo likers REPO`: who likes a repository, newest like first. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { counted, printLines, printTable, warnMore } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import {
  aboutRepo,
  checkRepoId,
  cut,
  limitArgs,
  limitFlags,
  probeLimit,
  type RepoType,
  repoIdArg,
} from "./_shared.ts";

export interface LikersOptions {
  repoId: string;
  type?: RepoType;
  limit: number;
}

export function toOptions(args: {
  repo_id: string;
  type?: string;
  limit?: string;
  all?: boolean;
}): LikersOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    type: args.type as RepoType | undefined,
    limit: limitFlags(args, 100),
  };
}

export async function likersRun(ctx: Context, opts: LikersOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const answer = await aboutRepo(ctx, opts, () =>
    client.listRepoLikers({ repoId: opts.repoId, type, limit: probeLimit(opts.limit) }),
  );
  const { rows, more } = cut(answer, opts.limit);
  if (more) warnMore(ctx.log, counted(rows.length, "liker"));
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      rows.map((l) => l.user),
    );
    return;
  }
  printTable(
    ctx,
    rows,
    [
      { header: "USER", value: (l) => l.user, style: (s, c) => c.bold(s) },
      { header: "NAME", value: (l) => (l.fullname && l.fullname !== l.user ? l.fullname : "") },
    ],
    { empty: `Nobody likes ${opts.repoId} yet` },
  );
}

export const examples = [
  "kohub-cli repo likers my-org/my-model",
  "kohub-cli --json repo likers my-org/my-model --all",
];

export default defineCommand({
  meta: { name: "likers", description: "List who likes a repository, newest first" },
  args: { ...repoIdArg, ...typeArg, ...limitArgs("at most this many likers [default: 100]") },
  run: ({ args, data }) => likersRun(data as Context, toOptions(args)),
});
