/**
 * A batch line checked as the CLI checks a command line, without running it: global flags, the command
 * (an alias expanded first), its flags and arguments. Lines a batch cannot run are refused here: `batch`
 * itself, `interactive` (it needs a terminal), shell aliases and extensions (they run other programs,
 * whose output and prompts the batch could not capture).
 *
 * @module
 */
import type { ArgsDef } from "citty";
import { splitGlobals } from "../argv.ts";
import { checkLeafArgs, resolveCommand } from "../cli.ts";
import { UsageError } from "../errors.ts";
import { type GroupCommand, isGroup, type LeafModule } from "./_define.ts";
import { aliasesPath, expandAlias, readAliases } from "./alias/_file.ts";
import { findExtension } from "./extension/_find.ts";

type Env = Record<string, string | undefined>;

/** What a checked line runs: the command's path, and whether it takes `--yes`. */
export interface CheckedLine {
  path: string[];
  takesYes: boolean;
}

const REFUSED: Record<string, string> = {
  batch: "a batch cannot run another batch (put its lines in this one)",
  interactive: "interactive needs a terminal, and a batch has none",
};

/** The line's command words after alias expansion (its global flags taken out). */
function commandWords(root: GroupCommand, words: string[], env: Env): string[] {
  const split = splitGlobals(words);
  if (split.problem) throw new UsageError(split.problem);
  const first = split.rest[0];
  if (first === undefined) throw new UsageError("No command on this line");
  if (Object.hasOwn(root.entries, first) || first.startsWith("-")) return split.rest;
  const aliases = readAliases(aliasesPath(env));
  if (Object.hasOwn(aliases, first)) {
    const expanded = expandAlias(aliases[first] as string, split.rest.slice(1));
    if (expanded.shell)
      throw new UsageError(`'${first}' is a shell alias: a batch runs kohub-cli commands only`);
    return splitGlobals(expanded.words).rest;
  }
  if (findExtension(first, env)) {
    throw new UsageError(`'${first}' is an extension: a batch runs kohub-cli commands only`);
  }
  return split.rest;
}

/**
 * Checks a leaf's words as cli.ts does, including its one exception: a word after a bare `--json` may be
 * field names (`repo info --json name,private x/y`) when the command line only fits without it.
 */
function checkArgs(path: string[], args: ArgsDef, rest: string[], words: string[], variadic?: string): void {
  try {
    checkLeafArgs(path, args, rest, variadic);
  } catch (err) {
    const fields = words[words.indexOf("--json") + 1];
    const at = words.includes("--json") && fields !== undefined ? rest.indexOf(fields) : -1;
    if (at === -1) throw err;
    checkLeafArgs(
      path,
      args,
      rest.filter((_w, i) => i !== at),
      variadic,
    );
  }
}

/** Checks a line; throws the UsageError the CLI would give (or a batch's refusal). */
export async function checkLine(root: GroupCommand, words: string[], env: Env): Promise<CheckedLine> {
  const split = splitGlobals(words);
  const rest = commandWords(root, words, env);
  const refused = REFUSED[rest[0] ?? ""];
  if (refused) throw new UsageError(`Cannot run '${rest[0]}' in a batch: ${refused}`);
  const resolved = await resolveCommand(root, rest);
  if (isGroup(resolved.node)) {
    if (split.help) return { path: resolved.path, takesYes: false };
    const name = `kohub-cli ${resolved.path.join(" ")}`;
    throw new UsageError(`'${name}' needs a command: '${name} --help' lists them`);
  }
  const leaf = resolved.node;
  const args = (typeof leaf.args === "function" ? await leaf.args() : await leaf.args) ?? {};
  if (!split.help)
    checkArgs(resolved.path, args, resolved.rest, words, (resolved.module as LeafModule).variadic);
  return { path: resolved.path, takesYes: Object.hasOwn(args, "yes") };
}
