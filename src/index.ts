/**
 * kohub-cli as a library: `import { KohubClient } from "kohub-cli"`.
 *
 * @module
 */

export type * from "./api/account.ts";
export { AccountApi } from "./api/account.ts";
export { AVATAR_CONTENT_TYPES, AVATAR_MAX_BYTES, type AvatarImage, type ImageData } from "./api/avatar.ts";
export {
  BaseClient,
  DEFAULT_ENDPOINT,
  type KohubClientOptions,
  type RepoRef,
  type SettingSource,
} from "./api/base.ts";
export { KohubClient } from "./api/client.ts";
export type * from "./api/content.ts";
export { ContentApi } from "./api/content.ts";
export * from "./api/errors.ts";
export type * from "./api/files/api.ts";
export {
  checkSafePath,
  FilesApi,
  hfHubCacheDir,
  IntegrityError,
  LocalFileError,
  repoFolderName,
  uploadResumeDir,
} from "./api/files/api.ts";
export {
  HttpClient,
  type HttpOptions,
  maskToken,
  normalizeEndpoint,
  type Query,
  type RequestLog,
  type RequestSpec,
  type RetryOptions,
} from "./api/http.ts";
export type * from "./api/orgs.ts";
export { OrgsApi } from "./api/orgs.ts";
export type * from "./api/refs.ts";
export { nextLink, RefsApi } from "./api/refs.ts";
export type * from "./api/repos.ts";
export { MAX_LIST_LIMIT, NAMESPACE_REPO_SORTS, REPO_LIST_SORTS, ReposApi } from "./api/repos.ts";
export type * from "./api/schemas/account.ts";
export type * from "./api/schemas/content.ts";
export type * from "./api/schemas/orgs.ts";
export type * from "./api/schemas/repos.ts";
export type * from "./api/schemas/transfer.ts";
export type * from "./api/transfer.ts";
export { lfsUploadPlan, PREUPLOAD_CHUNK, TransferApi } from "./api/transfer.ts";
export * from "./api/validate.ts";
export {
  CONFIG_KEYS,
  type ConfigKey,
  checkConfigValue,
  checkConfigWritable,
  configDir,
  configPath,
  DEFAULT_PROFILE,
  type KohubConfig,
  listProfiles,
  loadConfig,
  type ProfileEntry,
  type ProfileSettings,
  profileConfig,
  saveConfig,
  selectProfile,
  updateConfig,
  writeConfig,
} from "./config/store.ts";
export { COMMIT, TARGET, VERSION } from "./version.ts";
