/** How `quota show`, `quota set` and `quota recalculate` print a quota (kept apart from their client calls). */
import type { PublicQuotaInfo, QuotaInfo, RepoQuotaInfo } from "../../api/repos.ts";
import type { Field } from "../../output/print.ts";

/** A quota field: its bytes, or `unlimited` when there is none. */
function limit(label: string, bytes: number | null | undefined, none = "unlimited"): Field {
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
