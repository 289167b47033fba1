/**
 * Changing the aliases file: each change is a read-modify-write under the file's lock (the config file's
 * flock, on `aliases.json.lock`), written atomically with mode 0600 by the config module's writer. Also the
 * rules an alias must follow.
 *
 * @module
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { splitGlobals } from "../../argv.ts";
import { withConfigLock } from "../../config/lock.ts";
import { writeConfig } from "../../config/store.ts";
import { UsageError } from "../../errors.ts";
import root from "../index.ts";
import { type Aliases, readAliases, splitWords } from "./_file.ts";

/** Reads the aliases under the lock, lets `change` edit a copy, and writes it when it returns true. */
export function updateAliases<T>(path: string, change: (aliases: Aliases) => T): T {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return withConfigLock(path, () => {
    const aliases = readAliases(path);
    const result = change(aliases);
    writeConfig(aliases, path);
    return result;
  });
}

/** Whether a word names a built-in command (own keys only: `constructor` is not a command). */
export function isBuiltin(name: string): boolean {
  return Object.hasOwn(root.entries, name);
}

/** Refuses names the command line could not reach, or that would hide a built-in command. */
export function checkAliasName(name: string): void {
  if (!name || /\s/.test(name) || name.startsWith("-")) {
    throw new UsageError(`Invalid alias name "${name}": it must be one word that does not start with -`);
  }
  if (isBuiltin(name)) {
    throw new UsageError(`"${name}" is a kohub-cli command: an alias cannot replace it`);
  }
}

/**
 * Checks an expansion: a shell alias needs a script; any other must split into words and start (after
 * global flags) with a built-in command, so that a typo is caught when the alias is set, not when it runs.
 */
export function checkExpansion(expansion: string, isCommand: (word: string) => boolean = isBuiltin): void {
  if (expansion.startsWith("!")) {
    if (!expansion.slice(1).trim()) throw new UsageError("A shell alias needs a command after the !");
    return;
  }
  const first = splitGlobals(splitWords(expansion)).rest[0];
  if (!first || first.startsWith("-") || !isCommand(first)) {
    throw new UsageError(
      `The expansion "${expansion}" does not start with a kohub-cli command (or use ! for a shell command)`,
    );
  }
}
