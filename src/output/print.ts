/**
 * One printer for all commands. Data goes to stdout; everything else to stderr.
 *
 * - `--output json`: exactly one JSON document (pretty on a TTY, compact when piped).
 * - text on a TTY: an aligned table with a header, colour, sizes and relative times.
 * - text when piped: tab-separated rows without a header, raw numbers and ISO timestamps.
 *
 * @module
 */
import type { Colors } from "picocolors/types";
import { formatBytes, isoString, relativeTime, toDate } from "./format.ts";
import type { IO } from "./io.ts";

/** How a column's values are shown. */
export type ColumnKind = "text" | "bytes" | "date" | "bool" | "number";

/** One column of a table. */
export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
  kind?: ColumnKind;
  /** Colour for TTY output. */
  style?: (text: string, colors: Colors, row: T) => string;
}

/** What the printer needs from the command context. */
export interface PrintTarget {
  io: IO;
  colors: Colors;
  json: boolean;
}

/** JSON text for stdout (pretty on a TTY). */
export function toJson(data: unknown, pretty: boolean): string {
  return `${JSON.stringify(data, null, pretty ? 2 : undefined)}\n`;
}

/** Prints one JSON document. */
export function printJson(target: PrintTarget, data: unknown): void {
  target.io.out.write(toJson(data, target.io.isOutTTY));
}

function cell(value: unknown, kind: ColumnKind, tty: boolean): string {
  if (value === null || value === undefined) return tty ? "-" : "";
  switch (kind) {
    case "bytes":
      return tty ? formatBytes(Number(value)) : String(value);
    case "date": {
      const date = toDate(value);
      if (!date) return String(value);
      return tty ? relativeTime(date) : isoString(date);
    }
    case "bool":
      return value ? (tty ? "yes" : "true") : tty ? "no" : "false";
    default:
      return String(value).replace(/[\t\n\r]/g, " ");
  }
}

/** Visible width of a string (ANSI escapes excluded). */
export function visibleWidth(text: string): number {
  return text.replace(/\x1b\[[0-9;]*m/g, "").length;
}

/**
 * Prints rows: JSON (the `json` value, or the rows), a TTY table, or TSV. `empty` is shown (on stderr, TTY
 * only) when there are no rows.
 */
export function printTable<T>(
  target: PrintTarget,
  rows: T[],
  columns: Column<T>[],
  options: { json?: unknown; empty?: string } = {},
): void {
  const { io, colors } = target;
  if (target.json) {
    printJson(target, options.json ?? rows);
    return;
  }
  if (rows.length === 0) {
    if (options.empty && io.isErrTTY) io.err.write(`${options.empty}\n`);
    return;
  }
  const tty = io.isOutTTY;
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row), c.kind ?? "text", tty)));
  if (!tty) {
    io.out.write(`${cells.map((r) => r.join("\t")).join("\n")}\n`);
    return;
  }
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? "").length)));
  const right = columns.map((c) => c.kind === "bytes" || c.kind === "number");
  const pad = (text: string, i: number, shown = text) => {
    const gap = " ".repeat(Math.max(0, (widths[i] ?? 0) - visibleWidth(text)));
    return right[i] ? gap + shown : shown + gap;
  };
  const lines = [
    columns
      .map((c, i) => pad(c.header, i, colors.bold(c.header)))
      .join("  ")
      .trimEnd(),
  ];
  rows.forEach((row, r) => {
    const line = columns.map((c, i) => {
      const text = cells[r]?.[i] ?? "";
      return pad(text, i, c.style ? c.style(text, colors, row) : text);
    });
    lines.push(line.join("  ").trimEnd());
  });
  io.out.write(`${lines.join("\n")}\n`);
}

/** A labelled value of a record; undefined values are skipped in text. */
export type Field = [label: string, value: unknown, kind?: ColumnKind];

/** Prints one object: JSON (the `json` value), aligned `Label: value` lines on a TTY, `key\tvalue` when piped. */
export function printRecord(target: PrintTarget, fields: Field[], json: unknown, title?: string): void {
  if (target.json) {
    printJson(target, json);
    return;
  }
  const { io, colors } = target;
  const tty = io.isOutTTY;
  const shown = fields.filter(([, v]) => v !== undefined);
  if (!tty) {
    io.out.write(
      `${shown.map(([label, v, kind]) => `${label}\t${cell(v, kind ?? "text", false)}`).join("\n")}\n`,
    );
    return;
  }
  const width = Math.max(...shown.map(([label]) => label.length)) + 1;
  const lines = title ? [colors.bold(title)] : [];
  for (const [label, v, kind] of shown) {
    lines.push(`${colors.dim(`${label}:`.padEnd(width))} ${cell(v, kind ?? "text", true)}`);
  }
  io.out.write(`${lines.join("\n")}\n`);
}

/**
 * Says on stderr that a list stops at its limit while the server has more, and how to get the rest. It is
 * a warning, so it shows in every mode: stdout stays one clean JSON document, and a script still learns
 * that the list is cut.
 */
export function warnMore(
  log: { warn(message: string): void },
  shown: string,
  flags = "--limit N or --all",
): void {
  log.warn(`Showing ${shown}; there are more (${flags} for the rest)`);
}

/** `1 commit`, `2 commits`, `2 repositories` */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Prints plain lines (for --quiet: the essential values, one per line). */
export function printLines(target: PrintTarget, lines: string[]): void {
  if (lines.length) target.io.out.write(`${lines.join("\n")}\n`);
}
