/**
 * Reading a command's input from a file, or from stdin when the argument is `-` (used by `auth ssh-key add`
 * and `auth external-token import`).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { UsageError } from "../../../errors.ts";

/** The text of `file`, or of stdin for `-`. A file that cannot be read is a usage error naming it. */
export async function readTextInput(file: string): Promise<string> {
  if (file === "-") return Bun.stdin.text();
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(
      `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

/** How an input is named in messages. */
export function inputName(file: string): string {
  return file === "-" ? "stdin" : file;
}
