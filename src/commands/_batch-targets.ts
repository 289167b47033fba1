/**
 * Commands that act on several targets at once (`repo delete A B C`, `org member add ORG U1 U2`): each
 * target is acted on in turn, a failed one is shown and the others still run, and the exit code is the
 * first failure's. With one target the command behaves as it always did (its error is thrown, its JSON is
 * one object); with several, JSON mode prints one list of per-target results.
 *
 * @module
 */
import type { Context } from "../context.ts";
import { errorObject, explainInContext, ReportedError, renderError } from "../errors.ts";
import { printJson, printLines } from "../output/print.ts";

/** What one target's action did: its JSON record, its `--quiet` line (if any) and its success notice. */
export interface Done {
  json: Record<string, unknown>;
  quiet?: string;
  message: string;
}

/**
 * Runs `act` for each target, in order, and reports: a notice per success (a `--quiet` line, or nothing in
 * JSON mode), an error line per failure, then the JSON list. `about` names a target in JSON (its failed
 * entry is that plus `error`). Throws a {@link ReportedError} when any target failed.
 */
export async function eachTarget<T>(
  ctx: Context,
  targets: T[],
  about: (target: T) => Record<string, unknown>,
  act: (target: T) => Promise<Done>,
): Promise<void> {
  if (targets.length === 1) {
    const done = await act(targets[0] as T);
    if (ctx.json) printJson(ctx, done.json);
    else if (ctx.quiet && done.quiet !== undefined) printLines(ctx, [done.quiet]);
    ctx.log.success(done.message);
    return;
  }
  const results: Record<string, unknown>[] = [];
  let firstExit: number | undefined;
  for (const target of targets) {
    ctx.subject = undefined;
    try {
      const done = await act(target);
      results.push(done.json);
      if (!ctx.json && ctx.quiet && done.quiet !== undefined) printLines(ctx, [done.quiet]);
      ctx.log.success(done.message);
    } catch (err) {
      const explained = await explainInContext(err, ctx);
      firstExit ??= explained.exitCode;
      results.push({ ...about(target), error: errorObject(explained) });
      if (!ctx.json) ctx.io.err.write(renderError({ ...explained, hint: undefined }, false));
    }
  }
  if (ctx.json) printJson(ctx, results);
  if (firstExit === undefined) return;
  const failed = results.filter((r) => "error" in r).length;
  const summary = `${failed} of ${targets.length} failed`;
  if (!ctx.json) ctx.io.err.write(`${summary}\n`);
  throw new ReportedError(summary, firstExit);
}
