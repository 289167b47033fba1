/**
 * The inverse operations of the commands that change only files of the config folder: aliases (`alias
 * set/delete/import`) and a deleted profile (`config profile delete`). What each says, its check that
 * nothing changed since, and how it is done. undo.ts hands these steps here.
 *
 * @module
 */
import type { Context } from "../context.ts";
import { CliError, EXIT } from "../errors.ts";
import { maskText } from "./mask.ts";
import type { UndoStep } from "./types.ts";

/** The steps this module handles. */
export type LocalStep = Extract<UndoStep, { op: "alias.set" | "profile.restore" }>;

export function isLocalStep(step: UndoStep): step is LocalStep {
  return step.op === "alias.set" || step.op === "profile.restore";
}

/** The refusal of an undo whose target changed since the entry (exit 6); shared by every kind of step. */
export function conflict(message: string, details?: string): CliError {
  return new CliError(message, { code: "UndoConflict", details, exitCode: EXIT.CONFLICT });
}

/** An expansion as the history keeps it (token-like words masked); null for no alias. */
export function recordedExpansion(expansion: string | undefined | null): string | null {
  return expansion === undefined || expansion === null ? null : maskText(expansion);
}

/**
 * The alias step for aliases that were `before` and are `after` (by name), or the reason it cannot be
 * made: a previous expansion with a token-like word would come back masked.
 */
export function aliasStep(
  before: Record<string, string | undefined>,
  after: Record<string, string | undefined>,
): LocalStep | { irreversible: string } {
  const values: Record<string, string | null> = {};
  const now: Record<string, string | null> = {};
  for (const name of Object.keys(after)) {
    const previous = before[name] ?? null;
    if (previous !== null && recordedExpansion(previous) !== previous) {
      return {
        irreversible: `the expansion of ${name} to put back holds a token-like word, which the history never records`,
      };
    }
    values[name] = previous;
    now[name] = recordedExpansion(after[name]);
  }
  return { op: "alias.set", values, now };
}

/** What a step will do, in words. */
export function describeLocalStep(step: LocalStep): string {
  if (step.op === "profile.restore") {
    const active = step.active ? ", and make it the active one again" : "";
    return `put the profile ${step.name} back (${JSON.stringify(step.values)})${active}`;
  }
  return Object.entries(step.values)
    .map(([name, value]) =>
      value === null ? `remove the alias ${name}` : `set the alias ${name} back to ${JSON.stringify(value)}`,
    )
    .join("; ");
}

async function aliasesFile(ctx: Context): Promise<string> {
  return (await import("../commands/alias/_file.ts")).aliasesPath(ctx.env);
}

/** The aliases whose expansion is not what the entry left. */
function changedAliases(aliases: Record<string, string>, now: Record<string, string | null>): string[] {
  return Object.keys(now).filter((name) => recordedExpansion(aliases[name]) !== now[name]);
}

/** Throws a conflict (exit 6) when the step would overwrite what changed since the entry. */
export async function checkLocalStep(ctx: Context, step: LocalStep): Promise<void> {
  if (step.op === "profile.restore") {
    const { loadConfig } = await import("../config/store.ts");
    const profiles = loadConfig(await ctx.configFile()).profiles ?? {};
    if (Object.hasOwn(profiles, step.name)) throw conflict(`The profile ${step.name} exists again`);
    return;
  }
  const { readAliases } = await import("../commands/alias/_file.ts");
  const changed = changedAliases(readAliases(await aliasesFile(ctx)), step.now);
  if (changed.length) {
    throw conflict(`The alias ${changed.join(", ")} changed since: undoing would overwrite it`);
  }
}

/** Does a step, checking again under the file's lock. */
export async function runLocalStep(ctx: Context, step: LocalStep): Promise<void> {
  if (step.op === "profile.restore") {
    const { updateConfig } = await import("../config/store.ts");
    updateConfig(
      (current) => {
        if (current.profiles && Object.hasOwn(current.profiles, step.name)) {
          throw conflict(`The profile ${step.name} exists again`);
        }
        return {
          profiles: { ...current.profiles, [step.name]: step.values },
          // Made active again only if nothing else was made active since.
          ...(step.active && !current.active_profile ? { active_profile: step.name } : {}),
        };
      },
      await ctx.configFile(),
    );
    return;
  }
  const { updateAliases } = await import("../commands/alias/_write.ts");
  updateAliases(await aliasesFile(ctx), (aliases) => {
    const changed = changedAliases(aliases, step.now);
    if (changed.length) throw conflict(`The alias ${changed.join(", ")} changed since`);
    for (const [name, value] of Object.entries(step.values)) {
      if (value === null) delete aliases[name];
      else aliases[name] = value;
    }
  });
}
