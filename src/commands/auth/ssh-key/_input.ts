/**
 * Checking a command's input: a file, or stdin when the argument is `-` (used by `auth ssh-key add` and
 * `auth external-token import`), and an SSH key id.
 *
 * @module
 */
import { UsageError } from "../../../errors.ts";
import { readText, stdinIsTerminal } from "../../_input.ts";

/** The text of `file`, or of stdin for `-`, which must not be a terminal (that would wait for typing). */
export async function readTextInput(file: string): Promise<string> {
  if (file === "-" && stdinIsTerminal())
    throw new UsageError("'-' reads stdin, which is a terminal here: pipe the input in, or give a file");
  return readText(file);
}

/** Checks an SSH key id before any request. */
export function keyId(raw: string | undefined): number {
  if (raw === undefined) throw new UsageError("Which key? Give its id (see 'kohub-cli auth ssh-key list')");
  if (!/^\d+$/.test(raw)) throw new UsageError(`Invalid SSH key id "${raw}": expected a number`);
  return Number(raw);
}
