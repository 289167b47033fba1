/** `kohub-cli repo refs`: the branches and tags of a repository, with the commits they point to. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printLines, printTable } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import { aboutRepo, commitShown, type RepoOptions, repoIdArg, repoOptions } from "./_shared.ts";

export async function refsRun(ctx: Context, opts: RepoOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const refs = await aboutRepo(ctx, opts, () => client.listRefs({ repoId: opts.repoId, type }));
  const rows = [
    ...refs.branches.map((r) => ({ kind: "branch", ...r })),
    ...refs.tags.map((r) => ({ kind: "tag", ...r })),
  ];
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      rows.map((r) => r.name),
    );
    return;
  }
  printTable(
    ctx,
    rows,
    [
      { header: "KIND", value: (r) => r.kind },
      { header: "NAME", value: (r) => r.name, style: (s, c) => c.bold(s) },
      { header: "COMMIT", value: (r) => commitShown(ctx, r.targetCommit), style: (s, c) => c.yellow(s) },
    ],
    { json: { branches: refs.branches, tags: refs.tags } },
  );
}

export const examples = [
  "kohub-cli repo refs my-org/my-model",
  "kohub-cli --output json repo refs my-org/my-model",
];

export default defineCommand({
  meta: { name: "refs", description: "List branches and tags with the commits they point to" },
  args: { ...repoIdArg, ...typeArg },
  run: ({ args, data }) => refsRun(data as Context, repoOptions(args)),
});
