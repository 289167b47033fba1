/** `kohub-cli repo commits`: the commit history of a branch, tag or commit, newest first. */
import { defineCommand } from "citty";
import type { CommitSummary } from "../../api/schemas/content.ts";
import { checkRefName } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import { counted, printLines, printTable, warnMore } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import { aboutRepo, checkRepoId, commitShown, intFlag, type RepoType, repoIdArg } from "./_shared.ts";

export interface CommitsOptions {
  repoId: string;
  type?: RepoType;
  revision?: string;
  /** At most this many commits; undefined with `all`. */
  limit?: number;
  all: boolean;
}

export const DEFAULT_LIMIT = 20;

export function toOptions(args: {
  repo_id: string;
  type?: string;
  revision?: string;
  limit?: string;
  all?: boolean;
}): CommitsOptions {
  const limit = intFlag(args.limit, "limit", 1);
  if (args.all && limit !== undefined) throw new UsageError("--limit and --all cannot be used together");
  return {
    repoId: checkRepoId(args.repo_id),
    type: args.type as RepoType | undefined,
    revision: args.revision === undefined ? undefined : checkRefName(args.revision),
    limit: args.all ? undefined : (limit ?? DEFAULT_LIMIT),
    all: Boolean(args.all),
  };
}

/**
 * The newest `limit` commits (every one without a limit), and whether the history goes on: one more is
 * read than is shown, which tells it whatever the page size.
 */
async function readCommits(
  ctx: Context,
  opts: CommitsOptions,
  type: RepoType,
): Promise<{ commits: CommitSummary[]; more: boolean }> {
  const client = await ctx.client();
  const limit = opts.limit;
  const out: CommitSummary[] = [];
  const pageSize = limit === undefined ? 100 : Math.min(limit + 1, 100);
  const pages = client.iterCommits({ repoId: opts.repoId, type, revision: opts.revision, pageSize });
  for await (const c of pages) {
    if (limit !== undefined && out.length >= limit) return { commits: out, more: true };
    out.push(c);
  }
  return { commits: out, more: false };
}

export async function commitsRun(ctx: Context, opts: CommitsOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const { commits, more } = await aboutRepo(ctx, opts, () => readCommits(ctx, opts, type));
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      commits.map((c) => c.id),
    );
  } else {
    printTable(
      ctx,
      commits,
      [
        { header: "COMMIT", value: (c) => commitShown(ctx, c.id), style: (s, c) => c.yellow(s) },
        { header: "AUTHOR", value: (c) => c.authors.map((a) => a.user).join(", ") },
        { header: "DATE", value: (c) => c.date, kind: "date" },
        { header: "TITLE", value: (c) => c.title },
      ],
      { empty: "No commits" },
    );
  }
  if (more) warnMore(ctx.log, `the newest ${counted(commits.length, "commit")}`);
}

export const examples = [
  "kohub-cli repo commits my-org/my-model --type model",
  "kohub-cli repo commits my-org/my-model --type model --branch main --limit 50",
  "kohub-cli repo commits my-org/my-model --all --quiet",
];

export default defineCommand({
  meta: { name: "commits", description: "List the commit history of a branch, newest first" },
  args: {
    ...repoIdArg,
    ...typeArg,
    revision: {
      type: "string",
      alias: ["r", "branch"],
      description: "branch, tag or commit (--branch is the same) [default: main]",
      valueHint: "REV",
    },
    limit: {
      type: "string",
      alias: ["n"],
      description: `at most this many [default: ${DEFAULT_LIMIT}]`,
      valueHint: "N",
    },
    all: { type: "boolean", description: "the whole history" },
  },
  run: ({ args, data }) => commitsRun(data as Context, toOptions(args)),
});
