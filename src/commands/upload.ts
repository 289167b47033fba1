/** `kohub-cli upload`: a local file or folder to a repository, in one commit (LFS, resumable, with progress). */
import { basename } from "node:path";
import { defineCommand } from "citty";
import type { KohubClient } from "../api/client.ts";
import type { SkippedLink, UploadResult } from "../api/files/api.ts";
import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import type { Changes } from "../history/types.ts";
import { formatBytes } from "../output/format.ts";
import { printJson, printLines } from "../output/print.ts";
import { createProgress } from "../output/progress.ts";
import { maxWorkersArg, patternsFlag, repoType, typeArg } from "./_args.ts";
import { checkRepoId, intFlag, label, type RepoType, repoIdArg } from "./repo/_shared.ts";

export interface UploadOptions {
  repoId: string;
  localPath: string;
  /** Where in the repo: a file path (single file) or a folder (default: the file's name, or the root). */
  pathInRepo?: string;
  type?: RepoType;
  revision?: string;
  commitMessage?: string;
  commitDescription?: string;
  include?: string[];
  exclude?: string[];
  delete?: string[];
  /** Create the repository (private) when it does not exist. */
  private: boolean;
  /** Follow links that lead out of the folder too. */
  followSymlinks: boolean;
  maxWorkers?: number;
}

export interface UploadArgs {
  repo_id: string;
  local_path: string;
  path_in_repo?: string;
  type?: string;
  revision?: string;
  "commit-message"?: string;
  "commit-description"?: string;
  private?: boolean;
  "follow-symlinks"?: boolean;
  "max-workers"?: string;
}

export function toOptions(args: UploadArgs, rawArgs: string[] = []): UploadOptions {
  if (!args.local_path?.trim()) throw new UsageError("Missing argument <local_path>: a file or a folder");
  const pathInRepo = args.path_in_repo?.replace(/^\.?\/+/, "");
  if (pathInRepo?.split("/").some((s) => s === "..")) {
    throw new UsageError(`Invalid path_in_repo "${args.path_in_repo}": it must stay inside the repository`);
  }
  return {
    repoId: checkRepoId(args.repo_id),
    localPath: args.local_path,
    pathInRepo: pathInRepo || undefined,
    type: args.type as RepoType | undefined,
    revision: args.revision,
    commitMessage: args["commit-message"],
    commitDescription: args["commit-description"],
    include: patternsFlag(rawArgs, "include"),
    exclude: patternsFlag(rawArgs, "exclude"),
    delete: patternsFlag(rawArgs, "delete"),
    private: Boolean(args.private),
    followSymlinks: Boolean(args["follow-symlinks"]),
    maxWorkers: intFlag(args["max-workers"], "max-workers", 1, 64),
  };
}

/** What the local path is (checked before any request). */
async function localKind(path: string): Promise<"file" | "folder"> {
  const { stat } = await import("node:fs/promises");
  const st = await stat(path).catch(() => undefined);
  if (!st) throw new UsageError(`Local path "${path}" does not exist`);
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "folder";
  throw new UsageError(`Local path "${path}" is neither a file nor a folder`);
}

export async function uploadRun(ctx: Context, opts: UploadOptions): Promise<UploadResult> {
  const kind = await localKind(opts.localPath);
  if (kind === "file" && (opts.include || opts.exclude || opts.delete)) {
    throw new UsageError("--include, --exclude and --delete apply to folders; the local path is a file");
  }
  const type = await repoType(ctx, opts.type);
  const revision = opts.revision ?? "main";
  const client = await ctx.client();
  ctx.subject = opts.repoId;
  if (opts.private) {
    const { ConflictError } = await import("../api/errors.ts");
    try {
      await client.createRepo({ repoId: opts.repoId, type, private: true });
      ctx.log.success(`Created private ${label(type, opts.repoId)}`);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  const started = performance.now();
  const result = await transfer(ctx, client, opts, kind, { type, revision });
  if (result.committed && result.commitOid) {
    ctx.undo({ op: "commit.revert", repoId: opts.repoId, type, branch: revision, commit: result.commitOid });
  }
  const url = result.commitUrl
    ? `${client.endpoint.replace(/\/+$/, "")}/${result.commitUrl.replace(/^\/+/, "")}`
    : undefined;
  report(ctx, opts, result, { type, revision, url, seconds: (performance.now() - started) / 1000 });
  return result;
}

/** The upload itself, a file or a folder, with the progress display on a terminal. */
async function transfer(
  ctx: Context,
  client: KohubClient,
  opts: UploadOptions,
  kind: "file" | "folder",
  where: { type: RepoType; revision: string },
): Promise<UploadResult> {
  const progress = createProgress({
    io: ctx.io,
    enabled: ctx.io.isErrTTY && !ctx.quiet,
    verbose: ctx.verbose,
  });
  const common = {
    repoId: opts.repoId,
    ...where,
    commitMessage: opts.commitMessage,
    commitDescription: opts.commitDescription,
    maxWorkers: opts.maxWorkers,
    onProgress: progress.active ? progress.onProgress : undefined,
    signal: ctx.interruptSignal(),
  };
  try {
    if (kind === "file") {
      const pathInRepo = opts.pathInRepo ?? basename(opts.localPath);
      return await client.uploadFile({ ...common, path: opts.localPath, pathInRepo });
    }
    return await client.uploadFolder({
      ...common,
      folder: opts.localPath,
      pathInRepo: opts.pathInRepo,
      include: opts.include,
      exclude: opts.exclude,
      deletePatterns: opts.delete,
      followSymlinks: opts.followSymlinks,
    });
  } finally {
    progress.finish();
  }
}

/** What an upload did: the JSON document, the commit id (--quiet), or a summary and the commit's URL. */
function report(
  ctx: Context,
  opts: UploadOptions,
  result: UploadResult,
  about: { type: RepoType; revision: string; url: string | undefined; seconds: number },
): void {
  const { type, revision, url } = about;
  if (ctx.json) {
    printJson(ctx, {
      repo_id: opts.repoId,
      type,
      revision,
      committed: result.committed,
      commit_oid: result.commitOid ?? null,
      commit_url: url ?? null,
      files: result.files,
      deleted: result.deleted,
      skipped: result.skipped,
      bytes_sent: result.bytesSent,
      seconds: Number(about.seconds.toFixed(3)),
    });
    return;
  }
  for (const link of result.skipped) ctx.log.warn(skippedLine(link));
  const sent = result.files.filter((f) => f.status !== "unchanged");
  const unchanged = result.files.length - sent.length;
  const total = sent.reduce((s, f) => s + f.size, 0);
  const where = `${label(type, opts.repoId)}${revision === "main" ? "" : `@${revision}`}`;
  if (!result.committed) {
    const n = result.files.length;
    ctx.log.info(`Nothing to commit: ${where} already has ${n === 1 ? "this file" : `these ${n} files`}`);
    return;
  }
  if (ctx.quiet) {
    printLines(ctx, result.commitOid ? [result.commitOid] : []);
    return;
  }
  const parts = [`${sent.length} file${sent.length === 1 ? "" : "s"} (${formatBytes(total)})`];
  if (unchanged) parts.push(`${unchanged} unchanged`);
  if (result.deleted.length) parts.push(`${result.deleted.length} deleted`);
  ctx.log.success(`Uploaded ${parts.join(", ")} to ${where}`);
  if (url) printLines(ctx, [url]);
}

/** The warning of a link the upload left out. */
function skippedLine(link: SkippedLink): string {
  const why = {
    outside: "it points outside the folder (upload it with --follow-symlinks)",
    dangling: "it is dangling: it points nowhere",
    loop: "it makes a loop: it points back to a folder it is in",
  }[link.reason];
  return `Skipped link ${link.path}: ${why}`;
}

/** Recorded; `kohub-cli undo` reverts the commit on its branch. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli upload my-org/my-model ./model.safetensors",
  "kohub-cli upload my-org/my-model ./checkpoint --include '*.safetensors' --include '*.json' -m 'New weights'",
  "kohub-cli upload my-org/my-data ./data data/ --type dataset --delete '*.csv' --private",
];

export default defineCommand({
  meta: { name: "upload", description: "Upload a file or a folder to a repository (one commit)" },
  args: {
    ...repoIdArg,
    local_path: { type: "positional", required: true, description: "the local file or folder" },
    path_in_repo: {
      type: "positional",
      required: false,
      description: "where in the repository [default: the file's name, or the root for a folder]",
    },
    ...typeArg,
    revision: {
      type: "string",
      alias: ["r"],
      description: "branch to commit to [default: main]",
      valueHint: "BRANCH",
    },
    "commit-message": {
      type: "string",
      alias: ["m"],
      description: "the commit's summary",
      valueHint: "TEXT",
    },
    "commit-description": {
      type: "string",
      description: "the commit's longer description",
      valueHint: "TEXT",
    },
    include: {
      type: "string",
      description: "upload only files matching this glob (repeatable)",
      valueHint: "GLOB",
    },
    exclude: { type: "string", description: "skip files matching this glob (repeatable)", valueHint: "GLOB" },
    delete: {
      type: "string",
      description: "delete remote files matching this glob that are not uploaded (repeatable)",
      valueHint: "GLOB",
    },
    private: { type: "boolean", description: "create the repository, private, if it does not exist" },
    "follow-symlinks": {
      type: "boolean",
      description: "also upload what links pointing outside the folder lead to [default: skip them]",
    },
    ...maxWorkersArg,
  },
  run: async ({ args, rawArgs, data }) => {
    await uploadRun(data as Context, toOptions(args, rawArgs));
  },
});
