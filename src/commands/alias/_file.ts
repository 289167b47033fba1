/**
 * The aliases file, `<config dir>/aliases.json` (`{ "name": "expansion" }`), read with node:fs alone so
 * that dispatch can consult it without loading the config module, and how an alias expands. Writing it is
 * in ./_write.ts, the root help's section in ./_help.ts.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../api/errors.ts";
import { UsageError } from "../../errors.ts";

/** Aliases by name: an expansion that starts with `!` is run by `sh -c`. */
export type Aliases = Record<string, string>;

/** The config directory, as config/store.ts finds it (kept here so that reading aliases stays light). */
export function configDir(env: Record<string, string | undefined>): string {
  return env.KOHUB_CONFIG_DIR || join(homedir(), ".kohub");
}

/** `<config dir>/aliases.json` */
export function aliasesPath(env: Record<string, string | undefined> = process.env): string {
  return join(configDir(env), "aliases.json");
}

/** Why a file's contents are not an aliases object, or undefined when they are. */
export function aliasesProblem(data: unknown): string | undefined {
  if (!data || typeof data !== "object" || Array.isArray(data)) return "must hold a JSON object";
  for (const [name, value] of Object.entries(data)) {
    if (typeof value !== "string") return `the alias "${name}" must be a string`;
  }
  return undefined;
}

/** Reads the aliases: a missing file is none; one that cannot be read or is not an object of strings throws. */
export function readAliases(path: string): Aliases {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new ConfigError(`Cannot read the aliases file ${path}: ${(err as Error).message}`);
  }
  let data: unknown = {};
  try {
    if (text.trim()) data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      `The aliases file ${path} is not valid JSON (${(err as Error).message}); fix or remove it`,
    );
  }
  const problem = aliasesProblem(data);
  if (problem) throw new ConfigError(`The aliases file ${path} ${problem}; fix or remove it`);
  return data as Aliases;
}

/**
 * Splits a command line into words as a POSIX shell would, without expansions: whitespace separates,
 * single quotes keep everything, double quotes keep all but `\"` and `\\`, a backslash escapes outside.
 * With `comments` (batch files), an unquoted `#` starting a word ends the line, as in a shell script.
 */
export function splitWords(line: string, comments = false): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (comments && c === "#" && word === undefined) break;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new UsageError(`Unterminated ' in: ${line}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      word ??= "";
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === "\\" && (line[j + 1] === '"' || line[j + 1] === "\\")) j++;
        word += line[j];
      }
      if (j >= line.length) throw new UsageError(`Unterminated " in: ${line}`);
      i = j;
    } else if (c === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[++i];
    } else word = (word ?? "") + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** What an alias turns into: words for the CLI, or a shell script with its arguments. */
export type Expanded = { shell: false; words: string[] } | { shell: true; script: string; args: string[] };

/**
 * Expands an alias with the arguments given after its name. `$1`…`$N` are replaced inside the words of
 * the expansion (so an argument with spaces stays one word), and the arguments no placeholder used are
 * appended. A shell alias (`!…`) gets every argument as `$1`…, as gh does.
 */
export function expandAlias(expansion: string, args: string[]): Expanded {
  if (expansion.startsWith("!")) return { shell: true, script: expansion.slice(1), args };
  const used = new Set<number>();
  const words = splitWords(expansion).map((word) =>
    word.replace(/\$(\d+)/g, (_m, digits: string) => {
      const n = Number(digits);
      if (n < 1 || n > args.length) {
        throw new UsageError(`Not enough arguments for the alias "${expansion}": $${n} has no value`);
      }
      used.add(n);
      return args[n - 1] as string;
    }),
  );
  return { shell: false, words: [...words, ...args.filter((_a, i) => !used.has(i + 1))] };
}
