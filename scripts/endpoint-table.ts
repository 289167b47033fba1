/**
 * The endpoint table: every user-facing endpoint of the KohakuHub contract (../shared/kohakuhub-api),
 * the KohubClient method that wraps it, the CLI commands that call that method, and the test files that
 * call it.
 *
 * Used by scripts/docs.ts (writes docs/endpoints.md) and tests/endpoints/coverage.test.ts (fails when an
 * endpoint of the contract has no method, a method does not exist, no test calls it, or no command
 * reaches it without a written reason).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { type GroupCommand, isGroup } from "../src/commands/_define.ts";
import root from "../src/commands/index.ts";
import type { EndpointEntry } from "../tests/endpoints/types.ts";

export const ROOT = join(import.meta.dir, "..");
/** Where the contract lives: beside the project (CI copies shared/ there), or KOHUB_API_DOCS. */
export const CONTRACT_DIR = process.env.KOHUB_API_DOCS ?? join(ROOT, "..", "shared", "kohakuhub-api");
const CONTRACT_FILES = ["auth-users-orgs.md", "repos-files.md"];

/** Rows of the contract that are not endpoints a hub user calls through a client library, and why. */
export const NOT_WRAPPED: Array<{ match: (method: string, path: string) => boolean; reason: string }> = [
  {
    match: (_m, p) => p.startsWith("/admin/api"),
    reason: "admin API (X-Admin-Token), not a hub user's endpoint",
  },
  {
    match: (_m, p) =>
      /\/discussions|^\/api\/collections|^\/api\/settings\/webhooks|^\/api\/spaces\/\{ns\}\/\{name\}\/\{/.test(
        p,
      ),
    reason: "HF feature the server answers 501 NotImplemented for",
  },
  {
    match: (_m, p) => ["/openapi.json", "/docs", "/redoc"].includes(p),
    reason: "FastAPI documentation pages",
  },
  {
    match: (_m, p) => p.includes("xet-read-token") || p.startsWith("/reconstructions"),
    reason: "Xet endpoints, inert (Xet is disabled on the server)",
  },
  {
    match: (_m, p) => /\.git\/(info\/refs|git-upload-pack|git-receive-pack|HEAD)/.test(p),
    reason: "git smart-HTTP protocol, spoken by git itself",
  },
];

/**
 * Client methods that no command calls, on purpose, and why. Keyed by method: an endpoint is excused only
 * when none of its methods is called by a command, and a reason for a method a command calls is stale.
 */
export const NO_COMMAND: Array<{ methods: string[]; reason: string }> = [
  {
    methods: [
      "preupload",
      "lfsBatch",
      "lfsCompleteMultipart",
      "lfsVerify",
      "createCommit",
      "fileMetadata",
      "fileExists",
      "downloadUrl",
      "openFile",
    ],
    reason:
      "transfer internals: `upload`, `download` and `repo rm` reach them through the library's uploadFolder, uploadFile, snapshotDownload, downloadFile and deleteFiles",
  },
  {
    methods: ["verifyEmail"],
    reason: "browser-only: the link in the verification email opens a browser session",
  },
  {
    methods: ["logout"],
    reason:
      "sessions are for browsers: `auth login` trades the password for an API token at once, and `auth logout` revokes that token",
  },
  {
    methods: ["getQuota"],
    reason:
      "the legacy combined view: `quota show` reads the per-pool view that replaced it, which also keeps private usage from non-members (the legacy route shows it to any logged-in user)",
  },
  {
    methods: ["validateYaml"],
    reason:
      "the web editor's check of a model card's YAML; it checks syntax only, which any YAML parser does offline",
  },
];

export interface ContractEndpoint {
  method: string;
  path: string;
  source: string;
}

/** Removes the query part and the optional-segment brackets, and names every parameter `{}`. */
export function normalizePath(path: string): string {
  return path
    .replace(/\?.*$/, "")
    .replace(/[[\]]/g, "")
    .replace(/\{[^}]*\}/g, "{}");
}

/** Reads the endpoint index tables (§1) of the contract files. */
export function readContract(dir = CONTRACT_DIR): ContractEndpoint[] | undefined {
  if (!existsSync(dir)) return undefined;
  const out: ContractEndpoint[] = [];
  for (const file of CONTRACT_FILES) {
    const text = readFileSync(join(dir, file), "utf8");
    const start = text.indexOf("## 1. Endpoint index");
    const end = text.indexOf("\n## 2.", start);
    const section = text.slice(start, end === -1 ? undefined : end);
    for (const line of section.split("\n")) {
      const cells = line.split("|").map((c) => c.trim());
      // | # | Method | Path | ...
      if (cells.length < 5 || !/^(\d+|A)$/.test(cells[1] ?? "")) continue;
      const methods = (cells[2] ?? "")
        .replace(/\(.*\)/, "")
        .split(/[,\s]+/)
        .filter((m) => /^(GET|POST|PUT|DELETE|HEAD|PATCH)$/.test(m));
      const paths = [...(cells[3] ?? "").matchAll(/`([^`]+)`/g)]
        .map((m) => m[1] as string)
        .filter((p) => p.startsWith("/"))
        .map((p) => p.replace(/\?.*$/, ""));
      const effectiveMethods = methods.length ? methods : ["*"];
      for (const method of effectiveMethods) {
        for (const path of paths) out.push({ method, path, source: `${file} #${cells[1]}` });
      }
    }
  }
  return out;
}

/** Loads every list in tests/endpoints/*.ts (except types and tests). */
export async function loadEntries(): Promise<Array<EndpointEntry & { area: string }>> {
  const dir = join(ROOT, "tests", "endpoints");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && f !== "types.ts" && !f.endsWith(".test.ts"))
    .sort();
  const all: Array<EndpointEntry & { area: string }> = [];
  for (const file of files) {
    const mod = (await import(join(dir, file))) as { default: EndpointEntry[] };
    for (const entry of mod.default) all.push({ ...entry, area: file.replace(/\.ts$/, "") });
  }
  return all;
}

/** Test files (relative paths) whose text calls `.method(`. */
export function testsCalling(method: string, testTexts: Map<string, string>): string[] {
  const needle = new RegExp(`\\.${method}\\(`);
  return [...testTexts.entries()].filter(([, text]) => needle.test(text)).map(([file]) => file);
}

/** The text of every test file, keyed by its path relative to the project root. */
export function readTests(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".test.ts")) out.set(relative(ROOT, full), readFileSync(full, "utf8"));
    }
  };
  walk(join(ROOT, "tests"));
  return out;
}

export function methodsOf(entry: EndpointEntry): string[] {
  return Array.isArray(entry.client) ? entry.client : [entry.client];
}

const COMMANDS_DIR = join(ROOT, "src", "commands");

/** A leaf command of the tree and the file that defines it. */
export interface CommandFile {
  path: string[];
  file: string;
}

/** Every leaf command and its module, walking the tree from src/commands/index.ts (each entry's `import()` names its file). */
export async function commandFiles(): Promise<CommandFile[]> {
  const out: CommandFile[] = [];
  const walk = async (group: GroupCommand, file: string, path: string[]): Promise<void> => {
    for (const [name, [, load]] of Object.entries(group.entries)) {
      const spec = /import\(\s*["'`]([^"'`]+)["'`]\s*\)/.exec(String(load))?.[1];
      if (!spec)
        throw new Error(`kohub-cli ${[...path, name].join(" ")}: its entry names no module to import`);
      const target = resolve(dirname(file), spec);
      const cmd = (await load()).default;
      if (isGroup(cmd)) await walk(cmd, target, [...path, name]);
      else out.push({ path: [...path, name], file: target });
    }
  };
  await walk(root, join(COMMANDS_DIR, "index.ts"), []);
  return out;
}

/**
 * The text of a file and of every file under src/commands/ it imports, directly or not. Group modules
 * (`index.ts`) are not followed: a command that loads the tree (alias, batch, completion) does not call
 * what every command calls.
 */
function sourcesOf(file: string, seen: Set<string>): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, "utf8");
  const out = [text];
  for (const match of text.matchAll(/(?:from\s+|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
    const target = resolve(dirname(file), match[1] as string);
    if (target.startsWith(COMMANDS_DIR) && !target.endsWith("index.ts")) out.push(...sourcesOf(target, seen));
  }
  return out;
}

/**
 * Which commands call each client method: `client.<method>(` (or `client()).<method>(`) in a command's
 * module or in the files it imports from src/commands/. Keyed by method; values are command paths.
 */
export async function commandsCalling(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const command of await commandFiles()) {
    const text = sourcesOf(command.file, new Set()).join("\n");
    const methods = new Set(
      [...text.matchAll(/\bclient(?:\(\)\))?\s*\.\s*([A-Za-z]\w*)\s*\(/g)].map((m) => m[1]),
    );
    for (const method of methods) {
      const list = out.get(method as string) ?? [];
      list.push(command.path.join(" "));
      out.set(method as string, list);
    }
  }
  return out;
}

/** The commands that reach an endpoint (through any of its methods), sorted. */
export function commandsOf(entry: EndpointEntry, calls: Map<string, string[]>): string[] {
  return [...new Set(methodsOf(entry).flatMap((m) => calls.get(m) ?? []))].sort();
}

/** Why no command reaches an endpoint, when that is on purpose. */
export function noCommandReason(entry: EndpointEntry): string | undefined {
  return NO_COMMAND.find((n) => methodsOf(entry).some((m) => n.methods.includes(m)))?.reason;
}

/** Renders docs/endpoints.md. */
export async function renderEndpointTable(): Promise<string> {
  const entries = await loadEntries();
  const tests = readTests();
  const calls = await commandsCalling();
  const lines = [
    "# Endpoint table",
    "",
    "Every user-facing endpoint of KohakuHub's REST API, the `KohubClient` method that wraps it, the CLI",
    "commands that call that method (found in each command's module and the files it imports from",
    "src/commands/), and the tests that call the method against the local hub. Generated by `npm run docs`",
    "from `tests/endpoints/*.ts` and the command tree; `tests/endpoints/coverage.test.ts` fails when an",
    "endpoint of the contract has no method or no test, or no command and no written reason.",
    "",
    "| Area | Method | Path | KohubClient | CLI | Tests |",
    "|---|---|---|---|---|---|",
  ];
  for (const e of entries) {
    const methods = methodsOf(e);
    const files = [...new Set(methods.flatMap((m) => testsCalling(m, tests)))].sort();
    const testCell = files.map((f) => `\`${f.replace(/^tests\//, "")}\``).join(", ") || "**none**";
    const commands = commandsOf(e, calls);
    const reason = noCommandReason(e);
    const cliCell = commands.length
      ? commands.map((c) => `\`${c}\``).join(", ")
      : reason
        ? `none: ${reason}`
        : "**none**";
    const note = e.note ? ` (${e.note})` : "";
    lines.push(
      `| ${e.area} | ${e.method} | \`${e.path}\` | ${methods.map((m) => `\`${m}\``).join(", ")}${note} | ${cliCell} | ${testCell} |`,
    );
  }
  lines.push("", "## Not wrapped", "", "| Endpoints | Why |", "|---|---|");
  for (const n of NOT_WRAPPED) {
    lines.push(`| ${describeExclusion(n.reason)} | ${n.reason} |`);
  }
  return `${lines.join("\n")}\n`;
}

function describeExclusion(reason: string): string {
  if (reason.startsWith("admin")) return "`/admin/api/...`";
  if (reason.startsWith("HF feature")) return "discussions, collections, webhooks, Space runtime";
  if (reason.startsWith("FastAPI")) return "`/openapi.json`, `/docs`, `/redoc`";
  if (reason.startsWith("Xet")) return "`xet-read-token`, `/reconstructions/{file_id}`";
  return "`/{ns}/{name}.git/info/refs`, `git-upload-pack`, `git-receive-pack`, `HEAD`";
}
