/**
 * `kohub-cli repo reset REPO BRANCH COMMIT`: put a branch back to an older commit's content (confirmed, or
 * --yes). KohakuHub keeps the history: the old state becomes a new commit on the branch.
 */
import { defineCommand } from "citty";
import { checkRefName } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";
import { confirmDestructive, repoType, typeArg, yesArg } from "../_args.ts";
import { aboutRepo, checkRepoId, label, type RepoType, repoIdArg, reportNewCommit } from "./_shared.ts";

export interface ResetOptions {
  repoId: string;
  type?: RepoType;
  branch: string;
  commit: string;
  message?: string;
  force: boolean;
  yes: boolean;
}

export function toOptions(args: {
  repo_id: string;
  branch: string;
  commit: string;
  type?: string;
  message?: string;
  force?: boolean;
  yes?: boolean;
}): ResetOptions {
  const branch = checkRefName(args.branch, "branch");
  // The server refuses main without force; saying so here spares a request and names the flag.
  if (branch === "main" && !args.force) {
    throw new UsageError(
      "Resetting main needs --force (it also skips the server's check that old LFS files still exist)",
    );
  }
  return {
    repoId: checkRepoId(args.repo_id),
    type: args.type as RepoType | undefined,
    branch,
    commit: checkRefName(args.commit, "commit"),
    message: args.message?.trim() || undefined,
    force: Boolean(args.force),
    yes: Boolean(args.yes),
  };
}

export async function resetRun(ctx: Context, opts: ResetOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  ctx.subject = opts.repoId;
  await confirmDestructive(
    ctx,
    opts.yes,
    `Reset branch ${opts.branch} of ${label(type, opts.repoId)} to the content of ${opts.commit} (later changes leave the branch; history is kept)?`,
  );
  const client = await ctx.client();
  const result = await aboutRepo(ctx, { repoId: opts.repoId, revision: opts.commit }, () =>
    client.resetBranch({
      repoId: opts.repoId,
      type,
      branch: opts.branch,
      ref: opts.commit,
      message: opts.message,
      force: opts.force,
    }),
  );
  reportNewCommit(
    ctx,
    { repoId: opts.repoId, type, branch: opts.branch, commit: result.commit_id },
    { branch: opts.branch, reset_to: opts.commit },
    (id) => `Reset ${opts.branch} of ${label(type, opts.repoId)} to ${opts.commit}: new commit ${id}`,
  );
}

/** Recorded; `kohub-cli undo` reverts the reset's commit on its branch. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli repo reset my-org/my-model dev 1a2b3c4d",
  "kohub-cli repo reset my-org/my-model main 1a2b3c4d --force --yes",
  'kohub-cli repo reset my-org/my-model dev v1.0 -m "Back to v1.0"',
];

export default defineCommand({
  meta: { name: "reset", description: "Reset a branch to an older commit's content (as a new commit)" },
  args: {
    ...repoIdArg,
    branch: { type: "positional", required: true, description: "the branch to reset" },
    commit: { type: "positional", required: true, description: "the commit (or tag, branch) to go back to" },
    ...typeArg,
    message: { type: "string", alias: ["m"], description: "the new commit's message", valueHint: "TEXT" },
    force: {
      type: "boolean",
      description: "needed for main; also resets when old LFS files are gone or nothing changes",
    },
    ...yesArg,
  },
  run: ({ args, data }) => resetRun(data as Context, toOptions(args)),
});
