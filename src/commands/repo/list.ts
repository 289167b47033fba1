/** `kohub-cli repo list`: repositories of one type, filtered by author or a search text. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { counted, printLines, printTable, warnMore } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import {
  checkNamespaceName,
  cut,
  LIST_SORTS,
  limitArgs,
  limitFlags,
  probeLimit,
  type RepoType,
  repoColumns,
} from "./_shared.ts";

export interface ListOptions {
  type?: RepoType;
  author?: string;
  search?: string;
  /** At most this many (with `--all`, the largest answer the server gives). */
  limit: number;
  sort?: (typeof LIST_SORTS)[number];
}

export const DEFAULT_LIMIT = 50;

export function toOptions(args: {
  type?: string;
  author?: string;
  search?: string;
  limit?: string;
  all?: boolean;
  sort?: string;
}): ListOptions {
  return {
    type: args.type as RepoType | undefined,
    author: args.author === undefined ? undefined : checkNamespaceName(args.author, "author"),
    search: args.search || undefined,
    limit: limitFlags(args, DEFAULT_LIMIT),
    sort: args.sort as ListOptions["sort"],
  };
}

export async function listRun(ctx: Context, opts: ListOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  // One more than is shown: the server sends no count and no pages, so this is how a cut list is known.
  const answer = await client.listRepos({ ...opts, type, limit: probeLimit(opts.limit) });
  const { rows: repos, more } = cut(answer, opts.limit);
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      repos.map((r) => r.id),
    );
  } else {
    printTable(ctx, repos, repoColumns(), { empty: `No ${type} repositories` });
  }
  if (more)
    warnMore(ctx.log, `the first ${counted(repos.length, `${type} repository`, `${type} repositories`)}`);
}

export const examples = [
  "kohub-cli repo list --type model",
  "kohub-cli repo list --type model --author my-org --limit 100",
  "kohub-cli repo list -t dataset --search bert --sort downloads --all",
];

export default defineCommand({
  meta: { name: "list", description: "List repositories of a type (all visible to you)" },
  args: {
    ...typeArg,
    author: {
      type: "string",
      description: "only repositories of this user or organization",
      valueHint: "NAME",
    },
    search: {
      type: "string",
      description: "only ids containing this text (case-insensitive)",
      valueHint: "TEXT",
    },
    ...limitArgs(`at most this many [default: ${DEFAULT_LIMIT}]`),
    sort: { type: "enum", options: [...LIST_SORTS], description: "order [default: recent]" },
  },
  run: ({ args, data }) => listRun(data as Context, toOptions(args)),
});
