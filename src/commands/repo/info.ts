/** `kohub-cli repo info`: one repository at main, or at a branch, tag or commit. */
import { defineCommand } from "citty";
import { checkRefName } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import { printLines, printRecord } from "../../output/print.ts";
import { repoType, revisionArg, typeArg } from "../_args.ts";
import { aboutRepo, checkRepoId, type RepoType, repoIdArg, visibility } from "./_shared.ts";

export interface InfoOptions {
  repoId: string;
  type?: RepoType;
  revision?: string;
}

export function toOptions(args: { repo_id: string; type?: string; revision?: string }): InfoOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    type: args.type as RepoType | undefined,
    revision: args.revision === undefined ? undefined : checkRefName(args.revision),
  };
}

const TITLES: Record<RepoType, string> = {
  model: "Model repository",
  dataset: "Dataset repository",
  space: "Space repository",
};

export async function infoRun(ctx: Context, opts: InfoOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const info = await aboutRepo(ctx, opts, () =>
    client.repoInfo({ repoId: opts.repoId, type, revision: opts.revision }),
  );
  if (ctx.quiet && !ctx.json) {
    printLines(ctx, [info.id]);
    return;
  }
  const size = info.siblings.reduce((sum, s) => sum + (s.size ?? s.lfs?.size ?? 0), 0);
  printRecord(
    ctx,
    [
      ["ID", info.id],
      ["Author", info.author],
      ["Type", type],
      ["Visibility", visibility(info.private)],
      ["Created", info.createdAt, "date"],
      ["Last modified", info.lastModified, "date"],
      ["Revision", opts.revision],
      ["SHA", info.sha],
      ["Downloads", info.downloads, "number"],
      ["Likes", info.likes, "number"],
      ["Files", info.siblings.length, "number"],
      ["Size", size, "bytes"],
    ],
    info,
    TITLES[type],
  );
}

export const examples = [
  "kohub-cli repo info my-org/my-model --type model",
  "kohub-cli repo info my-org/my-model --type model --revision v1.0",
  "kohub-cli --output json repo info my-org/my-model",
];

export default defineCommand({
  meta: {
    name: "info",
    description: "Show a repository: visibility, dates, commit, downloads, likes, files",
  },
  args: {
    ...repoIdArg,
    ...typeArg,
    ...revisionArg,
  },
  run: ({ args, data }) => infoRun(data as Context, toOptions(args)),
});
