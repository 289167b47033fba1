/** `kohub-cli repo delete`: delete a repository and everything in it (confirmed, or --yes). */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printJson, printLines } from "../../output/print.ts";
import { confirmDestructive, repoType, typeArg, yesArg } from "../_args.ts";
import { checkRepoId, label, type RepoType, repoIdArg } from "./_shared.ts";

export interface DeleteOptions {
  repoId: string;
  type?: RepoType;
  yes: boolean;
}

export function toOptions(args: { repo_id: string; type?: string; yes?: boolean }): DeleteOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    type: args.type as RepoType | undefined,
    yes: Boolean(args.yes),
  };
}

export async function deleteRun(ctx: Context, opts: DeleteOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  ctx.subject = opts.repoId;
  await confirmDestructive(
    ctx,
    opts.yes,
    `Delete ${label(type, opts.repoId)} with all its files and history (this cannot be undone)?`,
  );
  const client = await ctx.client();
  await client.deleteRepo({ repoId: opts.repoId, type });
  if (ctx.json) printJson(ctx, { repo_id: opts.repoId, type, deleted: true });
  else if (ctx.quiet) printLines(ctx, [opts.repoId]);
  ctx.log.success(`Deleted ${label(type, opts.repoId)}`);
}

export const examples = [
  "kohub-cli repo delete my-org/my-model --type model",
  "kohub-cli repo delete my-org/old-dataset -t dataset --yes",
];

export default defineCommand({
  meta: { name: "delete", description: "Delete a repository (irreversible)" },
  args: { ...repoIdArg, ...typeArg, ...yesArg },
  run: ({ args, data }) => deleteRun(data as Context, toOptions(args)),
});
