/** `kohub-cli repo branch delete`: delete a branch (never main), confirmed or --yes. */
import { defineCommand } from "citty";
import { checkRefName } from "../../../api/validate.ts";
import type { Context } from "../../../context.ts";
import { UsageError } from "../../../errors.ts";
import { printJson, printLines } from "../../../output/print.ts";
import { confirmDestructive, repoType, typeArg, yesArg } from "../../_args.ts";
import { refExists, refNotFound } from "../_refs.ts";
import { checkRepoId, label, type RepoType, repoIdArg } from "../_shared.ts";

export interface BranchDeleteOptions {
  repoId: string;
  branch: string;
  type?: RepoType;
  yes: boolean;
}

export function toOptions(args: {
  repo_id: string;
  branch: string;
  type?: string;
  yes?: boolean;
}): BranchDeleteOptions {
  if (args.branch === "main") throw new UsageError("The main branch cannot be deleted");
  return {
    repoId: checkRepoId(args.repo_id),
    branch: checkRefName(args.branch, "branch"),
    type: args.type as RepoType | undefined,
    yes: Boolean(args.yes),
  };
}

export async function branchDeleteRun(ctx: Context, opts: BranchDeleteOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  ctx.subject = opts.repoId;
  await confirmDestructive(ctx, opts.yes, `Delete branch ${opts.branch} of ${label(type, opts.repoId)}?`);
  const client = await ctx.client();
  const target = { repoId: opts.repoId, type };
  if (!(await refExists(client, target, "branch", opts.branch))) {
    throw refNotFound("branch", opts.repoId, opts.branch);
  }
  await client.deleteBranch({ ...target, branch: opts.branch });
  if (ctx.json) printJson(ctx, { repo_id: opts.repoId, type, branch: opts.branch, deleted: true });
  else if (ctx.quiet) printLines(ctx, [opts.branch]);
  ctx.log.success(`Deleted branch ${opts.branch} of ${label(type, opts.repoId)}`);
}

export const examples = [
  "kohub-cli repo branch delete my-org/my-model dev --type model",
  "kohub-cli repo branch delete my-org/my-model feature-x --yes",
];

export default defineCommand({
  meta: { name: "delete", description: "Delete a branch" },
  args: {
    ...repoIdArg,
    branch: { type: "positional", required: true, description: "the branch to delete" },
    ...typeArg,
    ...yesArg,
  },
  run: ({ args, data }) => branchDeleteRun(data as Context, toOptions(args)),
});
