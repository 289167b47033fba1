/** `kohub-cli repo delete`: delete one or more repositories and everything in them (confirmed, or --yes). */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import type { Changes } from "../../history/types.ts";
import { confirmDestructive, repoType, typeArg, yesArg } from "../_args.ts";
import { eachTarget } from "../_batch-targets.ts";
import { checkRepoId, label, type RepoType, repoIdArg } from "./_shared.ts";

export interface DeleteOptions {
  /** The repositories, in order, each once. */
  repoIds: string[];
  type?: RepoType;
  yes: boolean;
}

export function toOptions(args: {
  repo_id: string;
  more?: string[];
  type?: string;
  yes?: boolean;
}): DeleteOptions {
  return {
    repoIds: [...new Set([args.repo_id, ...(args.more ?? [])].map(checkRepoId))],
    type: args.type as RepoType | undefined,
    yes: Boolean(args.yes),
  };
}

export async function deleteRun(ctx: Context, opts: DeleteOptions): Promise<void> {
  const { repoIds } = opts;
  const type = await repoType(ctx, opts.type);
  const what =
    repoIds.length === 1
      ? label(type, repoIds[0] as string)
      : `${repoIds.length} ${type}s (${repoIds.join(", ")})`;
  ctx.subject = repoIds[0];
  await confirmDestructive(
    ctx,
    opts.yes,
    `Delete ${what} with all ${repoIds.length === 1 ? "its" : "their"} files and history (this cannot be undone)?`,
  );
  const client = await ctx.client();
  await eachTarget(
    ctx,
    repoIds,
    (repoId) => ({ repo_id: repoId, type }),
    async (repoId) => {
      ctx.subject = repoId;
      await client.deleteRepo({ repoId, type });
      return {
        json: { repo_id: repoId, type, deleted: true },
        quiet: repoId,
        message: `Deleted ${label(type, repoId)}`,
      };
    },
  );
}

/** Recorded as what `kohub-cli undo` cannot undo. */
export const changes: Changes = { irreversible: "the server keeps nothing of a deleted repository" };

export const examples = [
  "kohub-cli repo delete my-org/my-model --type model",
  "kohub-cli repo delete my-org/old-dataset -t dataset --yes",
  "kohub-cli repo delete my-org/tmp-1 my-org/tmp-2 my-org/tmp-3 --yes",
];

export const variadic = "more";

export default defineCommand({
  meta: { name: "delete", description: "Delete a repository (irreversible)" },
  args: {
    repo_id: { ...repoIdArg.repo_id, description: `${repoIdArg.repo_id.description}; more may follow` },
    ...typeArg,
    ...yesArg,
  },
  run: ({ args, data }) => deleteRun(data as Context, toOptions({ ...args, more: args._.slice(1) })),
});
