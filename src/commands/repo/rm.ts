/** `kohub-cli repo rm`: delete files (and, with --recursive, folders) from a branch, in one commit. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";
import { printJson, printLines } from "../../output/print.ts";
import { confirmDestructive, repoType, typeArg, yesArg } from "../_args.ts";
import { aboutRepo, checkRepoId, label, type RepoType, repoIdArg } from "./_shared.ts";

export interface RmOptions {
  repoId: string;
  paths: string[];
  type?: RepoType;
  revision?: string;
  commitMessage?: string;
  recursive: boolean;
  yes: boolean;
}

export function toOptions(args: {
  repo_id: string;
  paths?: string[];
  type?: string;
  revision?: string;
  "commit-message"?: string;
  recursive?: boolean;
  yes?: boolean;
}): RmOptions {
  const paths = (args.paths ?? []).map((p) => p.replace(/^\.?\/+/, "").replace(/\/+$/, ""));
  if (paths.length === 0) {
    throw new UsageError("Missing argument <paths>: name the files (or folders, with --recursive) to delete");
  }
  for (const [i, p] of paths.entries()) {
    if (!p || p.split("/").some((s) => s === ".." || s === "." || s === "")) {
      throw new UsageError(`Invalid path "${args.paths?.[i]}": use a path inside the repository`);
    }
  }
  return {
    repoId: checkRepoId(args.repo_id),
    paths: [...new Set(paths)],
    type: args.type as RepoType | undefined,
    revision: args.revision,
    commitMessage: args["commit-message"],
    recursive: Boolean(args.recursive),
    yes: Boolean(args.yes),
  };
}

export async function rmRun(ctx: Context, opts: RmOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const revision = opts.revision ?? "main";
  const client = await ctx.client();
  const target = { repoId: opts.repoId, type, revision };
  // What each path is: every one must exist; a folder needs --recursive and stands for the files below it.
  const infos = await aboutRepo(ctx, { repoId: opts.repoId, revision }, () =>
    client.getPathsInfo({ ...target, paths: opts.paths }),
  );
  const byPath = new Map(infos.map((e) => [e.path, e]));
  const files: string[] = [];
  for (const path of opts.paths) {
    const info = byPath.get(path);
    if (!info) {
      const { NotFoundError } = await import("../../api/errors.ts");
      ctx.subject = `${opts.repoId}/${path}`;
      throw new NotFoundError(`${path} does not exist at ${revision}`, { code: "EntryNotFound" });
    }
    if (info.type === "directory") {
      if (!opts.recursive)
        throw new UsageError(`${path} is a folder: pass --recursive to delete it and its files`);
      const below = await client.listRepoTree({ ...target, path, recursive: true });
      for (const e of below) if (e.type === "file") files.push(e.path);
    } else files.push(path);
  }
  const unique = [...new Set(files)].sort();
  if (unique.length === 0) throw new UsageError("Nothing to delete: the folders are empty");
  const where = `${label(type, opts.repoId)}${revision === "main" ? "" : `@${revision}`}`;
  const what = unique.length === 1 ? unique[0] : `${unique.length} files`;
  await confirmDestructive(ctx, opts.yes, `Delete ${what} from ${where}?`);
  const result = await client.deleteFiles({
    ...target,
    paths: unique,
    commitMessage: opts.commitMessage,
    signal: ctx.interruptSignal(),
  });
  ctx.undo({ op: "commit.revert", repoId: opts.repoId, type, branch: revision, commit: result.commitOid });
  const url = `${client.endpoint.replace(/\/+$/, "")}/${result.commitUrl.replace(/^\/+/, "")}`;
  if (ctx.json) {
    printJson(ctx, {
      repo_id: opts.repoId,
      type,
      revision,
      commit_oid: result.commitOid,
      commit_url: url,
      deleted: unique,
    });
    return;
  }
  if (ctx.quiet) {
    printLines(ctx, [result.commitOid]);
    return;
  }
  ctx.log.success(`Deleted ${what} from ${where}`);
  printLines(ctx, [url]);
}

/** Recorded; `kohub-cli undo` reverts the commit on its branch. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli repo rm my-org/my-model old.bin notes.txt",
  "kohub-cli repo rm my-org/my-model checkpoints/ --recursive --yes -m 'Drop old checkpoints'",
  "kohub-cli repo rm my-org/my-data train.csv --type dataset --revision dev",
];

export const variadic = "paths";

export default defineCommand({
  meta: { name: "rm", description: "Delete files or folders from a repository (one commit)" },
  args: {
    ...repoIdArg,
    ...typeArg,
    revision: { type: "string", description: "branch to commit to [default: main]", valueHint: "BRANCH" },
    "commit-message": {
      type: "string",
      alias: ["m"],
      description: "the commit's summary",
      valueHint: "TEXT",
    },
    recursive: {
      type: "boolean",
      alias: ["r", "R"],
      description: "delete folders and every file below them",
    },
    ...yesArg,
  },
  run: ({ args, data }) => rmRun(data as Context, toOptions({ ...args, paths: args._.slice(1) })),
});
