/**
 * The command line before routing: global options taken out wherever they stand, and the version line.
 * Kept apart from main.ts (the entry point, which runs on import) so that other modules and tests can use it.
 *
 * @module
 */
import { COMMIT, TARGET, VERSION } from "./version.ts";

/** Global flags: name → takes a value. */
export const GLOBAL_FLAGS: Record<string, boolean> = {
  endpoint: true,
  token: true,
  timeout: true,
  profile: true,
  output: true,
  json: false,
  jq: true,
  template: true,
  quiet: false,
  verbose: false,
  help: false,
  version: false,
};
/** Field names separated by commas, as `--json` takes them (`--json=name,private`). */
export const FIELD_LIST = /^[A-Za-z_][\w-]*(,[A-Za-z_][\w-]*)*$/;
/** A number of seconds, as `--timeout` and `KOHUB_TIMEOUT` take it. */
export const SECONDS = /^\d+(\.\d+)?$/;

const SHORT: Record<string, string> = { o: "output", q: "quiet", v: "verbose", h: "help", V: "version" };

/** The command line split into global options and the rest. */
export interface SplitArgs {
  globals: {
    endpoint?: string;
    token?: string;
    timeout?: string;
    profile?: string;
    output?: string;
    /** `--json=FIELDS` (or `--json FIELDS` once cli.ts has found that word to be no argument). */
    json?: string;
    jq?: string;
    template?: string;
    quiet: boolean;
    verbose: boolean;
  };
  help: boolean;
  version: boolean;
  rest: string[];
  problem?: string;
  /** The word after a bare `--json` when it looks like field names: cli.ts decides (withoutJsonFields). */
  jsonWord?: { value: string; at: number };
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
      if (name === "timeout" && !SECONDS.test(value)) {
        out.problem = `Invalid value "${value}" for --timeout: expected a number of seconds (0: no limit)`;
        continue;
      }
      (out.globals as Record<string, unknown>)[name] = value;
    } else if (name === "json") {
      out.globals.output = "json";
      const next = argv[i + 1];
      if (inline !== undefined) out.globals.json = inline;
      else if (next !== undefined && FIELD_LIST.test(next))
        out.jsonWord = { value: next, at: out.rest.length };
    } else if (name === "help") out.help = true;
    else if (name === "version") out.version = true;
    else (out.globals as Record<string, unknown>)[name] = inline === undefined ? true : inline !== "false";
  }
  const { jq, template } = out.globals;
  if (jq !== undefined || template !== undefined) {
    // Both read the JSON output, so they ask for it.
    if (out.globals.output === "text")
      out.problem = "--jq and --template read the JSON output: drop --output text";
    if (jq !== undefined && template !== undefined) out.problem = "Use --jq or --template, not both";
    out.globals.output = "json";
  }
  return out;
}

/** `kohub-cli 0.1.0 (commit abc1234, bun-linux-x64)` */
export function versionLine(): string {
  return `kohub-cli ${VERSION} (commit ${COMMIT}, ${TARGET})`;
}
