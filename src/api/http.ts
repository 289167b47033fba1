/**
 * The one HTTP module every call goes through (ofetch underneath): base URL, `Authorization: Bearer`,
 * the session cookie after a login, `User-Agent`, a timeout, retries with backoff for idempotent requests,
 * and the mapping of every failure onto {@link KohubError}.
 *
 * @module
 */
import { createFetch } from "ofetch";
import { VERSION } from "../version.ts";
import {
  errorFromResponse,
  KohubError,
  NetworkError,
  parseRetryAfter,
  UnexpectedResponseError,
} from "./errors.ts";

/** What the `onRequest` hook receives once per attempt (for `--verbose`). */
export interface RequestLog {
  method: string;
  /** The URL, with no credentials in it. */
  url: string;
  /** The HTTP status, or undefined when no answer came. */
  status: number | undefined;
  /** Milliseconds from send to the response headers (or the failure). */
  durationMs: number;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  /** The failure message when no answer came. */
  error?: string;
}

/** Retry policy for idempotent requests (GET, HEAD, OPTIONS, PUT, DELETE). */
export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  retries?: number;
  /** First backoff delay in ms, doubled each time, with jitter (default 300). */
  baseDelayMs?: number;
  /** The longest wait between attempts, `Retry-After` included (default 30000). */
  maxDelayMs?: number;
}

/** Options of {@link HttpClient}. */
export interface HttpOptions {
  /** Server root, e.g. `http://localhost:8000`. */
  endpoint: string;
  /** API token sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Request timeout in milliseconds (default 30000). 0 disables it. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** A fetch implementation (tests inject one; defaults to the global fetch). */
  fetch?: typeof fetch;
  /** Overrides `User-Agent` (default `kohub-cli/<version>`). */
  userAgent?: string;
  /** Called after every attempt: method, URL, status, time. */
  onRequest?: (log: RequestLog) => void;
}

/** Query values; undefined and null entries are left out, arrays repeat the key. */
export type Query = Record<string, string | number | boolean | undefined | null | Array<string | number>>;

/** One request. */
export interface RequestSpec {
  method?: string;
  /** Path below the endpoint (starting with `/`) or an absolute URL. */
  path: string;
  query?: Query;
  /** Serialized as JSON. */
  json?: unknown;
  /** A raw body (form data, NDJSON text, bytes, a stream). */
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Send credentials (default true). */
  auth?: boolean;
  /** Retry this request on 429/5xx/network errors (default: when the method is idempotent). */
  retry?: boolean;
  /** `manual` returns 3xx responses instead of following them. */
  redirect?: RequestRedirect;
  /** Accept these non-2xx statuses as answers instead of throwing (e.g. 302 with manual redirects). */
  okStatuses?: number[];
  signal?: AbortSignal;
  /** Overrides the client timeout for this request (ms, 0 = none). */
  timeoutMs?: number;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Removes credentials from a URL before it is shown or logged. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = "";
      u.password = "";
    }
    return u.toString();
  } catch {
    return url;
  }
}

/** Shows a token as its first 4 characters and its length, never in full. */
export function maskToken(token: string | undefined | null): string {
  if (!token) return "(none)";
  if (token.length <= 8) return "****";
  return `${token.slice(0, 4)}…${token.slice(-2)} (${token.length} chars)`;
}

/** Normalizes and checks an endpoint URL: http(s) only, no trailing slash. */
export function normalizeEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new KohubError(
      `Invalid endpoint URL: ${JSON.stringify(endpoint)} (expected e.g. http://localhost:8000)`,
      {
        code: "InvalidEndpoint",
      },
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new KohubError(`Invalid endpoint URL: ${endpoint} (only http:// and https:// are supported)`, {
      code: "InvalidEndpoint",
    });
  }
  return url.toString().replace(/\/+$/, "");
}

function buildQuery(query: Query | undefined): Record<string, string | string[]> | undefined {
  if (!query) return undefined;
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    out[key] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

/**
 * The HTTP layer shared by every {@link KohubClient} method. One instance per client; it keeps the
 * `session_id` cookie set by a login for the later calls of that client.
 */
export class HttpClient {
  readonly endpoint: string;
  token: string | undefined;
  /** The `session_id` cookie from the last login of this client, if any. */
  sessionId: string | undefined;
  private readonly timeoutMs: number;
  private readonly retry: Required<RetryOptions>;
  private readonly userAgent: string;
  private readonly onRequest: ((log: RequestLog) => void) | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly $fetch: ReturnType<typeof createFetch>;
  /** The headers {@link getFile} sends, and the token and session they were made for. */
  private lastFileHeaders:
    | { token: string | undefined; sessionId: string | undefined; headers: Readonly<Record<string, string>> }
    | undefined;

  constructor(options: HttpOptions) {
    this.endpoint = normalizeEndpoint(options.endpoint);
    this.token = options.token || undefined;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { retries: 2, baseDelayMs: 300, maxDelayMs: 30_000, ...options.retry };
    this.userAgent = options.userAgent ?? `kohub-cli/${VERSION}`;
    this.onRequest = options.onRequest;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    this.fetchImpl = fetchImpl;
    this.$fetch = createFetch({ fetch: ((input, init) => fetchImpl(input, init)) as typeof fetch });
  }

  /** The absolute URL of a path below the endpoint. */
  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.endpoint}${path}`;
  }

  private headersFor(spec: RequestSpec): Headers {
    const headers = new Headers(spec.headers);
    headers.set("user-agent", this.userAgent);
    if (spec.auth !== false) {
      if (this.token && !headers.has("authorization")) headers.set("authorization", `Bearer ${this.token}`);
      if (this.sessionId) headers.set("cookie", `session_id=${this.sessionId}`);
    }
    return headers;
  }

  /**
   * Sends a request and returns the raw Response once its status is 2xx (or listed in `okStatuses`).
   * Anything else becomes a {@link KohubError}. The body is left unread.
   */
  async send(spec: RequestSpec): Promise<Response> {
    const method = (spec.method ?? "GET").toUpperCase();
    const url = this.url(spec.path);
    const canRetry = spec.retry ?? IDEMPOTENT.has(method);
    const maxAttempts = canRetry ? this.retry.retries + 1 : 1;
    const headers = this.headersFor(spec);
    let body: BodyInit | undefined = spec.body;
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    const timeout = spec.timeoutMs ?? this.timeoutMs;

    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      let response: Response;
      // The timeout covers the wait for the response headers. (ofetch's own `timeout` is dropped when a
      // signal is given, so it is done here.)
      const deadline = timeout > 0 ? new AbortController() : undefined;
      const timer = deadline ? setTimeout(() => deadline.abort(timeoutError(timeout)), timeout) : undefined;
      const signal =
        deadline && spec.signal
          ? AbortSignal.any([spec.signal, deadline.signal])
          : (deadline?.signal ?? spec.signal);
      try {
        response = await this.$fetch.raw(url, {
          method,
          query: buildQuery(spec.query),
          headers,
          body,
          redirect: spec.redirect ?? "follow",
          retry: false,
          ignoreResponseError: true,
          responseType: "stream",
          signal,
        });
      } catch (err) {
        clearTimeout(timer);
        const failure = this.unreachable(err, method, url, started, attempt, spec.signal);
        if (!spec.signal?.aborted && attempt < maxAttempts) {
          await sleep(this.backoff(attempt));
          continue;
        }
        throw failure;
      }
      clearTimeout(timer);
      this.logAnswer(response, method, url, started, attempt);
      if (isOk(response.status, spec.okStatuses)) return response;
      // A 5xx the server classified itself (X-Error-Code, e.g. KohakuHub's storage-layer "ServerError" for an
      // unknown ref) is deterministic: retrying would only repeat it. Proxies' and crashes' 5xx are retried.
      const classified = response.status >= 500 && response.headers.has("x-error-code");
      if (attempt < maxAttempts && RETRY_STATUS.has(response.status) && !classified) {
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        const delay = retryAfter !== undefined ? retryAfter * 1000 : this.backoff(attempt);
        if (delay <= this.retry.maxDelayMs) {
          await response.body?.cancel().catch(() => {});
          await sleep(delay);
          continue;
        }
      }
      throw await this.refused(response, method, url);
    }
  }

  /**
   * A GET of a file's bytes, for many small downloads: the headers, log and errors of {@link send}, with
   * redirects followed, without retries or a timeout of its own (the caller has both), and without
   * ofetch's option handling, which costs more than a small file's request does.
   */
  async getFile(url: string, signal: AbortSignal, okStatuses?: number[]): Promise<Response> {
    const started = performance.now();
    let response: Response;
    try {
      response = await this.fetchFile(url, signal);
    } catch (err) {
      throw this.fileFailed(err, url, started, signal);
    }
    this.logFile(response, url, started);
    return this.checkFile(response, url, okStatuses);
  }

  /**
   * {@link getFile} in its steps, for a caller that takes the usual answer itself (see `fetchSmall` in
   * files/fetch.ts: over thousands of small files, a layer per file shows): the runtime's `fetch`, nothing
   * around it. Then {@link logFile} its answer, and {@link checkFile} or {@link fileFailed}.
   */
  fetchFile(url: string, signal: AbortSignal): Promise<Response> {
    return this.fetchImpl(url, { headers: this.fileHeaders(), signal, redirect: "follow" });
  }

  /** Logs the answer of a {@link fetchFile} sent at `started` (`performance.now()`), if requests are logged. */
  logFile(response: Response, url: string, started: number): void {
    if (this.onRequest) this.logAnswer(response, "GET", url, started, 1);
  }

  /** A {@link fetchFile} answer when its status is 2xx (or listed); its error otherwise. */
  async checkFile(response: Response, url: string, okStatuses?: number[]): Promise<Response> {
    if (isOk(response.status, okStatuses)) return response;
    throw await this.refused(response, "GET", url);
  }

  /** The error to throw for a {@link fetchFile} that failed before an answer (logged). */
  fileFailed(err: unknown, url: string, started: number, signal: AbortSignal): unknown {
    return this.unreachable(err, "GET", url, started, 1, signal);
  }

  /** The headers of {@link getFile}, made again only when the token or session changed. */
  private fileHeaders(): Readonly<Record<string, string>> {
    const known = this.lastFileHeaders;
    if (known && known.token === this.token && known.sessionId === this.sessionId) return known.headers;
    const headers: Record<string, string> = { "user-agent": this.userAgent };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.sessionId) headers.cookie = `session_id=${this.sessionId}`;
    this.lastFileHeaders = { token: this.token, sessionId: this.sessionId, headers: Object.freeze(headers) };
    return headers;
  }

  /** Logs a request that failed before an answer; the error to throw (the abort reason when aborted). */
  private unreachable(
    err: unknown,
    method: string,
    url: string,
    started: number,
    attempt: number,
    signal: AbortSignal | undefined,
  ): unknown {
    const cause = (err as { cause?: unknown }).cause ?? err;
    const reason = describeNetworkError(cause);
    this.onRequest?.({
      method,
      url: redactUrl(url),
      status: undefined,
      durationMs: performance.now() - started,
      attempt,
      error: reason,
    });
    if (signal?.aborted) return signal.reason ?? err;
    return new NetworkError(`Cannot reach ${new URL(url).origin}: ${reason}`, {
      code: "NetworkError",
      url: redactUrl(url),
      method,
      cause,
    });
  }

  private logAnswer(response: Response, method: string, url: string, started: number, attempt: number): void {
    this.onRequest?.({
      method,
      url: redactUrl(url),
      status: response.status,
      durationMs: performance.now() - started,
      attempt,
    });
  }

  /** The {@link KohubError} of an answer that is not a success (its body is read). */
  private async refused(response: Response, method: string, url: string): Promise<KohubError> {
    const text = await readText(response, method, url);
    return errorFromResponse({ status: response.status, headers: response.headers, body: text, url, method });
  }

  /** Sends a request and parses the JSON answer (undefined for an empty body). */
  async json(spec: RequestSpec): Promise<unknown> {
    return this.readJson(await this.send(spec), spec);
  }

  /** Reads a response body as JSON (undefined when empty); a body that is not JSON is an {@link UnexpectedResponseError}. */
  async readJson(response: Response, spec: RequestSpec): Promise<unknown> {
    const method = (spec.method ?? "GET").toUpperCase();
    const url = this.url(spec.path);
    const text = await readText(response, method, url);
    if (!text.trim()) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      const what = /^\s*</.test(text) ? "an HTML page instead of JSON" : "malformed or truncated JSON";
      throw new UnexpectedResponseError(
        `Unexpected response from ${method} ${new URL(url).pathname}: the server sent ${what}`,
        {
          status: response.status,
          url,
          method,
          code: "UnexpectedResponse",
          requestId: response.headers.get("x-request-id") ?? undefined,
        },
      );
    }
  }

  private backoff(attempt: number): number {
    const base = this.retry.baseDelayMs * 2 ** (attempt - 1);
    const jitter = Math.random() * this.retry.baseDelayMs;
    return Math.min(base + jitter, this.retry.maxDelayMs);
  }
}

/** Whether a status is a success: 2xx, or one the caller expects. */
function isOk(status: number, okStatuses: number[] | undefined): boolean {
  return (status >= 200 && status < 300) || (okStatuses?.includes(status) ?? false);
}

/** The abort reason of a request that outlived its timeout. */
function timeoutError(ms: number): Error {
  return Object.assign(new Error(`the request timed out after ${ms} ms`), { name: "TimeoutError" });
}

async function readText(response: Response, method: string, url: string): Promise<string> {
  try {
    return await response.text();
  } catch (err) {
    throw new NetworkError(
      `The connection to ${new URL(url).origin} broke while reading the answer to ${method} ${new URL(url).pathname}`,
      { code: "NetworkError", status: response.status, url, method, cause: err },
    );
  }
}

function describeNetworkError(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { name?: string; code?: string; message?: string };
    if (e.name === "TimeoutError") return "the request timed out";
    if (e.code === "ConnectionRefused" || e.code === "ECONNREFUSED") return "connection refused";
    if (e.code === "ECONNRESET" || e.code === "ConnectionClosed") return "the connection was closed";
    if (e.message) return e.message.replace(/^\[TimeoutError\]: /, "");
  }
  return String(err);
}
