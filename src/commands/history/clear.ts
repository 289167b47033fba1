/** `kohub-cli history clear` (also `config clear-history`): delete the history file, confirmed or --yes. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { clearEntries, historyPath, readEntries } from "../../history/store.ts";
import { confirmDestructive, yesArg } from "../_args.ts";

export async function clearRun(ctx: Context, opts: { yes: boolean }): Promise<void> {
  const path = historyPath(ctx.env);
  const count = readEntries(path).length;
  await confirmDestructive(
    ctx,
    opts.yes,
    `Delete the history (${count} ${count === 1 ? "entry" : "entries"} in ${path}); 'undo' will no longer know them (this cannot be undone)?`,
  );
  const removed = clearEntries(path);
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ path, cleared: true, entries: removed })}\n`);
  ctx.log.success(`Deleted the history (${removed} ${removed === 1 ? "entry" : "entries"})`);
}

export const examples = ["kohub-cli config clear-history", "kohub-cli config clear-history --yes"];

export default defineCommand({
  meta: { name: "clear-history", description: "Delete the history of commands (as 'history clear')" },
  args: { ...yesArg },
  run: ({ args, data }) => clearRun(data as Context, { yes: Boolean(args.yes) }),
});
