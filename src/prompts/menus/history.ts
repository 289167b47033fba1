/**
 * The History menu: the recent commands that changed something, one in full, and undoing one (asked
 * here, then done by `undo`'s run function, and recorded as `kohub-cli undo ID --yes` would be).
 */
import { historyRun } from "../../commands/history/index.ts";
import { changes, undoRun } from "../../commands/undo.ts";
import { runRecorded } from "../../history/run-recorded.ts";
import { canUndo, historyPath, readEntries } from "../../history/store.ts";
import type { HistoryEntry } from "../../history/types.ts";
import { describeStep } from "../../history/undo.ts";
import type { Session } from "../session.ts";

const RECENT = 20;

async function pickEntry(s: Session, message: string, entries: HistoryEntry[]): Promise<string> {
  const options = entries
    .slice(-RECENT)
    .reverse()
    .map((e) => ({ value: e.id, label: e.command, hint: e.id }));
  return s.prompter.select({ message, options });
}

async function undoOne(s: Session): Promise<void> {
  const all = readEntries(historyPath(s.base.env));
  const undoable = all.filter((e) => canUndo(all, e));
  if (!undoable.length) {
    s.base.io.err.write("Nothing to undo\n");
    return;
  }
  const id = await pickEntry(s, "Undo which command?", undoable);
  const entry = undoable.find((e) => e.id === id) as HistoryEntry;
  const plan = [...entry.undo].reverse().map(describeStep).join("; ");
  if (!(await s.prompter.confirm({ message: `Undo ${id}: ${plan}?`, initialValue: false }))) return;
  await s.act("Undoing", (ctx) =>
    runRecorded(ctx, { path: ["undo"], rest: [id, "--yes"], changes }, (c) => undoRun(c, { id, yes: true })),
  );
}

export function historyMenu(s: Session): Promise<void> {
  return s.menu("History", [
    {
      value: "list",
      label: "Recent commands",
      hint: "what changed something, newest first",
      run: async () =>
        void (await s.act("Reading", (ctx) => historyRun(ctx, { action: "list", limit: RECENT }))),
    },
    {
      value: "show",
      label: "Show one",
      run: async () => {
        const entries = readEntries(historyPath(s.base.env));
        if (!entries.length) {
          s.base.io.err.write("No history yet\n");
          return;
        }
        const id = await pickEntry(s, "Show which command?", entries);
        await s.act("Reading", (ctx) => historyRun(ctx, { action: "show", id }));
      },
    },
    { value: "undo", label: "Undo a command", run: () => undoOne(s) },
  ]);
}
