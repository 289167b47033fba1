/**
 * `kohub-cli quota set NAMESPACE SIZE` or `quota set --repo REPO SIZE|inherit`. A user may set their own
 * quota and an org admin their org's; the server applies SIZE to both pools (public and private). Setting
 * each pool apart is for server admins only (the admin API), so it is not offered here.
 */
import { defineCommand } from "citty";
import type { PublicQuotaInfo } from "../../api/repos.ts";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";
import { formatBytes } from "../../output/format.ts";
import { printRecord } from "../../output/print.ts";
import { repoType } from "../_args.ts";
import { namespaceOf } from "../_namespace.ts";
import { combinedFields, repoFields } from "./_fields.ts";
import { parseSize, type QuotaTarget, quotaTarget, repoFlagArgs } from "./_shared.ts";

export interface SetOptions {
  target: QuotaTarget;
  /** Bytes, or null: a repo inherits its namespace's quota again. */
  bytes: number | null;
}

export function toOptions(args: {
  namespace?: string;
  size?: string;
  repo?: string;
  type?: string;
}): SetOptions {
  const given = [args.namespace, args.size].filter((v): v is string => Boolean(v));
  const withRepo = args.repo !== undefined;
  if (given.length !== (withRepo ? 1 : 2)) {
    throw new UsageError(withRepo ? "Usage: quota set --repo REPO SIZE" : "Usage: quota set NAMESPACE SIZE");
  }
  const size = given[given.length - 1] as string;
  const target = quotaTarget({ ...args, namespace: withRepo ? undefined : args.namespace });
  if (size === "inherit") {
    if (!("repoId" in target)) {
      throw new UsageError("Only a repository can inherit (its namespace's quota); a namespace needs a SIZE");
    }
    return { target, bytes: null };
  }
  return { target, bytes: parseSize(size) };
}

export async function setRun(ctx: Context, opts: SetOptions): Promise<void> {
  const client = await ctx.client();
  const { target } = opts;
  if ("repoId" in target) {
    ctx.subject = target.repoId;
    const type = await repoType(ctx, target.type);
    const before = await client.getRepoQuota({ repoId: target.repoId, type });
    const q = await client.setRepoQuota({ repoId: target.repoId, type, quotaBytes: opts.bytes });
    const bytes = before.is_inheriting ? null : before.quota_bytes;
    ctx.undo({ op: "quota.repo", repoId: target.repoId, type, bytes, now: q.quota_bytes });
    printRecord(ctx, repoFields(q), q);
    ctx.log.success(
      opts.bytes === null
        ? `${target.repoId} now uses its namespace's quota`
        : `Set the quota of ${target.repoId} to ${formatBytes(opts.bytes)}`,
    );
    return;
  }
  const namespace = await namespaceOf(ctx, target.namespace);
  const before = await client.getPublicQuota({ namespace });
  const q = await client.setQuota({ namespace, quotaBytes: opts.bytes as number });
  noteNamespaceUndo(ctx, namespace, before, opts.bytes as number);
  printRecord(ctx, combinedFields(q), q);
  ctx.log.success(
    `Set both quotas of ${namespace} (public and private repositories) to ${formatBytes(opts.bytes)}`,
  );
}

/**
 * The undo of a namespace's quota: both pools back to the one value they had. Two different values, or
 * none (unlimited), cannot be set back through `setQuota` (it sets both pools, and null changes nothing).
 */
function noteNamespaceUndo(ctx: Context, namespace: string, before: PublicQuotaInfo, now: number): void {
  const previous = before.public_quota_bytes;
  if (previous !== null && (before.private_quota_bytes ?? previous) === previous) {
    ctx.undo({ op: "quota.set", namespace, bytes: previous, now });
  } else {
    ctx.history.irreversible =
      previous === null
        ? "the quota was unlimited, and only a server admin can make it unlimited again"
        : "the public and private quotas differed, and only a server admin can set them apart";
  }
}

/** Recorded; `kohub-cli undo` sets the previous quota back (when the API can: see noteNamespaceUndo). */
export const changes: Changes = true;

export const examples = [
  "kohub-cli quota set my-org 100GB",
  "kohub-cli quota set --repo my-org/my-model 5GB",
  "kohub-cli quota set --repo my-org/my-model inherit",
];

export default defineCommand({
  meta: {
    name: "set",
    description: "Set the quota of your namespace, an org you administer, or a repository",
  },
  args: {
    namespace: {
      type: "positional",
      required: false,
      description: "a user (yourself) or an organization; omit it with --repo",
    },
    size: {
      type: "positional",
      required: false,
      description: "e.g. 500MB, 10GB, 1TB (both pools of a namespace); for --repo also inherit",
    },
    ...repoFlagArgs,
  },
  run: ({ args, data }) => setRun(data as Context, toOptions(args)),
});
