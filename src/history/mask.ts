/**
 * The command line as history records it: every secret masked as `maskToken` shows it (first four
 * characters, last two, length). A value is secret when its flag or argument is named like one (token,
 * password, secret, key), when it is the value of `config set` for such a key, or when it looks like a
 * token whatever its place (so that an extension's or a future command's secret is not written either).
 *
 * @module
 */
import type { ArgsDef } from "citty";
import { maskToken, redactUrl } from "../api/http.ts";
import { flagSpellings } from "../commands/_define.ts";
import { shellLine } from "../output/shell.ts";

const SECRET_NAME = /token|password|passwd|secret|credential|api[-_]?key/i;
/** An id is not a secret even when named after one (`token_id`, `--token-id`). */
const ID_NAME = /[-_]?id$/i;

function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !ID_NAME.test(name);
}

/** Arguments that hold commits or refs: their long hex values are commit ids, not tokens. */
const REF_NAME = /commit|revision|^rev$|^ref$|sha|oid|branch|tag|source|into/i;

/**
 * A word that looks like a token: a known prefix, a long run of URL-safe characters, or 32+ hex digits
 * (KohakuHub's API tokens are 64 hex digits, like its commit ids) unless its argument holds a commit.
 */
export function looksLikeToken(word: string, argName = ""): boolean {
  if (/^(hf_|khub_|kh_)[A-Za-z0-9_-]{8,}$/.test(word)) return true;
  if (!/^[A-Za-z0-9_-]{32,}$/.test(word)) return false;
  return !/^[0-9a-f]+$/i.test(word) || !REF_NAME.test(argName);
}

/**
 * Masks the token-like words of a text that is itself a command line (an alias's expansion): each word by
 * its form, and the value after a flag named like a secret (`--token VALUE`, `--password=VALUE`).
 */
export function maskText(text: string, known: string[] = []): string {
  let secretNext = false;
  return text.replace(/\S+/g, (word) => {
    const secret = secretNext;
    secretNext = /^--?[\w-]+$/.test(word) && isSecretName(word.replace(/^-+/, ""));
    if (secret) return maskToken(word);
    const eq = /^(--?[\w-]+=)(.+)$/.exec(word);
    if (eq && isSecretName((eq[1] as string).replace(/^-+|=$/g, "")))
      return `${eq[1]}${maskToken(eq[2] as string)}`;
    return maskWord(word, "", known);
  });
}

function maskWord(word: string, argName: string, known: string[]): string {
  if (/\s/.test(word)) return maskText(word, known);
  if (known.includes(word) || looksLikeToken(word, argName)) return maskToken(word);
  if (!/^https?:\/\//i.test(word)) {
    // A token may sit inside a word: in quotes, after `Bearer`, `=` or `:`.
    const run = (part: string) =>
      known.includes(part) || looksLikeToken(part, argName) ? maskToken(part) : part;
    return word.replace(/[A-Za-z0-9_-]{8,}/g, run);
  }
  // A link may carry a secret in its path (an invitation link's token).
  const segments = redactUrl(word).split("/");
  return segments.map((seg) => (looksLikeToken(seg, argName) ? maskToken(seg) : seg)).join("/");
}

/**
 * Masks the words after a command's path (its flags and arguments). `known` are secrets of this run (the
 * token in use), masked wherever they appear.
 */
export function maskArgs(path: string[], args: ArgsDef, rest: string[], known: string[] = []): string[] {
  const flags = flagSpellings(args);
  const positionals = Object.entries(args).filter(([, d]) => d.type === "positional");
  const out: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    if (word === "--" || !word.startsWith("-") || word === "-") {
      const name = positionals[values.length]?.[0] ?? "";
      const secret =
        isSecretName(name) ||
        (path.join(" ") === "config set" && values.length === 1 && isSecretName(values[0] ?? ""));
      values.push(word);
      out.push(secret && word !== "--" ? maskToken(word) : maskWord(word, name, known));
      continue;
    }
    const eq = word.indexOf("=");
    const isLong = word.startsWith("--");
    const flag = isLong ? word.slice(2, eq === -1 ? undefined : eq) : word.slice(1, 2);
    const [name, def] = flags.get(flag) ?? [flag, undefined];
    const takesValue = def ? def.type !== "boolean" : false;
    const secret = isSecretName(name);
    if (eq !== -1 && isLong) {
      const value = word.slice(eq + 1);
      out.push(`${word.slice(0, eq + 1)}${secret ? maskToken(value) : maskWord(value, name, known)}`);
    } else if (!isLong && word.length > 2 && takesValue) {
      const value = word.slice(2);
      out.push(`${word.slice(0, 2)}${secret ? maskToken(value) : maskWord(value, name, known)}`);
    } else {
      out.push(maskWord(word, "", known));
      if (takesValue && i + 1 < rest.length) {
        i++;
        const value = rest[i] as string;
        out.push(secret ? maskToken(value) : maskWord(value, name, known));
      }
    }
  }
  return out;
}

/** The recorded command line: `kohub-cli [--endpoint URL] PATH ARGS`, secrets masked, words quoted as needed. */
export function commandLine(
  path: string[],
  args: ArgsDef,
  rest: string[],
  endpoint?: string,
  known: string[] = [],
): string {
  const globals = endpoint ? ["--endpoint", redactUrl(endpoint)] : [];
  const words = ["kohub-cli", ...globals, ...path, ...maskArgs(path, args, rest, known)];
  return shellLine(words);
}
