/**
 * `kohub-cli quota repos [NAMESPACE]`: the storage each repository of a namespace uses, largest first
 * (yourself, or an organization you belong to).
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { formatBytes } from "../../output/format.ts";
import { printLines, printTable } from "../../output/print.ts";
import { namespaceOf } from "../_namespace.ts";
import { checkNamespaceName, visibility } from "../repo/_shared.ts";

/** A repo's own quota: `inherit`, `unlimited`, or its size (readable on a terminal, bytes when piped). */
function quotaCell(r: { is_inheriting: boolean; quota_bytes: number | null }, tty: boolean): string | number {
  if (r.is_inheriting) return "inherit";
  if (r.quota_bytes === null) return "unlimited";
  return tty ? formatBytes(r.quota_bytes) : r.quota_bytes;
}

export async function reposRun(ctx: Context, opts: { namespace?: string }): Promise<void> {
  const client = await ctx.client();
  const namespace = await namespaceOf(ctx, opts.namespace);
  const answer = await client.listNamespaceRepoStorage({ namespace });
  const rows = answer.repositories;
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      rows.map((r) => r.repo_id),
    );
    return;
  }
  printTable(
    ctx,
    rows,
    [
      { header: "REPO", value: (r) => r.repo_id, style: (s, c) => c.bold(s) },
      { header: "TYPE", value: (r) => r.repo_type },
      { header: "VISIBILITY", value: (r) => visibility(r.private) },
      { header: "USED", value: (r) => r.used_bytes, kind: "bytes" },
      { header: "QUOTA", value: (r) => quotaCell(r, ctx.io.isOutTTY) },
      { header: "USED %", value: (r) => (r.percentage_used === null ? "" : r.percentage_used.toFixed(1)) },
    ],
    { json: answer, empty: `${namespace} has no repositories` },
  );
}

export const examples = [
  "kohub-cli quota repos",
  "kohub-cli quota repos my-org",
  "kohub-cli --json quota repos my-org",
];

export default defineCommand({
  meta: { name: "repos", description: "List the storage used by each repository of a namespace" },
  args: {
    namespace: { type: "positional", required: false, description: "a user or organization [default: you]" },
  },
  run: ({ args, data }) =>
    reposRun(data as Context, {
      namespace: args.namespace ? checkNamespaceName(args.namespace, "namespace") : undefined,
    }),
});
