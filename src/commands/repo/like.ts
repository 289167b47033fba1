/** `kohub-cli repo like REPO`: like a repository (needs a login); prints its new like count. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import type { Changes } from "../../history/types.ts";
import { counted, printJson, printLines } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import { aboutRepo, label, type RepoOptions, repoIdArg, repoOptions } from "./_shared.ts";

export async function likeRun(ctx: Context, opts: RepoOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const result = await aboutRepo(ctx, opts, () => client.likeRepo({ repoId: opts.repoId, type }));
  ctx.undo({ op: "repo.unlike", repoId: opts.repoId, type });
  if (ctx.json) printJson(ctx, { repo_id: opts.repoId, type, liked: true, likes: result.likes_count });
  else if (ctx.quiet) printLines(ctx, [String(result.likes_count)]);
  ctx.log.success(`Liked ${label(type, opts.repoId)} (${counted(result.likes_count, "like")} now)`);
}

/** Recorded; `kohub-cli undo` unlikes it. */
export const changes: Changes = true;

export const examples = ["kohub-cli repo like my-org/my-model", "kohub-cli repo like my-org/data -t dataset"];

export default defineCommand({
  meta: { name: "like", description: "Like a repository" },
  args: { ...repoIdArg, ...typeArg },
  run: ({ args, data }) => likeRun(data as Context, repoOptions(args)),
});
