/**
 * `kohub-cli quota recalculate [NAMESPACE | --repo REPO]`: have the server measure the storage used again
 * (your namespace, an org you administer, or a repository you can write to). It walks the storage, so it
 * can take a while on a large namespace.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printRecord } from "../../output/print.ts";
import { repoType } from "../_args.ts";
import { namespaceOf } from "../_namespace.ts";
import { combinedFields, repoFields } from "./_fields.ts";
import { type QuotaTarget, quotaTarget, repoFlagArgs } from "./_shared.ts";

export async function recalculateRun(ctx: Context, target: QuotaTarget): Promise<void> {
  const client = await ctx.client();
  if ("repoId" in target) {
    ctx.subject = target.repoId;
    const type = await repoType(ctx, target.type);
    const q = await client.recalculateRepoQuota({ repoId: target.repoId, type });
    printRecord(ctx, repoFields(q), q);
    ctx.log.success(`Measured the storage of ${target.repoId} again`);
    return;
  }
  const namespace = await namespaceOf(ctx, target.namespace);
  const q = await client.recalculateQuota({ namespace });
  printRecord(ctx, combinedFields(q), q);
  ctx.log.success(`Measured the storage of ${namespace} again`);
}

export const examples = [
  "kohub-cli quota recalculate",
  "kohub-cli quota recalculate my-org",
  "kohub-cli quota recalculate --repo my-org/my-model",
];

export default defineCommand({
  meta: { name: "recalculate", description: "Measure the storage used again (namespace or repository)" },
  args: {
    namespace: { type: "positional", required: false, description: "a user or organization [default: you]" },
    ...repoFlagArgs,
  },
  run: ({ args, data }) => recalculateRun(data as Context, quotaTarget(args)),
});
