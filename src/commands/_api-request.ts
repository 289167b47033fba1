/**
 * The request side of `kohub-cli api`: repeatable flags read off the command line, `-f`/`-F` fields (typed
 * values, nested keys), `-H` headers, the request built from them, and its answers fetched page by page.
 *
 * @module
 */
import type { HttpClient, RequestSpec } from "../api/http.ts";
import { UsageError } from "../errors.ts";

/** One `-f key=value` or `-F key=value` as written. */
export interface Field {
  key: string;
  /** The value as typed on the command line. */
  raw: string;
  /** `-F`: `true`, numbers, `null` and `@file` are converted; `-f` sends the text as it is. */
  typed: boolean;
}

/** A value a field can take once read. */
export type FieldValue = string | number | boolean | null;

/** A field whose value has been converted (and its `@file` read). */
export interface ReadField {
  key: string;
  value: FieldValue;
}

/**
 * Every value of some repeatable flags, in command-line order (citty keeps only the last one), as
 * `[long name, value]`. `flags` maps long names to short ones; each reads `-f v`, `-fv`, `--raw-field v`
 * and `--raw-field=v`.
 */
export function collectFlag(rawArgs: string[], flags: Record<string, string>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === "--") break;
    for (const [long, short] of Object.entries(flags)) {
      if (arg === `--${long}` || arg === `-${short}`) {
        const value = rawArgs[++i];
        if (value !== undefined) out.push([long, value]);
      } else if (arg.startsWith(`--${long}=`)) out.push([long, arg.slice(long.length + 3)]);
      else if (arg.startsWith(`-${short}`) && !arg.startsWith("--")) out.push([long, arg.slice(2)]);
    }
  }
  return out;
}

const KEY = /^[^[\]=]+(\[[^[\]]*\])*$/;

/** `key=value` into a field; the key may be nested (`a[b]`) or end in `[]` (append to an array). */
export function parseField(text: string, typed: boolean): Field {
  const flag = typed ? "-F" : "-f";
  const eq = text.indexOf("=");
  const key = eq === -1 ? "" : text.slice(0, eq);
  if (!KEY.test(key)) {
    throw new UsageError(
      `Invalid field "${text}" for ${flag}: expected key=value (e.g. ${flag} name=my-model)`,
    );
  }
  if (keyPath(key).slice(0, -1).includes("")) {
    throw new UsageError(`Invalid field "${text}" for ${flag}: "[]" may only end a key`);
  }
  return { key, raw: text.slice(eq + 1), typed };
}

/** `a[b][]` → `["a", "b", ""]`. */
function keyPath(key: string): string[] {
  const first = key.indexOf("[");
  if (first === -1) return [key];
  const rest = [...key.slice(first).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] as string);
  return [key.slice(0, first), ...rest];
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** The value of a field: `-F` converts literals and reads `@file` (`@-`: standard input) as text. */
export async function fieldValue(field: Field, readStdin: () => Promise<string>): Promise<FieldValue> {
  const raw = field.raw;
  if (!field.typed) return raw;
  if (raw === "true" || raw === "false") return raw === "true";
  if (raw === "null") return null;
  if (NUMBER.test(raw)) return Number(raw);
  if (!raw.startsWith("@")) return raw;
  if (raw === "@-") return readStdin();
  const file = Bun.file(raw.slice(1));
  if (!(await file.exists())) {
    throw new UsageError(`Cannot read ${raw.slice(1)} for -F ${field.key}: no such file`);
  }
  return file.text();
}

/**
 * The fields as a JSON body: nested keys make objects, `key[]` makes arrays; a key given twice is refused.
 * Objects have no prototype, so that keys such as `constructor` are fields like any other.
 */
export function fieldsToBody(fields: ReadField[]): Record<string, unknown> {
  const body: Record<string, unknown> = Object.create(null);
  for (const { key, value } of fields) {
    const path = keyPath(key);
    const append = path[path.length - 1] === "";
    if (append) path.pop();
    const name = path.pop() as string;
    let node = body;
    for (const part of path) node = childObject(node, part, key);
    if (append) appendValue(node, name, value, key);
    else if (name in node) throw new UsageError(`Field ${key} is given twice`);
    else node[name] = value;
  }
  return body;
}

function appendValue(node: Record<string, unknown>, name: string, value: FieldValue, key: string): void {
  const list = node[name];
  if (list === undefined) node[name] = [value];
  else if (Array.isArray(list)) list.push(value);
  else throw new UsageError(`Field ${key} conflicts with another field of the same name`);
}

/** The object under `part`, created if missing; anything else there is a conflict. */
function childObject(node: Record<string, unknown>, part: string, key: string): Record<string, unknown> {
  const child = node[part];
  if (child === undefined) {
    const created: Record<string, unknown> = Object.create(null);
    node[part] = created;
    return created;
  }
  if (typeof child === "object" && child !== null && !Array.isArray(child)) {
    return child as Record<string, unknown>;
  }
  throw new UsageError(`Field ${key} conflicts with another field of the same name`);
}

/** The fields as query parameters, keys as written (`expand[]=formatted` stays `expand[]`), null as "". */
export function fieldsToQuery(fields: ReadField[]): Record<string, string[]> {
  const query: Record<string, string[]> = Object.create(null);
  for (const { key, value } of fields) {
    const text = value === null ? "" : String(value);
    query[key] = [...(query[key] ?? []), text];
  }
  return query;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `-H 'Name: value'` flags as headers; a name given twice gets both values, comma-separated. */
export function parseHeaders(list: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const text of list) {
    const colon = text.indexOf(":");
    const name = text.slice(0, colon).trim();
    if (colon === -1 || !HEADER_NAME.test(name)) {
      throw new UsageError(`Invalid header "${text}" for -H: expected 'Name: value'`);
    }
    const value = text.slice(colon + 1).trim();
    const known = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    if (known) headers[known] = `${headers[known]}, ${value}`;
    else headers[name] = value;
  }
  return headers;
}

/** The path below the endpoint (`api/x` → `/api/x`), or a full http(s) URL as it is. */
export function normalizePath(path: string): string {
  const trimmed = path.trim();
  if (/^https?:\/\//i.test(trimmed)) return trimmed;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new UsageError(`Invalid path "${path}": only http:// and https:// URLs can be requested`);
  }
  if (!trimmed) throw new UsageError("Missing argument <path>: e.g. /api/whoami-v2");
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/**
 * The URL of the next page, from a `Link: <…>; rel="next"` header, or undefined. KohakuHub builds the link
 * from its configured base_url, which may not be the address we reach it at: a link to another origin is
 * read as the same request with the link's query, so pages never leave the origin of the first one.
 */
export function nextPageUrl(next: string | undefined, current: string): string | undefined {
  if (!next) return undefined;
  const here = new URL(current);
  let link: URL;
  try {
    link = new URL(next, here);
  } catch {
    return undefined;
  }
  if (link.origin === here.origin) return link.toString();
  return `${here.origin}${here.pathname}${link.search}`;
}

/** One answer of the server, body read. */
export interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  url: string;
  body: string;
}

/** What a request is made of (the options of `kohub-cli api` less how the answer is printed). */
export interface RequestInput {
  /** A path below the endpoint (`/api/whoami-v2`) or a full URL. */
  path: string;
  method: string;
  /** `-f` and `-F` fields, in command-line order. */
  fields: Field[];
  headers: Record<string, string>;
  /** A file whose bytes are the body (`-`: standard input). */
  input?: string;
}

/** Every answer comes back as it is (no retries, errors included): `api` shows what the server said. */
const EVERY_ANSWER = Array.from({ length: 300 }, (_, i) => 300 + i);

/** The request: absolute URL, credentials only for the endpoint's origin, fields as query or JSON body. */
export async function buildRequest(opts: RequestInput, endpoint: string): Promise<RequestSpec> {
  const url = /^https?:\/\//i.test(opts.path) ? opts.path : `${endpoint}${opts.path}`;
  const spec: RequestSpec = {
    method: opts.method,
    path: url,
    headers: opts.headers,
    auth: new URL(url).origin === new URL(endpoint).origin,
    retry: false,
    okStatuses: EVERY_ANSWER,
  };
  const fields: ReadField[] = [];
  for (const field of opts.fields) fields.push({ key: field.key, value: await fieldValue(field, stdinText) });
  if (opts.input !== undefined) {
    spec.body = await readInput(opts.input);
    spec.query = fieldsToQuery(fields);
  } else if (opts.method === "GET" || opts.method === "HEAD") spec.query = fieldsToQuery(fields);
  else if (fields.length > 0) spec.json = fieldsToBody(fields);
  return spec;
}

function stdinText(): Promise<string> {
  return Bun.stdin.text();
}

/** The body of `--input`, as bytes: a string body would be sent as text/plain. */
async function readInput(path: string): Promise<ArrayBuffer> {
  if (path === "-") return Bun.stdin.arrayBuffer();
  const file = Bun.file(path);
  if (!(await file.exists())) throw new UsageError(`Cannot read ${path} for --input: no such file`);
  return file.arrayBuffer();
}

/** The first answer, then with `--paginate` each `rel="next"` page until there is none (or one fails). */
export async function fetchAnswers(
  http: HttpClient,
  first: RequestSpec,
  paginate: boolean,
): Promise<Answer[]> {
  // Loaded here, not at the top, so that `api --help` does not load the client's modules.
  const { nextLink } = await import("../api/refs.ts");
  const answers: Answer[] = [];
  const seen = new Set<string>();
  let spec: RequestSpec | undefined = first;
  while (spec) {
    const response = await http.send(spec);
    const answer: Answer = {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      url: response.url || spec.path,
      body: await response.text(),
    };
    answers.push(answer);
    const link = paginate && isSuccess(answer.status) ? nextLink(answer.headers.get("link")) : undefined;
    const next = nextPageUrl(link, answer.url);
    spec = next && !seen.has(next) ? { ...first, path: next, query: undefined } : undefined;
    if (next) seen.add(next);
  }
  return answers;
}

/** A 2xx status. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
