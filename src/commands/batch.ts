/** `kohub-cli batch [FILE|-]`: run kohub-cli commands from a file or stdin, one per line. */
import { defineCommand } from "citty";
import type { Context } from "../context.ts";
import { explain, ReportedError, UsageError } from "../errors.ts";
import { checkLine } from "./_batch-check.ts";
import { type BatchFormat, type BatchLine, parseBatch } from "./_batch-input.ts";
import { type Entry, printDocument, progress, showEntry, summaryLine } from "./_batch-report.ts";
import { lineArgs, runCaptured, runLines } from "./_batch-run.ts";
import type { GroupCommand } from "./_define.ts";
import { readText, stdinIsTerminal } from "./_input.ts";

export interface BatchOptions {
  /** A file, or `-` for stdin (the default when stdin is not a terminal). */
  file?: string;
  format: BatchFormat;
  parallel: number;
  continueOnError: boolean;
  dryRun: boolean;
  yes: boolean;
}

/** The most lines run at once: each holds requests open on the hub. */
const MAX_PARALLEL = 32;

export function toOptions(args: {
  file?: string;
  format?: string;
  parallel?: string;
  "continue-on-error"?: boolean;
  "dry-run"?: boolean;
  yes?: boolean;
}): BatchOptions {
  const parallel = Number(args.parallel ?? "1");
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > MAX_PARALLEL) {
    throw new UsageError(`Invalid value "${args.parallel}" for --parallel: expected 1 to ${MAX_PARALLEL}`);
  }
  return {
    file: args.file,
    format: (args.format ?? "text") as BatchFormat,
    parallel,
    continueOnError: Boolean(args["continue-on-error"]),
    dryRun: Boolean(args["dry-run"]),
    yes: Boolean(args.yes),
  };
}

/** `--yes` added to a line's words (before a `--`, which ends its flags). */
function withYes(words: string[]): string[] {
  const end = words.indexOf("--");
  return end === -1 ? [...words, "--yes"] : [...words.slice(0, end), "--yes", ...words.slice(end)];
}

/** Words by which a command reads stdin (`-` for a file, `@-` for an api field, `--password-stdin`). */
function readsStdin(words: string[]): boolean {
  return words.some((w) => w === "-" || w === "@-" || /^--[\w-]+-stdin$/.test(w));
}

/**
 * A line checked before anything runs: ready to run (`valid`), or `failed` with its error. When the
 * batch's lines come from stdin, a line cannot read it too (it would read nothing and say so as a success).
 */
async function prepare(
  root: GroupCommand,
  line: BatchLine,
  ctx: Context,
  opts: BatchOptions & { stdin: boolean },
): Promise<Entry> {
  const { text, words } = line;
  const entry: Entry = {
    line: line.line,
    text,
    command: words,
    status: "valid",
    exitCode: null,
    stdout: "",
    stderr: "",
  };
  try {
    if (line.problem) throw new UsageError(line.problem);
    const checked = await checkLine(root, words, ctx.env);
    if (opts.stdin && readsStdin(words)) {
      throw new UsageError("This line reads stdin, which holds the batch's own lines: give the batch a FILE");
    }
    entry.yesAdded = checked.takesYes && opts.yes && !words.some((w) => w === "--yes" || w === "-y");
  } catch (err) {
    entry.error = explain(err);
    entry.status = "failed";
    entry.exitCode = entry.error.exitCode;
  }
  return entry;
}

/** Runs the valid lines (the invalid ones fail at once), reporting each in line order. */
async function runAll(ctx: Context, root: GroupCommand, entries: Entry[], opts: BatchOptions): Promise<void> {
  const bar = progress(ctx, entries.length);
  let done = 0;
  bar.show(0);
  const results = await runLines(entries.length, {
    parallel: opts.parallel,
    runOne: async (index) => {
      const entry = entries[index] as Entry;
      if (entry.status === "failed") return entry;
      const words = entry.yesAdded ? withYes(entry.command) : entry.command;
      const out = await runCaptured(root, lineArgs(words, ctx.globals, ctx.json), ctx.io, ctx.env, ctx.json);
      const status: Entry["status"] = out.code === 0 ? "done" : "failed";
      return { ...entry, stdout: out.stdout, stderr: out.stderr, exitCode: out.code, status };
    },
    failed: (entry) => entry.status === "failed" && !opts.continueOnError,
    emit: (entry) => {
      bar.clear();
      showEntry(ctx, entry);
      bar.show(++done);
    },
  });
  bar.clear();
  results.forEach((r, i) => {
    entries[i] = r ?? { ...(entries[i] as Entry), status: "skipped", yesAdded: undefined };
  });
}

/** The input: the file named, else stdin unless it is a terminal (reading it would wait for typing). */
function inputFile(file: string | undefined): string {
  if (file !== undefined) return file;
  if (stdinIsTerminal())
    throw new UsageError("Name a file of commands, or pipe them in: kohub-cli batch - < commands.txt");
  return "-";
}

export async function batchRun(ctx: Context, opts: BatchOptions): Promise<void> {
  const file = inputFile(opts.file);
  const lines = parseBatch(await readText(file), opts.format);
  const root = (await import("./index.ts")).default;
  const entries: Entry[] = [];
  for (const line of lines) entries.push(await prepare(root, line, ctx, { ...opts, stdin: file === "-" }));
  const invalid = entries.some((e) => e.status === "failed");
  if (opts.dryRun || (invalid && !opts.continueOnError)) {
    // Nothing runs: every line is shown as checked (without --continue-on-error, an invalid line stops all).
    for (const entry of entries) {
      if (!opts.dryRun && entry.status === "valid") entry.status = "skipped";
      if (opts.dryRun || entry.error) showEntry(ctx, entry);
    }
  } else await runAll(ctx, root, entries, opts);
  if (ctx.json) printDocument(ctx, entries, opts.dryRun);
  else if (!ctx.quiet) ctx.io.err.write(summaryLine(entries, opts.dryRun));
  const failed = entries.find((e) => e.status === "failed");
  if (failed) throw new ReportedError(`line ${failed.line} failed`, failed.exitCode ?? 1);
}

export const examples = [
  "kohub-cli batch commands.txt",
  "kohub-cli batch - --parallel 4 --continue-on-error < commands.txt",
  "kohub-cli batch cleanup.txt --dry-run",
  "kohub-cli --output json batch commands.jsonl --format jsonl --yes",
];

export default defineCommand({
  meta: { name: "batch", description: "Run kohub-cli commands from a file or stdin, one per line" },
  args: {
    file: {
      type: "positional",
      required: false,
      description:
        "the commands: one per line as typed after kohub-cli (# comments), or - for stdin [default: -]",
    },
    format: {
      type: "enum",
      options: ["text", "jsonl"],
      default: "text",
      description: 'text: shell-quoted lines; jsonl: {"command": ["repo", "create", "x"]} per line',
      valueHint: "FORMAT",
    },
    parallel: { type: "string", description: "lines run at once [default: 1: in order]", valueHint: "N" },
    "continue-on-error": { type: "boolean", description: "run every line even after one fails" },
    "dry-run": {
      type: "boolean",
      description: "check every line (command, flags, arguments) and send nothing",
    },
    yes: {
      type: "boolean",
      alias: ["y"],
      description: "confirm destructive lines (passed to each line that takes --yes; a batch never asks)",
    },
  },
  run: ({ args, data }) => batchRun(data as Context, toOptions(args)),
});
