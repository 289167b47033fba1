/**
 * Arguments shared by several commands, and small helpers every command uses (repo type default,
 * confirmation of destructive actions).
 *
 * @module
 */
import type { Context } from "../context.ts";
import { CancelError, UsageError } from "../errors.ts";

/** `--type/-t`: model, dataset or space. */
export const typeArg = {
  type: {
    type: "enum" as const,
    options: ["model", "dataset", "space"],
    alias: ["t"],
    description: "repository type [default: model, or the config's default_repo_type]",
    valueHint: "TYPE",
  },
};

/** `--revision/-r`. */
export const revisionArg = {
  revision: {
    type: "string" as const,
    alias: ["r"],
    description: "branch, tag or commit [default: main]",
    valueHint: "REV",
  },
};

/** `--yes/-y`: confirm destructive actions without asking. */
export const yesArg = {
  yes: {
    type: "boolean" as const,
    alias: ["y"],
    description: "do not ask for confirmation (required when not on a terminal)",
  },
};

/** The repo type: the flag, else the config's `default_repo_type`, else `model`. */
export async function repoType(
  ctx: Context,
  flag: string | undefined,
): Promise<"model" | "dataset" | "space"> {
  if (flag) return flag as "model" | "dataset" | "space";
  try {
    return (await ctx.config()).default_repo_type ?? "model";
  } catch {
    return "model";
  }
}

/**
 * Asks before a destructive action. With `--yes` it proceeds; without a terminal it refuses (usage error);
 * a "no" cancels (exit 130).
 */
export async function confirmDestructive(
  ctx: Context,
  yes: boolean | undefined,
  question: string,
): Promise<void> {
  if (yes) return;
  if (!ctx.io.canPrompt) {
    throw new UsageError(
      `${question.replace(/\?$/, "")}: pass --yes to confirm when not running interactively`,
    );
  }
  await ctx.io.flush(); // notices written so far must not land in the middle of the prompt
  const ok = await (await ctx.prompter()).confirm({ message: question, initialValue: false });
  if (!ok) throw new CancelError("Cancelled: nothing was changed");
}
