/**
 * Checking a command's input: a file, or stdin when the argument is `-` (used by `auth ssh-key add` and
 * `auth external-token import`), and an SSH key id.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { UsageError } from "../../../errors.ts";

/** Whether stdin is a terminal: reading it would wait for someone to type and press Ctrl-D. */
export function stdinIsTerminal(): boolean {
  return (require("node:tty") as typeof import("node:tty")).isatty(0);
}

/** The text of `file`, or of stdin for `-`. A file that cannot be read is a usage error naming it. */
export async function readTextInput(file: string): Promise<string> {
  if (file === "-") {
    if (stdinIsTerminal())
      throw new UsageError("'-' reads stdin, which is a terminal here: pipe the input in, or give a file");
    return Bun.stdin.text();
  }
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(
      `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

/** Checks an SSH key id before any request. */
export function keyId(raw: string | undefined): number {
  if (raw === undefined) throw new UsageError("Which key? Give its id (see 'kohub-cli auth ssh-key list')");
  if (!/^\d+$/.test(raw)) throw new UsageError(`Invalid SSH key id "${raw}": expected a number`);
  return Number(raw);
}

/** How an input is named in messages. */
export function inputName(file: string): string {
  return file === "-" ? "stdin" : file;
}
