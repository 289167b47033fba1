/**
 * Words for a POSIX shell: a command line people copy (the history, the demo's output) and the words
 * that git's `!` helpers and the completion scripts hand to `sh`.
 *
 * @module
 */

/** Characters a shell takes literally in a word; anything else gets the word single-quoted. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** A word in single quotes (a `'` becomes `'\''`). */
export function singleQuoted(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** One argument as a shell word: as is when plain, else single-quoted. */
export function shellQuote(arg: string): string {
  return PLAIN.test(arg) ? arg : singleQuoted(arg);
}

/** Arguments as one line that a shell splits back into the same arguments. */
export function shellLine(args: readonly string[]): string {
  return args.map(shellQuote).join(" ");
}
