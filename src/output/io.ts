/**
 * The process's streams and what they are: TTY or not, colour or not, can we prompt. Decided once, here,
 * lazily (asking costs startup time), and injected into commands; tests build one over in-memory buffers.
 *
 * Writes go through `Bun.write` on the standard file descriptors, chained so that order is kept, which
 * avoids initializing Node's stream machinery for every command.
 *
 * @module
 */

/** A writable text sink. */
export interface Sink {
  write(text: string): void;
}

/** Streams and terminal facts for a command run. */
export interface IO {
  out: Sink;
  err: Sink;
  /** stdout is a terminal: tables with headers, relative times, colour. */
  readonly isOutTTY: boolean;
  /** stderr is a terminal: progress bars, spinners, notices. */
  readonly isErrTTY: boolean;
  /** stdin and stderr are terminals (and not CI): prompts may be shown. */
  readonly canPrompt: boolean;
  /** Colour is allowed on stdout (a TTY, no NO_COLOR, TERM not dumb; FORCE_COLOR forces it). */
  readonly color: boolean;
  /** Colour is allowed on stderr. */
  readonly errColor: boolean;
  /** Terminal width in columns (80 when unknown). */
  readonly columns: number;
  /** Resolves once everything written so far has reached its file descriptor. */
  flush(): Promise<void>;
}

/** Whether colour is allowed for a stream, from the environment and whether it is a TTY. */
export function colorAllowed(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return isTTY;
}

function isatty(fd: number): boolean {
  const tty = require("node:tty") as typeof import("node:tty");
  return tty.isatty(fd);
}

let devNull: number | undefined;

/**
 * Whether an output descriptor is a terminal, for formatting decisions only: a character device other than
 * /dev/null. One fstat, much cheaper at startup than loading node:tty; prompts still ask `isatty`.
 */
function isTerminalOutput(fd: number): boolean {
  const fs = require("node:fs") as typeof import("node:fs");
  try {
    const st = fs.fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    if (process.platform === "win32") return true;
    devNull ??= fs.statSync("/dev/null").rdev;
    return st.rdev !== devNull;
  } catch {
    return false;
  }
}

/** The IO of the real process. */
export function processIO(env: Record<string, string | undefined> = process.env): IO {
  let chain: Promise<unknown> = Promise.resolve();
  const sink = (file: typeof Bun.stdout): Sink => ({
    write(text: string) {
      if (!text) return;
      chain = chain.then(() => Bun.write(file, text)).catch(() => {});
    },
  });
  const cache = new Map<string, boolean>();
  const memo = (key: string, compute: () => boolean) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute();
      cache.set(key, value);
    }
    return value;
  };
  return {
    out: sink(Bun.stdout),
    err: sink(Bun.stderr),
    get isOutTTY() {
      return memo("out", () => isTerminalOutput(1));
    },
    get isErrTTY() {
      return memo("err", () => isTerminalOutput(2));
    },
    get canPrompt() {
      return memo("prompt", () => isatty(0) && isatty(2) && !env.CI);
    },
    get color() {
      return memo("color", () => colorAllowed(this.isOutTTY, env));
    },
    get errColor() {
      return memo("errColor", () => colorAllowed(this.isErrTTY, env));
    },
    get columns() {
      return this.isOutTTY ? process.stdout.columns || 80 : 80;
    },
    flush: () => chain.then(() => undefined),
  };
}

/** An IO over strings, for tests. */
export function bufferIO(
  options: Partial<Pick<IO, "isOutTTY" | "isErrTTY" | "canPrompt" | "color" | "errColor" | "columns">> = {},
): IO & { stdout(): string; stderr(): string } {
  let out = "";
  let err = "";
  return {
    out: {
      write: (t) => {
        out += t;
      },
    },
    err: {
      write: (t) => {
        err += t;
      },
    },
    isOutTTY: false,
    isErrTTY: false,
    canPrompt: false,
    color: false,
    errColor: false,
    columns: 100,
    ...options,
    flush: async () => {},
    stdout: () => out,
    stderr: () => err,
  };
}
