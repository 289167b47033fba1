/** `kohub-cli repo revert REPO COMMIT [--branch B]`: undo a commit with a new commit on a branch. */
import { defineCommand } from "citty";
import { checkRefName } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import type { Changes } from "../../history/types.ts";
import { repoType, typeArg } from "../_args.ts";
import {
  aboutRepo,
  checkRepoId,
  commitShown,
  intFlag,
  label,
  type RepoType,
  repoIdArg,
  reportNewCommit,
} from "./_shared.ts";

export interface RevertOptions {
  repoId: string;
  type?: RepoType;
  commit: string;
  branch: string;
  message?: string;
  /** Which parent a merge commit is reverted against (1 = the branch it was merged into). */
  parent?: number;
  allowEmpty: boolean;
  force: boolean;
}

export function toOptions(args: {
  repo_id: string;
  commit: string;
  type?: string;
  branch?: string;
  message?: string;
  parent?: string;
  "allow-empty"?: boolean;
  force?: boolean;
}): RevertOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    type: args.type as RepoType | undefined,
    commit: checkRefName(args.commit, "commit"),
    branch: checkRefName(args.branch ?? "main", "branch"),
    message: args.message?.trim() || undefined,
    parent: intFlag(args.parent, "parent", 1),
    allowEmpty: Boolean(args["allow-empty"]),
    force: Boolean(args.force),
  };
}

export async function revertRun(ctx: Context, opts: RevertOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const result = await aboutRepo(ctx, { repoId: opts.repoId, revision: opts.commit }, () =>
    client.revertCommit({
      repoId: opts.repoId,
      type,
      branch: opts.branch,
      ref: opts.commit,
      message: opts.message,
      parentNumber: opts.parent,
      allowEmpty: opts.allowEmpty,
      force: opts.force,
    }),
  );
  const reverted = /^[0-9a-f]{40,64}$/.test(opts.commit) ? commitShown(ctx, opts.commit) : opts.commit;
  reportNewCommit(
    ctx,
    { repoId: opts.repoId, type, branch: opts.branch, commit: result.new_commit_id },
    { branch: opts.branch, reverted: opts.commit },
    (id) => `Reverted ${reverted} on ${opts.branch} of ${label(type, opts.repoId)}: new commit ${id}`,
  );
}

/** Recorded; `kohub-cli undo` reverts the new commit on its branch. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli repo revert my-org/my-model 1a2b3c4d",
  'kohub-cli repo revert my-org/my-model 1a2b3c4d --branch dev -m "Undo the bad config"',
];

export default defineCommand({
  meta: { name: "revert", description: "Undo a commit with a new commit on a branch" },
  args: {
    ...repoIdArg,
    commit: { type: "positional", required: true, description: "the commit to undo" },
    ...typeArg,
    branch: {
      type: "string",
      alias: ["b"],
      description: "the branch to write the revert on [default: main]",
      valueHint: "BRANCH",
    },
    message: { type: "string", alias: ["m"], description: "the new commit's message", valueHint: "TEXT" },
    parent: {
      type: "string",
      description: "for a merge commit: the parent to revert against [default: 1]",
      valueHint: "N",
    },
    "allow-empty": { type: "boolean", description: "make the commit even if it changes nothing" },
    force: { type: "boolean", description: "let the storage layer force the revert" },
  },
  run: ({ args, data }) => revertRun(data as Context, toOptions(args)),
});
