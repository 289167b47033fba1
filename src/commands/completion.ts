/**
 * `kohub-cli completion bash|zsh|fish|powershell`: a shell completion script, generated at run time from
 * the command tree itself (every group, command, flag, short flag, enum value and the global flags), so
 * it cannot fall out of date. Each script walks the words typed so far through the same tree.
 *
 * @module
 */
import { defineCommand } from "citty";
import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import { bash } from "./_completion/bash.ts";
import { fish } from "./_completion/fish.ts";
import { powershell } from "./_completion/powershell.ts";
import { type CompletionSpec, completionSpec, SHELLS, type Shell } from "./_completion/spec.ts";
import { zsh } from "./_completion/zsh.ts";
import { didYouMean } from "./_suggest.ts";
import { loadTree, type TreeNode } from "./_tree.ts";
import type { Aliases } from "./alias/_file.ts";

export { completionSpec, SHELLS, type Shell } from "./_completion/spec.ts";

const GENERATORS: Record<Shell, (spec: CompletionSpec) => string> = { bash, zsh, fish, powershell };

/**
 * The completion script for a shell, from the command tree and the user's aliases (offered beside the
 * top-level commands, described by their expansion).
 */
export async function completionScript(
  shell: Shell,
  tree?: TreeNode,
  aliases: Aliases = {},
): Promise<string> {
  const spec = completionSpec(tree ?? (await loadTree()));
  const root = spec.nodes.find((n) => n.path === "");
  const builtIn = new Set(root?.commands.map(([name]) => name));
  for (const [name, expansion] of Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b))) {
    if (!builtIn.has(name)) root?.commands.push([name, `alias: ${expansion}`]);
  }
  return GENERATORS[shell](spec);
}

export interface CompletionOptions {
  shell: Shell;
}

export function toOptions(args: { shell: string }): CompletionOptions {
  if ((SHELLS as readonly string[]).includes(args.shell)) return { shell: args.shell as Shell };
  throw new UsageError(
    `Unknown shell "${args.shell}": expected one of ${SHELLS.join(", ")}.${didYouMean(args.shell, [...SHELLS])}`,
  );
}

export async function completionRun(ctx: Context, opts: CompletionOptions): Promise<void> {
  const { aliasesPath, readAliases } = await import("./alias/_file.ts");
  let aliases: Aliases = {};
  try {
    aliases = readAliases(aliasesPath(ctx.env));
  } catch (err) {
    // A broken aliases file costs its aliases, not the completion of every command.
    ctx.log.warn(`${(err as Error).message}: the script leaves the aliases out`);
  }
  ctx.io.out.write(await completionScript(opts.shell, undefined, aliases));
}

/** Values the completion scripts offer for this command's positional argument. */
export const completions = SHELLS;

export const examples = [
  "kohub-cli completion bash > ~/.local/share/bash-completion/completions/kohub-cli",
  'kohub-cli completion zsh > "$fpath[1]/_kohub-cli"',
  "kohub-cli completion fish > ~/.config/fish/completions/kohub-cli.fish",
  "kohub-cli completion powershell | Out-String | Invoke-Expression",
];

export default defineCommand({
  meta: {
    name: "completion",
    description: [
      "Print the shell completion script for bash, zsh, fish or powershell",
      "",
      "Install (for the current shell only):",
      "  bash         source <(kohub-cli completion bash)",
      "  zsh          source <(kohub-cli completion zsh)       # after compinit",
      "  fish         kohub-cli completion fish | source",
      "  powershell   kohub-cli completion powershell | Out-String | Invoke-Expression",
      "For every new shell, save it where the shell looks (see the examples) or put that line in",
      "~/.bashrc, ~/.zshrc, ~/.config/fish/config.fish or $PROFILE.",
      "Your aliases are offered with the commands: a saved script knows those of the day it was made.",
    ].join("\n"),
  },
  args: {
    shell: { type: "positional", required: true, description: "bash, zsh, fish or powershell" },
  },
  run: ({ args, data }) => completionRun(data as Context, toOptions(args)),
});
