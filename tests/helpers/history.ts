/**
 * History tests' session: a config folder of its own (the history lives beside config.json) and the CLI
 * run in-process at the local hub, as a user (HF_TOKEN) or anonymously, with readers of the history file.
 */

import { expect } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HistoryEntry } from "../../src/history/types.ts";
import { type CliOptions, type CliResult, runCli, tempConfigDir } from "./cli.ts";
import type { TestUser } from "./hub.ts";

export interface HistorySession<U extends TestUser | undefined> {
  user: U;
  dir: string;
  run(argv: string[], extra?: CliOptions): Promise<CliResult>;
  /** Runs a command that must succeed and be recorded (no "Not recorded" warning). */
  ok(argv: string[], extra?: CliOptions): Promise<CliResult>;
  /** The history file's text (it must exist). */
  historyText(): string;
  /** Its entries, oldest first (the file must exist). */
  entries(): HistoryEntry[];
  /** Its entries, or [] when no command wrote any. */
  entriesIfAny(): HistoryEntry[];
  last(): HistoryEntry;
}

/** A session at `hub` as `user` (undefined: no token), with `config` written as config.json when given. */
export function historySession<U extends TestUser | undefined>(
  hub: { url: string },
  user: U,
  config?: Record<string, unknown>,
): HistorySession<U> {
  const dir = tempConfigDir();
  if (config) writeFileSync(join(dir, "config.json"), `${JSON.stringify(config, null, 2)}\n`);
  const file = join(dir, "history.jsonl");
  const run = (argv: string[], extra: CliOptions = {}) =>
    runCli(argv, {
      ...extra,
      configDir: dir,
      env: { HF_ENDPOINT: hub.url, ...(user ? { HF_TOKEN: user.token } : {}), ...extra.env },
    });
  const historyText = () => readFileSync(file, "utf8");
  const entries = () =>
    historyText()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as HistoryEntry);
  return {
    user,
    dir,
    run,
    async ok(argv, extra = {}) {
      const result = await run(argv, extra);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain("Not recorded");
      return result;
    },
    historyText,
    entries,
    entriesIfAny: () => (existsSync(file) ? entries() : []),
    last: () => entries().at(-1) as HistoryEntry,
  };
}
