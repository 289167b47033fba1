/**
 * The root help's "Aliases" section. It is on the path of `kohub-cli --help`, whose startup is measured:
 * it reads the file with Bun's own file API, since loading node:fs alone costs more than the whole help.
 *
 * @module
 */

type Env = Record<string, string | undefined>;

/** `<config dir>/aliases.json`, found as config/store.ts finds the directory (node:os only without HOME). */
async function aliasesFile(env: Env): Promise<string> {
  if (env.KOHUB_CONFIG_DIR) return `${env.KOHUB_CONFIG_DIR}/aliases.json`;
  const home =
    process.platform !== "win32" && process.env.HOME ? process.env.HOME : (await import("node:os")).homedir();
  return `${home}/.kohub/aliases.json`;
}

/** The section, or "" when there are no aliases or the file cannot be read (the help must print anyway). */
export async function aliasesHelp(env: Env): Promise<string> {
  const file = Bun.file(await aliasesFile(env));
  let aliases: unknown;
  try {
    if (!(await file.exists())) return "";
    aliases = JSON.parse(await file.text());
  } catch {
    return "";
  }
  if (!aliases || typeof aliases !== "object") return "";
  const rows = Object.entries(aliases)
    .filter((row): row is [string, string] => typeof row[1] === "string")
    .sort(([a], [b]) => a.localeCompare(b));
  if (rows.length === 0) return "";
  const width = Math.max(...rows.map(([name]) => name.length));
  return `\nAliases:\n${rows.map(([name, expansion]) => `  ${name.padEnd(width)}   ${expansion}`).join("\n")}\n`;
}
