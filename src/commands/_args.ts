/**
 * Arguments shared by several commands, and small helpers every command uses (repo type default,
 * confirmation of destructive actions).
 *
 * @module
 */
import type { Context } from "../context.ts";
import { CancelError, UsageError } from "../errors.ts";
import { repeatedFlag } from "./repo/_shared.ts";

/** `--type/-t` (also `--repo-type`, as hf names it): model, dataset or space. */
export const typeArg = {
  type: {
    type: "enum" as const,
    options: ["model", "dataset", "space"],
    alias: ["t", "repo-type"],
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

/**
 * Every value of a repeatable glob-pattern flag (`--include a --include b`: citty keeps only the last),
 * checked before any request: not empty, no `..` segment, brackets and braces balanced. Undefined when the
 * flag is absent.
 */
export function patternsFlag(rawArgs: string[], name: string): string[] | undefined {
  const values = repeatedFlag(rawArgs, [name]);
  if (values.length === 0) return undefined;
  for (const pattern of values) {
    const bad = (why: string) => new UsageError(`Invalid pattern "${pattern}" for --${name}: ${why}`);
    if (pattern.trim() === "") throw bad("it is empty");
    if (pattern.split("/").includes(".."))
      throw bad("'..' cannot be used (patterns match paths inside the folder)");
    let square = 0;
    let curly = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "\\") i++;
      else if (c === "[") square++;
      else if (c === "]" && square > 0) square--;
      else if (c === "{") curly++;
      else if (c === "}") {
        if (curly === 0) throw bad("unbalanced '}'");
        curly--;
      }
    }
    if (pattern.endsWith("\\") && !pattern.endsWith("\\\\")) throw bad("it ends with a lone '\\'");
    if (square > 0) throw bad("unclosed '['");
    if (curly > 0) throw bad("unclosed '{'");
  }
  return values;
}

/** `--max-workers`: parallel transfers. */
export const maxWorkersArg = {
  "max-workers": {
    type: "string" as const,
    description: "files transferred in parallel [default: 8]",
    valueHint: "N",
  },
};

/** `--social NAME=VALUE` flags (repeatable) as a record, undefined when none; an empty value removes that link. */
export function socialFlags(rawArgs: string[]): Record<string, string> | undefined {
  const values = repeatedFlag(rawArgs, ["social"]);
  if (!values.length) return undefined;
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    const key = value.slice(0, eq).trim();
    if (eq < 1 || !/^[A-Za-z0-9_-]+$/.test(key)) {
      throw new UsageError(`Invalid --social "${value}": expected NAME=VALUE, such as github=my-org`);
    }
    out[key] = value.slice(eq + 1).trim();
  }
  return out;
}

/** The links after `--social`: the server replaces them whole, so the changes go into the current ones. */
export function mergeSocial(
  current: Record<string, unknown> | null | undefined,
  changes: Record<string, string>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(current ?? {}), ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === "") delete merged[k];
  return merged;
}
