/**
 * `kohub-cli repo merge REPO SOURCE INTO`: merge a branch, tag or commit into a branch. Files changed on
 * both sides are a conflict unless --strategy says which side wins.
 */
import { defineCommand } from "citty";
import { checkRefName } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import type { Changes } from "../../history/types.ts";
import { repoType, typeArg } from "../_args.ts";
import { aboutRepo, checkRepoId, label, type RepoType, repoIdArg, reportNewCommit } from "./_shared.ts";

/** The strategies the server knows (the library's `mergeRefs` strategy). */
const STRATEGIES = ["source-wins", "dest-wins"] as const;

export interface MergeOptions {
  repoId: string;
  type?: RepoType;
  source: string;
  into: string;
  message?: string;
  strategy?: (typeof STRATEGIES)[number];
  squash: boolean;
  allowEmpty: boolean;
  force: boolean;
}

export function toOptions(args: {
  repo_id: string;
  source: string;
  into: string;
  type?: string;
  message?: string;
  strategy?: string;
  squash?: boolean;
  "allow-empty"?: boolean;
  force?: boolean;
}): MergeOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    type: args.type as RepoType | undefined,
    source: checkRefName(args.source, "source"),
    into: checkRefName(args.into, "branch"),
    message: args.message?.trim() || undefined,
    strategy: args.strategy as MergeOptions["strategy"],
    squash: Boolean(args.squash),
    allowEmpty: Boolean(args["allow-empty"]),
    force: Boolean(args.force),
  };
}

export async function mergeRun(ctx: Context, opts: MergeOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const merged = await aboutRepo(ctx, { repoId: opts.repoId, revision: opts.source }, () =>
    client.mergeRefs({
      repoId: opts.repoId,
      type,
      source: opts.source,
      destination: opts.into,
      message: opts.message,
      strategy: opts.strategy,
      squashMerge: opts.squash,
      allowEmpty: opts.allowEmpty,
      force: opts.force,
    }),
  );
  reportNewCommit(
    ctx,
    { repoId: opts.repoId, type, branch: opts.into, commit: merged.result.reference },
    { source: opts.source, into: opts.into },
    (id) => `Merged ${opts.source} into ${opts.into} of ${label(type, opts.repoId)}: commit ${id}`,
  );
}

/** Recorded; `kohub-cli undo` reverts the merge commit on its branch. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli repo merge my-org/my-model dev main",
  "kohub-cli repo merge my-org/my-model dev main --strategy source-wins --squash",
  'kohub-cli repo merge my-org/my-data v2 main -t dataset -m "Take v2"',
];

export default defineCommand({
  meta: { name: "merge", description: "Merge a branch, tag or commit into a branch" },
  args: {
    ...repoIdArg,
    source: { type: "positional", required: true, description: "what to merge: a branch, tag or commit" },
    into: { type: "positional", required: true, description: "the branch to merge into" },
    ...typeArg,
    message: { type: "string", alias: ["m"], description: "the merge commit's message", valueHint: "TEXT" },
    strategy: {
      type: "enum",
      options: [...STRATEGIES],
      description: "which side wins for files changed on both [default: such files are a conflict]",
      valueHint: "STRATEGY",
    },
    squash: { type: "boolean", description: "one commit with the changes, not a merge commit" },
    "allow-empty": { type: "boolean", description: "merge even if it changes nothing" },
    force: { type: "boolean", description: "let the storage layer force the merge" },
  },
  run: ({ args, data }) => mergeRun(data as Context, toOptions(args)),
});
