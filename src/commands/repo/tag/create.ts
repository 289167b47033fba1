/** `kohub-cli repo tag create`: tag main, or a branch, tag or commit. */
import { defineCommand } from "citty";
import { checkRefName } from "../../../api/validate.ts";
import type { Context } from "../../../context.ts";
import { CliError, EXIT } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";
import { headNow } from "../../../history/undo.ts";
import { printJson, printLines } from "../../../output/print.ts";
import { repoType, typeArg } from "../../_args.ts";
import { refHead } from "../_refs.ts";
import { aboutRepo, checkRepoId, label, type RepoType, repoIdArg } from "../_shared.ts";

export interface TagCreateOptions {
  repoId: string;
  tag: string;
  type?: RepoType;
  revision?: string;
  message?: string;
}

export function toOptions(args: {
  repo_id: string;
  tag: string;
  type?: string;
  revision?: string;
  message?: string;
}): TagCreateOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    tag: checkRefName(args.tag, "tag"),
    type: args.type as RepoType | undefined,
    revision: args.revision === undefined ? undefined : checkRefName(args.revision),
    message: args.message || undefined,
  };
}

export async function tagCreateRun(ctx: Context, opts: TagCreateOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const target = { repoId: opts.repoId, type };
  await aboutRepo(ctx, opts, async () => {
    if ((await refHead(client, target, "tag", opts.tag)) !== undefined) {
      throw new CliError("Tag already exists", {
        code: "TagExists",
        details: `${opts.repoId}@${opts.tag}`,
        exitCode: EXIT.CONFLICT,
      });
    }
    return client.createTag({ ...target, tag: opts.tag, revision: opts.revision, message: opts.message });
  });
  ctx.undo({
    op: "tag.delete",
    ...target,
    name: opts.tag,
    commit: await headNow(ctx, target, "tag", opts.tag),
  });
  const at = opts.revision ?? "main";
  if (ctx.json) printJson(ctx, { repo_id: opts.repoId, type, tag: opts.tag, revision: at });
  else if (ctx.quiet) printLines(ctx, [opts.tag]);
  ctx.log.success(`Created tag ${opts.tag} of ${label(type, opts.repoId)} at ${at}`);
}

/** Recorded; `kohub-cli undo` deletes the tag. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli repo tag create my-org/my-model v1.0 --type model",
  'kohub-cli repo tag create my-org/my-model v1.0 --type model --revision main --message "Release v1.0"',
];

export default defineCommand({
  meta: { name: "create", description: "Tag main or another revision" },
  args: {
    ...repoIdArg,
    tag: { type: "positional", required: true, description: "the new tag's name" },
    ...typeArg,
    revision: {
      type: "string",
      alias: ["r"],
      description: "what to tag: branch, tag or commit [default: main]",
      valueHint: "REV",
    },
    message: {
      type: "string",
      alias: ["m"],
      description: "a tag message (KohakuHub does not keep it)",
      valueHint: "TEXT",
    },
  },
  run: ({ args, data }) => tagCreateRun(data as Context, toOptions(args)),
});
