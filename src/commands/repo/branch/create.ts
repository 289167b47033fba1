/** `kohub-cli repo branch create`: a new branch at main, or at a branch, tag or commit. */
import { defineCommand } from "citty";
import { checkRefName } from "../../../api/validate.ts";
import type { Context } from "../../../context.ts";
import type { Changes } from "../../../history/types.ts";
import { headNow } from "../../../history/undo.ts";
import { printJson, printLines } from "../../../output/print.ts";
import { repoType, typeArg } from "../../_args.ts";
import { aboutRepo, checkRepoId, label, type RepoType, repoIdArg } from "../_shared.ts";

export interface BranchCreateOptions {
  repoId: string;
  branch: string;
  type?: RepoType;
  revision?: string;
}

export function toOptions(args: {
  repo_id: string;
  branch: string;
  type?: string;
  revision?: string;
}): BranchCreateOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    branch: checkRefName(args.branch, "branch"),
    type: args.type as RepoType | undefined,
    revision: args.revision === undefined ? undefined : checkRefName(args.revision),
  };
}

export async function branchCreateRun(ctx: Context, opts: BranchCreateOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  await aboutRepo(ctx, opts, () =>
    client.createBranch({ repoId: opts.repoId, type, branch: opts.branch, revision: opts.revision }),
  );
  const target = { repoId: opts.repoId, type };
  ctx.undo({
    op: "branch.delete",
    ...target,
    name: opts.branch,
    commit: await headNow(ctx, target, "branch", opts.branch),
  });
  const from = opts.revision ?? "main";
  if (ctx.json) printJson(ctx, { repo_id: opts.repoId, type, branch: opts.branch, revision: from });
  else if (ctx.quiet) printLines(ctx, [opts.branch]);
  ctx.log.success(`Created branch ${opts.branch} of ${label(type, opts.repoId)} at ${from}`);
}

/** Recorded; `kohub-cli undo` deletes the branch while it has no new commits. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli repo branch create my-org/my-model dev --type model",
  "kohub-cli repo branch create my-org/my-model feature-x --type model --revision main",
];

export default defineCommand({
  meta: { name: "create", description: "Create a branch from main or another revision" },
  args: {
    ...repoIdArg,
    branch: { type: "positional", required: true, description: "the new branch's name" },
    ...typeArg,
    revision: {
      type: "string",
      alias: ["r"],
      description: "where it starts: branch, tag or commit [default: main]",
      valueHint: "REV",
    },
  },
  run: ({ args, data }) => branchCreateRun(data as Context, toOptions(args)),
});
