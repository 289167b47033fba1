/**
 * The root of the {@link KohubClient} class chain: construction, credential resolution and the request
 * helpers every endpoint method uses. Each area of the API is one class in its own file that extends the
 * previous one (base → account → orgs → repos → content → files → KohubClient).
 *
 * @module
 */
import { z } from "zod";
import { configPath, type KohubConfig, loadConfig, profileConfig, selectProfile } from "../config/store.ts";
import { InputError } from "./errors.ts";
import { HttpClient, type RequestLog, type RequestSpec, type RetryOptions } from "./http.ts";
import { parseResponse } from "./schemas/common.ts";
import { parseRepoId, type RepoType, toRepoType, typeSegment } from "./validate.ts";

/** The endpoint used when none is given anywhere. */
export const DEFAULT_ENDPOINT = "http://localhost:8000";

/** Options of `new KohubClient(...)`. */
export interface KohubClientOptions {
  /** Server root URL. Default: `HF_ENDPOINT`, then the config file, then `http://localhost:8000`. */
  endpoint?: string | undefined;
  /**
   * API token. Default: `HF_TOKEN`, then the config file. Pass `null` or `""` for no token at all; an empty
   * `HF_TOKEN` also means no token (the config file's is not used).
   */
  token?: string | null | undefined;
  /**
   * The config to read defaults from: an object (the whole file), or `false` to read none. Default: the
   * config file (`~/.kohub/config.json`, or `$KOHUB_CONFIG_DIR/config.json`).
   */
  config?: KohubConfig | false;
  /**
   * The config's profile to read the endpoint and token from. Default: `KOHUB_PROFILE`, then the config's
   * `active_profile`, then `default` (the top-level keys). A profile the config lacks is an `InputError`
   * (`UnknownProfile`) when the config is read.
   */
  profile?: string | undefined;
  /** Environment to read `HF_ENDPOINT` / `HF_TOKEN` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Request timeout in ms (default 30000). */
  timeoutMs?: number;
  /** Retry policy for idempotent requests. */
  retry?: RetryOptions;
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof fetch;
  /** Called after every HTTP attempt (method, URL, status, time), e.g. for `--verbose`. */
  onRequest?: (log: RequestLog) => void;
  /** Overrides the `User-Agent` header. */
  userAgent?: string;
}

/** Where the endpoint and token of a client came from. */
export type SettingSource = "option" | "env" | "config" | "default" | "none";

/** A repository named by type and `namespace/name`. */
export interface RepoRef {
  type: RepoType;
  namespace: string;
  name: string;
  /** `namespace/name` */
  id: string;
}

/**
 * Construction and shared plumbing of {@link KohubClient}.
 */
export class BaseClient {
  /** The HTTP layer (exposed for advanced use: raw requests through the same headers, retries and errors). */
  readonly http: HttpClient;
  /** Where the endpoint came from. */
  readonly endpointSource: SettingSource;
  /** Where the token came from. */
  readonly tokenSource: SettingSource;
  /** Cached username of the caller, for repo ids given without a namespace. */
  protected cachedUsername: string | undefined;

  constructor(options: KohubClientOptions = {}) {
    const env = options.env ?? process.env;
    let config: KohubConfig | undefined;
    const fromConfig = (): KohubConfig => {
      if (config === undefined) {
        const file = options.config === false ? undefined : (options.config ?? loadConfig(configPath(env)));
        config = file ? profileConfig(file, selectProfile(file, options.profile ?? env.KOHUB_PROFILE)) : {};
      }
      return config;
    };
    let endpoint: string;
    let endpointSource: SettingSource;
    if (options.endpoint) [endpoint, endpointSource] = [options.endpoint, "option"];
    else if (env.HF_ENDPOINT) [endpoint, endpointSource] = [env.HF_ENDPOINT, "env"];
    else if (fromConfig().endpoint) [endpoint, endpointSource] = [fromConfig().endpoint as string, "config"];
    else [endpoint, endpointSource] = [DEFAULT_ENDPOINT, "default"];

    // An empty token given explicitly (`--token ""`, `HF_TOKEN=`) asks for anonymous requests: it must not
    // fall through to the stored token.
    let token: string | undefined;
    let tokenSource: SettingSource;
    if (options.token === null) [token, tokenSource] = [undefined, "none"];
    else if (options.token !== undefined) [token, tokenSource] = [options.token || undefined, "option"];
    else if (env.HF_TOKEN !== undefined) [token, tokenSource] = [env.HF_TOKEN || undefined, "env"];
    else if (fromConfig().token) [token, tokenSource] = [fromConfig().token as string, "config"];
    else [token, tokenSource] = [undefined, "none"];

    this.endpointSource = endpointSource;
    this.tokenSource = tokenSource;
    this.http = new HttpClient({
      endpoint,
      token,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      fetch: options.fetch,
      onRequest: options.onRequest,
      userAgent: options.userAgent,
    });
  }

  /** The server root URL this client talks to (no trailing slash). */
  get endpoint(): string {
    return this.http.endpoint;
  }

  /** The API token in use, if any. */
  get token(): string | undefined {
    return this.http.token;
  }

  /** Replaces the API token of this client (undefined removes it). */
  setToken(token: string | undefined): void {
    this.http.token = token || undefined;
    this.cachedUsername = undefined;
  }

  /** Sends a request and validates the JSON answer with a zod schema. */
  protected async call<T extends z.ZodType>(spec: RequestSpec, schema: T): Promise<z.infer<T>> {
    const data = await this.http.json(spec);
    return parseResponse(schema, data, `${(spec.method ?? "GET").toUpperCase()} ${spec.path}`);
  }

  /**
   * The username of the caller (from `/api/auth/me`), cached per client. Used to complete repo ids given
   * without a namespace.
   */
  protected async currentUsername(): Promise<string> {
    if (this.cachedUsername) return this.cachedUsername;
    const data = parseResponse(
      z.looseObject({ username: z.string() }),
      await this.http.json({ path: "/api/auth/me" }),
      "GET /api/auth/me",
    );
    this.cachedUsername = data.username;
    return data.username;
  }

  /** Resolves a repo id (`name` means the caller's own namespace) and a type into a {@link RepoRef}. */
  protected async repoRef(repoId: string, type: RepoType | string | undefined = "model"): Promise<RepoRef> {
    const repoType = toRepoType(type);
    const parts = parseRepoId(repoId);
    const namespace = parts.namespace ?? (await this.currentUsername());
    return { type: repoType, namespace, name: parts.name, id: `${namespace}/${parts.name}` };
  }

  /** `/api/{type}s/{namespace}/{name}` for a repo. */
  protected repoApiPath(ref: RepoRef): string {
    return `/api/${typeSegment(ref.type)}/${repoSegments(ref)}`;
  }
}

/** Non-empty segments of the characters `encodeURIComponent` leaves as they are. */
const PLAIN_PATH = /^[\w.!~*'()-]+(?:\/[\w.!~*'()-]+)*$/;

/** Percent-encodes each segment of a path inside a repo, keeping the slashes. */
export function encodePath(path: string): string {
  if (PLAIN_PATH.test(path)) return path; // nothing to encode, no empty segment
  return path
    .split("/")
    .filter((s) => s.length > 0)
    .map(encodeURIComponent)
    .join("/");
}

/** `namespace/name` of a repo, each part percent-encoded as one path segment. */
export function repoSegments(ref: RepoRef): string {
  return `${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;
}

/**
 * One checked path segment: the server routes on the *decoded* path, so a `/` (even percent-encoded)
 * would split the segment and reach another route. An empty value or one with a `/` is an
 * {@link InputError} (`InvalidName`).
 *
 * @param what names the value in the error, e.g. `organization`.
 */
export function segment(value: string, what: string): string {
  if (!value || value.includes("/")) {
    throw new InputError(
      `Invalid ${what} ${JSON.stringify(value)}: it must be non-empty and contain no "/"`,
      {
        code: "InvalidName",
      },
    );
  }
  return encodeURIComponent(value);
}

/** Percent-encodes every character except `A-Z a-z 0-9 _ . - ~` (Python's `quote(s, safe="")`). */
export function encodeFully(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Checks an id given for a path segment: a non-negative integer (as a number or digits). */
export function integerId(value: number | string, what: string): string {
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) throw new InputError(`${what} must be an integer, got ${JSON.stringify(value)}`);
  return text;
}
