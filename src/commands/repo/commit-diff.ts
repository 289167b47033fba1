/** `kohub-cli repo commit-diff`: the files a commit changed, and with --show-diff the unified diffs. */
import { defineCommand } from "citty";
import type { CommitDiffFile } from "../../api/schemas/content.ts";
import { checkRefName } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import { printJson, printLines, printTable } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import { aboutRepo, checkRepoId, type RepoType, repoIdArg } from "./_shared.ts";

export interface CommitDiffOptions {
  repoId: string;
  commitId: string;
  type?: RepoType;
  showDiff: boolean;
}

export function toOptions(args: {
  repo_id: string;
  commit_id: string;
  type?: string;
  "show-diff"?: boolean;
}): CommitDiffOptions {
  return {
    repoId: checkRepoId(args.repo_id),
    commitId: checkRefName(args.commit_id, "commit id"),
    type: args.type as RepoType | undefined,
    showDiff: Boolean(args["show-diff"]),
  };
}

/** The unified diff of one file, coloured on a terminal, or why there is none. */
function diffLines(ctx: Context, file: CommitDiffFile): string[] {
  const c = ctx.colors;
  const head = c.bold(`${file.type} ${file.path}`);
  if (typeof file.diff !== "string") {
    const why = file.is_lfs ? "LFS file" : "file too large";
    return [head, c.dim(`(no text diff: ${why})`), ""];
  }
  const body = file.diff.replace(/\n$/, "").split("\n");
  const coloured = body.map((line) => {
    if (line.startsWith("+++") || line.startsWith("---")) return c.bold(line);
    if (line.startsWith("@@")) return c.cyan(line);
    if (line.startsWith("+")) return c.green(line);
    if (line.startsWith("-")) return c.red(line);
    return line;
  });
  return [head, ...coloured, ""];
}

export async function commitDiffRun(ctx: Context, opts: CommitDiffOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const diff = await aboutRepo(ctx, { repoId: opts.repoId, revision: opts.commitId }, () =>
    client.getCommitDiff({ repoId: opts.repoId, type, commitId: opts.commitId }),
  );
  if (ctx.json) {
    printJson(ctx, diff);
    return;
  }
  if (ctx.quiet) {
    printLines(
      ctx,
      diff.files.map((f) => f.path),
    );
    return;
  }
  if (diff.files.length && !opts.showDiff) {
    const parent = diff.parent_commit ? `against parent ${diff.parent_commit.slice(0, 8)}` : "";
    ctx.log.info(`${diff.files.length} file(s) changed ${parent}`.trim());
  }
  if (opts.showDiff) {
    printLines(
      ctx,
      diff.files.flatMap((f) => diffLines(ctx, f)),
    );
    return;
  }
  printTable(
    ctx,
    diff.files,
    [
      { header: "STATUS", value: (f) => f.type },
      { header: "PATH", value: (f) => f.path },
      { header: "SIZE", value: (f) => f.size_bytes ?? f.previous_size, kind: "bytes" },
      { header: "LFS", value: (f) => (f.is_lfs ? "LFS" : "") },
    ],
    { empty: diff.parent_commit ? "No files changed" : "No files changed (first commit)" },
  );
}

export const examples = [
  "kohub-cli repo commit-diff my-org/my-model abc1234 --type model",
  "kohub-cli repo commit-diff my-org/my-model abc1234 --type model --show-diff",
];

export default defineCommand({
  meta: { name: "commit-diff", description: "Show the files a commit changed (and the diffs)" },
  args: {
    ...repoIdArg,
    commit_id: { type: "positional", required: true, description: "a commit id (or a branch or tag)" },
    ...typeArg,
    "show-diff": { type: "boolean", alias: ["d"], description: "print the unified diff of each text file" },
  },
  run: ({ args, data }) => commitDiffRun(data as Context, toOptions(args)),
});
