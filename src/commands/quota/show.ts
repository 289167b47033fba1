/**
 * `kohub-cli quota show [NAMESPACE | --repo REPO]`: storage used and allowed. A namespace has two pools,
 * public and private repos; the private one is shown only to that user or the org's members.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printRecord } from "../../output/print.ts";
import { repoType } from "../_args.ts";
import { namespaceOf } from "../_namespace.ts";
import { namespaceFields, repoFields } from "./_fields.ts";
import { type QuotaTarget, quotaTarget, repoFlagArgs } from "./_shared.ts";

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
