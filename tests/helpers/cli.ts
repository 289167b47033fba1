/**
 * Running the CLI in tests: in-process (fast; an IO over buffers, an env of our own, a scripted prompter),
 * or as a subprocess of the real entry point (or of the compiled binary).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { splitGlobals } from "../../src/argv.ts";
import { run } from "../../src/cli.ts";
import root from "../../src/commands/index.ts";
import { bufferIO, type IO } from "../../src/output/io.ts";
import type { Prompter } from "../../src/prompts/prompter.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** KOHUB_CONFIG_DIR (default: a fresh temporary directory per call; pass one to share config). */
  configDir?: string;
  /** Extra environment (HF_ENDPOINT, HF_TOKEN, ...). */
  env?: Record<string, string | undefined>;
  /** Terminal facts for the in-process IO (default: nothing is a TTY). */
  tty?: Partial<Pick<IO, "isOutTTY" | "isErrTTY" | "canPrompt" | "color" | "errColor">>;
  prompter?: Prompter;
}

/** A fresh config directory. */
export function tempConfigDir(): string {
  return mkdtempSync(join(tmpdir(), "kohub-cli-test-"));
}

/** Runs the CLI in this process. */
export async function runCli(argv: string[], options: CliOptions = {}): Promise<CliResult> {
  const io = bufferIO(options.tty ?? {});
  const env = { KOHUB_CONFIG_DIR: options.configDir ?? tempConfigDir(), ...options.env };
  const code = await run(splitGlobals(argv), root, { io, env, prompter: options.prompter });
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** Terminal facts of an interactive user's session (tables, colours, progress bars). */
export const TTY = { isOutTTY: true, isErrTTY: true } as const;

/** Runs the CLI in this process as a user of a hub: `HF_ENDPOINT` and `HF_TOKEN` set, extra env on top. */
export function runCliAs(
  hub: { url: string },
  user: { token: string },
  argv: string[],
  options: CliOptions = {},
): Promise<CliResult> {
  return runCli(argv, { ...options, env: { HF_ENDPOINT: hub.url, HF_TOKEN: user.token, ...options.env } });
}

const ROOT = join(import.meta.dir, "..", "..");
const ENTRY = join(ROOT, "src", "main.ts");

export interface SpawnOptions {
  configDir?: string;
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Run this executable instead of `bun src/main.ts` (the compiled binary). */
  binary?: string;
  timeoutMs?: number;
}

/** Runs the real entry point (or a binary) as a subprocess, with a clean environment. */
export async function spawnCli(argv: string[], options: SpawnOptions = {}): Promise<CliResult> {
  const cmd = options.binary ? [options.binary, ...argv] : [process.execPath, ENTRY, ...argv];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: "1",
    TZ: "UTC",
    KOHUB_CONFIG_DIR: options.configDir ?? tempConfigDir(),
  };
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
  return spawnText(cmd, { cwd: ROOT, env, stdin: options.stdin, timeoutMs: options.timeoutMs });
}

/**
 * Runs a command without blocking this process (a hub started by the test answers from it), with stdin
 * text or none, and collects its output; killed after `timeoutMs` (30 s).
 */
export async function spawnText(
  cmd: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; stdin?: string; timeoutMs?: number },
): Promise<CliResult> {
  const proc = Bun.spawn(cmd, {
    cwd: options.cwd,
    env: options.env,
    stdin: options.stdin === undefined ? "ignore" : new TextEncoder().encode(options.stdin),
    stdout: "pipe",
    stderr: "pipe",
    timeout: options.timeoutMs ?? 30_000,
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}
