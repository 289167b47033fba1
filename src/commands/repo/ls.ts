/** `kohub-cli repo ls`: the repositories of a user or organization, grouped by type. */
import { defineCommand } from "citty";
import type { RepoListItem } from "../../api/repos.ts";
import type { Context } from "../../context.ts";
import { printLines, printTable, warnMore } from "../../output/print.ts";
import { typeArg } from "../_args.ts";
import {
  checkNamespaceName,
  cut,
  limitArgs,
  limitFlags,
  NAMESPACE_SORTS,
  probeLimit,
  type RepoType,
  repoColumns,
} from "./_shared.ts";

export interface LsOptions {
  namespace: string;
  type?: RepoType;
  /** At most this many per type: {@link DEFAULT_LIMIT} when omitted, the largest answer with `--all`. */
  limit?: number;
  sort?: (typeof NAMESPACE_SORTS)[number];
}

export const DEFAULT_LIMIT = 100;

export function toOptions(args: {
  namespace: string;
  type?: string;
  limit?: string;
  all?: boolean;
  sort?: string;
}): LsOptions {
  return {
    namespace: checkNamespaceName(args.namespace, "namespace"),
    type: args.type as RepoType | undefined,
    limit: limitFlags(args, DEFAULT_LIMIT),
    sort: args.sort as LsOptions["sort"],
  };
}

type Row = RepoListItem & { type: RepoType };

const GROUPS = [
  ["model", "models"],
  ["dataset", "datasets"],
  ["space", "spaces"],
] as const;

/** `models`, `models and spaces`, `models, datasets and spaces` */
function inWords(names: string[]): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

export async function lsRun(ctx: Context, opts: LsOptions): Promise<void> {
  const client = await ctx.client();
  const limit = opts.limit ?? DEFAULT_LIMIT;
  // One more than is shown per type: the server sends no count and no pages, so this is how a cut is known.
  const query = { namespace: opts.namespace, limit: probeLimit(limit), sort: opts.sort };
  const answer = await client.listNamespaceRepos(query);
  const groups = GROUPS.filter(([type]) => !opts.type || type === opts.type).map(([type, key]) => ({
    type,
    key,
    ...cut(answer[key], limit),
  }));
  const rows: Row[] = groups.flatMap((g) => g.rows.map((r) => ({ ...r, type: g.type })));
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      rows.map((r) => r.id),
    );
  } else {
    const columns = repoColumns<Row>();
    if (!opts.type) columns.unshift({ header: "TYPE", value: (r) => r.type });
    printTable(ctx, rows, columns, {
      json: opts.type ? groups[0]?.rows : Object.fromEntries(groups.map((g) => [g.key, g.rows])),
      empty: `No ${opts.type ? `${opts.type} ` : ""}repositories under ${opts.namespace}`,
    });
  }
  const cutKeys = groups.filter((g) => g.more).map((g) => g.key);
  if (cutKeys.length) {
    const shown = `the first ${limit} ${inWords(cutKeys)} of ${opts.namespace}`;
    warnMore(ctx.log, shown, "--limit N per type or --all");
  }
}

export const examples = [
  "kohub-cli repo ls my-org",
  "kohub-cli repo ls my-org --type model --all",
  "kohub-cli repo ls alice --sort downloads --limit 10",
];

export default defineCommand({
  meta: { name: "ls", description: "List the repositories of a user or organization" },
  args: {
    namespace: { type: "positional", required: true, description: "a user or organization name" },
    type: { ...typeArg.type, description: "only repositories of this type [default: all types]" },
    ...limitArgs(`at most this many per type [default: ${DEFAULT_LIMIT}]`),
    sort: { type: "enum", options: [...NAMESPACE_SORTS], description: "order [default: recent]" },
  },
  run: ({ args, data }) => lsRun(data as Context, toOptions(args)),
});
