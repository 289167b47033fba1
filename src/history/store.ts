/**
 * The history file (`history.jsonl` beside config.json): appended one whole line per write, so that two
 * commands that end together never mix their lines, and read back leniently (a damaged line is skipped).
 *
 * @module
 */
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { configDir } from "../config/store.ts";
import { CliError, EXIT } from "../errors.ts";
import type { HistoryEntry } from "./types.ts";

/** The path of the history file. */
export function historyPath(env: Record<string, string | undefined>): string {
  return join(configDir(env), "history.jsonl");
}

/** A short id that sorts by time: milliseconds in base 36, then four random base-36 characters. */
export function newId(now = Date.now()): string {
  const random = Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, "0");
  return `${now.toString(36)}${random}`;
}

/** Appends an entry (one write with O_APPEND; the file is created with mode 0600). */
export function appendEntry(path: string, entry: HistoryEntry): void {
  const dir = join(path, "..");
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const created = !existsSync(path);
  appendFileSync(path, `${JSON.stringify(entry)}\n`, { mode: 0o600, flag: "a" });
  // The mode above is reduced by the umask only; an existing file keeps whatever mode it was given.
  if (created) chmodSync(path, 0o600);
}

/** Every entry, oldest first (none when there is no file yet). */
export function readEntries(path: string): HistoryEntry[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new CliError(`Cannot read the history file ${path}: ${(err as Error).message}`);
  }
  const entries: HistoryEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as HistoryEntry;
      if (typeof entry?.id === "string" && typeof entry.command === "string") entries.push(entry);
    } catch {
      // A line cut short (a full disk, a crash) loses that entry only.
    }
  }
  return entries;
}

/** Deletes the history file; returns how many entries it held. */
export function clearEntries(path: string): number {
  const count = readEntries(path).length;
  rmSync(path, { force: true });
  return count;
}

/** The entry with this id, or the only one whose id starts with it. */
export function findEntry(entries: HistoryEntry[], id: string): HistoryEntry {
  const exact = entries.find((e) => e.id === id);
  if (exact) return exact;
  const matches = entries.filter((e) => e.id.startsWith(id));
  if (matches.length === 1) return matches[0] as HistoryEntry;
  if (matches.length > 1) {
    throw new CliError(`History id ${id} is ambiguous: ${matches.map((e) => e.id).join(", ")}`, {
      code: "UsageError",
      exitCode: EXIT.USAGE,
    });
  }
  throw new CliError("History entry not found", {
    code: "EntryNotFound",
    details: id,
    exitCode: EXIT.NOT_FOUND,
  });
}

/** Whether a later successful `undo` undid this entry. */
export function isUndone(entries: HistoryEntry[], id: string): boolean {
  return entries.some((e) => e.undoes === id && e.outcome.ok);
}

/** Whether an entry has steps to undo and was not undone yet (an `undo` itself never has). */
export function canUndo(entries: HistoryEntry[], entry: HistoryEntry): boolean {
  return entry.undo.length > 0 && !entry.undoes && !isUndone(entries, entry.id);
}
