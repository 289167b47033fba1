/**
 * The error hierarchy of the library. Every failure of a {@link KohubClient} call is a {@link KohubError}:
 * the HTTP layer maps each error shape KohakuHub sends (X-Error-* headers with an empty body,
 * `{"detail": "..."}`, `{"detail": {...}}`, FastAPI 422 lists, the 409 repo-exists body, plain-text 500s)
 * onto one of the subclasses below, with the server's own explanation as the message.
 *
 * @module
 */

/** Fields shared by every {@link KohubError}. */
export interface KohubErrorInit {
  /** HTTP status, when the server answered. */
  status?: number;
  /** Machine-readable code: the server's `X-Error-Code` when it sent one, otherwise derived from the status. */
  code?: string;
  /** Extra structured information: validation issues, the conflicting repo, the object detail's other keys. */
  details?: unknown;
  /** The `X-Request-Id` the server answered with, for bug reports. */
  requestId?: string;
  /** The URL that was requested. */
  url?: string;
  /** The HTTP method that was used. */
  method?: string;
  /** The underlying error, for network failures. */
  cause?: unknown;
}

/**
 * Base class of every error the library throws.
 *
 * @example
 * ```ts
 * try {
 *   await client.repoInfo("alice/missing");
 * } catch (err) {
 *   if (err instanceof KohubError) console.error(err.code, err.message, err.requestId);
 * }
 * ```
 */
export class KohubError extends Error {
  override name = "KohubError";
  readonly status: number | undefined;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;
  readonly url: string | undefined;
  readonly method: string | undefined;

  constructor(message: string, init: KohubErrorInit = {}) {
    // A presigned URL may reach a message or `url`: its signature must not reach a log or a terminal.
    super(maskSigningParams(message), init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code ?? defaultCode(init.status);
    this.details = init.details;
    this.requestId = init.requestId;
    this.url = init.url === undefined ? undefined : redactUrl(init.url);
    this.method = init.method;
  }

  /** A plain object for JSON output: `{ error, code, status, details, requestId }`. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { error: this.message, code: this.code };
    if (this.status !== undefined) out.status = this.status;
    if (this.details !== undefined) out.details = this.details;
    if (this.requestId !== undefined) out.requestId = this.requestId;
    return out;
  }
}

/** 401: no credentials, a wrong password, or a token the server does not accept. */
export class AuthenticationError extends KohubError {
  override name = "AuthenticationError";
}

/** 403: authenticated, but not allowed (not an org admin, another user's resource, account disabled). */
export class PermissionDeniedError extends KohubError {
  override name = "PermissionDeniedError";
}

/** 404: codes `RepoNotFound`, `RevisionNotFound`, `EntryNotFound`, or a plain "not found". */
export class NotFoundError extends KohubError {
  override name = "NotFoundError";
}

/** 409, and the 400 answers that say something already exists (user, org, member, like). */
export class ConflictError extends KohubError {
  override name = "ConflictError";
}

/** 400 and 422: the server refused the input. `details` holds FastAPI's issue list for a 422. */
export class ValidationError extends KohubError {
  override name = "ValidationError";
}

/** 429: too many requests. `retryAfter` is in seconds when the server said. */
export class RateLimitError extends KohubError {
  override name = "RateLimitError";
  retryAfter: number | undefined;
}

/** 5xx: the server failed (including KohakuHub's storage-layer `ServerError` answers and 501). */
export class ServerError extends KohubError {
  override name = "ServerError";
}

/** No HTTP answer: connection refused or reset, DNS failure, timeout. */
export class NetworkError extends KohubError {
  override name = "NetworkError";
}

/**
 * A request that outlived its deadline (code `Timeout`): the server took the connection and did not answer,
 * or sent the status and headers and then stalled. The message names the host and what was waited for.
 */
export class TimeoutError extends NetworkError {
  override name = "TimeoutError";
}

/** The server answered 2xx with something that is not what the endpoint returns (HTML, truncated JSON, wrong types). */
export class UnexpectedResponseError extends KohubError {
  override name = "UnexpectedResponseError";
}

/** The local config file cannot be read, parsed or written. */
export class ConfigError extends KohubError {
  override name = "ConfigError";
}

/** Input rejected before any request is made (bad repo id, unknown repo type, ...). */
export class InputError extends KohubError {
  override name = "InputError";
}

/**
 * Query parameters that sign a storage URL: whoever holds them can use the URL. S3's `X-Amz-Signature`,
 * `X-Amz-Credential`, `X-Amz-Security-Token`, `Signature` and `AWSAccessKeyId`, their GCS and KohakuHub
 * look-alikes (`X-Goog-Signature`, ...), Azure's `sig`. The others (`X-Amz-Date`, `Expires`, ...) stay.
 */
const SIGNING_PARAMS =
  /([?&](?:[\w-]*-)?(?:signature|credential|security-token|sig|awsaccesskeyid)=)[^&#\s"'<>]*/gi;

/**
 * Masks the signing query parameters of every URL in a text (`X-Amz-Signature=***`). Log lines and error
 * messages go through it.
 */
export function maskSigningParams(text: string): string {
  return text.replace(SIGNING_PARAMS, "$1***");
}

/** A URL as it may be shown or logged: without user name and password, its signing parameters masked. */
export function redactUrl(url: string): string {
  let shown = url;
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = "";
      u.password = "";
      shown = u.toString();
    }
  } catch {
    // not a URL: only its signing parameters are masked
  }
  return maskSigningParams(shown);
}

function defaultCode(status: number | undefined): string {
  if (status === undefined) return "Error";
  if (status === 400) return "BadRequest";
  if (status === 401) return "Unauthorized";
  if (status === 403) return "Forbidden";
  if (status === 404) return "NotFound";
  if (status === 409) return "Conflict";
  if (status === 413) return "PayloadTooLarge";
  if (status === 422) return "ValidationError";
  if (status === 429) return "RateLimited";
  if (status === 501) return "NotImplemented";
  if (status >= 500) return "ServerError";
  return `HTTP${status}`;
}

/** What the HTTP layer knows about a failed response. */
export interface ErrorResponse {
  status: number;
  headers: Headers;
  /** The body as text ("" when empty). */
  body: string;
  url: string;
  method: string;
}

const ALREADY_EXISTS = /already (exists|a member|liked|in use|registered)|conflicts with existing/i;

/** Turns a FastAPI 422 issue list into one line: `body.email: value is not a valid email address; ...`. */
export function formatValidationIssues(issues: unknown[]): string {
  const parts = issues.map((issue) => {
    if (!issue || typeof issue !== "object") return String(issue);
    const { loc, msg } = issue as { loc?: unknown; msg?: unknown };
    const where = Array.isArray(loc) ? loc.join(".") : "";
    const text = typeof msg === "string" ? msg : JSON.stringify(issue);
    return where ? `${where}: ${text}` : text;
  });
  return parts.join("; ");
}

function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body)/i.test(text);
}

/**
 * Maps a non-2xx answer onto the error hierarchy. Reads, in order: `X-Error-Code`/`X-Error-Message`,
 * a JSON `detail` (string, object with `error`, or a 422 list), a top-level `error`, then the raw text.
 */
export function errorFromResponse(res: ErrorResponse): KohubError {
  const headerCode = res.headers.get("x-error-code") ?? undefined;
  const headerMessage = res.headers.get("x-error-message") ?? undefined;
  const requestId = res.headers.get("x-request-id") ?? undefined;
  let message: string | undefined = headerMessage || undefined;
  let details: unknown;
  let validationList = false;

  const text = res.body;
  let json: unknown;
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const obj = json as Record<string, unknown>;
    const detail = obj.detail;
    if (typeof detail === "string") {
      message ??= detail;
    } else if (Array.isArray(detail)) {
      validationList = true;
      details = detail;
      message ??= formatValidationIssues(detail);
    } else if (detail && typeof detail === "object") {
      const { error, message: extraMessage, ...rest } = detail as Record<string, unknown>;
      const main = typeof error === "string" ? error : undefined;
      const extra = typeof extraMessage === "string" ? extraMessage : undefined;
      message ??=
        main && extra && extra !== main ? `${main}: ${extra}` : (main ?? extra ?? JSON.stringify(detail));
      if (Object.keys(rest).length > 0) details = rest;
    } else if (typeof obj.error === "string") {
      message ??= obj.error;
      const { error: _ignored, ...rest } = obj;
      if (Object.keys(rest).length > 0) details = rest;
    }
  }
  if (!message && text.trim()) {
    message = looksLikeHtml(text)
      ? `the server answered HTTP ${res.status} with an HTML page (is ${new URL(res.url).origin} a KohakuHub server?)`
      : oneLine(text);
  }
  message ??= `HTTP ${res.status} from ${res.method} ${new URL(res.url).pathname}`;

  const init: KohubErrorInit = {
    status: res.status,
    details,
    requestId,
    url: res.url,
    method: res.method,
  };
  if (headerCode) init.code = headerCode;
  const s = res.status;
  if (s === 401) return new AuthenticationError(message, init);
  if (s === 403) return new PermissionDeniedError(message, init);
  if (s === 404) return new NotFoundError(message, init);
  if (s === 409) return new ConflictError(message, init);
  if (s === 429) {
    const err = new RateLimitError(message, init);
    err.retryAfter = parseRetryAfter(res.headers.get("retry-after"));
    return err;
  }
  if (s === 400 && !validationList && ALREADY_EXISTS.test(message)) {
    return new ConflictError(message, { ...init, code: headerCode ?? "AlreadyExists" });
  }
  if (s === 400 || s === 422) return new ValidationError(message, init);
  if (s >= 500) return new ServerError(message, init);
  return new KohubError(message, init);
}

/** Parses `Retry-After` (seconds or an HTTP date) into seconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}
