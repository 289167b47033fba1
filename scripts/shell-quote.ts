/**
 * A command line as a POSIX shell reads it, for lines people copy from a script's output (`npm run demo`).
 */

/** Characters a shell takes literally in a word; anything else gets the word single-quoted. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument as a shell word: as is when plain, else in single quotes (a `'` becomes `'\''`). */
export function shellQuote(arg: string): string {
  if (PLAIN.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Arguments as one line that a shell splits back into the same arguments. */
export function shellLine(args: readonly string[]): string {
  return args.map(shellQuote).join(" ");
}
