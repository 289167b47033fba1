/**
 * `kohub-cli quota show [NAMESPACE | --repo REPO]`: storage used and allowed. A namespace has two pools,
 * public and private repos; the private one is shown only to that user or the org's members.
 */
import { defineCommand } from "citty";
import type { PublicQuotaInfo, QuotaInfo, RepoQuotaInfo } from "../../api/repos.ts";
import type { Context } from "../../context.ts";
import { type Field, printRecord } from "../../output/print.ts";
import { repoType } from "../_args.ts";
import { namespaceOf, type QuotaTarget, quotaTarget, repoFlagArgs } from "./_shared.ts";

/** A quota field: its bytes, or `unlimited` when there is none. */
export function limit(label: string, bytes: number | null | undefined, none = "unlimited"): Field {
  return bytes === null || bytes === undefined ? [label, none] : [label, bytes, "bytes"];
}

/** `42.0%`, or undefined when there is no quota to measure against. */
function percent(value: number | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : `${value.toFixed(1)}%`;
}

export function namespaceFields(q: PublicQuotaInfo): Field[] {
  const fields: Field[] = [
    ["Namespace", q.namespace],
    ["Kind", q.is_organization ? "organization" : "user"],
    ["Public used", q.public_used_bytes, "bytes"],
    limit("Public quota", q.public_quota_bytes),
    ["Public used %", percent(q.public_percentage_used)],
  ];
  if (q.can_see_private) {
    fields.push(
      ["Private used", q.private_used_bytes ?? 0, "bytes"],
      limit("Private quota", q.private_quota_bytes),
      ["Private used %", percent(q.private_percentage_used)],
    );
  }
  fields.push(["Total used", q.total_used_bytes, "bytes"]);
  return fields;
}

/** The combined view that setting or recalculating a namespace's quota answers with. */
export function combinedFields(q: QuotaInfo): Field[] {
  return [
    ["Namespace", q.namespace],
    ["Used", q.used_bytes, "bytes"],
    limit("Quota", q.quota_bytes, "unlimited (a pool has no quota)"),
    limit("Available", q.available_bytes, "-"),
    ["Used %", percent(q.percentage_used)],
  ];
}

export function repoFields(q: RepoQuotaInfo): Field[] {
  return [
    ["Repository", q.repo_id],
    ["Type", q.repo_type],
    ["Used", q.used_bytes, "bytes"],
    q.is_inheriting ? ["Quota", "inherited from the namespace"] : limit("Quota", q.quota_bytes),
    limit("Effective quota", q.effective_quota_bytes),
    ["Used %", percent(q.percentage_used)],
    ["Namespace used", q.namespace_used_bytes, "bytes"],
    limit("Namespace quota", q.namespace_quota_bytes),
  ];
}

export async function showRun(ctx: Context, target: QuotaTarget): Promise<void> {
  const client = await ctx.client();
  if ("repoId" in target) {
    ctx.subject = target.repoId;
    const type = await repoType(ctx, target.type);
    const q = await client.getRepoQuota({ repoId: target.repoId, type });
    printRecord(ctx, repoFields(q), q);
    return;
  }
  const namespace = await namespaceOf(ctx, target.namespace);
  const q = await client.getPublicQuota({ namespace });
  printRecord(ctx, namespaceFields(q), q);
}

export const examples = [
  "kohub-cli quota show",
  "kohub-cli quota show my-org",
  "kohub-cli quota show --repo my-org/my-model",
  "kohub-cli --json quota show my-org",
];

export default defineCommand({
  meta: { name: "show", description: "Show the storage used and allowed in a namespace or a repository" },
  args: {
    namespace: { type: "positional", required: false, description: "a user or organization [default: you]" },
    ...repoFlagArgs,
  },
  run: ({ args, data }) => showRun(data as Context, quotaTarget(args)),
});
