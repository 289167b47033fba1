/**
 * `kohub-cli download`: files or a whole revision, into the Hugging Face cache (where `huggingface_hub` and
 * `transformers` find them offline, as `hf download` puts them) or into a folder (`--local-dir`).
 */
import { join, resolve } from "node:path";
import { defineCommand } from "citty";
import type { TransferProgress } from "../api/files/api.ts";
import { checkRefName } from "../api/validate.ts";
import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import { formatBytes } from "../output/format.ts";
import { printJson, printLines } from "../output/print.ts";
import { createProgress } from "../output/progress.ts";
import { maxWorkersArg, patternsFlag, repoType, revisionArg, typeArg } from "./_args.ts";
import { checkRepoId, intFlag, label, type RepoType, repoIdArg } from "./repo/_shared.ts";

export interface DownloadOptions {
  repoId: string;
  /** Files to download (none: the whole revision, filtered by include/exclude). */
  files: string[];
  type?: RepoType;
  revision?: string;
  localDir?: string;
  /** The Hugging Face hub cache to use instead of `$HF_HUB_CACHE` / `$HF_HOME/hub`. */
  cacheDir?: string;
  include?: string[];
  exclude?: string[];
  force: boolean;
  maxWorkers?: number;
}

export interface DownloadArgs {
  repo_id: string;
  files?: string[];
  type?: string;
  revision?: string;
  "local-dir"?: string;
  "cache-dir"?: string;
  force?: boolean;
  "max-workers"?: string;
}

/** One downloaded file, as the JSON document lists it. */
export interface DownloadedFile {
  path: string;
  size: number | null;
  /** `downloaded`, or `cached` when an up-to-date copy was already there. */
  status: "downloaded" | "cached";
  local_path: string;
}

export function toOptions(args: DownloadArgs, rawArgs: string[] = []): DownloadOptions {
  const files = (args.files ?? []).map((f) => f.replace(/^\.?\/+/, ""));
  for (const [i, f] of files.entries()) {
    if (!f || f.split("/").some((s) => s === ".." || s === "." || s === "")) {
      throw new UsageError(`Invalid file "${args.files?.[i]}": use a path inside the repository`);
    }
  }
  const include = patternsFlag(rawArgs, "include");
  const exclude = patternsFlag(rawArgs, "exclude");
  if (files.length && (include || exclude)) {
    throw new UsageError("--include and --exclude filter a whole revision: use them without file names");
  }
  const localDir = args["local-dir"];
  if (localDir !== undefined && !localDir.trim()) throw new UsageError("--local-dir needs a folder");
  const cacheDir = args["cache-dir"];
  if (cacheDir !== undefined && !cacheDir.trim()) throw new UsageError("--cache-dir needs a folder");
  if (localDir !== undefined && cacheDir !== undefined) {
    throw new UsageError("--local-dir and --cache-dir: a download goes to one of them, not both");
  }
  return {
    repoId: checkRepoId(args.repo_id),
    files,
    type: args.type as RepoType | undefined,
    revision: args.revision === undefined ? undefined : checkRefName(args.revision),
    localDir,
    cacheDir,
    include,
    exclude,
    force: Boolean(args.force),
    maxWorkers: intFlag(args["max-workers"], "max-workers", 1, 64),
  };
}

/** Runs `fn` over `items`, `workers` at a time; the first failure is rethrown once the others settle. */
async function pool<T>(
  items: T[],
  workers: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (errors.length === 0 && next < items.length) {
      const i = next++;
      await fn(items[i] as T, i).catch((err) => errors.push(err));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
  if (errors.length) throw errors[0];
}

export async function downloadRun(ctx: Context, opts: DownloadOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const revision = opts.revision ?? "main";
  const client = await ctx.client();
  ctx.subject = opts.repoId;
  const localDir = opts.localDir === undefined ? undefined : resolve(opts.localDir);
  const progress = createProgress({
    io: ctx.io,
    enabled: ctx.io.isErrTTY && !ctx.quiet,
    verbose: ctx.verbose,
  });
  const signal = ctx.interruptSignal();
  const cacheDir = opts.cacheDir === undefined ? undefined : resolve(opts.cacheDir);
  const common = { repoId: opts.repoId, type, revision, localDir, cacheDir, force: opts.force, signal };
  // What each file became, from the progress events (a file found up to date is `cached`), and how many
  // of its bytes were already on disk (up to date, or left by an interrupted download and resumed).
  const seen = new Map<string, { size: number; skipped: boolean; reused: number }>();
  const note = (e: TransferProgress) => {
    if (!e.file?.done) return;
    const { path, totalBytes: size, skippedBytes: reused } = e.file;
    seen.set(path, { size, skipped: Boolean(e.file.skipped), reused });
  };
  let folder: string | undefined;
  /** What each file became: built only for JSON output (sorting and joining thousands of paths shows). */
  let files: () => DownloadedFile[];
  const started = performance.now();
  try {
    if (opts.files.length === 0) {
      folder = await client.snapshotDownload({
        ...common,
        include: opts.include,
        exclude: opts.exclude,
        maxWorkers: opts.maxWorkers,
        onProgress: (e) => {
          note(e);
          progress.onProgress(e);
        },
      });
      const root = folder;
      files = () =>
        [...seen.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([path, s]) => ({
            path,
            size: s.size,
            status: s.skipped ? "cached" : "downloaded",
            local_path: join(root, ...path.split("/")),
          }));
    } else {
      // Several files: one progress bar over all of them.
      const last = new Map<number, TransferProgress>();
      let opened = false;
      const combined = (index: number) => (e: TransferProgress) => {
        note(e);
        last.set(index, e);
        const sum = { bytes: 0, totalBytes: 0, skippedBytes: 0, filesDone: 0 };
        for (const p of last.values()) {
          sum.bytes += p.bytes;
          sum.totalBytes += p.totalBytes;
          sum.skippedBytes += p.skippedBytes;
          sum.filesDone += p.filesDone;
        }
        const event: TransferProgress = { phase: "downloading", ...sum, filesTotal: opts.files.length };
        if (!opened) {
          opened = true;
          progress.onProgress(event);
        }
        if (e.file) progress.onProgress({ ...event, file: e.file });
      };
      const paths: string[] = new Array(opts.files.length);
      await pool(opts.files, opts.maxWorkers ?? 8, async (path, i) => {
        try {
          paths[i] = await client.downloadFile({ ...common, path, onProgress: combined(i) });
        } catch (err) {
          if ((err as { code?: unknown }).code === "EntryNotFound")
            ctx.subject = `${path} (in ${opts.repoId})`;
          throw err;
        }
      });
      files = () =>
        opts.files.map((path, i) => {
          const s = seen.get(path);
          return {
            path,
            size: s?.size ?? null,
            status: !s || s.skipped ? "cached" : "downloaded",
            local_path: paths[i] as string,
          };
        });
    }
  } finally {
    progress.finish();
  }
  const seconds = (performance.now() - started) / 1000;
  let reused = 0;
  let total = 0;
  for (const f of seen.values()) [reused, total] = [reused + f.reused, total + f.size];
  if (ctx.json) {
    printJson(ctx, {
      repo_id: opts.repoId,
      type,
      revision,
      path: folder ?? null,
      local_dir: localDir ?? null,
      files: files(),
      bytes_downloaded: total - reused,
      bytes_reused: reused,
      seconds: Number(seconds.toFixed(3)),
    });
    return;
  }
  const fetched = [...seen.values()].filter((f) => !f.skipped).length;
  const cached = seen.size - fetched;
  const resumed = reused > 0 && fetched > 0 ? `, ${formatBytes(reused)} already on disk` : "";
  ctx.log.success(
    `Downloaded ${fetched} file${fetched === 1 ? "" : "s"} (${formatBytes(total - reused)}${resumed}) from ${label(type, opts.repoId)}${cached ? `, ${cached} already up to date` : ""}`,
  );
  printLines(ctx, folder ? [folder] : files().map((f) => f.local_path));
}

export const examples = [
  "kohub-cli download my-org/my-model",
  "kohub-cli download my-org/my-model config.json model.safetensors --revision v1.0",
  "kohub-cli download my-org/my-data --type dataset --include '*.parquet' --local-dir ./data",
];

export const variadic = "files";

export default defineCommand({
  meta: { name: "download", description: "Download files or a whole revision (HF cache, or --local-dir)" },
  args: {
    ...repoIdArg,
    ...typeArg,
    ...revisionArg,
    "local-dir": {
      type: "string",
      description: "write the files under this folder instead of the Hugging Face cache",
      valueHint: "DIR",
    },
    "cache-dir": {
      type: "string",
      description: "the Hugging Face hub cache to use [default: $HF_HUB_CACHE, else $HF_HOME/hub]",
      valueHint: "DIR",
    },
    include: {
      type: "string",
      description: "download only files matching this glob (repeatable)",
      valueHint: "GLOB",
    },
    exclude: { type: "string", description: "skip files matching this glob (repeatable)", valueHint: "GLOB" },
    force: { type: "boolean", description: "download again even when an up-to-date copy is there" },
    ...maxWorkersArg,
  },
  run: async ({ args, rawArgs, data }) => {
    await downloadRun(data as Context, toOptions({ ...args, files: args._.slice(1) }, rawArgs));
  },
});
