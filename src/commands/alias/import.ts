/**
 * `kohub-cli alias import FILE|-`: adds aliases from a file. Two formats, told apart by the first
 * character: a JSON object (what `alias list --json` prints), or `name: expansion` lines as gh reads them
 * (blank lines and `#` comments skipped, a value may be quoted). An alias that exists is kept unless
 * `--clobber`; every name and expansion is checked before anything is written.
 */
import { readFileSync } from "node:fs";
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";
import { type Aliases, aliasesPath, aliasesProblem } from "./_file.ts";
import { checkAliasName, checkExpansion, updateAliases } from "./_write.ts";
import { aliasTarget, noteAliasUndo } from "./set.ts";

export interface ImportOptions {
  file: string;
  clobber: boolean;
}

export function toOptions(args: { file: string; clobber?: boolean }): ImportOptions {
  return { file: args.file, clobber: Boolean(args.clobber) };
}

/** One `name: expansion` value, unquoted: '…' (with '' for a quote, as YAML) or "…" (JSON escapes). */
function unquote(value: string, where: string): string {
  if (value.startsWith("'") && value.endsWith("'") && value.length > 1) {
    return value.slice(1, -1).replace(/''/g, "'");
  }
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      throw new UsageError(`${where}: the quoted value is not closed or has a bad escape`);
    }
  }
  return value;
}

/** Reads either format into an aliases object; errors name the file and line. */
export function parseAliases(text: string, source: string): Aliases {
  if (text.trimStart().startsWith("{")) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`${source} is not valid JSON: ${(err as Error).message}`);
    }
    const problem = aliasesProblem(data);
    if (problem) throw new UsageError(`${source} ${problem}`);
    return data as Aliases;
  }
  const out: Aliases = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const where = `${source}, line ${i + 1}`;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new UsageError(`${where}: expected "name: expansion"`);
    out[unquote(line.slice(0, colon).trim(), where)] = unquote(line.slice(colon + 1).trim(), where);
  });
  return out;
}

function readSource(file: string): Promise<string> {
  if (file === "-") return Bun.stdin.text();
  try {
    return Promise.resolve(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`Cannot read ${file}: ${(err as Error).message}`);
  }
}

export async function importRun(ctx: Context, opts: ImportOptions): Promise<void> {
  const incoming = parseAliases(await readSource(opts.file), opts.file === "-" ? "stdin" : opts.file);
  const isTarget = aliasTarget(ctx.env);
  for (const [name, expansion] of Object.entries(incoming)) {
    checkAliasName(name);
    checkExpansion(expansion, isTarget);
  }
  const before: Aliases = {};
  const { added, skipped } = updateAliases(aliasesPath(ctx.env), (aliases) => {
    Object.assign(before, aliases);
    const result = { added: [] as string[], skipped: [] as string[] };
    for (const [name, expansion] of Object.entries(incoming)) {
      const keep = aliases[name] !== undefined && aliases[name] !== expansion && !opts.clobber;
      if (keep) result.skipped.push(name);
      else {
        aliases[name] = expansion;
        result.added.push(name);
      }
    }
    return result;
  });
  await noteAliasUndo(ctx, before, Object.fromEntries(added.map((name) => [name, incoming[name]])));
  for (const name of skipped) ctx.log.warn(`Kept the existing alias ${name} (--clobber replaces it)`);
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ imported: added, skipped })}\n`);
  ctx.log.success(`Imported ${added.length} alias${added.length === 1 ? "" : "es"}`);
}

/** Recorded; `kohub-cli undo` removes the aliases it added and gives those it replaced their expansions back. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli alias import aliases.yml",
  "kohub-cli alias list --json | ssh other kohub-cli alias import -",
];

export default defineCommand({
  meta: {
    name: "import",
    description: [
      "Add aliases from a file (name: expansion lines, or JSON)",
      "",
      'The file holds either a JSON object ({"ri": "repo info $1"}, as `alias list --json` prints)',
      "or one `name: expansion` per line, as gh reads them: # starts a comment, and a value may be quoted",
      "('...' or \"...\"). Aliases that exist are kept unless --clobber.",
    ].join("\n"),
  },
  args: {
    file: { type: "positional", required: true, description: "the file, or - for stdin" },
    clobber: { type: "boolean", description: "replace aliases of the same names" },
  },
  run: ({ args, data }) => importRun(data as Context, toOptions(args)),
});
