/**
 * How history entries are shown: their state (undoable, undone, why not) and the list and record views
 * shared by `history`, `history show` and the interactive menu.
 *
 * @module
 */
import type { Context } from "../../context.ts";
import { isUndone } from "../../history/store.ts";
import type { HistoryEntry } from "../../history/types.ts";
import { describeStep } from "../../history/undo.ts";
import { printRecord, printTable } from "../../output/print.ts";

/** `yes`, `undone`, `no: <reason>` or `-` (nothing to undo). */
export function undoState(entries: HistoryEntry[], entry: HistoryEntry): string {
  if (isUndone(entries, entry.id)) return "undone";
  if (entry.undo.length > 0) return "yes";
  if (entry.irreversible) return `no: ${entry.irreversible}`;
  return "-";
}

function outcome(entry: HistoryEntry): string {
  return entry.outcome.ok ? "ok" : `error ${entry.outcome.exit}`;
}

/** An entry as JSON: the stored fields plus whether it was undone. */
function jsonOf(entries: HistoryEntry[], entry: HistoryEntry): Record<string, unknown> {
  return { ...entry, undone: isUndone(entries, entry.id) };
}

/** The newest `limit` entries, newest first. */
export function printEntries(ctx: Context, entries: HistoryEntry[], limit: number): void {
  const shown = entries.slice(-limit).reverse();
  printTable(
    ctx,
    shown,
    [
      { header: "ID", value: (e) => e.id },
      { header: "WHEN", value: (e) => e.when, kind: "date" },
      { header: "OUTCOME", value: outcome },
      { header: "UNDO", value: (e) => undoState(entries, e) },
      { header: "COMMAND", value: (e) => e.command },
    ],
    { json: shown.map((e) => jsonOf(entries, e)), empty: "No history yet" },
  );
}

/** One entry in full. */
export function printEntry(ctx: Context, entries: HistoryEntry[], entry: HistoryEntry): void {
  const failed = entry.outcome.ok ? undefined : entry.outcome;
  printRecord(
    ctx,
    [
      ["ID", entry.id],
      ["When", entry.when, "date"],
      ["Endpoint", entry.endpoint],
      ["Profile", entry.profile],
      ["Command", entry.command],
      ["Outcome", failed ? `${failed.error} (exit ${failed.exit})` : "ok"],
      ["Undo", undoState(entries, entry)],
      ["Undo steps", entry.undo.length ? entry.undo.map(describeStep).join("; ") : undefined],
      ["Undoes", entry.undoes],
    ],
    jsonOf(entries, entry),
  );
}
