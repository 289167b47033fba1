/** `kohub-cli repo squash`: collapse a repository's history into one commit (irreversible). */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import type { Changes } from "../../history/types.ts";
import { printJson, printLines } from "../../output/print.ts";
import { confirmDestructive, repoType, typeArg, yesArg } from "../_args.ts";
import { checkRepoId, label, type RepoType, repoIdArg } from "./_shared.ts";

export interface SquashOptions {
  repoId: string;
  type?: RepoType;
  yes: boolean;
}

export function toOptions(args: { repo_id: string; type?: string; yes?: boolean }): SquashOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    type: args.type as RepoType | undefined,
    yes: Boolean(args.yes),
  };
}

export async function squashRun(ctx: Context, opts: SquashOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  ctx.subject = opts.repoId;
  await confirmDestructive(
    ctx,
    opts.yes,
    `Squash the history of ${label(type, opts.repoId)} into one commit (old commits, other branches and tags are lost; this cannot be undone)?`,
  );
  const client = await ctx.client();
  const result = await client.squashRepo({ repoId: opts.repoId, type });
  if (ctx.json) printJson(ctx, { repo_id: opts.repoId, type, squashed: true, message: result.message });
  else if (ctx.quiet) printLines(ctx, [opts.repoId]);
  ctx.log.success(`Squashed the history of ${label(type, opts.repoId)}`);
}

/** Recorded as what `kohub-cli undo` cannot undo. */
export const changes: Changes = {
  irreversible: "the server keeps no old commits, branches or tags once squashed",
};

export const examples = [
  "kohub-cli repo squash my-org/my-model --type model",
  "kohub-cli repo squash my-org/my-model --yes",
];

export default defineCommand({
  meta: { name: "squash", description: "Squash a repository's history into one commit (irreversible)" },
  args: { ...repoIdArg, ...typeArg, ...yesArg },
  run: ({ args, data }) => squashRun(data as Context, toOptions(args)),
});
