/**
 * The one HTTP module every call goes through, built on ofetch: query strings, retries with backoff and
 * their status codes, and a line per attempt for `--verbose` (its hooks). Around it: `Authorization:
 * Bearer`, the session cookie after a login, `User-Agent`, a deadline over each whole answer, and the
 * mapping of every failure onto {@link KohubError}.
 *
 * @module
 */
import { createFetch, type FetchOptions } from "ofetch";
import { VERSION } from "../version.ts";
import { Deadline } from "./deadline.ts";
import {
  errorFromResponse,
  InputError,
  KohubError,
  NetworkError,
  parseRetryAfter,
  redactUrl,
  TimeoutError,
  UnexpectedResponseError,
} from "./errors.ts";

export { redactUrl } from "./errors.ts";

/** What the `onRequest` hook receives once per attempt (for `--verbose`). */
export interface RequestLog {
  method: string;
  /** The URL, with no credentials in it and its signing parameters masked. */
  url: string;
  /** The HTTP status, or undefined when no answer came. */
  status: number | undefined;
  /** Milliseconds from send to the response headers (or the failure). */
  durationMs: number;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  /** The failure message when no answer came. */
  error?: string;
  /** The credential this attempt sent, masked (`Bearer abcd…yz (64 chars)`, `cookie`); absent when none. */
  credential?: string;
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
  /**
   * How long a request may wait for the server (default 30000 ms): every attempt, the waits between them,
   * the headers and each read of the body count. 0 disables it.
   */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** A fetch implementation (tests inject one; defaults to the global fetch). */
  fetch?: typeof fetch;
  /** Overrides `User-Agent` (default `kohub-cli/<version>`). */
  userAgent?: string;
  /** Called after every attempt: method, URL, status, time, credential. */
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

/** The default of {@link HttpOptions.timeoutMs}. */
const DEFAULT_TIMEOUT_MS = 30_000;

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
/** Statuses worth another try. ofetch also checks 500 for a request that got no answer at all. */
const RETRY_STATUS = [408, 429, 500, 502, 503, 504];

/** Shows a token as its first 4 characters and its length, never in full. */
export function maskToken(token: string | undefined | null): string {
  if (!token) return "(none)";
  if (token.length <= 8) return "****";
  return `${token.slice(0, 4)}…${token.slice(-2)} (${token.length} chars)`;
}

/**
 * Normalizes and checks an endpoint URL: http(s) only, no user name or password, no query or fragment
 * (each would be sent, or printed, with every request), no trailing slash.
 *
 * @throws {@link InputError} with code `InvalidEndpoint`.
 */
export function normalizeEndpoint(endpoint: string): string {
  const bad = (why: string) =>
    new InputError(`Invalid endpoint URL ${JSON.stringify(redactUrl(endpoint.trim()))}: ${why}`, {
      code: "InvalidEndpoint",
    });
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw bad("expected e.g. http://localhost:8000");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw bad("only http:// and https:// are supported");
  if (url.username || url.password) throw bad("a user name or password cannot be part of it (use a token)");
  if (/[?#]/.test(endpoint)) throw bad("a query (?) or fragment (#) cannot be part of it");
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

/** One {@link HttpClient.send}: its request, its attempts so far and its deadline. */
interface Exchange {
  spec: RequestSpec;
  method: string;
  url: string;
  headers: Headers;
  body: BodyInit | undefined;
  retries: number;
  deadline: Deadline;
  attempt: number;
  started: number;
  /** The wait before the next attempt, decided when the last one failed. */
  nextDelay: number;
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
  private readonly $fetch: ReturnType<typeof createFetch>;
  /** Whether the endpoint answers `/api/version` as a KohakuHub does (asked once, after a bare 404). */
  private hubCheck: Promise<boolean> | undefined;

  constructor(options: HttpOptions) {
    this.endpoint = normalizeEndpoint(options.endpoint);
    this.token = options.token || undefined;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = { retries: 2, baseDelayMs: 300, maxDelayMs: 30_000, ...options.retry };
    this.userAgent = options.userAgent ?? `kohub-cli/${VERSION}`;
    this.onRequest = options.onRequest;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    this.$fetch = createFetch({ fetch: ((input, init) => fetchImpl(input, init)) as typeof fetch });
  }

  /** The absolute URL of a path below the endpoint. */
  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.endpoint}${path}`;
  }

  /**
   * Sends a request and returns the raw Response once its status is 2xx (or listed in `okStatuses`).
   * Anything else becomes a {@link KohubError}. The body is left unread; reading it counts against the
   * request's deadline, the caller's pauses between reads do not.
   */
  async send(spec: RequestSpec): Promise<Response> {
    const x = this.exchange(spec);
    try {
      const response = await this.$fetch.raw(x.url, this.fetchOptions(x));
      if (!isOk(response.status, spec.okStatuses)) throw await this.refused(response, x);
      return x.deadline.handOver(response);
    } catch (err) {
      x.deadline.stop();
      throw settled(err, x);
    }
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

  /** The request of a spec, checked, with its headers, body and deadline. */
  private exchange(spec: RequestSpec): Exchange {
    const method = (spec.method ?? "GET").toUpperCase();
    checkNoDotSegment(spec.path, method);
    const headers = this.headersFor(spec);
    let body: BodyInit | undefined = spec.body;
    // Serialized here: ofetch leaves a string as it is and drops a falsy value.
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    const url = this.url(spec.path);
    const canRetry = spec.retry ?? IDEMPOTENT.has(method);
    const deadline = new Deadline(spec.timeoutMs ?? this.timeoutMs, spec.signal, url, method);
    const retries = canRetry ? this.retry.retries : 0;
    return { spec, method, url, headers, body, retries, deadline, attempt: 0, started: 0, nextDelay: 0 };
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
   * ofetch's options for an exchange: it retries and waits, the hooks log each attempt and decide whether
   * a failure is final (a hook that throws ends ofetch's retries). ofetch's own `timeout` is not used: it is
   * dropped when a signal is given and stops at the headers.
   */
  private fetchOptions(x: Exchange): FetchOptions<"stream"> {
    return {
      method: x.method,
      query: buildQuery(x.spec.query),
      headers: x.headers,
      body: x.body,
      redirect: x.spec.redirect ?? "follow",
      signal: x.deadline.signal,
      responseType: "stream",
      retry: x.retries,
      retryStatusCodes: RETRY_STATUS,
      retryDelay: () => x.nextDelay,
      onRequest: () => {
        x.attempt++;
        x.started = performance.now();
        x.deadline.waitingForHeaders();
      },
      onRequestError: ({ error }) => this.noAnswer(error, x),
      onResponse: ({ response, options }) => {
        x.deadline.headersCame();
        this.log(x, response.status);
        // A listed status is an answer: ofetch must neither retry it nor throw.
        if (isOk(response.status, x.spec.okStatuses)) options.ignoreResponseError = true;
      },
      onResponseError: ({ response }) => this.failedAnswer(response, x),
    };
  }

  /** An attempt that got no answer: logged; thrown unless another attempt is worth it. */
  private noAnswer(error: unknown, x: Exchange): void {
    const { signal } = x.deadline;
    this.log(x, undefined, describeNetworkError(signal?.aborted ? signal.reason : error));
    if (signal?.aborted) throw signal.reason;
    x.nextDelay = this.backoff(x.attempt);
    if (!this.mayRetry(x)) throw unreachable(error, x);
  }

  /** An error status: thrown as a {@link KohubError} unless another attempt is worth it (body dropped). */
  private async failedAnswer(response: Response, x: Exchange): Promise<void> {
    // A 5xx the server classified itself (X-Error-Code, e.g. KohakuHub's storage-layer "ServerError" for an
    // unknown ref) is deterministic: retrying would only repeat it. Proxies' and crashes' 5xx are retried.
    const classified = response.status >= 500 && response.headers.has("x-error-code");
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
    x.nextDelay = retryAfter !== undefined ? retryAfter * 1000 : this.backoff(x.attempt);
    const worthIt = RETRY_STATUS.includes(response.status) && !classified;
    if (!worthIt || x.nextDelay > this.retry.maxDelayMs || !this.mayRetry(x)) {
      throw await this.refused(response, x);
    }
    await response.body?.cancel().catch(() => {});
  }

  /** Whether attempts are left and the deadline leaves time for the wait before the next one. */
  private mayRetry(x: Exchange): boolean {
    return x.attempt <= x.retries && x.deadline.allows(x.nextDelay);
  }

  private log(x: Exchange, status: number | undefined, error?: string): void {
    if (!this.onRequest) return;
    const entry: RequestLog = {
      method: x.method,
      url: redactUrl(x.url),
      status,
      durationMs: performance.now() - x.started,
      attempt: x.attempt,
    };
    if (error !== undefined) entry.error = error;
    const credential = credentialOf(x.headers);
    if (credential) entry.credential = credential;
    this.onRequest(entry);
  }

  /**
   * The {@link KohubError} of an answer that is not a success (its body is read). A bare 404 from the
   * endpoint, with neither KohakuHub's error header nor its JSON shape, may mean that the endpoint is no
   * KohakuHub at all (a wrong path prefix): that is asked once, and said instead of "not found".
   */
  private async refused(response: Response, x: Exchange): Promise<KohubError> {
    const text = await readText(response, x.method, x.url);
    const { status, headers } = response;
    const err = errorFromResponse({ status, headers, body: text, url: x.url, method: x.method });
    if (status !== 404 || !x.url.startsWith(`${this.endpoint}/`) || !isForeign404(headers, text)) return err;
    if (x.url === this.url("/api/version") || !(await this.looksLikeHub())) return notAHub(this.endpoint);
    return err;
  }

  /** Asks `/api/version` once; only a clear "not a KohakuHub" answer is false. */
  private looksLikeHub(): Promise<boolean> {
    this.hubCheck ??= this.json({ path: "/api/version", auth: false, retry: false }).then(
      (data) => (data as { api?: unknown } | undefined)?.api === "kohakuhub",
      (err: unknown) =>
        !(err instanceof KohubError && (err.status === 404 || err.code === "UnexpectedResponse")),
    );
    return this.hubCheck;
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

/**
 * Refuses a path whose `.` or `..` segment would be resolved away before sending (`/api/users/../repos`
 * is `/api/repos`): a name typed as `..` must not reach another endpoint with the token.
 */
function checkNoDotSegment(path: string, method: string): void {
  if (/^https?:\/\//.test(path)) return;
  const segments = (path.split(/[?#]/)[0] ?? "").split("/");
  const dotted = segments.some((s) => {
    const decoded = safeDecode(s);
    return decoded === "." || decoded === "..";
  });
  if (dotted) {
    throw new InputError(`Refusing ${method} ${path}: "." and ".." cannot be names`, { code: "InvalidName" });
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The credential a request carries, masked for a log line. */
function credentialOf(headers: Headers): string | undefined {
  const shown: string[] = [];
  const authorization = headers.get("authorization");
  if (authorization) {
    const [scheme, value] = authorization.split(/\s+/, 2);
    shown.push(value ? `${scheme} ${maskToken(value)}` : maskToken(authorization));
  }
  if (headers.has("cookie")) shown.push("cookie");
  return shown.length > 0 ? shown.join(", ") : undefined;
}

/** A 404 without KohakuHub's X-Error-Code and without its JSON error shape (`detail` or `error`). */
function isForeign404(headers: Headers, text: string): boolean {
  if (headers.has("x-error-code")) return false;
  try {
    const data = JSON.parse(text) as unknown;
    return !(data && typeof data === "object" && ("detail" in data || "error" in data));
  } catch {
    return true;
  }
}

function notAHub(endpoint: string): KohubError {
  return new UnexpectedResponseError(`${endpoint} does not look like a KohakuHub server (no /api/version)`, {
    code: "NotKohakuHub",
    status: 404,
    url: `${endpoint}/api/version`,
    method: "GET",
  });
}

/** The {@link NetworkError} of a request that got no answer. */
function unreachable(err: unknown, x: Exchange): NetworkError {
  const cause = (err as { cause?: unknown }).cause ?? err;
  return new NetworkError(`Cannot reach ${new URL(x.url).origin}: ${describeNetworkError(cause)}`, {
    code: "NetworkError",
    url: x.url,
    method: x.method,
    cause,
  });
}

/** What a send throws: our errors as they are, the abort reason when aborted. */
function settled(err: unknown, x: Exchange): unknown {
  if (err instanceof KohubError) return err;
  if (x.deadline.signal?.aborted) return x.deadline.signal.reason;
  if (err instanceof Error && err.name === "FetchError") return unreachable(err, x);
  return err;
}

async function readText(response: Response, method: string, url: string): Promise<string> {
  try {
    return await response.text();
  } catch (err) {
    if (err instanceof TimeoutError) throw err;
    // The server answered: "NetworkError" (is it running?) would mislead.
    throw new NetworkError(
      `The connection to ${new URL(url).origin} broke while reading the answer to ${method} ${new URL(url).pathname}`,
      { code: "ConnectionBroken", status: response.status, url, method, cause: err },
    );
  }
}

function describeNetworkError(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { name?: string; code?: string; message?: string };
    if (e.name === "TimeoutError") return "the request timed out";
    if (e.code === "ConnectionRefused" || e.code === "ECONNREFUSED") return "connection refused";
    if (e.code === "ECONNRESET" || e.code === "ConnectionClosed") return "the connection was closed";
    if (e.message) return e.message;
  }
  return String(err);
}
