/**
 * Notices on stderr through consola, created on first use (it is not loaded by commands that print none).
 * Levels: `--quiet` shows warnings and errors only; `--verbose` adds debug lines (each HTTP request).
 * A custom reporter writes through the command's IO, so notices never reach stdout.
 *
 * @module
 */
import type { ConsolaInstance, LogObject } from "consola";
import type { Colors } from "picocolors/types";
import { maskSigningParams } from "../api/errors.ts";
import type { Sink } from "./io.ts";

/** The log methods commands use. */
export interface Log {
  success(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** consola levels: 1 warn, 3 info/success, 4 debug. */
export function logLevel(options: { quiet: boolean; verbose: boolean; json: boolean }): number {
  if (options.verbose) return 4;
  if (options.quiet || options.json) return 1;
  return 3;
}

const SYMBOLS: Record<string, (c: Colors) => string> = {
  success: (c) => c.green("✓"),
  warn: (c) => c.yellow("!"),
  error: (c) => c.red("✗"),
  debug: (c) => c.dim("·"),
};

/** A lazily created consola instance writing to `sink`. */
export function createLog(sink: Sink, colors: Colors, level: number): Log {
  let consola: ConsolaInstance | undefined;
  const get = (): ConsolaInstance => {
    if (consola) return consola;
    const { createConsola } = require("consola") as typeof import("consola");
    consola = createConsola({
      level,
      reporters: [
        {
          log(obj: LogObject) {
            // Request lines and notices may hold a presigned URL: its signature is masked on every line.
            const text = maskSigningParams(obj.args.map(String).join(" "));
            const symbol = SYMBOLS[obj.type];
            const line = obj.type === "debug" ? colors.dim(text) : text;
            sink.write(`${symbol ? `${symbol(colors)} ` : ""}${line}\n`);
          },
        },
      ],
    });
    return consola;
  };
  return {
    success: (m) => level >= 3 && get().success(m),
    info: (m) => level >= 3 && get().info(m),
    warn: (m) => level >= 1 && get().warn(m),
    debug: (m) => level >= 4 && get().debug(m),
  };
}
