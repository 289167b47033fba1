/**
 * `--jq EXPR`: the real jq 1.8 (jq-wasm: jq compiled to WebAssembly). Loaded only when `--jq` is given.
 * The .wasm file is imported as a file, so `bun build --compile` embeds it and the binary reads it from
 * itself, whatever the working directory.
 *
 * @module
 */

import type { Jq } from "jq-wasm";
import wasmPath from "jq-wasm/jq.wasm" with { type: "file" };
import { UsageError } from "../errors.ts";

/**
 * Runs a jq program over JSON text (one or more documents) and returns what jq prints: strings raw, other
 * values as JSON, indented on a terminal and compact otherwise (as gh does). A compile or runtime error of
 * the expression is a usage error with jq's message.
 */
export async function runJq(input: string, expr: string, pretty: boolean): Promise<string> {
  // Compact JSON, one value a line, formatted here: jq-wasm trims its output, which would eat the spaces
  // around a raw string (-r) and an empty string's line.
  const result = (await loadOnce()).raw(input, expr, ["-c"]);
  if (result.exitCode !== 0 && result.stderr) {
    throw new UsageError(`--jq: ${jqMessage(result.stderr)}`);
  }
  if (!result.stdout) return "";
  const lines = result.stdout.split("\n").map((line) => {
    const value: unknown = JSON.parse(line);
    if (typeof value === "string") return value;
    return pretty ? JSON.stringify(value, null, 2) : line;
  });
  return `${lines.join("\n")}\n`;
}

let loaded: Promise<Jq> | undefined;

function loadOnce(): Promise<Jq> {
  loaded ??= (async () => {
    const { loadJq } = await import("jq-wasm");
    return loadJq({ wasmBinary: await Bun.file(wasmPath).bytes() });
  })();
  return loaded;
}

/**
 * A usage error, before the command runs, when the program does not compile (jq's exit code 3). It is
 * compiled as the body of a function that is never called, so nothing of it runs; only when that fails is
 * it run alone on null, for jq's message with the right line and column (a program that does not compile
 * does not run).
 */
export async function checkJq(expr: string): Promise<void> {
  const jq = await loadOnce();
  if (jq.raw("null", `def kohub_check:\n${expr}\n;\nempty | kohub_check`, ["-c"]).exitCode !== 3) return;
  const alone = jq.raw("null", expr, ["-c"]);
  if (alone.exitCode === 3) throw new UsageError(`--jq: ${jqMessage(alone.stderr)}`);
}

/** jq's message on one line: its first line without jq's prefix, and the column it points at. */
function jqMessage(stderr: string): string {
  const first = stderr.split("\n")[0] ?? "";
  return first.replace(/^jq: error( \(at [^)]*\))?: /, "").replace(/:$/, "");
}
