/**
 * CLI errors, the exit-code table, and how an error is shown (one line of text on stderr, or one JSON
 * object on stdout in JSON mode). Commands throw; only main.ts exits.
 *
 * @module
 */
import { type KohubError, maskSigningParams } from "./api/errors.ts";

/** Exit codes, documented in the README. */
export const EXIT = {
  OK: 0,
  /** Any other failure (server error, unexpected answer, config file problem). */
  ERROR: 1,
  /** The user's input is wrong (command line, environment, endpoint), never the server's answer. */
  USAGE: 2,
  /** The repository, revision, file, user, org or token does not exist (or is hidden). */
  NOT_FOUND: 3,
  /** Authentication required or refused (no token, bad token, wrong password). */
  AUTH: 4,
  /** Authenticated but not allowed (403). */
  FORBIDDEN: 5,
  /** Already exists (409, and the server's "already exists" 400s). */
  CONFLICT: 6,
  /** The server could not be reached (connection refused, DNS) or did not answer in time. */
  NETWORK: 7,
  /** Interrupted (Ctrl-C) or cancelled at a prompt. */
  INTERRUPTED: 130,
} as const;

/** An error the CLI shows as it is. */
export class CliError extends Error {
  override name = "CliError";
  readonly code: string;
  readonly details: unknown;
  readonly exitCode: number;
  constructor(message: string, options: { code?: string; details?: unknown; exitCode?: number } = {}) {
    super(message);
    this.code = options.code ?? "Error";
    this.details = options.details;
    this.exitCode = options.exitCode ?? EXIT.ERROR;
  }
}

/** A bad command line (exit 2). */
export class UsageError extends CliError {
  override name = "UsageError";
  constructor(message: string, details?: unknown) {
    super(message, { code: "UsageError", details, exitCode: EXIT.USAGE });
  }
}

/** The user cancelled (Ctrl-C at a prompt, or answered no to a confirmation): exit 130. */
export class CancelError extends CliError {
  override name = "CancelError";
  constructor(message = "Cancelled") {
    super(message, { code: "Cancelled", exitCode: EXIT.INTERRUPTED });
  }
}

/**
 * The error of a command that has already shown its failures itself (on stderr, or inside its JSON
 * document): the CLI only exits with its code and prints nothing more.
 */
export class ReportedError extends CliError {
  override name = "ReportedError";
  constructor(message: string, exitCode: number) {
    super(message, { code: "Reported", exitCode });
  }
}

/** What an error looks like to the user: the documented `{error, code, details}` and an exit code. */
export interface Explained {
  error: string;
  code: string;
  details?: unknown;
  exitCode: number;
  /** A hint on a second line in text mode. */
  hint?: string;
}

const KNOWN_NOT_FOUND: Record<string, string> = {
  RepoNotFound: "Repository not found",
  RevisionNotFound: "Revision not found",
  EntryNotFound: "File not found",
};

function isKohubError(err: unknown): err is KohubError {
  return err instanceof Error && typeof (err as KohubError).code === "string" && "requestId" in err;
}

/**
 * Turns any thrown value into what the user sees. `subject` names what the command was about (a repo id,
 * an org name) and becomes `details` for not-found errors, as the design document shows:
 * `Error: Repository not found: nonexistent/repo`.
 */
export function explain(err: unknown, subject?: string, hasToken = true): Explained {
  const out = explainRaw(err, subject, hasToken);
  // A presigned URL may be in any message: its signature must not reach the terminal.
  out.error = maskSigningParams(out.error);
  return out;
}

const HINTS: Record<string, string> = {
  NetworkError:
    "Is the server running? Set it with --endpoint, HF_ENDPOINT or 'kohub-cli config set endpoint URL'",
  Timeout:
    "If the server is only slow, give it longer with --timeout SECONDS, KOHUB_TIMEOUT or 'kohub-cli config set timeout SECONDS'",
  NotKohakuHub: "Check the endpoint: --endpoint, HF_ENDPOINT or 'kohub-cli config set endpoint URL'",
};

function explainRaw(err: unknown, subject: string | undefined, hasToken: boolean): Explained {
  if (err instanceof CliError) {
    return { error: err.message, code: err.code, details: err.details, exitCode: err.exitCode };
  }
  if (isKohubError(err)) return explainKohub(err, subject, hasToken);
  if (err instanceof Error && err.name === "AbortError") {
    return { error: "Interrupted", code: "Interrupted", exitCode: EXIT.INTERRUPTED };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { error: message.split("\n")[0] ?? message, code: "Error", exitCode: EXIT.ERROR };
}

/**
 * A library error as the user sees it. Exit 2 is for input the user gave (InputError, checked before any
 * request); what the server sent, however wrong or unsafe, is never blamed on the user.
 */
function explainKohub(err: KohubError, subject: string | undefined, hasToken: boolean): Explained {
  const name = err.name;
  if (name === "AuthenticationError") {
    if (!hasToken) {
      return {
        error: "Authentication required. Please login with 'kohub-cli auth login'",
        code: "AuthenticationRequired",
        exitCode: EXIT.AUTH,
      };
    }
    return {
      error: err.message,
      code: err.code,
      exitCode: EXIT.AUTH,
      hint: "Check your credentials, or run 'kohub-cli auth login' again",
    };
  }
  if (name === "NotFoundError") {
    const known = KNOWN_NOT_FOUND[err.code];
    if (known)
      return { error: known, code: err.code, details: subject ?? err.message, exitCode: EXIT.NOT_FOUND };
    return { error: err.message, code: err.code, details: subject, exitCode: EXIT.NOT_FOUND };
  }
  const out: Explained = { error: err.message, code: err.code, exitCode: EXIT.ERROR };
  if (err.details !== undefined) out.details = err.details;
  if (name === "PermissionDeniedError") out.exitCode = EXIT.FORBIDDEN;
  else if (name === "ConflictError") out.exitCode = EXIT.CONFLICT;
  else if (name === "NetworkError" || name === "TimeoutError") out.exitCode = EXIT.NETWORK;
  else if (name === "InputError") out.exitCode = EXIT.USAGE;
  if (err.requestId && out.exitCode === EXIT.ERROR) out.hint = `request id: ${err.requestId}`;
  // Only a server that could not be reached at all is maybe not running: one that answered, stalled or
  // broke a transfer is named by its own message.
  const hint = HINTS[err.code];
  if (hint) out.hint = hint;
  return out;
}

/**
 * {@link explain} in a command's context: its subject, and whether a token was in use (which decides
 * between "authentication required" and "your token was refused").
 */
export async function explainInContext(
  err: unknown,
  ctx?: { subject?: string; client(): Promise<{ token?: string | undefined }> },
): Promise<Explained> {
  let hasToken = true;
  try {
    if (ctx) hasToken = Boolean((await ctx.client()).token);
  } catch {
    hasToken = true;
  }
  return explain(err, ctx?.subject, hasToken);
}

/** The JSON error object: `{error, code}`, and `details` when there are some. */
export function errorObject(e: Explained): Record<string, unknown> {
  const out: Record<string, unknown> = { error: e.error, code: e.code };
  if (e.details !== undefined) out.details = e.details;
  return out;
}

/** Renders an explained error: JSON (for stdout) or text lines (for stderr). */
export function renderError(e: Explained, json: boolean): string {
  if (json) return `${JSON.stringify(errorObject(e))}\n`;
  const details =
    e.details === undefined || typeof e.details === "object" ? "" : `: ${String(e.details).split("\n")[0]}`;
  const hint = e.hint ? `\n${e.hint}` : "";
  return `Error: ${e.error}${details}${hint}\n`;
}
