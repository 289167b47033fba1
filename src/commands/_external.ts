/**
 * Commands that are not built in, tried in this order once the first word names no built-in command:
 * an alias (`alias set`), then an extension (`kohub-cli-NAME`). cli.ts loads this only then, so that
 * built-in commands never read the aliases file nor search PATH.
 *
 * @module
 */
import { type SplitArgs, splitGlobals } from "../argv.ts";
import { aliasesPath, expandAlias, readAliases } from "./alias/_file.ts";
import { findExtension } from "./extension/_find.ts";

type Env = Record<string, string | undefined>;

/** What dispatch decided: the expanded command line of an alias, or the exit code of what it ran. */
export type External = { split: SplitArgs } | { exit: number } | undefined;

/**
 * The global flags typed before the name and the words after it, as typed: a shell alias and an
 * extension get their arguments untouched (`--output json` after the name is theirs, as in gh).
 */
function around(name: string, split: SplitArgs, argv?: string[]) {
  if (argv) {
    for (let i = 0; i < argv.length; i++) {
      const before = splitGlobals(argv.slice(0, i));
      if (argv[i] !== name || before.rest.length > 0) continue;
      // `kohub-cli --help NAME` asks the extension for its help, as `kohub-cli NAME --help` does.
      return { globals: before.globals, tail: [...(before.help ? ["--help"] : []), ...argv.slice(i + 1)] };
    }
  }
  return { globals: split.globals, tail: split.rest.slice(1) };
}

/** The alias's command line read for global flags, under those typed around the alias (which win). */
export function mergeAlias(outer: SplitArgs, inner: SplitArgs): SplitArgs {
  const defined = Object.entries(outer.globals).filter(([, v]) => v !== undefined && v !== false);
  // The word after a bare `--json` typed around the alias: the alias's arguments end the expansion.
  const typed = outer.jsonWord && {
    value: outer.jsonWord.value,
    at: inner.rest.lastIndexOf(outer.jsonWord.value),
  };
  const jsonWord = inner.jsonWord ?? (typed && typed.at >= 0 ? typed : undefined);
  return {
    globals: { ...inner.globals, ...Object.fromEntries(defined) },
    help: outer.help || inner.help,
    version: outer.version || inner.version,
    rest: inner.rest,
    problem: outer.problem ?? inner.problem,
    ...(jsonWord ? { jsonWord } : {}),
  };
}

/** Expands or runs the first word of `split.rest` as an alias or an extension; undefined if it is neither. */
export async function dispatchExternal(split: SplitArgs, env: Env, argv?: string[]): Promise<External> {
  const name = split.rest[0] as string;
  const aliases = readAliases(aliasesPath(env));
  const found = Object.hasOwn(aliases, name) ? undefined : findExtension(name, env);
  if (!Object.hasOwn(aliases, name) && !found) return undefined;
  const { globals, tail } = around(name, split, argv);
  const { extensionEnv, runExtension, runShellAlias } = await import("./extension/_run.ts");
  if (found) return { exit: await runExtension(found, tail, await extensionEnv(globals, env)) };
  const expansion = aliases[name] as string;
  const expanded = expandAlias(expansion, expansion.startsWith("!") ? tail : split.rest.slice(1));
  if (!expanded.shell) return { split: mergeAlias(split, splitGlobals(expanded.words)) };
  return {
    exit: await runShellAlias(name, expanded.script, expanded.args, await extensionEnv(globals, env)),
  };
}
