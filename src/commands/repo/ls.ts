/** `kohub-cli repo ls`: the repositories of a user or organization, grouped by type. */
import { defineCommand } from "citty";
import type { RepoListItem } from "../../api/repos.ts";
import type { Context } from "../../context.ts";
import { printLines, printTable } from "../../output/print.ts";
import { typeArg } from "../_args.ts";
import { checkNamespaceName, intFlag, NAMESPACE_SORTS, type RepoType, repoColumns } from "./_shared.ts";

export interface LsOptions {
  namespace: string;
  type?: RepoType;
  limit?: number;
  sort?: (typeof NAMESPACE_SORTS)[number];
}

export function toOptions(args: {
  namespace: string;
  type?: string;
  limit?: string;
  sort?: string;
}): LsOptions {
  return {
    namespace: checkNamespaceName(args.namespace, "namespace"),
    type: args.type as RepoType | undefined,
    limit: intFlag(args.limit, "limit", 1, 100_000),
    sort: args.sort as LsOptions["sort"],
  };
}

type Row = RepoListItem & { type: RepoType };

export async function lsRun(ctx: Context, opts: LsOptions): Promise<void> {
  const client = await ctx.client();
  const query = { namespace: opts.namespace, limit: opts.limit, sort: opts.sort };
  let rows: Row[];
  let json: unknown;
  if (opts.type) {
    const type = opts.type;
    const list = await client.listNamespaceRepos({ ...query, type });
    rows = list.map((r) => ({ ...r, type }));
    json = list;
  } else {
    const grouped = await client.listNamespaceRepos(query);
    rows = [
      ...grouped.models.map((r) => ({ ...r, type: "model" as const })),
      ...grouped.datasets.map((r) => ({ ...r, type: "dataset" as const })),
      ...grouped.spaces.map((r) => ({ ...r, type: "space" as const })),
    ];
    json = grouped;
  }
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      rows.map((r) => r.id),
    );
    return;
  }
  const columns = repoColumns<Row>();
  if (!opts.type) columns.unshift({ header: "TYPE", value: (r) => r.type });
  printTable(ctx, rows, columns, {
    json,
    empty: `No ${opts.type ? `${opts.type} ` : ""}repositories under ${opts.namespace}`,
  });
}

export const examples = [
  "kohub-cli repo ls my-org",
  "kohub-cli repo ls my-org --type model",
  "kohub-cli repo ls alice --sort downloads --limit 10",
];

export default defineCommand({
  meta: { name: "ls", description: "List the repositories of a user or organization" },
  args: {
    namespace: { type: "positional", required: true, description: "a user or organization name" },
    type: { ...typeArg.type, description: "only repositories of this type [default: all types]" },
    limit: { type: "string", description: "at most this many per type [default: 100]", valueHint: "N" },
    sort: { type: "enum", options: [...NAMESPACE_SORTS], description: "order [default: recent]" },
  },
  run: ({ args, data }) => lsRun(data as Context, toOptions(args)),
});
