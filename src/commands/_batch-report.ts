/**
 * What a batch shows: each line's output as it finishes (its stderr prefixed with `line N: `), a progress
 * line on a terminal, the summary on stderr; or, with `--output json`, one document with every line's
 * result and the summary.
 *
 * @module
 */
import type { Context } from "../context.ts";
import { type Explained, errorObject, renderError } from "../errors.ts";
import { printJson } from "../output/print.ts";

/** One line's outcome. `exitCode` is null for a line that did not run (skipped, or only checked). */
export interface Entry {
  line: number;
  text: string;
  command: string[];
  status: "done" | "failed" | "skipped" | "valid";
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Why the line is invalid (found before anything ran). */
  error?: Explained;
  /** `--yes` was added to the line (the batch's `--yes`, for a command that takes it). */
  yesAdded?: boolean;
}

/** Counts of a batch's outcome. */
export function summarize(entries: Entry[], dryRun: boolean): Record<string, number | boolean> {
  const count = (status: Entry["status"]) => entries.filter((e) => e.status === status).length;
  if (dryRun)
    return { total: entries.length, valid: count("valid"), invalid: count("failed"), dry_run: true };
  return { total: entries.length, done: count("done"), failed: count("failed"), skipped: count("skipped") };
}

/** The progress line on a terminal (stderr): redrawn in place, cleared before anything else is written. */
export function progress(ctx: Context, total: number): { show(done: number): void; clear(): void } {
  const on = ctx.io.isErrTTY && !ctx.quiet;
  return {
    show: (done) => on && ctx.io.err.write(`\r\x1b[K${done}/${total} lines done`),
    clear: () => on && ctx.io.err.write("\r\x1b[K"),
  };
}

/** Shows one finished (or checked) line in text mode; in JSON mode only what it wrote on stderr. */
export function showEntry(ctx: Context, entry: Entry): void {
  const prefix = `line ${entry.line}: `;
  if (entry.error) {
    if (!ctx.json) ctx.io.err.write(prefix + renderError({ ...entry.error, hint: undefined }, false));
    return;
  }
  if (entry.status === "valid") {
    if (!ctx.json) ctx.io.out.write(`${prefix}ok: ${entry.text}${entry.yesAdded ? " (with --yes)" : ""}\n`);
    return;
  }
  if (!ctx.json) ctx.io.out.write(entry.stdout);
  const lines = entry.stderr.split("\n").filter((l, i, all) => l !== "" || i < all.length - 1);
  for (const l of lines) ctx.io.err.write(`${prefix}${l}\n`);
  if (entry.status === "failed" && lines.length === 0 && !ctx.json) {
    ctx.io.err.write(`${prefix}failed (exit code ${entry.exitCode})\n`);
  }
}

/** A line's output read back: JSON when it parses, its text otherwise, null when it printed nothing. */
function parsed(stdout: string): unknown {
  if (stdout.trim() === "") return null;
  try {
    return JSON.parse(stdout);
  } catch {
    return stdout;
  }
}

/** One line in the JSON document: its command, exit code, output (its JSON) and error object. */
function jsonEntry(entry: Entry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    line: entry.line,
    command: entry.command,
    status: entry.status,
    exit_code: entry.exitCode,
    output: null,
    error: null,
  };
  if (entry.error) {
    out.error = errorObject(entry.error);
    return out;
  }
  const output = parsed(entry.stdout);
  const isError = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v) && "error" in v;
  if (entry.status === "failed" && isError(output)) out.error = output;
  else out.output = output;
  if (entry.status === "failed" && out.error === null) {
    out.error = { error: `The command failed (exit code ${entry.exitCode})`, code: "Failed" };
  }
  return out;
}

/** The batch's JSON document. */
export function printDocument(ctx: Context, entries: Entry[], dryRun: boolean): void {
  printJson(ctx, { results: entries.map(jsonEntry), summary: summarize(entries, dryRun) });
}

/** The summary line (text mode, stderr): counts, and the first failed line. */
export function summaryLine(entries: Entry[], dryRun: boolean): string {
  const s = summarize(entries, dryRun);
  const first = entries.find((e) => e.status === "failed");
  const where = first ? ` (first: line ${first.line})` : "";
  if (dryRun)
    return `Checked ${s.total} lines: ${s.valid} valid, ${s.invalid} invalid${where}; nothing was sent\n`;
  return `Batch: ${s.done} done, ${s.failed} failed${where}, ${s.skipped} skipped\n`;
}
