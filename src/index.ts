/**
 * kohub-cli as a library: `import { KohubClient } from "kohub-cli"`.
 *
 * @module
 */

export { DEFAULT_ENDPOINT, type KohubClientOptions, type RepoRef, type SettingSource } from "./api/base.ts";
export { KohubClient } from "./api/client.ts";
export * from "./api/errors.ts";
export { HttpClient, type HttpOptions, maskToken, type RequestLog, type RetryOptions } from "./api/http.ts";
export * from "./api/validate.ts";
export {
  CONFIG_KEYS,
  type ConfigKey,
  configDir,
  configPath,
  type KohubConfig,
  loadConfig,
  saveConfig,
  writeConfig,
} from "./config/store.ts";
export { COMMIT, TARGET, VERSION } from "./version.ts";
