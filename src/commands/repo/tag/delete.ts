/** `kohub-cli repo tag delete`: delete a tag, confirmed or --yes. */
import { defineCommand } from "citty";
import { checkRefName } from "../../../api/validate.ts";
import type { Context } from "../../../context.ts";
import { printJson, printLines } from "../../../output/print.ts";
import { confirmDestructive, repoType, typeArg, yesArg } from "../../_args.ts";
import { refExists, refNotFound } from "../_refs.ts";
import { checkRepoId, label, type RepoType, repoIdArg } from "../_shared.ts";

export interface TagDeleteOptions {
  repoId: string;
  tag: string;
  type?: RepoType;
  yes: boolean;
}

export function toOptions(args: {
  repo_id: string;
  tag: string;
  type?: string;
  yes?: boolean;
}): TagDeleteOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    tag: checkRefName(args.tag, "tag"),
    type: args.type as RepoType | undefined,
    yes: Boolean(args.yes),
  };
}

export async function tagDeleteRun(ctx: Context, opts: TagDeleteOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  ctx.subject = opts.repoId;
  await confirmDestructive(ctx, opts.yes, `Delete tag ${opts.tag} of ${label(type, opts.repoId)}?`);
  const client = await ctx.client();
  const target = { repoId: opts.repoId, type };
  if (!(await refExists(client, target, "tag", opts.tag))) throw refNotFound("tag", opts.repoId, opts.tag);
  await client.deleteTag({ ...target, tag: opts.tag });
  if (ctx.json) printJson(ctx, { repo_id: opts.repoId, type, tag: opts.tag, deleted: true });
  else if (ctx.quiet) printLines(ctx, [opts.tag]);
  ctx.log.success(`Deleted tag ${opts.tag} of ${label(type, opts.repoId)}`);
}

export const examples = [
  "kohub-cli repo tag delete my-org/my-model v1.0 --type model",
  "kohub-cli repo tag delete my-org/my-model v0.9 --yes",
];

export default defineCommand({
  meta: { name: "delete", description: "Delete a tag" },
  args: {
    ...repoIdArg,
    tag: { type: "positional", required: true, description: "the tag to delete" },
    ...typeArg,
    ...yesArg,
  },
  run: ({ args, data }) => tagDeleteRun(data as Context, toOptions(args)),
});
