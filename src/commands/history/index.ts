/**
 * `kohub-cli history [show ID | clear]`: the commands that changed something (newest first), one entry,
 * or deleting them all. Also `config history`, as the design document names it.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import { findEntry, historyPath, readEntries } from "../../history/store.ts";
import { yesArg } from "../_args.ts";
import { intFlag } from "../repo/_shared.ts";
import { printEntries, printEntry } from "./_view.ts";

export type HistoryOptions =
  | { action: "list"; limit: number }
  | { action: "show"; id: string }
  | { action: "clear"; yes: boolean };

export function toOptions(args: {
  action?: string;
  id?: string;
  limit?: string;
  yes?: boolean;
}): HistoryOptions {
  const action = args.action ?? "list";
  if (action === "list") {
    if (args.id !== undefined) throw new UsageError(`Unexpected argument "${args.id}"`);
    return { action, limit: intFlag(args.limit, "limit", 1) ?? 20 };
  }
  if (action === "show") {
    if (!args.id)
      throw new UsageError("Which entry? Usage: kohub-cli history show ID (see 'kohub-cli history')");
    return { action, id: args.id };
  }
  if (action === "clear") return { action, yes: Boolean(args.yes) };
  throw new UsageError(`Unknown history action "${action}": expected list, show ID or clear`);
}

export async function historyRun(ctx: Context, opts: HistoryOptions): Promise<void> {
  if (opts.action === "clear") {
    const { clearRun } = await import("./clear.ts");
    return clearRun(ctx, opts);
  }
  const entries = readEntries(historyPath(ctx.env));
  if (opts.action === "show") printEntry(ctx, entries, findEntry(entries, opts.id));
  else printEntries(ctx, entries, opts.limit);
}

export const examples = [
  "kohub-cli history",
  "kohub-cli history --limit 5 --json",
  "kohub-cli history show mh3k2x9a0f1z",
  "kohub-cli history clear --yes",
];

export default defineCommand({
  meta: { name: "history", description: "List the commands that changed something (and how to undo them)" },
  args: {
    action: { type: "positional", required: false, description: "list (default), show or clear" },
    id: { type: "positional", required: false, description: "the entry to show (its id or the start of it)" },
    limit: { type: "string", alias: ["n"], description: "entries listed [default: 20]", valueHint: "N" },
    ...yesArg,
  },
  run: ({ args, data }) => historyRun(data as Context, toOptions(args)),
});
