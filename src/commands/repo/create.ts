/** `kohub-cli repo create`: a new repository (a bare name goes to your own namespace). */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import type { Changes } from "../../history/types.ts";
import { headNow } from "../../history/undo.ts";
import { printJson, printLines } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import { checkRepoId, type RepoType, repoIdArg, visibility } from "./_shared.ts";

export interface CreateOptions {
  repoId: string;
  type?: RepoType;
  private: boolean;
}

export function toOptions(args: { repo_id: string; type?: string; private?: boolean }): CreateOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    type: args.type as RepoType | undefined,
    private: Boolean(args.private),
  };
}

export async function createRun(ctx: Context, opts: CreateOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  ctx.subject = opts.repoId;
  const client = await ctx.client();
  const created = await client.createRepo({ repoId: opts.repoId, type, private: opts.private });
  // Undo deletes it, unless main has moved from this first commit by then.
  const target = { repoId: created.repo_id, type };
  ctx.undo({ op: "repo.delete", ...target, head: await headNow(ctx, target) });
  if (ctx.json) {
    printJson(ctx, { repo_id: created.repo_id, url: created.url, type, private: opts.private });
    return;
  }
  if (ctx.quiet) {
    printLines(ctx, [created.repo_id]);
    return;
  }
  ctx.log.success(`Created ${visibility(opts.private)} ${type} repository ${created.repo_id}`);
  printLines(ctx, [created.url]);
}

/** Recorded in the history; `kohub-cli undo` deletes the repository while it has no new commits. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli repo create my-model --type model",
  "kohub-cli repo create my-org/my-model --type model --private",
  "kohub-cli repo create my-dataset -t dataset --quiet",
];

export default defineCommand({
  meta: { name: "create", description: "Create a repository" },
  args: {
    ...repoIdArg,
    ...typeArg,
    private: { type: "boolean", description: "only you (and your organization) can see it" },
  },
  run: ({ args, data }) => createRun(data as Context, toOptions(args)),
});
