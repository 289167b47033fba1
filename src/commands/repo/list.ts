/** `kohub-cli repo list`: repositories of one type, filtered by author or a search text. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printLines, printTable } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import { checkNamespaceName, intFlag, LIST_SORTS, type RepoType, repoColumns } from "./_shared.ts";

export interface ListOptions {
  type?: RepoType;
  author?: string;
  search?: string;
  limit?: number;
  sort?: (typeof LIST_SORTS)[number];
}

export function toOptions(args: {
  type?: string;
  author?: string;
  search?: string;
  limit?: string;
  sort?: string;
}): ListOptions {
  return {
    type: args.type as RepoType | undefined,
    author: args.author === undefined ? undefined : checkNamespaceName(args.author, "author"),
    search: args.search || undefined,
    limit: intFlag(args.limit, "limit", 1, 100_000),
    sort: args.sort as ListOptions["sort"],
  };
}

export async function listRun(ctx: Context, opts: ListOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const repos = await client.listRepos({ ...opts, type });
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      repos.map((r) => r.id),
    );
    return;
  }
  printTable(ctx, repos, repoColumns(), { empty: `No ${type} repositories` });
}

export const examples = [
  "kohub-cli repo list --type model",
  "kohub-cli repo list --type model --author my-org --limit 100",
  "kohub-cli repo list -t dataset --search bert --sort downloads",
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
    limit: { type: "string", description: "at most this many [default: 50]", valueHint: "N" },
    sort: { type: "enum", options: [...LIST_SORTS], description: "order [default: recent]" },
  },
  run: ({ args, data }) => listRun(data as Context, toOptions(args)),
});
