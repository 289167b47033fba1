/**
 * `kohub-cli undo [ID]`: undo a command of the history (by default the last one of this endpoint that
 * can be undone and was not yet). It says what it will do and asks (or --yes); it refuses what cannot be
 * undone, and stops when undoing would destroy work done since (exit 6). The undo is recorded too.
 */
import { defineCommand } from "citty";
import type { Context } from "../context.ts";
import { CliError, EXIT } from "../errors.ts";
import { profileOf } from "../history/record.ts";
import { canUndo, findEntry, historyPath, isUndone, readEntries } from "../history/store.ts";
import type { Changes, HistoryEntry } from "../history/types.ts";
import { checkStep, describeStep, runStep } from "../history/undo.ts";
import { printJson } from "../output/print.ts";
import { confirmDestructive, yesArg } from "./_args.ts";

export interface UndoOptions {
  id?: string;
  yes: boolean;
}

export function toOptions(args: { id?: string; yes?: boolean }): UndoOptions {
  return { id: args.id || undefined, yes: Boolean(args.yes) };
}

/** An undo is recorded, and is not itself undone (run the original command again). */
export const changes: Changes = { irreversible: "an undo is not undone: run the original command again" };

function refuse(message: string, code: string, details?: string, exitCode: number = EXIT.ERROR): CliError {
  return new CliError(message, { code, details, exitCode });
}

/** Whether an entry is bound to where it was done: aliases belong to this machine, not to a hub. */
function undoableHere(entry: HistoryEntry, endpoint: string, profile?: string): boolean {
  if (entry.undo.length > 0 && entry.undo.every((step) => step.op === "alias.set")) return true;
  return (!entry.endpoint || entry.endpoint === endpoint) && (entry.profile ?? undefined) === profile;
}

/** The entry to undo: the one named, or the newest of this endpoint (and profile) not undone yet. */
function pick(
  entries: HistoryEntry[],
  id: string | undefined,
  endpoint: string,
  profile?: string,
): HistoryEntry {
  if (id) return findEntry(entries, id);
  const last = entries.filter((e) => undoableHere(e, endpoint, profile) && canUndo(entries, e)).at(-1);
  if (!last) throw refuse(`Nothing to undo at ${endpoint}`, "NothingToUndo", undefined, EXIT.NOT_FOUND);
  return last;
}

/** Why an entry cannot be undone here and now, if it cannot. */
function checkEntry(entries: HistoryEntry[], entry: HistoryEntry, endpoint: string, profile?: string): void {
  if (isUndone(entries, entry.id)) {
    throw refuse(`${entry.id} was undone already`, "AlreadyUndone", entry.command, EXIT.CONFLICT);
  }
  if (entry.irreversible && entry.undo.length === 0) {
    throw refuse(`${entry.command} cannot be undone: ${entry.irreversible}`, "Irreversible", entry.id);
  }
  if (entry.undo.length === 0) {
    throw refuse(`Nothing to undo: ${entry.command} changed nothing`, "NothingToUndo", entry.id);
  }
  if (!undoableHere(entry, endpoint, profile)) {
    const where = entry.profile ? `profile ${entry.profile} (${entry.endpoint})` : entry.endpoint;
    throw refuse(
      `${entry.id} was done at ${where}: run undo there (--endpoint${entry.profile ? " / --profile" : ""})`,
      "OtherEndpoint",
      undefined,
      EXIT.USAGE,
    );
  }
}

export async function undoRun(ctx: Context, opts: UndoOptions): Promise<void> {
  const entries = readEntries(historyPath(ctx.env));
  const endpoint = (await ctx.client()).endpoint;
  const profile = await profileOf(ctx);
  const entry = pick(entries, opts.id, endpoint, profile);
  checkEntry(entries, entry, endpoint, profile);
  // Inverse steps run newest first; all are checked before any is done.
  const steps = [...entry.undo].reverse();
  for (const step of steps) await checkStep(ctx, step);
  const plan = steps.map(describeStep);
  if (!ctx.json && !ctx.quiet) {
    ctx.io.err.write(`Undo ${entry.id} (${entry.command}):\n${plan.map((p) => `  - ${p}\n`).join("")}`);
  }
  await confirmDestructive(ctx, opts.yes, `Undo ${entry.id}: ${plan.join("; ")}?`);
  ctx.history.undoes = entry.id;
  for (const step of steps) await runStep(ctx, step);
  if (ctx.json) printJson(ctx, { undone: entry.id, command: entry.command, steps: plan });
  ctx.log.success(`Undone ${entry.id}: ${plan.join("; ")}`);
}

export const examples = [
  "kohub-cli undo",
  "kohub-cli undo mh3k2x9a0f1z --yes",
  "kohub-cli --json undo mh3k2x9a0f1z --yes",
];

export default defineCommand({
  meta: { name: "undo", description: "Undo a command of the history (the last one by default)" },
  args: {
    id: { type: "positional", required: false, description: "the history entry (see 'kohub-cli history')" },
    ...yesArg,
  },
  run: ({ args, data }) => undoRun(data as Context, toOptions(args)),
});
