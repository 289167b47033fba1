/** Running the interactive mode and the wizard in-process with a scripted prompter, on a pretend terminal. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ScriptedAnswer, scriptedPrompter } from "../../src/prompts/prompter.ts";
import { type CliResult, runCli, tempConfigDir } from "../helpers/cli.ts";
import type { TestUser } from "../helpers/hub.ts";

/** Escape or Ctrl-C at a prompt. */
export const CANCEL = Symbol("cancel");

/** A terminal on every stream. */
export const TTY = { canPrompt: true, isOutTTY: true, isErrTTY: true };

export type Script = Record<string, ScriptedAnswer | ScriptedAnswer[]>;

export interface SessionResult extends CliResult {
  prompter: ReturnType<typeof scriptedPrompter>;
}

/** Runs `argv` (default: `interactive`) on a pretend terminal, answering from `script`. */
export async function session(
  script: Script,
  options: { configDir?: string; argv?: string[]; env?: Record<string, string> } = {},
): Promise<SessionResult> {
  const prompter = scriptedPrompter(script);
  const result = await runCli(options.argv ?? ["interactive"], {
    configDir: options.configDir,
    env: options.env,
    tty: TTY,
    prompter,
  });
  return { ...result, prompter };
}

/** The config file of a directory (undefined when there is none). */
export function readConfig(dir: string): Record<string, unknown> | undefined {
  const path = join(dir, "config.json");
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
}

/** The raw text of the config file. */
export function configText(dir: string): string {
  return readFileSync(join(dir, "config.json"), "utf8");
}

/** A config directory logged in as `user` at `endpoint`. */
export function loggedInDir(endpoint: string, user: TestUser, extra: Record<string, unknown> = {}): string {
  const dir = tempConfigDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "config.json"),
    `${JSON.stringify({ endpoint, token: user.token, ...extra }, null, 2)}\n`,
  );
  return dir;
}
