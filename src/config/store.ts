/**
 * The config file, `~/.kohub/config.json` (`KOHUB_CONFIG_DIR` moves the directory).
 *
 * Writes are atomic (a temp file in the same directory, fsync, rename) with mode 0600 in a 0700 directory.
 * A read-modify-write ({@link saveConfig}, {@link updateConfig}) holds the file's lock (./lock.ts), so that
 * concurrent writers keep each other's changes. Unknown keys are kept when the file is rewritten. A corrupt
 * or unreadable file is a {@link ConfigError} naming the file; it is never reset silently.
 *
 * @module
 */
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { ConfigError } from "../api/errors.ts";
import { withConfigLock } from "./lock.ts";

/** The known keys of the config file. Other keys are kept as they are. */
export interface KohubConfig {
  /** Server root URL, e.g. `http://localhost:8000`. */
  endpoint?: string;
  /** API token. */
  token?: string;
  /** Repo type used when a command is given none: `model`, `dataset` or `space`. */
  default_repo_type?: "model" | "dataset" | "space";
  /** Whether `kohub-cli` with no arguments on a TTY starts the interactive mode. */
  interactive_mode_default?: boolean;
  /** How long a request may wait for the server, in seconds (0: no limit). */
  timeout?: number;
  [key: string]: unknown;
}

/** The known config keys and the type of their values. */
export const CONFIG_KEYS = {
  endpoint: "url",
  token: "string",
  default_repo_type: "repo-type",
  interactive_mode_default: "boolean",
  timeout: "seconds",
} as const;

/** A known config key. */
export type ConfigKey = keyof typeof CONFIG_KEYS;

/** The directory of the config file: `$KOHUB_CONFIG_DIR`, else `~/.kohub`. */
export function configDir(env: Record<string, string | undefined> = process.env): string {
  return env.KOHUB_CONFIG_DIR || join(homedir(), ".kohub");
}

/**
 * The path of the config file.
 *
 * @example
 * ```ts
 * console.log(configPath()); // /home/alice/.kohub/config.json
 * ```
 */
export function configPath(env: Record<string, string | undefined> = process.env): string {
  return join(configDir(env), "config.json");
}

/** Checks the type of one known key; returns an error message or undefined. */
export function checkConfigValue(key: string, value: unknown): string | undefined {
  const kind = CONFIG_KEYS[key as ConfigKey];
  if (!kind || value === undefined) return undefined;
  switch (kind) {
    case "url":
      if (typeof value !== "string" || !/^https?:\/\/[^\s]+$/.test(value)) return "must be an http(s) URL";
      return undefined;
    case "string":
      return typeof value === "string" ? undefined : "must be a string";
    case "repo-type":
      return value === "model" || value === "dataset" || value === "space"
        ? undefined
        : "must be one of model, dataset, space";
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be true or false";
    case "seconds":
      return typeof value === "number" && Number.isFinite(value) && value >= 0
        ? undefined
        : "must be a number of seconds (0: no limit)";
  }
}

/**
 * Reads the config file. A missing file is an empty config.
 *
 * @throws {@link ConfigError} when the file cannot be read, is not JSON, or holds a known key of the wrong type.
 * @example
 * ```ts
 * const { endpoint, token } = loadConfig();
 * ```
 */
export function loadConfig(path: string = configPath()): KohubConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return {};
    if (code === "EISDIR") throw new ConfigError(`Cannot read config file ${path}: it is a directory`);
    throw new ConfigError(`Cannot read config file ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (!text.trim()) return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const detail = (err as Error).message.split("\n")[0];
    throw new ConfigError(`Config file ${path} is not valid JSON (${detail}); fix or remove it`, {
      cause: err,
    });
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new ConfigError(`Config file ${path} must hold a JSON object; fix or remove it`);
  }
  for (const [key, value] of Object.entries(data)) {
    const problem = checkConfigValue(key, value);
    if (problem) throw new ConfigError(`Config file ${path}: "${key}" ${problem}; fix or remove it`);
  }
  return data as KohubConfig;
}

/** Creates the config directory (0700), and tightens an existing one that others can read. */
function ensureConfigDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    if ((st.mode & 0o077) !== 0 && process.platform !== "win32") chmodSync(dir, 0o700);
  } catch (err) {
    throw new ConfigError(`Cannot create config directory ${dir}: ${(err as Error).message}`, { cause: err });
  }
}

function tempPath(path: string): string {
  return join(dirname(path), `.config.json.${process.pid}.${Date.now()}.tmp`);
}

/**
 * Writes a whole config object atomically (temp file + fsync + rename), mode 0600, directory 0700. It does
 * not take the lock: to change some keys, use {@link saveConfig} or {@link updateConfig}.
 */
export function writeConfig(config: KohubConfig, path: string = configPath()): void {
  ensureConfigDir(dirname(path));
  const tmp = tempPath(path);
  const text = `${JSON.stringify(config, null, 2)}\n`;
  try {
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new ConfigError(`Cannot write config file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function checkValues(values: Partial<KohubConfig>): void {
  for (const [key, value] of Object.entries(values)) {
    const problem = checkConfigValue(key, value);
    if (problem) throw new ConfigError(`Config value "${key}" ${problem}`);
  }
}

/** `current` with `values` merged in: an undefined value removes its key. */
function merged(current: KohubConfig, values: Partial<KohubConfig>): KohubConfig {
  const next: KohubConfig = { ...current };
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  // `token_id` names the token `auth login` created: another token must not inherit it, or logout would
  // revoke the wrong one.
  if ("token" in values && values.token !== current.token && !("token_id" in values)) delete next.token_id;
  return next;
}

/**
 * Changes the config file while holding its lock: reads it, merges in what `change` returns for it, and
 * writes it atomically (not at all when `change` returns no key). Concurrent writers take turns, so none
 * loses another's change.
 *
 * @param change gets the current config and returns the values to merge (`undefined` removes a key).
 * @returns the config as it was before and as written.
 * @throws {@link ConfigError} when the file cannot be read or written, or its lock cannot be had.
 * @example
 * ```ts
 * const { before } = updateConfig((current) => ({ token: "…", token_id: undefined }));
 * ```
 */
export function updateConfig(
  change: (current: KohubConfig) => Partial<KohubConfig>,
  path: string = configPath(),
): { before: KohubConfig; after: KohubConfig } {
  ensureConfigDir(dirname(path));
  return withConfigLock(path, () => {
    const before = loadConfig(path);
    const values = change(before);
    if (Object.keys(values).length === 0) return { before, after: before }; // nothing to change: no write
    checkValues(values);
    const after = merged(before, values);
    writeConfig(after, path);
    return { before, after };
  });
}

/**
 * Merges values into the config file and writes it atomically, holding its lock. A key given as
 * `undefined` is removed; keys not named are kept, unknown ones included. A new `token` given without its
 * `token_id` drops the old `token_id`.
 *
 * @returns the config as written.
 * @example
 * ```ts
 * saveConfig({ endpoint: "http://localhost:8000", token: "…" });
 * saveConfig({ token: undefined }); // forget the token
 * ```
 */
export function saveConfig(values: Partial<KohubConfig>, path: string = configPath()): KohubConfig {
  checkValues(values);
  return updateConfig(() => values, path).after;
}

/**
 * Checks, without changing anything, that the config file could be rewritten now: its folder exists or
 * can be made, its lock can be had, a file can be written beside it, and its contents are valid. Used
 * before work that is lost if the write fails, such as creating a token.
 *
 * @throws {@link ConfigError} naming what failed.
 */
export function checkConfigWritable(path: string = configPath()): void {
  const dir = dirname(path);
  ensureConfigDir(dir);
  withConfigLock(path, () => {
    loadConfig(path);
    const probe = tempPath(path);
    try {
      writeFileSync(probe, "", { mode: 0o600 });
    } catch (err) {
      throw new ConfigError(`Cannot write in the config directory ${dir}: ${(err as Error).message}`, {
        cause: err,
      });
    } finally {
      rmSync(probe, { force: true });
    }
  });
}
