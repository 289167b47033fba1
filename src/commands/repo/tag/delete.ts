/** `kohub-cli repo tag delete`: delete one or more tags, confirmed or --yes. */
import { defineCommand } from "citty";
import { checkRefName } from "../../../api/validate.ts";
import type { Context } from "../../../context.ts";
import type { Changes } from "../../../history/types.ts";
import { confirmDestructive, repoType, typeArg, yesArg } from "../../_args.ts";
import { eachTarget } from "../../_batch-targets.ts";
import { refNotFound } from "../_refs.ts";
import { checkRepoId, label, type RepoType, repoIdArg } from "../_shared.ts";

export interface TagDeleteOptions {
  repoId: string;
  /** The tags, in order, each once. */
  tags: string[];
  type?: RepoType;
  yes: boolean;
}

export function toOptions(args: {
  repo_id: string;
  tag: string;
  more?: string[];
  type?: string;
  yes?: boolean;
}): TagDeleteOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    tags: [...new Set([args.tag, ...(args.more ?? [])])].map((t) => checkRefName(t, "tag")),
    type: args.type as RepoType | undefined,
    yes: Boolean(args.yes),
  };
}

export async function tagDeleteRun(ctx: Context, opts: TagDeleteOptions): Promise<void> {
  const { tags } = opts;
  const type = await repoType(ctx, opts.type);
  const { repoId } = opts;
  ctx.subject = repoId;
  const what = tags.length === 1 ? `tag ${tags[0]}` : `tags ${tags.join(", ")}`;
  await confirmDestructive(ctx, opts.yes, `Delete ${what} of ${label(type, repoId)}?`);
  const client = await ctx.client();
  const target = { repoId, type };
  // Read once: a missing repository stops the command (every tag would fail the same way).
  const commits = new Map((await client.listRefs(target)).tags.map((t) => [t.name, t.targetCommit]));
  await eachTarget(
    ctx,
    tags,
    (tag) => ({ repo_id: repoId, type, tag }),
    async (tag) => {
      const commit = commits.get(tag);
      if (!commit) throw refNotFound("tag", repoId, tag);
      await client.deleteTag({ ...target, tag });
      ctx.undo({ op: "tag.create", ...target, name: tag, commit });
      return {
        json: { repo_id: repoId, type, tag, deleted: true },
        quiet: tag,
        message: `Deleted tag ${tag} of ${label(type, repoId)}`,
      };
    },
  );
}

/** Recorded; `kohub-cli undo` recreates each tag at its commit. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli repo tag delete my-org/my-model v1.0 --type model",
  "kohub-cli repo tag delete my-org/my-model v0.9 --yes",
  "kohub-cli repo tag delete my-org/my-model rc1 rc2 --yes",
];

export const variadic = "more";

export default defineCommand({
  meta: { name: "delete", description: "Delete a tag" },
  args: {
    ...repoIdArg,
    tag: { type: "positional", required: true, description: "the tag to delete; more may follow" },
    ...typeArg,
    ...yesArg,
  },
  run: ({ args, data }) => tagDeleteRun(data as Context, toOptions({ ...args, more: args._.slice(2) })),
});
