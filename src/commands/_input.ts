/**
 * A command's text input: a file, or stdin when the argument is `-` (batch, SSH keys, external tokens).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { UsageError } from "../errors.ts";

/** Whether stdin is a terminal: reading it would wait for someone to type and press Ctrl-D. */
export function stdinIsTerminal(): boolean {
  return (require("node:tty") as typeof import("node:tty")).isatty(0);
}

/** The text of `file`, or of stdin for `-`. A file that cannot be read is a usage error naming it. */
export async function readText(file: string): Promise<string> {
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
