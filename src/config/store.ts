/**
 * The config file, `~/.kohub/config.json` (`KOHUB_CONFIG_DIR` moves the directory).
 *
 * Writes are atomic (a temp file in the same directory, fsync, rename) with mode 0600 in a 0700 directory.
 * A read-modify-write ({@link saveConfig}, {@link updateConfig}) holds the file's lock (./lock.ts), so that
 * concurrent writers keep each other's changes. Unknown keys are kept when the file is rewritten. A corrupt
 * or unreadable file is a {@link ConfigError} naming the file; it is never reset silently.
 *
 * Profiles: the top-level keys are the profile named `default` (what a config file has always held, and what
 * an older kohub-cli reads); `profiles: { NAME: {...} }` holds the others, and `active_profile` names the one
 * used when `--profile` and `KOHUB_PROFILE` name none.
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
import { ConfigError, InputError } from "../api/errors.ts";
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
  /** The other profiles by name; the top-level keys are the profile named `default`. */
  profiles?: Record<string, ProfileSettings>;
  /** The profile used when neither `--profile` nor `KOHUB_PROFILE` names one (absent: `default`). */
  active_profile?: string;
  [key: string]: unknown;
}

/** What a named profile stores (under `profiles.NAME`): its own server, token and defaults. */
export interface ProfileSettings {
  endpoint?: string;
  token?: string;
  /** The server's id of the token `auth login` created, so that `auth logout` can revoke it. */
  token_id?: number;
  default_repo_type?: "model" | "dataset" | "space";
  timeout?: number;
  [key: string]: unknown;
}

/** The profile the top-level keys hold: what an older kohub-cli, which knows no profiles, uses. */
export const DEFAULT_PROFILE = "default";

/**
 * The keys each profile has its own value of. The other keys (`interactive_mode_default`, unknown ones)
 * stay at the top level, shared by all profiles.
 */
export const PROFILE_KEYS: readonly string[] = [
  "endpoint",
  "token",
  "token_id",
  "default_repo_type",
  "timeout",
];

/** A profile name: a letter or digit, then letters, digits, `_`, `.` or `-`. */
const PROFILE_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;

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
  const problem = profilesProblem(data as KohubConfig);
  if (problem) throw new ConfigError(`Config file ${path}: ${problem}; fix or remove it`);
  return data as KohubConfig;
}

/** What is wrong with the `profiles` and `active_profile` keys of a config, if anything. */
function profilesProblem(config: KohubConfig): string | undefined {
  const { profiles, active_profile } = config;
  if (active_profile !== undefined && typeof active_profile !== "string") {
    return '"active_profile" must be a profile name';
  }
  if (profiles === undefined) return undefined;
  if (!profiles || typeof profiles !== "object" || Array.isArray(profiles)) {
    return '"profiles" must be an object of named profiles';
  }
  for (const [name, settings] of Object.entries(profiles)) {
    if (!PROFILE_NAME.test(name) || name === DEFAULT_PROFILE) return `"profiles.${name}" is not a valid name`;
    if (!settings || typeof settings !== "object" || Array.isArray(settings)) {
      return `"profiles.${name}" must be an object`;
    }
    for (const [key, value] of Object.entries(settings)) {
      const problem = checkConfigValue(key, value);
      if (problem) return `"profiles.${name}.${key}" ${problem}`;
    }
  }
  return undefined;
}

/** A named profile of the config (own keys only: a name such as `constructor` is no profile). */
function ownProfile(config: KohubConfig, name: string): ProfileSettings | undefined {
  return config.profiles && Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined;
}

/** The names of a config's profiles, `default` first. */
export function profileNames(config: KohubConfig): string[] {
  return [DEFAULT_PROFILE, ...Object.keys(config.profiles ?? {})];
}

/**
 * Checks a profile name typed by the user (letters, digits, `_`, `.`, `-`).
 *
 * @throws {@link InputError} (`InvalidProfileName`).
 */
export function checkProfileName(name: string): string {
  if (PROFILE_NAME.test(name)) return name;
  throw new InputError(
    `Invalid profile name "${name}": use letters, digits, "_", "." and "-", starting with a letter or digit`,
    { code: "InvalidProfileName" },
  );
}

/**
 * The profile to use: `wanted` (`--profile`, `KOHUB_PROFILE`), else the config's `active_profile`, else
 * `default`.
 *
 * @throws {@link InputError} (`UnknownProfile`, listing the known profiles) when the config has no such profile.
 */
export function selectProfile(config: KohubConfig, wanted?: string): string {
  const name = wanted || config.active_profile || DEFAULT_PROFILE;
  if (name === DEFAULT_PROFILE || ownProfile(config, name)) return name;
  const known = profileNames(config);
  const from = wanted ? "" : " (the config file's active_profile)";
  throw new InputError(`Unknown profile "${name}"${from}: the known profiles are ${known.join(", ")}`, {
    code: "UnknownProfile",
    details: { profile: name, known },
  });
}

/**
 * One profile's settings as a flat config, the shape an older config file has: its own keys
 * (`PROFILE_KEYS`) and the shared top-level ones. A profile not in the file has only the shared keys.
 *
 * @example
 * ```ts
 * const { endpoint, token } = profileConfig(loadConfig(), "lab");
 * ```
 */
export function profileConfig(config: KohubConfig, name: string = DEFAULT_PROFILE): KohubConfig {
  const { profiles, active_profile, ...top } = config;
  if (name === DEFAULT_PROFILE) return top;
  const shared = Object.fromEntries(Object.entries(top).filter(([key]) => !PROFILE_KEYS.includes(key)));
  return { ...shared, ...ownProfile(config, name) };
}

/** One profile of {@link listProfiles}. */
export interface ProfileEntry {
  name: string;
  endpoint?: string;
  token?: string;
  /** The id of the token `auth login` created, if it did. */
  token_id?: number;
  /** Whether it is the active profile. */
  active: boolean;
}

/**
 * Every profile of a config with its endpoint and token, `default` first (a profile without an endpoint
 * uses the default one, `http://localhost:8000`, unless `--endpoint`/`HF_ENDPOINT` say otherwise).
 *
 * @param active the profile in use (default: the config's `active_profile`, else `default`).
 * @example
 * ```ts
 * for (const p of listProfiles(loadConfig())) console.log(p.name, p.endpoint, p.active);
 * ```
 */
export function listProfiles(
  config: KohubConfig,
  active: string = config.active_profile || DEFAULT_PROFILE,
): ProfileEntry[] {
  return profileNames(config).map((name) => {
    const { endpoint, token, token_id } = profileConfig(config, name);
    return {
      name,
      ...(typeof endpoint === "string" ? { endpoint } : {}),
      ...(typeof token === "string" ? { token } : {}),
      ...(typeof token_id === "number" ? { token_id } : {}),
      active: name === active,
    };
  });
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

/** `config` with `values` merged into the named profile: its own keys there, the shared ones at the top level. */
function mergedIntoProfile(config: KohubConfig, name: string, values: Partial<KohubConfig>): KohubConfig {
  checkProfileName(name);
  const own: Partial<KohubConfig> = {};
  const shared: Partial<KohubConfig> = {};
  for (const [key, value] of Object.entries(values)) (PROFILE_KEYS.includes(key) ? own : shared)[key] = value;
  const next = merged(config, shared);
  // Only shared keys for a profile not in the file: it is not created empty.
  const current = ownProfile(config, name);
  if (Object.keys(own).length === 0 && !current) return next;
  next.profiles = { ...config.profiles, [name]: merged(current ?? {}, own) };
  return next;
}

/**
 * Changes the config file while holding its lock: reads it, merges in what `change` returns for it, and
 * writes it atomically (not at all when `change` returns no key). Concurrent writers take turns, so none
 * loses another's change.
 *
 * @param change gets the current config and returns the values to merge (`undefined` removes a key).
 * @param profile when given, `change` gets that profile's settings ({@link profileConfig}) and its values go
 * into that profile (created if missing); the results are that profile's settings too. Without it, the whole
 * file.
 * @returns the config as it was before and as written.
 * @throws {@link ConfigError} when the file cannot be read or written, or its lock cannot be had.
 * @example
 * ```ts
 * const { before } = updateConfig((current) => ({ token: "…", token_id: undefined }));
 * updateConfig(() => ({ endpoint: "https://hub.lab.example" }), configPath(), "lab");
 * ```
 */
export function updateConfig(
  change: (current: KohubConfig) => Partial<KohubConfig>,
  path: string = configPath(),
  profile?: string,
): { before: KohubConfig; after: KohubConfig } {
  ensureConfigDir(dirname(path));
  return withConfigLock(path, () => {
    const file = loadConfig(path);
    const view = (config: KohubConfig) => (profile === undefined ? config : profileConfig(config, profile));
    const before = view(file);
    const values = change(before);
    if (Object.keys(values).length === 0) return { before, after: before }; // nothing to change: no write
    checkValues(values);
    const next =
      profile === undefined || profile === DEFAULT_PROFILE
        ? merged(file, values)
        : mergedIntoProfile(file, profile, values);
    writeConfig(next, path);
    return { before, after: view(next) };
  });
}

/**
 * Merges values into the config file and writes it atomically, holding its lock. A key given as
 * `undefined` is removed; keys not named are kept, unknown ones included. A new `token` given without its
 * `token_id` drops the old `token_id`.
 *
 * @param profile the profile to write into (see {@link updateConfig}); without it, the top level.
 * @returns the config as written.
 * @example
 * ```ts
 * saveConfig({ endpoint: "http://localhost:8000", token: "…" });
 * saveConfig({ token: undefined }); // forget the token
 * ```
 */
export function saveConfig(
  values: Partial<KohubConfig>,
  path: string = configPath(),
  profile?: string,
): KohubConfig {
  checkValues(values);
  return updateConfig(() => values, path, profile).after;
}

/**
 * Checks that a profile can be deleted: it is in the config, and it is not `default`.
 *
 * @throws {@link InputError} (`DefaultProfile`, `UnknownProfile`).
 */
export function checkDeletable(config: KohubConfig, name: string): void {
  if (name === DEFAULT_PROFILE) {
    throw new InputError(
      "The default profile is the config file's top-level keys: it cannot be deleted ('kohub-cli config clear' deletes the whole file)",
      { code: "DefaultProfile" },
    );
  }
  selectProfile(config, name);
}

/**
 * Removes a named profile from the config file (under its lock). When it was the active one, the default
 * profile becomes active again.
 *
 * @returns what the profile held, and whether it was the active one.
 * @throws {@link InputError} for `default` (the top-level keys: `config clear` removes them) or a profile
 * the file lacks (`UnknownProfile`).
 */
export function deleteProfile(
  name: string,
  path: string = configPath(),
): { removed: ProfileSettings; wasActive: boolean } {
  let removed: ProfileSettings = {};
  let wasActive = false;
  updateConfig((current) => {
    checkDeletable(current, name);
    const { [name]: gone, ...others } = current.profiles ?? {};
    removed = gone ?? {};
    wasActive = current.active_profile === name;
    return {
      profiles: Object.keys(others).length > 0 ? others : undefined,
      ...(wasActive ? { active_profile: undefined } : {}),
    };
  }, path);
  return { removed, wasActive };
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
