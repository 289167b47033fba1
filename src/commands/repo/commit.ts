/** `kohub-cli repo commit`: one commit, with its message, author, date and parents. */
import { defineCommand } from "citty";
import { checkRefName } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import { printLines, printRecord } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import { aboutRepo, checkRepoId, type RepoType, repoIdArg } from "./_shared.ts";

export interface CommitOptions {
  repoId: string;
  commitId: string;
  type?: RepoType;
}

export function toOptions(args: { repo_id: string; commit_id: string; type?: string }): CommitOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    commitId: checkRefName(args.commit_id, "commit id"),
    type: args.type as RepoType | undefined,
  };
}

export async function commitRun(ctx: Context, opts: CommitOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const commit = await aboutRepo(ctx, { repoId: opts.repoId, revision: opts.commitId }, () =>
    client.getCommit({ repoId: opts.repoId, type, commitId: opts.commitId }),
  );
  if (ctx.quiet && !ctx.json) {
    printLines(ctx, [commit.id]);
    return;
  }
  printRecord(
    ctx,
    [
      ["Commit", commit.id],
      ["Author", commit.author],
      ["Date", commit.date, "date"],
      ["Parents", commit.parents.join(", ") || "none (first commit)"],
      ["Message", commit.message],
      ["Description", commit.description || undefined],
    ],
    commit,
  );
}

export const examples = [
  "kohub-cli repo commit my-org/my-model abc1234 --type model",
  "kohub-cli --output json repo commit my-org/my-model main",
];

export default defineCommand({
  meta: { name: "commit", description: "Show one commit: message, author, date, parents" },
  args: {
    ...repoIdArg,
    commit_id: { type: "positional", required: true, description: "a commit id (or a branch or tag)" },
    ...typeArg,
  },
  run: ({ args, data }) => commitRun(data as Context, toOptions(args)),
});
