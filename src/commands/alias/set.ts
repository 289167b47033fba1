/** `kohub-cli alias set NAME EXPANSION`: a shortcut, expanded before the command line is parsed. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { CliError, EXIT } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";
import { findExtension } from "../extension/_find.ts";
import { aliasesPath } from "./_file.ts";
import { checkAliasName, checkExpansion, isBuiltin, updateAliases } from "./_write.ts";

export interface SetOptions {
  name: string;
  expansion: string;
  clobber: boolean;
}

export function toOptions(args: {
  name: string;
  expansion: string;
  shell?: boolean;
  clobber?: boolean;
}): SetOptions {
  checkAliasName(args.name);
  const expansion = args.shell && !args.expansion.startsWith("!") ? `!${args.expansion}` : args.expansion;
  return { name: args.name, expansion, clobber: Boolean(args.clobber) };
}

/** Built-in commands and installed extensions are what an alias may expand to. */
export function aliasTarget(env: Record<string, string | undefined>): (word: string) => boolean {
  return (word) => isBuiltin(word) || findExtension(word, env) !== undefined;
}

export async function setRun(ctx: Context, opts: SetOptions): Promise<void> {
  checkExpansion(opts.expansion, aliasTarget(ctx.env));
  const path = aliasesPath(ctx.env);
  const previous = updateAliases(path, (aliases) => {
    const before = aliases[opts.name];
    if (before !== undefined && before !== opts.expansion && !opts.clobber) {
      throw new CliError(
        `The alias "${opts.name}" exists already ("${before}"): pass --clobber to replace it`,
        {
          code: "AliasExists",
          exitCode: EXIT.CONFLICT,
        },
      );
    }
    aliases[opts.name] = opts.expansion;
    return before;
  });
  await noteAliasUndo(ctx, { [opts.name]: previous }, { [opts.name]: opts.expansion });
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ name: opts.name, expansion: opts.expansion })}\n`);
  // The notice masks a token the expansion may hold (the aliases file and `alias list` keep it whole).
  const { maskText } = await import("../../history/mask.ts");
  const shown = maskText(opts.expansion);
  ctx.log.success(`${previous === undefined ? "Added" : "Changed"} alias ${opts.name}: ${shown}`);
}

/**
 * Hands history the step that gives aliases their `before` expansions back (or why it cannot: a previous
 * expansion with a token-like word, which the history never records).
 */
export async function noteAliasUndo(
  ctx: Context,
  before: Record<string, string | undefined>,
  after: Record<string, string | undefined>,
): Promise<void> {
  const changed = Object.entries(after).filter(([name, value]) => before[name] !== value);
  // Nothing changed (the same expansion again, no alias to delete): nothing to record.
  if (changed.length === 0) {
    ctx.history.read = true;
    return;
  }
  const { aliasStep } = await import("../../history/undo-local.ts");
  const step = aliasStep(before, Object.fromEntries(changed));
  if ("irreversible" in step) ctx.history.irreversible = step.irreversible;
  else ctx.undo(step);
}

/** Recorded; `kohub-cli undo` gives the alias its previous expansion, or removes it if it was new. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli alias set ri 'repo info $1'",
  "kohub-cli alias set mine 'repo list --author alice'",
  "kohub-cli alias set --shell ids 'kohub-cli repo list --json | jq -r \".[].id\"'",
];

export default defineCommand({
  meta: {
    name: "set",
    description: [
      "Create a shortcut for a command line",
      "",
      "$1, $2, ... in the expansion take the arguments given after the alias; the others are appended.",
      "An expansion that starts with ! (or --shell) is run by sh -c, with the arguments as $1, $2, ...",
      "An alias cannot replace a kohub-cli command.",
    ].join("\n"),
  },
  args: {
    name: { type: "positional", required: true, description: "the alias: one word, not a command's name" },
    expansion: { type: "positional", required: true, description: "what it stands for (quote it)" },
    shell: { type: "boolean", alias: "s", description: "run the expansion with sh -c (same as a leading !)" },
    clobber: { type: "boolean", description: "replace an alias of that name" },
  },
  run: ({ args, data }) => setRun(data as Context, toOptions(args)),
});
