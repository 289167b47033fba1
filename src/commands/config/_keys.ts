/** Config keys as the commands see them: checks, parsing of values given as text, masking of the token. */
import { maskToken } from "../../api/http.ts";
import { CONFIG_KEYS, type ConfigKey, DEFAULT_PROFILE, PROFILE_KEYS } from "../../config/store.ts";
import { UsageError } from "../../errors.ts";
import { didYouMean } from "../_suggest.ts";

/** The known keys, for help and completion. */
export const KEYS = Object.keys(CONFIG_KEYS) as ConfigKey[];

/** Checks a key name (unknown keys are a usage error with a suggestion). */
export function checkKey(key: string): ConfigKey {
  if ((KEYS as string[]).includes(key)) return key as ConfigKey;
  throw new UsageError(`Unknown config key "${key}".${didYouMean(key, KEYS)} Known keys: ${KEYS.join(", ")}`);
}

/** A value of a known key. */
export type ConfigValue = string | boolean | number;

/** Parses a value typed on the command line into the key's type. */
export function parseValue(key: ConfigKey, text: string): ConfigValue {
  const kind = CONFIG_KEYS[key];
  if (kind === "seconds") {
    if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
    throw new UsageError(`Invalid value "${text}" for ${key}: expected a number of seconds (0: no limit)`);
  }
  if (kind === "boolean") {
    if (["true", "yes", "1", "on"].includes(text.toLowerCase())) return true;
    if (["false", "no", "0", "off"].includes(text.toLowerCase())) return false;
    throw new UsageError(`Invalid value "${text}" for ${key}: expected true or false`);
  }
  if (kind === "repo-type") {
    const v = text.toLowerCase().replace(/s$/, "");
    if (v === "model" || v === "dataset" || v === "space") return v;
    throw new UsageError(`Invalid value "${text}" for ${key}: expected model, dataset or space`);
  }
  if (kind === "url") {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new UsageError(
        `Invalid value "${text}" for ${key}: expected a URL such as http://localhost:8000`,
      );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new UsageError(`Invalid value "${text}" for ${key}: only http:// and https:// URLs`);
    }
    return url.toString().replace(/\/+$/, "");
  }
  if (!text) throw new UsageError(`Invalid value for ${key}: empty`);
  return text;
}

/** ` (profile NAME)` after a message about a key of a named profile; nothing for `default` or a shared key. */
export function inProfile(profile: string, key?: string): string {
  if (profile === DEFAULT_PROFILE || (key !== undefined && !PROFILE_KEYS.includes(key))) return "";
  return ` (profile ${profile})`;
}

/** A value as shown: the token masked unless asked. */
export function shown(key: string, value: unknown, showToken: boolean): unknown {
  if (key === "token" && typeof value === "string" && !showToken) return maskToken(value);
  return value;
}
