/**
 * A batch file read into command lines: one command per line as typed after `kohub-cli` (words split as
 * a POSIX shell does, by the aliases' splitter; an unquoted `#` starts a comment), or JSON
 * Lines (`{"command": ["repo", "create", "x"]}`). A line that cannot be read keeps its problem, so that
 * every line is reported, not only the first bad one.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { splitWords } from "./alias/_file.ts";

/** One command of a batch: its line number in the file, its words, or why they could not be read. */
export interface BatchLine {
  line: number;
  /** The line as written (trimmed). */
  text: string;
  words: string[];
  problem?: string;
}

export type BatchFormat = "text" | "jsonl";

/** One JSON Lines entry's words. */
function jsonWords(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Not valid JSON (${(err as Error).message})`);
  }
  const command = (value as { command?: unknown } | null)?.command;
  if (!Array.isArray(command) || command.length === 0 || !command.every((w) => typeof w === "string")) {
    throw new UsageError('Expected {"command": ["word", ...]} (a non-empty list of strings)');
  }
  return command;
}

/** The commands of a batch, in file order. */
export function parseBatch(text: string, format: BatchFormat): BatchLine[] {
  const out: BatchLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === "") return;
    try {
      const words = format === "jsonl" ? jsonWords(trimmed) : splitWords(trimmed, true);
      // A line of only a comment runs nothing.
      if (words.length > 0) out.push({ line: i + 1, text: trimmed, words });
    } catch (err) {
      out.push({ line: i + 1, text: trimmed, words: [], problem: (err as Error).message });
    }
  });
  return out;
}
