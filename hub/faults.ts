/**
 * Scripted failures of the local hub. Tests add them with `hub.fault(...)`; people trying a client add them
 * with `npm run hub -- --fault SPEC` (parsed by ./fault-spec.ts into the same {@link Fault}).
 *
 *   hub.fault({ match: "storage-get", respond: "stall-body", times: 1 });
 *   hub.fault({ match: "POST /api/**", respond: { status: 503, message: "try later" } });
 *   hub.fault({ method: "GET", path: /^\/_s3\//, respond: () => new Response("x") });
 *
 * Which requests: `match` is `[METHOD ]TARGET`, where TARGET names a set of requests ({@link FAULT_TARGETS}:
 * `storage-get`, `resolve`, `commit`, `lfs-put`, ...) or is a pattern of the decoded path (`*` within one
 * segment, `**` across segments). `method` and `path` (the exact decoded path, or a RegExp) narrow it
 * further; a fault without any of them matches every request. The first fault with uses left wins, and
 * `times` bounds its uses (default: until `hub.clearFaults()`).
 *
 * What happens ({@link FaultAnswer}):
 * - a number: that status with an empty body and no X-Error headers;
 * - `{ status, code?, message? }`: a KohakuHub error, `{"detail":{"error":message}}` with `X-Error-Code`
 *   and `X-Error-Message` (the code defaults from the status: 404 EntryNotFound, 500 ServerError, ...);
 * - `"stall"`: the connection is accepted and never answered, until the client leaves or the hub stops;
 * - `"stall-body"`: the real answer's status and headers, then its body never ends. Bun.serve sends no
 *   header block before a streamed body's first byte, so that byte of the real body goes out too (a space
 *   when the answer has none), and the length is not announced (chunked). HEAD answers and bodiless
 *   statuses (204, 304) pass unchanged;
 * - `"drop"`: the connection is closed before a byte is sent;
 * - `"drop-body"`: the real status and headers and the first half of the announced body (its first byte
 *   when no length is announced), then the connection is closed;
 * - `{ delayMs }`: the real answer, that much later;
 * - `"close"`: a made-up 200 with the start of a JSON body, then the connection is closed;
 * - `"html"`, `"text-500"`, `"truncated-json"`: a proxy's HTML 502, a plain-text 500, a 200 with cut-off JSON;
 * - a function: any Response it returns.
 *
 * Stalls switch off Bun.serve's idle timeout for their request, so they last until the client gives up.
 * The answers themselves are built in ./fault-answers.ts.
 */
/** Builds any answer from the request. */
export type FaultHandler = (req: Request) => Response | Promise<Response>;

/** A KohakuHub-style error answer. */
export interface FaultError {
  status: number;
  /** `X-Error-Code` (default from the status). */
  code?: string;
  /** `X-Error-Message` and `detail.error` (default: the status's reason, saying it is a fault). */
  message?: string;
}

export type FaultAnswer =
  | number
  | FaultError
  | { delayMs: number }
  | "stall"
  | "stall-body"
  | "drop"
  | "drop-body"
  | "close"
  | "html"
  | "text-500"
  | "truncated-json"
  | FaultHandler;

/** A scripted failure: the matching requests get `respond` instead of the real answer. */
export interface Fault {
  /** `[METHOD ]TARGET`: a name of {@link FAULT_TARGETS} or a path pattern such as `/api/**`. */
  match?: string;
  method?: string;
  /** The exact decoded path, or a RegExp tested against it. */
  path?: string | RegExp;
  /** How many requests it applies to (default: all until cleared). */
  times?: number;
  respond: FaultAnswer;
}

/** Thrown for a `match` (or a SPEC) that cannot be understood. */
export class FaultSpecError extends Error {}

interface Target {
  methods?: string[];
  path: RegExp;
  about: string;
}

const STORAGE = /^\/_s3\//;
const REPO_API = "^/api/[^/]+s/[^/]+/[^/]+";

/** Named sets of requests, for `match` and for SPECs. */
export const FAULT_TARGETS: Record<string, Target> = {
  api: { path: /^\/api\//, about: "every /api/ request (the JSON API)" },
  resolve: {
    methods: ["GET", "HEAD"],
    path: /^(?:\/api)?(?:\/[^/]+){2,3}\/resolve\//,
    about: "file downloads (GET/HEAD .../resolve/REV/PATH), before the redirect to storage",
  },
  storage: { path: STORAGE, about: "every request to the storage (the S3 stand-in under /_s3/)" },
  "storage-get": { methods: ["GET"], path: STORAGE, about: "file bodies served by the storage (GET)" },
  "lfs-put": {
    methods: ["PUT"],
    path: STORAGE,
    about: "LFS uploads to the storage, whole or per part (PUT)",
  },
  "lfs-batch": { methods: ["POST"], path: /\/info\/lfs\/objects\/batch$/, about: "the LFS batch API (POST)" },
  preupload: { methods: ["POST"], path: new RegExp(`${REPO_API}/preupload/`), about: "preupload (POST)" },
  commit: {
    methods: ["POST"],
    path: new RegExp(`${REPO_API}/commit/`),
    about: "the commit of an upload (POST)",
  },
};

/** A path pattern as a RegExp: `**` spans segments, `*` stays within one. */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .split("**")
    .map((part) =>
      part
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*"),
    )
    .join(".*");
  return new RegExp(`^${source}$`);
}

interface Matcher {
  methods?: string[];
  path?: string | RegExp;
}

/** Reads `[METHOD ]TARGET`. */
export function parseMatch(match: string): Matcher {
  const m = /^(?:([A-Za-z]+)\s+)?(\S+)$/.exec(match.trim());
  const target = m?.[2] ?? "";
  const named = FAULT_TARGETS[target];
  if (!named && !target.startsWith("/")) {
    const names = Object.keys(FAULT_TARGETS).join(", ");
    throw new FaultSpecError(
      `cannot read the match '${match}': expected [METHOD ]TARGET, TARGET a path starting with / or one of ${names}`,
    );
  }
  const method = m?.[1]?.toUpperCase();
  return { methods: method ? [method] : named?.methods, path: named ? named.path : globToRegExp(target) };
}

function matches(m: Matcher, method: string, path: string): boolean {
  if (m.methods && !m.methods.includes(method)) return false;
  if (m.path === undefined) return true;
  return typeof m.path === "string" ? m.path === path : m.path.test(path);
}

interface Armed {
  matchers: Matcher[];
  left: number;
  respond: FaultAnswer;
}

/** The faults of one hub, in the order they were added. */
export class FaultList {
  readonly #armed: Armed[] = [];

  /** Adds a fault; a `match` that cannot be read throws {@link FaultSpecError} here, not on a request. */
  add(fault: Fault): void {
    const matchers: Matcher[] = [{ methods: fault.method ? [fault.method.toUpperCase()] : undefined }];
    if (fault.match !== undefined) matchers.push(parseMatch(fault.match));
    if (fault.path !== undefined) matchers.push({ path: fault.path });
    this.#armed.push({ matchers, left: fault.times ?? Number.POSITIVE_INFINITY, respond: fault.respond });
  }

  clear(): void {
    this.#armed.length = 0;
  }

  /** The answer of the first fault matching the request, using up one of its times; undefined if none. */
  take(method: string, path: string): FaultAnswer | undefined {
    const armed = this.#armed.find((a) => a.left > 0 && a.matchers.every((m) => matches(m, method, path)));
    if (!armed) return undefined;
    armed.left--;
    return armed.respond;
  }
}
