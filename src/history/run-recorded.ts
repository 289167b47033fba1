/**
 * Runs a command's run function and records it in the history as src/cli.ts does for a command line: the
 * interactive menus call run functions directly, and go through here for those that change something, so
 * that `kohub-cli undo` (and the History menu) can undo what a menu did.
 *
 * @module
 */
import type { ArgsDef } from "citty";
import type { Context } from "../context.ts";
import { CancelError, explainInContext } from "../errors.ts";
import { recordCommand } from "./record.ts";
import type { Changes } from "./types.ts";

/** The command line a menu action stands for, as it is recorded. */
export interface RecordedCommand {
  /** The command's path, e.g. ["auth", "ssh-key", "add"]. */
  path: string[];
  /** The words after it, as they would be typed (secrets are masked by their flag names and by form). */
  rest: string[];
  /** The module's `changes` export. */
  changes: Changes;
  /** The module's flags (for masking by name); none: every word is masked by its form only. */
  args?: ArgsDef;
}

/** Runs `run` with `ctx`, then records it (a failure too, unless cancelled before it changed anything). */
export async function runRecorded(
  ctx: Context,
  command: RecordedCommand,
  run: (ctx: Context) => Promise<unknown>,
): Promise<void> {
  const input = {
    path: command.path,
    args: command.args ?? {},
    rest: command.rest,
    changes: command.changes,
  };
  try {
    await run(ctx);
  } catch (err) {
    if (!(err instanceof CancelError) || ctx.history.undo.length > 0) {
      await recordCommand(ctx, { ...input, failed: await explainInContext(err, ctx) });
    }
    throw err;
  }
  await recordCommand(ctx, input);
}
