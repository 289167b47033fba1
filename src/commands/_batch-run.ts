/**
 * Running a batch's lines: each through the CLI's own router (cli.ts `run`) with an IO of its own, so
 * global flags on a line work and its output, errors and exit code are captured; up to N at a time, each
 * handed back in line order as soon as it and every line before it have finished.
 *
 * @module
 */
import { type SplitArgs, splitGlobals } from "../argv.ts";
import { run } from "../cli.ts";
import type { Globals } from "../context.ts";
import { bufferIO, type IO } from "../output/io.ts";
import type { GroupCommand } from "./_define.ts";

/** What running one line gave. */
export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Defined values only (a flag not given is absent, not `undefined` or `false`). */
function given(values: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== false));
}

/** A line's command line, under the batch's global flags (a line's own win; JSON batches need JSON). */
export function lineArgs(words: string[], batch: Globals, json: boolean): SplitArgs {
  const split = splitGlobals(words);
  const globals = { ...given(batch), ...given(split.globals), ...(json ? { output: "json" } : {}) };
  return { ...split, globals: { quiet: false, verbose: false, ...globals } };
}

/**
 * Runs one line in this process. It has no terminal to ask on (a confirmation needs `--yes`); its stdout
 * looks as the batch's would (a table on a terminal), except that JSON batches read it as JSON.
 */
export async function runCaptured(
  root: GroupCommand,
  split: SplitArgs,
  outer: IO,
  env: Record<string, string | undefined>,
  json: boolean,
): Promise<Captured> {
  const io = bufferIO({
    isOutTTY: !json && outer.isOutTTY,
    color: !json && outer.color,
    columns: outer.columns,
    errColor: outer.errColor,
  });
  const code = await run(split, root, { io, env });
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** How {@link runLines} runs and reports. */
export interface Pool<R> {
  /** Lines run at once (1: one after the other). */
  parallel: number;
  /** Runs line `index`; `failed` tells whether the batch should stop starting new lines. */
  runOne(index: number): Promise<R>;
  failed(result: R): boolean;
  /** Called once per finished line, in line order. */
  emit(result: R, index: number): void;
}

/**
 * Runs `count` lines, `parallel` at a time. After a failure no new line starts (those running finish);
 * the lines never started are `undefined` in the returned list.
 */
export async function runLines<R>(count: number, pool: Pool<R>): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array(count).fill(undefined);
  const finished = new Array<boolean>(count).fill(false);
  let next = 0;
  let emitted = 0;
  let stop = false;
  const worker = async () => {
    while (!stop && next < count) {
      const index = next++;
      const result = await pool.runOne(index);
      results[index] = result;
      finished[index] = true;
      if (pool.failed(result)) stop = true;
      while (emitted < count && finished[emitted]) {
        pool.emit(results[emitted] as R, emitted);
        emitted++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(pool.parallel, count)) }, worker));
  return results;
}
