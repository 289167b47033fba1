/** `kohub-cli repo move`: rename a repository or move it to another namespace (history is rewritten). */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";
import { headNow } from "../../history/undo.ts";
import { printJson, printLines } from "../../output/print.ts";
import { confirmDestructive, repoType, typeArg, yesArg } from "../_args.ts";
import { checkRepoId, label, type RepoType } from "./_shared.ts";

export interface MoveOptions {
  fromRepo: string;
  toRepo: string;
  type?: RepoType;
  yes: boolean;
}

export function toOptions(args: {
  from_repo: string;
  to_repo: string;
  type?: string;
  yes?: boolean;
}): MoveOptions {
  const fromRepo = checkRepoId(args.from_repo);
  const toRepo = checkRepoId(args.to_repo);
  if (fromRepo === toRepo) throw new UsageError(`Cannot move ${fromRepo} onto itself: give a new name`);
  return { fromRepo, toRepo, type: args.type as RepoType | undefined, yes: Boolean(args.yes) };
}

export async function moveRun(ctx: Context, opts: MoveOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  ctx.subject = opts.fromRepo;
  await confirmDestructive(
    ctx,
    opts.yes,
    `Move ${label(type, opts.fromRepo)} to ${opts.toRepo}, keeping only the current files of main (its history, other branches and tags are lost)?`,
  );
  const client = await ctx.client();
  const moved = await client.moveRepo({ fromRepo: opts.fromRepo, toRepo: opts.toRepo, type });
  const target = { repoId: opts.toRepo, type };
  ctx.undo({ op: "repo.move", ...target, to: opts.fromRepo, head: await headNow(ctx, target) });
  if (ctx.json) {
    printJson(ctx, { from: opts.fromRepo, to: opts.toRepo, type, url: moved.url });
    return;
  }
  if (ctx.quiet) {
    printLines(ctx, [opts.toRepo]);
    return;
  }
  ctx.log.success(`Moved ${label(type, opts.fromRepo)} to ${opts.toRepo}`);
  printLines(ctx, [moved.url]);
}

/** Recorded; `kohub-cli undo` moves it back (the lost history stays lost). */
export const changes: Changes = true;

export const examples = [
  "kohub-cli repo move my-org/old-name my-org/new-name --type model",
  "kohub-cli repo move my-user/my-model my-org/my-model --type model --yes",
];

export default defineCommand({
  meta: { name: "move", description: "Rename or move a repository (keeps only main's files)" },
  args: {
    from_repo: { type: "positional", required: true, description: "the repository now (namespace/name)" },
    to_repo: { type: "positional", required: true, description: "its new id (namespace/name)" },
    ...typeArg,
    ...yesArg,
  },
  run: ({ args, data }) => moveRun(data as Context, toOptions(args)),
});
