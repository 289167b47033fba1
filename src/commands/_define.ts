/**
 * How commands are declared. Leaves are citty commands (`defineCommand` from citty) whose module also
 * exports `examples`; groups are citty commands whose `subCommands` are lazy `import()` thunks, with the
 * one-line descriptions kept beside them so that `--help` of a group loads none of its commands.
 *
 * This file must stay free of runtime imports: main.ts loads it on every run.
 *
 * @module
 */
import type { ArgDef, ArgsDef, CommandDef } from "citty";

/** Any citty command, whatever its args (commands are typed precisely where they are defined). */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds commands of every argument shape
export type AnyCommand = CommandDef<any>;

/** A leaf command module: the citty command and its help examples. */
export interface LeafModule {
  default: AnyCommand;
  /** Example command lines shown by `--help` (at least one). */
  examples: string[];
  /** Name of a trailing list of positional arguments (read from `args._`), when the command takes one. */
  variadic?: string;
}

/** A group module: a group command. */
export interface GroupModule {
  default: GroupCommand;
}

/** An entry of a group: its description and how to load it. */
export type Entry = readonly [description: string, load: () => Promise<LeafModule | GroupModule>];

/** A group of commands (citty-compatible: `subCommands` resolve lazily). */
export interface GroupCommand extends CommandDef<ArgsDef> {
  meta: { name: string; description: string };
  /** The entries, in help order. */
  entries: Record<string, Entry>;
  /** Example command lines for the group's help. */
  examples?: string[];
  /** Names that are accepted but not listed (e.g. old spellings). */
  hidden?: string[];
}

/** Declares a group of lazily loaded commands. */
export function defineGroup(
  meta: { name: string; description: string },
  entries: Record<string, Entry>,
  extra: { examples?: string[]; hidden?: string[] } = {},
): GroupCommand {
  const subCommands: Record<string, () => Promise<AnyCommand>> = {};
  for (const [name, [, load]] of Object.entries(entries)) {
    subCommands[name] = () => load().then((m) => m.default);
  }
  return { meta, entries, subCommands, ...extra };
}

/** Whether a loaded command is a group. */
export function isGroup(cmd: AnyCommand | GroupCommand): cmd is GroupCommand {
  return "entries" in cmd;
}

/** The aliases of an argument definition, as an array. */
export function aliasesOf(def: ArgDef): string[] {
  if (!("alias" in def) || def.alias === undefined) return [];
  return Array.isArray(def.alias) ? def.alias : [def.alias];
}

function camel(s: string): string {
  return s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}
function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Every spelling a leaf's flags accept (name, aliases, camel/kebab forms, `no-` for booleans). */
export function flagSpellings(args: ArgsDef): Map<string, [string, ArgDef]> {
  const out = new Map<string, [string, ArgDef]>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    const aliases = aliasesOf(def);
    for (const n of [name, camel(name), kebab(name), ...aliases]) {
      out.set(n, [name, def]);
      if (def.type === "boolean") out.set(`no-${n}`, [name, def]);
    }
  }
  return out;
}
