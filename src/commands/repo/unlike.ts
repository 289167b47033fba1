/** `kohub-cli repo unlike REPO`: take back your like of a repository; prints its new like count. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import type { Changes } from "../../history/types.ts";
import { counted, printJson, printLines } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import { aboutRepo, label, type RepoOptions, repoIdArg, repoOptions } from "./_shared.ts";

export async function unlikeRun(ctx: Context, opts: RepoOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const result = await aboutRepo(ctx, opts, () => client.unlikeRepo({ repoId: opts.repoId, type }));
  ctx.undo({ op: "repo.like", repoId: opts.repoId, type });
  if (ctx.json) printJson(ctx, { repo_id: opts.repoId, type, liked: false, likes: result.likes_count });
  else if (ctx.quiet) printLines(ctx, [String(result.likes_count)]);
  ctx.log.success(`Unliked ${label(type, opts.repoId)} (${counted(result.likes_count, "like")} now)`);
}

/** Recorded; `kohub-cli undo` likes it again. */
export const changes: Changes = true;

export const examples = ["kohub-cli repo unlike my-org/my-model"];

export default defineCommand({
  meta: { name: "unlike", description: "Take back your like of a repository" },
  args: { ...repoIdArg, ...typeArg },
  run: ({ args, data }) => unlikeRun(data as Context, repoOptions(args)),
});
