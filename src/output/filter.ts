/**
 * `--json FIELDS`, `--jq EXPR` and `--template TPL` for every command, at one place: when one of them is
 * given, the command's stdout is held, read back as JSON documents, and each document is narrowed to the
 * fields, then run through jq or the template. Error objects are written by cli.ts to the real stdout, so
 * they are never filtered.
 *
 * @module
 */
import { FIELD_LIST } from "../argv.ts";
import { CliError, UsageError } from "../errors.ts";
import type { IO } from "./io.ts";
import { toJson } from "./print.ts";

/** What to do with a command's JSON output. */
export interface OutputFilter {
  /** Keep only these top-level fields (of each element, for an array). */
  fields?: string[];
  /** Print the field names of the output instead of the output (`--json=help`). */
  listFields?: boolean;
  jq?: string;
  template?: string;
}

/** Reads the value of `--json=LIST`; a usage error when it is not a list of field names. */
function parseFields(text: string): Pick<OutputFilter, "fields" | "listFields"> {
  if (text === "help") return { listFields: true };
  if (!FIELD_LIST.test(text)) {
    throw new UsageError(
      `Invalid value "${text}" for --json: expected field names separated by commas (--json=help lists them)`,
    );
  }
  return { fields: text.split(",") };
}

/**
 * The filter of a command line, checked before the command runs: field names, the template's syntax and
 * the jq program's (jq is loaded for that, as it will be needed anyway).
 */
export async function checkFilter(flags: {
  fields?: string;
  jq?: string;
  template?: string;
}): Promise<OutputFilter> {
  const filter: OutputFilter = { jq: flags.jq, template: flags.template };
  if (flags.fields !== undefined) Object.assign(filter, parseFields(flags.fields));
  if (filter.listFields && (flags.jq !== undefined || flags.template !== undefined)) {
    throw new UsageError("--json=help lists the fields: use it without --jq or --template");
  }
  if (flags.template !== undefined) (await import("./template.ts")).parseTemplate(flags.template);
  if (flags.jq !== undefined) await (await import("./filter-jq.ts")).checkJq(flags.jq);
  return filter;
}

/**
 * Splits text into its JSON documents (one, or several in a row as `api --paginate` prints them). Values
 * are found by their brackets and quotes, then parsed; undefined when the text is not JSON.
 */
export function splitDocuments(text: string): unknown[] | undefined {
  const docs: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") depth--;
      else if (depth === 0 && /\s/.test(c as string)) break;
      if (depth === 0 && !inString && (c === "}" || c === "]" || (c === '"' && i > start))) {
        i++;
        break;
      }
    }
    try {
      docs.push(JSON.parse(text.slice(start, i)));
    } catch {
      return undefined;
    }
  }
  return docs;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The field names of a document: an object's keys, or the keys of an array's objects (in first-seen order). */
function fieldNames(doc: unknown): string[] {
  const items = Array.isArray(doc) ? doc : [doc];
  const names = new Set<string>();
  for (const item of items) if (isRecord(item)) for (const key of Object.keys(item)) names.add(key);
  return [...names];
}

/**
 * Keeps the asked fields of an object, or of each object of an array (a field an element lacks is null,
 * as gh does). A field that no element has is a usage error listing the fields there are.
 */
function selectFields(doc: unknown, fields: string[]): unknown {
  const known = fieldNames(doc);
  if (known.length === 0 && !(Array.isArray(doc) && doc.length === 0)) {
    throw new UsageError("--json FIELDS: this command's JSON output has no fields to select");
  }
  const unknown = known.length ? fields.filter((f) => !known.includes(f)) : [];
  if (unknown.length) {
    throw new UsageError(
      `Unknown JSON field${unknown.length > 1 ? "s" : ""} ${unknown.map((f) => `"${f}"`).join(", ")}. Available fields: ${known.join(", ")}`,
    );
  }
  const pick = (item: unknown) =>
    isRecord(item) ? Object.fromEntries(fields.map((f) => [f, item[f] ?? null])) : item;
  return Array.isArray(doc) ? doc.map(pick) : pick(doc);
}

/** The filtered text of a command's JSON output. */
async function applyFilter(text: string, filter: OutputFilter, pretty: boolean): Promise<string> {
  const docs = splitDocuments(text);
  if (docs === undefined) {
    throw new CliError(
      "This command's output is not JSON: --json FIELDS, --jq and --template cannot read it",
    );
  }
  if (filter.listFields) {
    const names = [...new Set(docs.flatMap(fieldNames))];
    if (names.length === 0)
      throw new CliError("--json=help: this output has no fields to list (an empty list?)");
    return `${names.join("\n")}\n`;
  }
  const selected = filter.fields ? docs.map((doc) => selectFields(doc, filter.fields as string[])) : docs;
  if (filter.jq !== undefined) {
    const { runJq } = await import("./filter-jq.ts");
    return runJq(selected.map((doc) => JSON.stringify(doc)).join("\n"), filter.jq, pretty);
  }
  if (filter.template !== undefined) {
    const { renderTemplate } = await import("./template.ts");
    return selected.map((doc) => renderTemplate(filter.template as string, doc)).join("");
  }
  return selected.map((doc) => toJson(doc, pretty)).join("");
}

/** An IO whose stdout is held until {@link FilteredOutput.finish} writes it, filtered, to the real one. */
export interface FilteredOutput {
  io: IO;
  /**
   * Writes the held output, filtered. With `lenient` (the command failed), output that cannot be
   * filtered is written as it is rather than hidden behind a second error. Otherwise a filter error
   * carries the output in its details: the command has run (it may have created or deleted something).
   */
  finish(options?: { lenient?: boolean }): Promise<void>;
}

export function filteredOutput(io: IO, filter: OutputFilter): FilteredOutput {
  let held = "";
  const out = {
    write(text: string) {
      held += text;
    },
  };
  const wrapped: IO = Object.create(io, { out: { value: out } });
  return {
    io: wrapped,
    async finish(options = {}) {
      const text = held;
      held = "";
      if (!text.trim()) return;
      try {
        io.out.write(await applyFilter(text, filter, io.isOutTTY));
      } catch (err) {
        if (options.lenient || !(err instanceof CliError)) {
          io.out.write(text);
          if (!options.lenient) throw err;
          return;
        }
        const docs = splitDocuments(text);
        throw new CliError(`${err.message} (the command ran: its output is in details.output)`, {
          code: err.code,
          exitCode: err.exitCode,
          details: { output: docs?.length === 1 ? docs[0] : (docs ?? text) },
        });
      }
    },
  };
}
