/**
 * Help text, rendered from the command tree itself: groups list their entries (no command is loaded),
 * leaves show usage, arguments, flags, the global flags and at least one example.
 *
 * @module
 */
import type { ArgDef, ArgsDef } from "citty";
import { aliasesOf, type GroupCommand } from "./_define.ts";

/** The global flags, as shown in every help. */
export const GLOBAL_HELP: Array<[string, string]> = [
  ["--endpoint URL", "KohakuHub URL (else HF_ENDPOINT, the config file, http://localhost:8000)"],
  ["--token TOKEN", "API token (else HF_TOKEN, the config file)"],
  ["--timeout SECONDS", "how long a request may wait (else KOHUB_TIMEOUT, the config file, 30)"],
  ["--profile NAME", "the config file's profile to use (else KOHUB_PROFILE, the active profile)"],
  ["-o, --output FORMAT", "text or json (--json is short for --output json)"],
  ["--json=FIELDS", "JSON output with only these fields, e.g. --json=id,private (--json=help lists them)"],
  ["--jq EXPR", "filter the JSON output with jq, strings printed raw (e.g. --jq '.[].id')"],
  ["--template TPL", "format the JSON output with a Go-like template (e.g. '{{range .}}{{.id}}{{end}}')"],
  ["-q, --quiet", "print only the essential value"],
  ["-v, --verbose", "show each HTTP request on stderr (token masked)"],
  ["-h, --help", "show help"],
  ["-V, --version", "show version"],
];

function columns(rows: Array<[string, string]>, indent = "  "): string {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${indent}${a.padEnd(width)}   ${b}`.trimEnd()).join("\n");
}

/** `-t, --type TYPE` */
export function flagLabel(name: string, def: ArgDef): string {
  const aliases = aliasesOf(def).filter((a) => a.length === 1);
  const short = aliases.length ? `-${aliases[0]}, ` : "";
  const hint =
    def.type === "boolean" ? "" : ` ${def.valueHint ?? (def.type === "enum" ? "VALUE" : name.toUpperCase())}`;
  return `${short}--${name}${hint}`;
}

function flagDescription(def: ArgDef): string {
  let text = def.description ?? "";
  if (def.type === "enum" && def.options?.length) text += ` (${def.options.join(", ")})`;
  if (def.default !== undefined && def.default !== false && def.default !== "")
    text += ` [default: ${def.default}]`;
  if (def.required && def.type !== "positional") text += " (required)";
  return text;
}

/** Usage line of a leaf: `kohub-cli repo create <repo_id> [flags]`. */
export function usageLine(path: string[], args: ArgsDef, variadic?: string): string {
  const positionals = Object.entries(args)
    .filter(([, d]) => d.type === "positional")
    .map(([name, d]) => (d.required === false || d.default !== undefined ? `[${name}]` : `<${name}>`));
  if (variadic) positionals.push(`[${variadic}...]`);
  const hasFlags = Object.values(args).some((d) => d.type !== "positional");
  return ["kohub-cli", ...path, ...positionals, hasFlags ? "[flags]" : ""].filter(Boolean).join(" ");
}

/** Help of a group (the root included). */
export function groupHelp(path: string[], group: GroupCommand, version?: string): string {
  const title = version ? `kohub-cli ${version}: ${group.meta.description}` : group.meta.description;
  const hidden = new Set(group.hidden ?? []);
  const entries = Object.entries(group.entries)
    .filter(([name]) => !hidden.has(name))
    .map(([name, [description]]) => [name, description] as [string, string]);
  const lines = [
    title,
    "",
    "Usage:",
    `  ${["kohub-cli", ...path].join(" ")} <command> [flags]`,
    "",
    "Commands:",
    columns(entries),
    "",
    "Global flags:",
    columns(GLOBAL_HELP),
  ];
  if (group.examples?.length) lines.push("", "Examples:", ...group.examples.map((e) => `  $ ${e}`));
  lines.push("", `Run '${["kohub-cli", ...path].join(" ")} <command> --help' for the flags of a command.`);
  return `${lines.join("\n")}\n`;
}

/** Help of a leaf command. */
export function leafHelp(
  path: string[],
  meta: { description?: string },
  args: ArgsDef,
  examples: string[],
  variadic?: string,
): string {
  const positionals = Object.entries(args).filter(([, d]) => d.type === "positional");
  const flags = Object.entries(args).filter(([, d]) => d.type !== "positional");
  const lines = [meta.description ?? "", "", "Usage:", `  ${usageLine(path, args, variadic)}`];
  if (positionals.length) {
    lines.push("", "Arguments:", columns(positionals.map(([name, d]) => [name, d.description ?? ""])));
  }
  if (flags.length)
    lines.push("", "Flags:", columns(flags.map(([name, d]) => [flagLabel(name, d), flagDescription(d)])));
  lines.push("", "Global flags:", columns(GLOBAL_HELP));
  if (examples.length) lines.push("", "Examples:", ...examples.map((e) => `  $ ${e}`));
  return `${lines.join("\n")}\n`;
}
