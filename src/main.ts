#!/usr/bin/env bun
/**
 * The kohub-cli entry point: global options (anywhere on the line), routing through the lazy command
 * registry, help, strict flag checking with suggestions, and the one error boundary that owns exit codes.
 *
 * Startup matters: this file statically imports only the registry (which imports nothing at runtime) and
 * the version constants. `--version` and `--help` print without loading any command, citty, or the API.
 *
 * @module
 */
import root from "./commands/index.ts";
import { COMMIT, TARGET, VERSION } from "./version.ts";

/** Global flags: name → takes a value. */
export const GLOBAL_FLAGS: Record<string, boolean> = {
  endpoint: true,
  token: true,
  output: true,
  json: false,
  quiet: false,
  verbose: false,
  help: false,
  version: false,
};
const SHORT: Record<string, string> = { o: "output", q: "quiet", v: "verbose", h: "help", V: "version" };

/** The command line split into global options and the rest. */
export interface SplitArgs {
  globals: { endpoint?: string; token?: string; output?: string; quiet: boolean; verbose: boolean };
  help: boolean;
  version: boolean;
  rest: string[];
  problem?: string;
}

/** Takes the global options out of argv, wherever they are (before `--`). */
export function splitGlobals(argv: string[]): SplitArgs {
  const out: SplitArgs = { globals: { quiet: false, verbose: false }, help: false, version: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      out.rest.push(...argv.slice(i));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
      if (!(name in GLOBAL_FLAGS)) name = undefined;
    } else if (/^-[a-zA-Z]$/.test(arg)) {
      name = SHORT[arg.slice(1)];
    }
    if (!name) {
      out.rest.push(arg);
      continue;
    }
    if (GLOBAL_FLAGS[name]) {
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i++;
      if (value === undefined || (inline === undefined && value.startsWith("-") && value.length > 1)) {
        out.problem = `Flag --${name} needs a value`;
        continue;
      }
      (out.globals as Record<string, unknown>)[name] = value;
    } else if (name === "json") out.globals.output = "json";
    else if (name === "help") out.help = true;
    else if (name === "version") out.version = true;
    else (out.globals as Record<string, unknown>)[name] = inline === undefined ? true : inline !== "false";
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const split = splitGlobals(argv);
  const json = split.globals.output === "json";
  if (split.version && split.rest.length === 0) {
    console.log(json ? JSON.stringify({ version: VERSION, commit: COMMIT, target: TARGET }) : versionLine());
    return 0;
  }
  const { run } = await import("./cli.ts");
  return run(split, root);
}

/** `kohub-cli 0.1.0 (commit abc1234, bun-linux-x64)` */
export function versionLine(): string {
  return `kohub-cli ${VERSION} (commit ${COMMIT}, ${TARGET})`;
}

if (import.meta.main) {
  // No top-level await: the bytecode build is CommonJS.
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
