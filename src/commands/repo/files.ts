/** `kohub-cli repo files`: the files of a repository (a folder, or everything below it). */
import { defineCommand } from "citty";
import { checkRefName } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import { printLines, printTable } from "../../output/print.ts";
import { repoType, revisionArg, typeArg } from "../_args.ts";
import { aboutRepo, checkRepoId, type RepoType, repoIdArg } from "./_shared.ts";

export interface FilesOptions {
  repoId: string;
  type?: RepoType;
  revision?: string;
  path?: string;
  recursive: boolean;
}

export function toOptions(args: {
  repo_id: string;
  type?: string;
  revision?: string;
  path?: string;
  recursive?: boolean;
}): FilesOptions {
  const path = args.path?.replace(/^\/+|\/+$/g, "") || undefined;
  if (path?.split("/").some((s) => s === "." || s === "..")) {
    throw new UsageError(`Invalid --path "${args.path}": use a folder path inside the repository`);
  }
  return {
    repoId: checkRepoId(args.repo_id),
    type: args.type as RepoType | undefined,
    revision: args.revision === undefined ? undefined : checkRefName(args.revision),
    path,
    recursive: Boolean(args.recursive),
  };
}

export async function filesRun(ctx: Context, opts: FilesOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const entries = await aboutRepo(ctx, opts, () =>
    client.listRepoTree({
      repoId: opts.repoId,
      type,
      revision: opts.revision,
      path: opts.path,
      recursive: opts.recursive,
    }),
  );
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      entries.map((e) => e.path),
    );
    return;
  }
  printTable(
    ctx,
    entries,
    [
      {
        header: "PATH",
        value: (e) => (e.type === "directory" ? `${e.path}/` : e.path),
        style: (s, c, e) => (e.type === "directory" ? c.blue(c.bold(s)) : s),
      },
      { header: "SIZE", value: (e) => (e.type === "directory" ? undefined : e.size), kind: "bytes" },
      {
        header: "LFS",
        value: (e) => (e.type === "file" && e.lfs ? "LFS" : ""),
        style: (s, c) => c.cyan(s),
      },
    ],
    { empty: opts.path ? `No files under ${opts.path}` : "No files" },
  );
}

export const examples = [
  "kohub-cli repo files my-org/my-model",
  "kohub-cli repo files my-org/my-model --revision main --path configs/ --recursive",
  "kohub-cli --output json repo files my-org/my-dataset -t dataset",
];

export default defineCommand({
  meta: { name: "files", description: "List the files of a repository (LFS files and folders marked)" },
  args: {
    ...repoIdArg,
    ...typeArg,
    ...revisionArg,
    path: {
      type: "string",
      alias: ["p"],
      description: "a folder inside the repository [default: the root]",
      valueHint: "PATH",
    },
    recursive: {
      type: "boolean",
      alias: ["R"],
      description: "every file below the folder (no folder entries)",
    },
  },
  run: ({ args, data }) => filesRun(data as Context, toOptions(args)),
});
