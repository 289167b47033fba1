/**
 * `kohub-cli api`: any request to the hub, with the configured endpoint and token, as `gh api` does. The
 * answer's body goes to stdout as the server sent it (JSON pretty-printed on a terminal); a failure also
 * exits with the CLI's usual code.
 */
import { defineCommand } from "citty";
import { errorFromResponse } from "../api/errors.ts";
import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import { toJson } from "../output/print.ts";
import {
  type Answer,
  buildRequest,
  collectFlag,
  fetchAnswers,
  isSuccess,
  normalizePath,
  parseField,
  parseHeaders,
  type RequestInput,
} from "./_api-request.ts";

export interface ApiOptions extends RequestInput {
  paginate: boolean;
  include: boolean;
  silent: boolean;
}

export interface ApiArgs {
  path: string;
  method?: string;
  input?: string;
  paginate?: boolean;
  include?: boolean;
  silent?: boolean;
}

export function toOptions(args: ApiArgs, rawArgs: string[] = []): ApiOptions {
  const fields = collectFlag(rawArgs, { "raw-field": "f", field: "F" }).map(([flag, text]) =>
    parseField(text, flag === "field"),
  );
  const paginate = Boolean(args.paginate);
  // Fields or a body mean a write, except when paging, which only GET does.
  const write = !paginate && (fields.length > 0 || args.input !== undefined);
  const opts: ApiOptions = {
    path: normalizePath(args.path ?? ""),
    method: methodOf(args.method, write ? "POST" : "GET"),
    fields,
    headers: parseHeaders(collectFlag(rawArgs, { header: "H" }).map(([, text]) => text)),
    input: args.input,
    paginate,
    include: Boolean(args.include),
    silent: Boolean(args.silent),
  };
  checkCombination(opts);
  return opts;
}

function methodOf(flag: string | undefined, fallback: string): string {
  if (flag === undefined) return fallback;
  if (!/^[a-z]+$/i.test(flag)) throw new UsageError(`Invalid method "${flag}" for -X: e.g. GET, POST, PUT`);
  return flag.toUpperCase();
}

/** Flags that cannot go together, refused before any request. */
function checkCombination(opts: ApiOptions): void {
  const { method, input, paginate } = opts;
  if (paginate && method !== "GET") {
    throw new UsageError(`--paginate follows the pages of a GET request, not ${method}`);
  }
  if (paginate && input !== undefined) throw new UsageError("--paginate cannot be used with --input");
  if (input !== undefined && (method === "GET" || method === "HEAD")) {
    throw new UsageError(`--input sends a body, which ${method} cannot have: add -X POST (or PUT)`);
  }
  const stdinUses = opts.fields.filter((f) => f.typed && f.raw === "@-").length + (input === "-" ? 1 : 0);
  if (stdinUses > 1) {
    throw new UsageError("Standard input can be read only once (by one -F key=@- or --input -)");
  }
}

export async function apiRun(ctx: Context, opts: ApiOptions): Promise<void> {
  const client = await ctx.client();
  ctx.subject = opts.path;
  const spec = await buildRequest(opts, client.endpoint);
  if (!spec.auth && client.token) {
    ctx.log.warn(`Not sending your token to ${new URL(spec.path).origin}: only ${client.endpoint} gets it`);
  }
  const answers = await fetchAnswers(client.http, spec, opts.paginate);
  printAnswers(ctx, opts, answers);
  const last = answers[answers.length - 1] as Answer;
  if (!isSuccess(last.status)) {
    throw errorFromResponse({ ...last, method: opts.method });
  }
}

/**
 * Prints the answers: `--paginate` over JSON arrays gives one merged array; otherwise each answer in turn,
 * its status line and headers first with `--include`. In JSON mode a failure is the CLI's error object
 * alone, so stdout stays one JSON document.
 */
function printAnswers(ctx: Context, opts: ApiOptions, answers: Answer[]): void {
  const merged = opts.paginate && !opts.include && !opts.silent ? mergeArrays(answers) : undefined;
  if (merged) {
    ctx.io.out.write(toJson(merged, ctx.io.isOutTTY));
    return;
  }
  for (const answer of answers) {
    if (opts.include) printHead(ctx, answer);
    if (opts.silent || (ctx.json && !isSuccess(answer.status))) continue;
    printBody(ctx, answer, answers.length > 1);
  }
}

/** The pages' items as one array, when every page is a successful JSON array. */
function mergeArrays(answers: Answer[]): unknown[] | undefined {
  const items: unknown[] = [];
  for (const answer of answers) {
    if (!isSuccess(answer.status)) return undefined;
    const page = parseJson(answer.body);
    if (!Array.isArray(page)) return undefined;
    items.push(...page);
  }
  return items;
}

/** `HTTP/1.1 200 OK`, then the headers (fetch gives them lower-cased and sorted), then a blank line. */
function printHead(ctx: Context, answer: Answer): void {
  const lines = [`HTTP/1.1 ${answer.status} ${answer.statusText}`.trimEnd()];
  answer.headers.forEach((value, name) => {
    lines.push(`${name}: ${value}`);
  });
  ctx.io.out.write(`${lines.join("\n")}\n\n`);
}

/**
 * The body: JSON pretty-printed on a terminal, the server's text unchanged when piped. A terminal, or
 * several pages in a row, also get a final newline so that what follows starts on its own line.
 */
function printBody(ctx: Context, answer: Answer, severalPages: boolean): void {
  const text = answer.body;
  if (!text) return;
  const isJson = /[/+]json(;|$)/i.test(answer.headers.get("content-type") ?? "");
  const value = ctx.io.isOutTTY && isJson ? parseJson(text) : undefined;
  if (value !== undefined) {
    ctx.io.out.write(toJson(value, true));
    return;
  }
  const newline = (ctx.io.isOutTTY || severalPages) && !text.endsWith("\n");
  ctx.io.out.write(newline ? `${text}\n` : text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const examples = [
  "kohub-cli api /api/whoami-v2",
  "kohub-cli api /api/repos/create -f type=model -f name=my-model -F private=true",
  "kohub-cli api -X GET /api/models -f author=my-org -f limit=10",
  "kohub-cli api --paginate '/api/models/my-org/my-model/tree/main?recursive=true'",
  "kohub-cli api -X PUT /api/models/my-org/my-model/settings --input settings.json",
  "kohub-cli api -X DELETE /api/repos/delete -f type=model -f name=my-model -f organization=my-org",
  "kohub-cli api --include /api/version",
  "kohub-cli api /api/whoami-v2 --jq '.orgs[].name'",
];

export default defineCommand({
  meta: { name: "api", description: "Send a request to the KohakuHub API with your endpoint and token" },
  args: {
    path: {
      type: "positional",
      required: true,
      description: "below the endpoint (/api/whoami-v2), or a full URL (another origin gets no token)",
    },
    method: {
      type: "string",
      alias: ["X"],
      description: "the HTTP method [default: GET, or POST with fields or --input]",
      valueHint: "METHOD",
    },
    "raw-field": {
      type: "string",
      alias: ["f"],
      description: "a string field (repeatable): query parameter of a GET, else a key of the JSON body",
      valueHint: "KEY=VALUE",
    },
    field: {
      type: "string",
      alias: ["F"],
      description: "a typed field (repeatable): true, false, null and numbers as JSON, @file or @- as text",
      valueHint: "KEY=VALUE",
    },
    header: {
      type: "string",
      alias: ["H"],
      description: "a request header (repeatable)",
      valueHint: "'NAME: VALUE'",
    },
    input: {
      type: "string",
      description: "send the file's bytes as the body (- reads standard input); fields go to the query",
      valueHint: "FILE",
    },
    paginate: {
      type: "boolean",
      description: 'follow Link rel="next" pages of a GET; JSON arrays are merged into one',
    },
    include: { type: "boolean", alias: ["i"], description: "print the status line and the headers first" },
    silent: { type: "boolean", description: "do not print the body of the answer" },
  },
  run: ({ args, rawArgs, data }) => apiRun(data as Context, toOptions(args, rawArgs)),
});
