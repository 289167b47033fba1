/**
 * Response helpers of the local hub: every error shape KohakuHub sends (see ../shared/kohakuhub-api,
 * "error contract"), and a tiny pydantic-like body validator that answers FastAPI's 422 lists.
 */

/** A response a handler throws to stop early. */
export class HttpError extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** E1: `{"detail": "<message>"}` */
export function detail(status: number, message: string): HttpError {
  return new HttpError(json({ detail: message }, status));
}

/** E2: `{"detail": {"error": "<message>", ...extra}}` */
export function detailError(status: number, error: string, extra: Record<string, unknown> = {}): HttpError {
  return new HttpError(json({ detail: { error, ...extra } }, status));
}

function oneLine(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** E3: empty body with `X-Error-Code` / `X-Error-Message` (HF header-only error). */
export function hfError(status: number, code: string, message: string): HttpError {
  return new HttpError(
    new Response(null, {
      status,
      headers: { "x-error-code": code, "x-error-message": oneLine(message), "content-length": "0" },
    }),
  );
}

/** E4: HF headers plus a JSON `{"detail": {"error": ...}}` body. */
export function hfErrorWithBody(status: number, code: string, message: string, error: string): HttpError {
  return new HttpError(
    json({ detail: { error } }, status, { "x-error-code": code, "x-error-message": oneLine(message) }),
  );
}

/** E8: an unhandled crash, plain text. */
export function crash(): HttpError {
  return new HttpError(
    new Response("Internal Server Error", {
      status: 500,
      headers: { "content-type": "text/plain", [CRASH_MARKER]: "1" },
    }),
  );
}

/** Marks a response built by Starlette's outermost error middleware: it carries no X-Request-Id. */
export const CRASH_MARKER = "x-hub-unhandled-crash";

/** 404 RepoNotFound, header-only, with the server's wording. */
export function repoNotFound(type: string, namespace: string, name: string): HttpError {
  return hfError(404, "RepoNotFound", `Repository '${namespace}/${name}' (${type}) not found`);
}

// ---------------------------------------------------------------------------------------------------
// A small pydantic-like validator producing FastAPI's 422 issue list.

export type FieldType = "str" | "int" | "bool" | "email" | "object" | "list" | "str-list" | "any";

export interface FieldSpec {
  type: FieldType;
  /** Required fields have no default; missing ones give `{"type": "missing"}`. */
  required?: boolean;
  /** null accepted (Optional[...]). */
  nullable?: boolean;
  /** Literal values allowed (pydantic Literal / enum). */
  enum?: readonly string[];
}

export interface Issue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export function validationError(issues: Issue[]): HttpError {
  return new HttpError(json({ detail: issues }, 422));
}

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/;
const SPECIAL_DOMAINS = /\.(local|localhost|test|invalid|example)$/i;

function checkField(value: unknown, spec: FieldSpec, loc: (string | number)[]): Issue | undefined {
  if (value === null && spec.nullable) return undefined;
  switch (spec.type) {
    case "any":
      return undefined;
    case "str":
    case "email": {
      if (typeof value !== "string") {
        return { type: "string_type", loc, msg: "Input should be a valid string", input: value };
      }
      if (spec.type === "email") {
        if (!EMAIL_RE.test(value)) {
          const reason = value.includes("@")
            ? "The part after the @-sign is not valid."
            : "An email address must have an @-sign.";
          return {
            type: "value_error",
            loc,
            msg: `value is not a valid email address: ${reason}`,
            input: value,
            ctx: { reason },
          };
        }
        if (SPECIAL_DOMAINS.test(value)) {
          const reason =
            "The part after the @-sign is a special-use or reserved name that cannot be used with email.";
          return {
            type: "value_error",
            loc,
            msg: `value is not a valid email address: ${reason}`,
            input: value,
            ctx: { reason },
          };
        }
      }
      if (spec.enum && !spec.enum.includes(value)) {
        const expected = spec.enum.map((v) => `'${v}'`).join(", ");
        return {
          type: "literal_error",
          loc,
          msg: `Input should be ${expected.replace(/, ([^,]*)$/, " or $1")}`,
          input: value,
          ctx: { expected },
        };
      }
      return undefined;
    }
    case "int":
      if (typeof value === "number" && Number.isInteger(value)) return undefined;
      if (typeof value === "string" && /^-?\d+$/.test(value)) return undefined;
      return {
        type: "int_parsing",
        loc,
        msg: "Input should be a valid integer, unable to parse string as an integer",
        input: value,
      };
    case "bool":
      if (typeof value === "boolean") return undefined;
      return { type: "bool_parsing", loc, msg: "Input should be a valid boolean", input: value };
    case "object":
      if (value && typeof value === "object" && !Array.isArray(value)) return undefined;
      return { type: "dict_type", loc, msg: "Input should be a valid dictionary", input: value };
    case "list":
      if (Array.isArray(value)) return undefined;
      return { type: "list_type", loc, msg: "Input should be a valid list", input: value };
    case "str-list":
      if (Array.isArray(value) && value.every((v) => typeof v === "string")) return undefined;
      return { type: "list_type", loc, msg: "Input should be a valid list", input: value };
  }
}

/**
 * Reads and validates a JSON body the way FastAPI + pydantic v2 do: a missing or non-JSON body, missing
 * fields and wrong types all answer 422 with an issue list. Unknown fields are ignored.
 */
export async function readBody<T = Record<string, unknown>>(
  req: Request,
  fields: Record<string, FieldSpec>,
): Promise<T> {
  const text = await req.text();
  if (!text.trim()) {
    throw validationError([{ type: "missing", loc: ["body"], msg: "Field required", input: null }]);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw validationError([
      {
        type: "json_invalid",
        loc: ["body", 0],
        msg: "JSON decode error",
        input: {},
        ctx: { error: String(err) },
      },
    ]);
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw validationError([
      {
        type: "model_attributes_type",
        loc: ["body"],
        msg: "Input should be a valid dictionary or object",
        input: body,
      },
    ]);
  }
  const obj = body as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const [name, spec] of Object.entries(fields)) {
    const value = obj[name];
    if (value === undefined) {
      if (spec.required)
        issues.push({ type: "missing", loc: ["body", name], msg: "Field required", input: obj });
      continue;
    }
    const issue = checkField(value, spec, ["body", name]);
    if (issue) issues.push(issue);
  }
  if (issues.length) throw validationError(issues);
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.type === "int" && typeof obj[name] === "string") obj[name] = Number(obj[name]);
  }
  return obj as T;
}

/** Validates an integer path or query parameter (422 `int_parsing` otherwise). */
export function intParam(value: string | null | undefined, where: "path" | "query", name: string): number {
  if (value !== null && value !== undefined && /^-?\d+$/.test(value)) return Number(value);
  throw validationError([
    {
      type: "int_parsing",
      loc: [where, name],
      msg: "Input should be a valid integer, unable to parse string as an integer",
      input: value,
    },
  ]);
}

/** Validates an integer query parameter with bounds and a default (422 on violations, like FastAPI's Query(ge, le)). */
export function boundedInt(
  query: URLSearchParams,
  name: string,
  options: { default: number; ge?: number; le?: number },
): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return options.default;
  const value = intParam(raw, "query", name);
  if (options.ge !== undefined && value < options.ge) {
    throw validationError([
      {
        type: "greater_than_equal",
        loc: ["query", name],
        msg: `Input should be greater than or equal to ${options.ge}`,
        input: raw,
        ctx: { ge: options.ge },
      },
    ]);
  }
  if (options.le !== undefined && value > options.le) {
    throw validationError([
      {
        type: "less_than_equal",
        loc: ["query", name],
        msg: `Input should be less than or equal to ${options.le}`,
        input: raw,
        ctx: { le: options.le },
      },
    ]);
  }
  return value;
}

/** FastAPI's bool query parsing: true/1/yes/on and false/0/no/off; anything else is 422. */
export function boolQuery(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const v = raw.toLowerCase();
  if (["true", "1", "yes", "on", "t", "y"].includes(v)) return true;
  if (["false", "0", "no", "off", "f", "n"].includes(v)) return false;
  throw validationError([
    {
      type: "bool_parsing",
      loc: ["query", name],
      msg: "Input should be a valid boolean, unable to interpret input",
      input: raw,
    },
  ]);
}

/** Python `isoformat()` of a UTC time as SQLite-backed KohakuHub sends it: `2026-01-02T03:04:05.123456+00:00`. */
export function isoPython(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000+00:00");
}

/** The `...ffffffZ` form used by the repo area and SSH keys: `2026-01-02T03:04:05.123456Z`. */
export function isoZ(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** The `...ffffffZ` form with whole seconds, as the storage layer's commit and file times have (`...:05.000000Z`). */
export function isoSeconds(ms: number): string {
  return isoZ(Math.floor(ms / 1000) * 1000);
}

/** Python's `urllib.parse.quote(s, safe="")`: percent-encodes everything but letters, digits and `_.-~`. */
export function quoteAll(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Random lowercase hex of `bytes` bytes. */
export function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, "0")).join("");
}
