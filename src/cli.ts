/**
 * Routing, help, strict argument checking and the error boundary (loaded by main.ts once it knows that
 * more than `--version` is asked).
 *
 * @module
 */
import type { ArgsDef } from "citty";
import type { SplitArgs } from "./argv.ts";
import {
  type AnyCommand,
  flagSpellings,
  type GroupCommand,
  isGroup,
  type LeafModule,
} from "./commands/_define.ts";
import { groupHelp, leafHelp, usageLine } from "./commands/_help.ts";
import { didYouMean } from "./commands/_suggest.ts";
import type { Context, Globals } from "./context.ts";
import { CancelError, EXIT, explainInContext, ReportedError, renderError, UsageError } from "./errors.ts";
import type { RecordInput } from "./history/record.ts";
import type { Changes } from "./history/types.ts";
import type { FilteredOutput } from "./output/filter.ts";
import { type IO, processIO } from "./output/io.ts";
import type { Prompter } from "./prompts/prompter.ts";
import { VERSION } from "./version.ts";

type Env = Record<string, string | undefined>;

/** What tests may inject into a run. */
export interface RunOptions {
  io?: IO;
  env?: Record<string, string | undefined>;
  prompter?: Prompter;
  /** The command line as typed: a shell alias or an extension gets the words after its name untouched. */
  argv?: string[];
}

/**
 * Checks a leaf's command line before citty parses it: unknown flags (with a suggestion), missing flag
 * values, invalid enum values, missing or extra positional arguments.
 */
export function checkLeafArgs(path: string[], args: ArgsDef, rawArgs: string[], variadic?: string): void {
  const spellings = flagSpellings(args);
  const usage = `Usage: ${usageLine(path, args, variadic)}`;
  const positionals: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === "--") {
      positionals.push(...rawArgs.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const isLong = arg.startsWith("--");
    const eq = arg.indexOf("=");
    const name = isLong ? arg.slice(2, eq === -1 ? undefined : eq) : arg.slice(1, 2);
    const found = spellings.get(name);
    if (!found) {
      const candidates = [...spellings.keys()].filter((k) => k.length > 1 && !k.startsWith("no-"));
      const shown = isLong ? `--${name}` : `-${name}`;
      throw new UsageError(
        `Unknown flag ${shown} for 'kohub-cli ${path.join(" ")}'.${didYouMean(name, candidates, "--")} ${usage}`.trim(),
      );
    }
    const [main, def] = found;
    if (def.type === "boolean") {
      seen.add(main);
      continue;
    }
    let value: string | undefined;
    if (isLong && eq !== -1) value = arg.slice(eq + 1);
    else if (!isLong && arg.length > 2) value = arg.slice(2);
    else {
      value = rawArgs[i + 1];
      i++;
      if (value === undefined) throw new UsageError(`Flag --${main} needs a value. ${usage}`);
    }
    if (def.type === "enum" && def.options && !def.options.includes(value)) {
      throw new UsageError(
        `Invalid value "${value}" for --${main}: expected one of ${def.options.join(", ")}${didYouMean(value, def.options) || "."}`.replace(
          /([^.?])\.? Did/,
          "$1. Did",
        ),
      );
    }
    seen.add(main);
  }
  for (const [name, def] of Object.entries(args)) {
    if (def.type !== "positional" && def.required && !seen.has(name)) {
      throw new UsageError(`Missing flag --${name}. ${usage}`);
    }
  }
  const defs = Object.entries(args).filter(([, d]) => d.type === "positional");
  defs.forEach(([name, def], index) => {
    if (positionals[index] === undefined && def.required !== false && def.default === undefined) {
      throw new UsageError(`Missing argument <${name}>. ${usage}`);
    }
  });
  if (!variadic && positionals.length > defs.length) {
    throw new UsageError(`Unexpected argument "${positionals[defs.length]}". ${usage}`);
  }
}

interface Resolved {
  path: string[];
  node: GroupCommand | AnyCommand;
  module?: LeafModule;
  rest: string[];
}

/** Walks the command tree along the non-flag words of the command line. */
export async function resolveCommand(root: GroupCommand, words: string[]): Promise<Resolved> {
  let node: GroupCommand | AnyCommand = root;
  const path: string[] = [];
  let rest = words;
  let module: LeafModule | undefined;
  while (isGroup(node)) {
    const group: GroupCommand = node;
    const [next, ...after] = rest;
    if (next === undefined) break;
    if (next.startsWith("-")) {
      throw new UsageError(
        `Unknown flag ${next} for 'kohub-cli${path.length ? ` ${path.join(" ")}` : ""}'. Run 'kohub-cli ${[...path, "--help"].join(" ")}'`,
      );
    }
    const entry = Object.hasOwn(group.entries, next) ? group.entries[next] : undefined;
    if (!entry) {
      const names = Object.keys(group.entries);
      const where = ["kohub-cli", ...path].join(" ");
      throw new UsageError(
        `Unknown command "${next}" for '${where}'.${didYouMean(next, names)} Run '${where} --help'`,
      );
    }
    const loaded = await entry[1]();
    path.push(next);
    rest = after;
    node = loaded.default;
    if (!isGroup(node)) module = loaded as LeafModule;
  }
  return { path, node, module, rest };
}

function toGlobals(split: SplitArgs): Globals {
  const output = split.globals.output ?? "text";
  if (output !== "text" && output !== "json") {
    throw new UsageError(`Invalid value "${output}" for --output: expected text or json`);
  }
  return {
    endpoint: split.globals.endpoint,
    token: split.globals.token,
    timeout: split.globals.timeout,
    profile: split.globals.profile,
    output,
    quiet: split.globals.quiet,
    verbose: split.globals.verbose,
  };
}

/**
 * The command line without the word after a bare `--json` when that word is field names and no argument
 * of the command: without it the command has all its arguments, with it one too many. So a command line
 * that worked before keeps its meaning (`repo info --json my-org/x`, `org info --json my-org`).
 */
export function withoutJsonFields(
  split: SplitArgs,
  resolved: Pick<Resolved, "path" | "rest">,
  args: ArgsDef,
  variadic?: string,
) {
  const word = split.jsonWord;
  const at = word ? word.at - resolved.path.length : -1;
  if (!word || at < 0 || resolved.rest[at] !== word.value) return undefined;
  const rest = resolved.rest.filter((_, i) => i !== at);
  const fits = (words: string[]) => {
    try {
      checkLeafArgs(resolved.path, args, words, variadic);
      return true;
    } catch {
      return false;
    }
  };
  return !fits(resolved.rest) && fits(rest) ? { fields: word.value, rest } : undefined;
}

/** The output filter of `--json FIELDS`, `--jq` or `--template` (its module is loaded only then). */
async function outputFilter(io: IO, split: SplitArgs, fields?: string): Promise<FilteredOutput | undefined> {
  const { jq, template } = split.globals;
  fields ??= split.globals.json;
  if (fields === undefined && jq === undefined && template === undefined) return undefined;
  const { filteredOutput, checkFilter } = await import("./output/filter.ts");
  return filteredOutput(io, await checkFilter({ fields, jq, template }));
}

/** Whether `kohub-cli` with no arguments should start the interactive mode. */
async function wantsInteractive(io: IO, env: Record<string, string | undefined>): Promise<boolean> {
  if (!io.canPrompt) return false;
  try {
    const { configPath, loadConfig } = await import("./config/store.ts");
    return loadConfig(configPath(env)).interactive_mode_default !== false;
  } catch {
    return true;
  }
}

/**
 * An alias or an extension, when the first word is not a built-in command: only then is the module that
 * finds them loaded (built-in commands never read the aliases file nor search PATH).
 */
async function tryExternal(
  split: SplitArgs,
  root: GroupCommand,
  env: Record<string, string | undefined>,
  argv?: string[],
): Promise<import("./commands/_external.ts").External> {
  const first = split.rest[0];
  if (first === undefined || first.startsWith("-") || Object.hasOwn(root.entries, first)) return undefined;
  const { dispatchExternal } = await import("./commands/_external.ts");
  return dispatchExternal(split, env, argv);
}

/** The root help's list of the user's aliases, read only when that help is shown. */
async function rootExtras(env: Record<string, string | undefined>): Promise<string> {
  const { aliasesHelp } = await import("./commands/alias/_help.ts");
  return aliasesHelp(env);
}

/** Records a command that changes something in the history (loaded only for such commands). */
async function record(ctx: Context, input: RecordInput): Promise<void> {
  const { recordCommand } = await import("./history/record.ts");
  await recordCommand(ctx, input);
}

/** What a run has set up by the time it fails: the error boundary reports with it. */
interface RunState {
  json: boolean;
  ctx?: Context;
  /** The history entry of a command that changes something, until it is recorded. */
  changing?: RecordInput;
  output?: FilteredOutput;
}

/** Where a command line leads: an exit code already (help, an alias or extension that ran), or a leaf. */
type Routed =
  | { exit: number }
  | {
      split: SplitArgs;
      globals: Globals;
      resolved: Resolved;
      leaf: AnyCommand;
      module: LeafModule;
      args: ArgsDef;
    };

/** Aliases and extensions, the interactive default, group help and leaf help: everything before a leaf runs. */
async function route(
  split: SplitArgs,
  root: GroupCommand,
  state: RunState,
  io: IO,
  env: Env,
  argv?: string[],
): Promise<Routed> {
  const external = await tryExternal(split, root, env, argv);
  if (external && "exit" in external) return external;
  if (external) {
    split = external.split;
    state.json = split.globals.output === "json";
  }
  if (split.problem) throw new UsageError(split.problem);
  const globals = toGlobals(split);
  let words = split.rest;
  if (words.length === 0 && !split.help && !split.version) {
    if (!(await wantsInteractive(io, env))) {
      io.out.write(groupHelp([], root, VERSION) + (await rootExtras(env)));
      return { exit: EXIT.OK };
    }
    // First run (no config file yet): the setup wizard comes before the menu.
    const { existsSync } = await import("node:fs");
    const { configPath } = await import("./config/store.ts");
    words = existsSync(configPath(env)) ? ["interactive"] : ["interactive", "--setup"];
  }
  const resolved = await resolveCommand(root, words);
  if (isGroup(resolved.node)) {
    if (split.version && resolved.path.length === 0) {
      const { versionLine } = await import("./argv.ts");
      io.out.write(`${versionLine()}\n`);
      return { exit: EXIT.OK };
    }
    if (resolved.rest.length === 0) {
      const atRoot = resolved.path.length === 0;
      const extras = atRoot ? await rootExtras(env) : "";
      io.out.write(groupHelp(resolved.path, resolved.node, atRoot ? VERSION : undefined) + extras);
      return { exit: EXIT.OK };
    }
  }
  const leaf = resolved.node as AnyCommand;
  const module = resolved.module as LeafModule;
  const args = (typeof leaf.args === "function" ? await leaf.args() : await leaf.args) ?? {};
  if (split.help) {
    const meta = (typeof leaf.meta === "function" ? await leaf.meta() : await leaf.meta) ?? {};
    io.out.write(leafHelp(resolved.path, meta, args, module.examples, module.variadic));
    return { exit: EXIT.OK };
  }
  return { split, globals, resolved, leaf, module, args };
}

/** Checks a leaf's arguments, then runs it with its context, output filter and history entry. */
async function execute(
  routed: Exclude<Routed, { exit: number }>,
  state: RunState,
  io: IO,
  env: Env,
  options: { prompter?: Prompter; signal: AbortSignal },
): Promise<number> {
  const { split, resolved, leaf, module, args } = routed;
  const taken = withoutJsonFields(split, resolved, args, module.variadic);
  if (taken) resolved.rest = taken.rest;
  checkLeafArgs(resolved.path, args, resolved.rest, module.variadic);
  state.output = await outputFilter(io, split, taken?.fields);
  const { createContext } = await import("./context.ts");
  const ctx = await createContext({ io: state.output?.io ?? io, globals: routed.globals, env, ...options });
  state.ctx = ctx;
  const changes = (module as { changes?: Changes }).changes;
  if (changes) state.changing = { path: resolved.path, args, rest: resolved.rest, changes };
  const { runCommand } = await import("citty");
  await runCommand(leaf, { rawArgs: resolved.rest, data: ctx });
  if (state.changing) await record(ctx, state.changing);
  // Recorded: an error of the output filter below is not a failure of the command.
  state.changing = undefined;
  await state.output?.finish();
  return EXIT.OK;
}

/** The error boundary: records the failure, prints it (text or a JSON object) and gives its exit code. */
async function fail(err: unknown, state: RunState, io: IO, env: Env): Promise<number> {
  const { ctx, changing } = state;
  // What a failed command printed is still shown, filtered when it can be.
  await state.output?.finish({ lenient: true });
  const explained = await explainInContext(err, ctx);
  if (err instanceof Error && err.name === "CLIError") explained.exitCode = EXIT.USAGE;
  // A command cancelled before it changed anything leaves no entry.
  const didSomething = !(err instanceof CancelError) || Boolean(ctx?.history.undo.length);
  if (changing && ctx && didSomething) await record(ctx, { ...changing, failed: explained });
  // A command that has shown its own failures (several targets, a batch) only sets the exit code.
  if (err instanceof ReportedError) return err.exitCode;
  if (!(err instanceof CancelError) || state.json) {
    const text = renderError(explained, state.json);
    if (state.json) io.out.write(text);
    else io.err.write(text);
  } else io.err.write(`${explained.error}\n`);
  if (env.KOHUB_DEBUG && err instanceof Error && err.stack) io.err.write(`${err.stack}\n`);
  return explained.exitCode;
}

/** Runs a command line (already split into global options and the rest) and returns the exit code. */
export async function run(split: SplitArgs, root: GroupCommand, options: RunOptions = {}): Promise<number> {
  const io = options.io ?? processIO();
  const env = options.env ?? process.env;
  const state: RunState = { json: split.globals.output === "json" };
  const interrupt = new AbortController();
  const onSigint = () => {
    // A command that took the interrupt signal stops cleanly (a second Ctrl-C exits at once).
    if (state.ctx?.interruptible && !interrupt.signal.aborted) {
      interrupt.abort(new DOMException("Interrupted", "AbortError"));
      return;
    }
    io.err.write("\nInterrupted\n");
    void io.flush().then(() => process.exit(EXIT.INTERRUPTED));
  };
  const listening = !options.io;
  if (listening) process.on("SIGINT", onSigint);
  try {
    const routed = await route(split, root, state, io, env, options.argv);
    if ("exit" in routed) return routed.exit;
    return await execute(routed, state, io, env, { prompter: options.prompter, signal: interrupt.signal });
  } catch (caught) {
    const err = interrupt.signal.aborted
      ? new CancelError("Interrupted: run the same command again to resume")
      : caught;
    return await fail(err, state, io, env);
  } finally {
    if (listening) process.off("SIGINT", onSigint);
    await io.flush();
  }
}
