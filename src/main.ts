#!/usr/bin/env bun
/**
 * The kohub-cli entry point. `--version` is answered here; everything else goes to cli.ts (routing, help,
 * strict flag checking with suggestions, and the one error boundary that owns exit codes).
 *
 * Startup matters: this file statically imports only the registry (which imports nothing at runtime) and
 * the argument splitter. `--version` and `--help` print without loading any command, citty, or the API.
 * This module runs on import: import from argv.ts instead.
 *
 * @module
 */
import { splitGlobals, versionLine } from "./argv.ts";
import root from "./commands/index.ts";
import { COMMIT, TARGET, VERSION } from "./version.ts";

async function main(argv: string[]): Promise<number> {
  const split = splitGlobals(argv);
  const json = split.globals.output === "json";
  if (split.version && split.rest.length === 0) {
    console.log(json ? JSON.stringify({ version: VERSION, commit: COMMIT, target: TARGET }) : versionLine());
    return 0;
  }
  const { run } = await import("./cli.ts");
  return run(split, root, { argv });
}

// No top-level await keeps the entry chunk small; the exit code is set when the command ends.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
