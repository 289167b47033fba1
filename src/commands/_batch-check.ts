/**
 * A batch line checked as the CLI checks a command line, without running it: global flags, the command
 * (an alias expanded first), its flags and arguments. Lines a batch cannot run are refused here: `batch`
 * itself, `interactive` (it needs a terminal), shell aliases and extensions (they run other programs,
 * whose output and prompts the batch could not capture).
 *
 * @module
 */
import { type SplitArgs, splitGlobals } from "../argv.ts";
import { checkLeafArgs, resolveCommand, withoutJsonFields } from "../cli.ts";
import { UsageError } from "../errors.ts";
import { type GroupCommand, isGroup, type LeafModule } from "./_define.ts";
import { mergeAlias } from "./_external.ts";
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

/** The line as the CLI reads it, an alias expanded: its global flags taken out, its command words in `rest`. */
function lineSplit(root: GroupCommand, words: string[], env: Env): SplitArgs {
  const split = splitGlobals(words);
  if (split.problem) throw new UsageError(split.problem);
  const first = split.rest[0];
  if (first === undefined) throw new UsageError("No command on this line");
  if (Object.hasOwn(root.entries, first) || first.startsWith("-")) return split;
  const aliases = readAliases(aliasesPath(env));
  if (Object.hasOwn(aliases, first)) {
    const expanded = expandAlias(aliases[first] as string, split.rest.slice(1));
    if (expanded.shell)
      throw new UsageError(`'${first}' is a shell alias: a batch runs kohub-cli commands only`);
    return mergeAlias(split, splitGlobals(expanded.words));
  }
  if (findExtension(first, env)) {
    throw new UsageError(`'${first}' is an extension: a batch runs kohub-cli commands only`);
  }
  return split;
}

/** Checks a line; throws the UsageError the CLI would give (or a batch's refusal). */
export async function checkLine(root: GroupCommand, words: string[], env: Env): Promise<CheckedLine> {
  const line = lineSplit(root, words, env);
  const name = line.rest[0] ?? "";
  const refused = Object.hasOwn(REFUSED, name) ? REFUSED[name] : undefined;
  if (refused) throw new UsageError(`Cannot run '${line.rest[0]}' in a batch: ${refused}`);
  const resolved = await resolveCommand(root, line.rest);
  if (isGroup(resolved.node)) {
    if (line.help) return { path: resolved.path, takesYes: false };
    const name = `kohub-cli ${resolved.path.join(" ")}`;
    throw new UsageError(`'${name}' needs a command: '${name} --help' lists them`);
  }
  const leaf = resolved.node;
  const args = (typeof leaf.args === "function" ? await leaf.args() : await leaf.args) ?? {};
  if (!line.help) {
    // As cli.ts does: the word after a bare `--json` may be field names when the line fits only without it.
    const variadic = (resolved.module as LeafModule).variadic;
    const taken = withoutJsonFields(line, resolved, args, variadic);
    checkLeafArgs(resolved.path, args, taken?.rest ?? resolved.rest, variadic);
  }
  return { path: resolved.path, takesYes: Object.hasOwn(args, "yes") };
}
