/**
 * `--template TPL`: a small Go-template-like language over a command's JSON output, as gh's `--template`.
 *
 * - `{{.name}}`, `{{.owner.name}}`, `{{.}}`: a value (strings as they are, null and missing as nothing,
 *   objects and arrays as JSON); `"text"` and numbers are literals; `{{- ` and ` -}}` trim the spaces
 *   around an action.
 * - `{{range .}}…{{else}}…{{end}}`: once per element of an array (or value of an object), `.` being it;
 *   the else part when there is none. `{{if .private}}…{{else if …}}…{{else}}…{{end}}`: false, 0, null,
 *   "" and empty arrays or objects are false.
 * - functions, called as `{{join ", " .tags}}` or piped as `{{.tags | join ", "}}`: `json`, `join SEP`,
 *   `timeago` (a date as "3 hours ago"), `len`, `not`, `eq A B`, `upper`, `lower`, and `tablerow A B…`,
 *   which collects aligned rows printed at `{{tablerender}}` or at the end.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { relativeTime, toDate } from "./format.ts";

type Term =
  | { kind: "field"; path: string[] }
  | { kind: "literal"; value: unknown }
  | { kind: "func"; name: string }
  | { kind: "group"; pipe: Pipe };
type Pipe = Term[][];
type Node =
  | { kind: "text"; text: string }
  | { kind: "print"; pipe: Pipe }
  | { kind: "range" | "if"; pipe: Pipe; body: Node[]; otherwise: Node[]; chained?: boolean };

interface State {
  rows: string[][];
}

function fail(message: string): never {
  throw new UsageError(`--template: ${message}`);
}

/** The template's text and actions, in order, with `{{-`/`-}}` trimming applied to the text around them. */
function pieces(src: string): Array<{ text: string } | { action: string }> {
  const out: Array<{ text: string } | { action: string }> = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = src.slice(i, open === -1 ? undefined : open);
    if (trimNext) text = text.trimStart();
    if (open === -1) {
      out.push({ text });
      break;
    }
    const close = findClose(src, open + 2);
    let inner = src.slice(open + 2, close);
    if (/^-\s/.test(inner)) {
      text = text.trimEnd();
      inner = inner.slice(1);
    }
    trimNext = /\s-$/.test(inner);
    if (trimNext) inner = inner.slice(0, -1);
    out.push({ text }, { action: inner.trim() });
    i = close + 2;
  }
  return out;
}

/** The index of the `}}` closing an action, outside its string literals. */
function findClose(src: string, from: number): number {
  const quoted = /"(?:[^"\\]|\\.)*"|`[^`]*`|}}/g;
  quoted.lastIndex = from;
  for (let m = quoted.exec(src); m; m = quoted.exec(src)) if (m[0] === "}}") return m.index;
  return fail("an action is not closed with }}");
}

const TOKEN =
  /\s*(?:(\.(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?)|("(?:[^"\\]|\\.)*"|`[^`]*`)|(-?\d+(?:\.\d+)?)|([A-Za-z_]\w*)|([|()]))/y;

function tokenize(action: string): Term[] | string[] {
  const tokens: Array<Term | string> = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < action.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(action);
    if (!m) {
      if (!action.slice(at).trim()) break;
      fail(`cannot read "${action.slice(at).trim()}" in {{${action}}}`);
    }
    const [, field, str, num, ident, punct] = m;
    if (field !== undefined) tokens.push({ kind: "field", path: field.split(".").filter(Boolean) });
    else if (str !== undefined) {
      const value = str.startsWith("`") ? str.slice(1, -1) : (JSON.parse(str) as string);
      tokens.push({ kind: "literal", value });
    } else if (num !== undefined) tokens.push({ kind: "literal", value: Number(num) });
    else if (ident === "true" || ident === "false" || ident === "null") {
      tokens.push({ kind: "literal", value: ident === "null" ? null : ident === "true" });
    } else if (ident !== undefined) tokens.push({ kind: "func", name: ident });
    else tokens.push(punct as string);
  }
  return tokens as Term[] | string[];
}

/** A pipeline: commands separated by `|`, each a list of terms, `( … )` grouping a pipeline. */
function parsePipe(tokens: Array<Term | string>, action: string): Pipe {
  let pos = 0;
  const pipe = (): Pipe => {
    const cmds: Pipe = [[]];
    while (pos < tokens.length && tokens[pos] !== ")") {
      const token = tokens[pos++] as Term | string;
      if (token === "|") cmds.push([]);
      else if (token === "(") {
        (cmds[cmds.length - 1] as Term[]).push({ kind: "group", pipe: pipe() });
        if (tokens[pos++] !== ")") fail(`a ( is not closed in {{${action}}}`);
      } else (cmds[cmds.length - 1] as Term[]).push(token as Term);
    }
    if (cmds.some((c) => c.length === 0)) fail(`an empty command in {{${action}}}`);
    return cmds;
  };
  const result = pipe();
  if (pos < tokens.length) fail(`an unmatched ) in {{${action}}}`);
  return result;
}

/** Parses a template into its tree of text, values, ranges and conditions. */
export function parseTemplate(src: string): Node[] {
  const root: Node[] = [];
  const stack: Array<Extract<Node, { body: Node[] }> & { inElse?: boolean }> = [];
  const current = () => {
    const top = stack[stack.length - 1];
    return top ? (top.inElse ? top.otherwise : top.body) : root;
  };
  for (const piece of pieces(src)) {
    if ("text" in piece) {
      if (piece.text) current().push({ kind: "text", text: piece.text });
      continue;
    }
    const [, word = "", rest = ""] = /^(\w*)\s*([\s\S]*)$/.exec(piece.action) ?? [];
    const top = stack[stack.length - 1];
    if (word === "end") {
      if (!top) fail("{{end}} without {{range}} or {{if}}");
      while (stack.pop()?.chained);
    } else if (word === "else") {
      if (!top || top.inElse) fail("{{else}} outside {{range}} or {{if}}");
      top.inElse = true;
      if (/^if\b/.test(rest)) {
        // `else if` opens an if inside the else part, closed by the same {{end}}.
        const node = { ...block("if", rest.slice(2)), chained: true };
        top.otherwise.push(node);
        stack.push(node);
      } else if (rest) fail(`{{else ${rest}}} is not understood`);
    } else if (word === "range" || word === "if") {
      const node = block(word, rest);
      current().push(node);
      stack.push(node);
    } else current().push({ kind: "print", pipe: parsePipe(tokenize(piece.action), piece.action) });
  }
  if (stack.length) fail(`{{${stack[stack.length - 1]?.kind}}} is not closed with {{end}}`);
  return root;
}

function block(kind: "range" | "if", expr: string): Extract<Node, { body: Node[] }> {
  if (!expr.trim()) fail(`{{${kind}}} needs a value`);
  return { kind, pipe: parsePipe(tokenize(expr), expr), body: [], otherwise: [] };
}

/** How a value is printed. */
function toText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}

function renderRows(state: State): string {
  const widths: number[] = [];
  for (const row of state.rows) {
    row.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  const text = state.rows.map(
    (row) =>
      `${row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd()}\n`,
  );
  state.rows = [];
  return text.join("");
}

const FUNCS: Record<string, (state: State, ...args: unknown[]) => unknown> = {
  json: (_s, v) => JSON.stringify(v),
  join: (_s, sep, list) => (Array.isArray(list) ? list.map(toText).join(toText(sep)) : toText(list)),
  timeago: (_s, v) => {
    const date = toDate(v);
    return date ? relativeTime(date) : toText(v);
  },
  len: (_s, v) =>
    Array.isArray(v) || typeof v === "string"
      ? v.length
      : v && typeof v === "object"
        ? Object.keys(v).length
        : 0,
  not: (_s, v) => !truthy(v),
  eq: (_s, a, b) => a === b,
  upper: (_s, v) => toText(v).toUpperCase(),
  lower: (_s, v) => toText(v).toLowerCase(),
  tablerow: (state, ...cells) => {
    state.rows.push(cells.map(toText));
    return undefined;
  },
  tablerender: (state) => renderRows(state),
};

function evalPipe(pipe: Pipe, dot: unknown, state: State): unknown {
  let value: unknown;
  pipe.forEach((cmd, i) => {
    const piped = i === 0 ? [] : [value];
    const [head, ...args] = cmd as [Term, ...Term[]];
    if (head.kind === "func") {
      const fn =
        FUNCS[head.name] ?? fail(`unknown function "${head.name}" (known: ${Object.keys(FUNCS).join(", ")})`);
      value = fn(state, ...args.map((t) => evalTerm(t, dot, state)), ...piped);
    } else {
      if (args.length || piped.length) fail("only a function takes arguments or a piped value");
      value = evalTerm(head, dot, state);
    }
  });
  return value;
}

function evalTerm(term: Term, dot: unknown, state: State): unknown {
  switch (term.kind) {
    case "literal":
      return term.value;
    case "group":
      return evalPipe(term.pipe, dot, state);
    case "func":
      return evalPipe([[term]], dot, state);
    default:
      return term.path.reduce<unknown>(
        (v, key) =>
          v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined,
        dot,
      );
  }
}

function render(nodes: Node[], dot: unknown, state: State): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "print") out += toText(evalPipe(node.pipe, dot, state));
    else if (node.kind === "if") {
      out += render(truthy(evalPipe(node.pipe, dot, state)) ? node.body : node.otherwise, dot, state);
    } else {
      const value = evalPipe(node.pipe, dot, state);
      const items = Array.isArray(value)
        ? value
        : value && typeof value === "object"
          ? Object.keys(value)
              .sort()
              .map((k) => (value as Record<string, unknown>)[k])
          : [];
      if (items.length === 0) out += render(node.otherwise, dot, state);
      for (const item of items) out += render(node.body, item, state);
    }
  }
  return out;
}

/** Renders a template over one JSON document. */
export function renderTemplate(template: string, data: unknown): string {
  const state: State = { rows: [] };
  const out = render(parseTemplate(template), data, state);
  return out + (state.rows.length ? renderRows(state) : "");
}
