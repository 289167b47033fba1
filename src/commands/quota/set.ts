/**
 * `kohub-cli quota set NAMESPACE SIZE` or `quota set --repo REPO SIZE|inherit`. A user may set their own
 * quota and an org admin their org's; the server applies SIZE to both pools (public and private). Setting
 * each pool apart is for server admins only (the admin API), so it is not offered here.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import { formatBytes } from "../../output/format.ts";
import { printRecord } from "../../output/print.ts";
import { repoType } from "../_args.ts";
import { namespaceOf, parseSize, type QuotaTarget, quotaTarget, repoFlagArgs } from "./_shared.ts";
import { combinedFields, repoFields } from "./show.ts";

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
    const q = await client.setRepoQuota({ repoId: target.repoId, type, quotaBytes: opts.bytes });
    printRecord(ctx, repoFields(q), q);
    ctx.log.success(
      opts.bytes === null
        ? `${target.repoId} now uses its namespace's quota`
        : `Set the quota of ${target.repoId} to ${formatBytes(opts.bytes)}`,
    );
    return;
  }
  const namespace = await namespaceOf(ctx, target.namespace);
  const q = await client.setQuota({ namespace, quotaBytes: opts.bytes as number });
  printRecord(ctx, combinedFields(q), q);
  ctx.log.success(
    `Set both quotas of ${namespace} (public and private repositories) to ${formatBytes(opts.bytes)}`,
  );
}

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
