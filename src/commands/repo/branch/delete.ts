/** `kohub-cli repo branch delete`: delete one or more branches (never main), confirmed or --yes. */
import { defineCommand } from "citty";
import { checkRefName } from "../../../api/validate.ts";
import type { Context } from "../../../context.ts";
import { UsageError } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";
import { confirmDestructive, repoType, typeArg, yesArg } from "../../_args.ts";
import { eachTarget } from "../../_batch-targets.ts";
import { refNotFound } from "../_refs.ts";
import { checkRepoId, label, type RepoType, repoIdArg } from "../_shared.ts";

export interface BranchDeleteOptions {
  repoId: string;
  /** The branches, in order, each once. */
  branches: string[];
  type?: RepoType;
  yes: boolean;
}

export function toOptions(args: {
  repo_id: string;
  branch: string;
  more?: string[];
  type?: string;
  yes?: boolean;
}): BranchDeleteOptions {
  const branches = [...new Set([args.branch, ...(args.more ?? [])])];
  if (branches.includes("main")) throw new UsageError("The main branch cannot be deleted");
  return {
    repoId: checkRepoId(args.repo_id),
    branches: branches.map((b) => checkRefName(b, "branch")),
    type: args.type as RepoType | undefined,
    yes: Boolean(args.yes),
  };
}

export async function branchDeleteRun(ctx: Context, opts: BranchDeleteOptions): Promise<void> {
  const { branches } = opts;
  const type = await repoType(ctx, opts.type);
  const { repoId } = opts;
  ctx.subject = repoId;
  const what = branches.length === 1 ? `branch ${branches[0]}` : `branches ${branches.join(", ")}`;
  await confirmDestructive(ctx, opts.yes, `Delete ${what} of ${label(type, repoId)}?`);
  const client = await ctx.client();
  const target = { repoId, type };
  // Read once: a missing repository stops the command (every branch would fail the same way).
  const heads = new Map((await client.listRefs(target)).branches.map((b) => [b.name, b.targetCommit]));
  await eachTarget(
    ctx,
    branches,
    (branch) => ({ repo_id: repoId, type, branch }),
    async (branch) => {
      const commit = heads.get(branch);
      if (!commit) throw refNotFound("branch", repoId, branch);
      await client.deleteBranch({ ...target, branch });
      ctx.undo({ op: "branch.create", ...target, name: branch, commit });
      return {
        json: { repo_id: repoId, type, branch, deleted: true },
        quiet: branch,
        message: `Deleted branch ${branch} of ${label(type, repoId)}`,
      };
    },
  );
}

/** Recorded; `kohub-cli undo` recreates each branch at the commit it pointed at. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli repo branch delete my-org/my-model dev --type model",
  "kohub-cli repo branch delete my-org/my-model feature-x --yes",
  "kohub-cli repo branch delete my-org/my-model exp-1 exp-2 exp-3 --yes",
];

export const variadic = "more";

export default defineCommand({
  meta: { name: "delete", description: "Delete a branch" },
  args: {
    ...repoIdArg,
    branch: { type: "positional", required: true, description: "the branch to delete; more may follow" },
    ...typeArg,
    ...yesArg,
  },
  run: ({ args, data }) => branchDeleteRun(data as Context, toOptions({ ...args, more: args._.slice(2) })),
});
