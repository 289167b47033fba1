/**
 * Generates the documentation that is derived from code:
 *   - docs/api/        the library reference (TypeDoc, from the TSDoc comments; undocumented API fails)
 *   - docs/endpoints.md the endpoint → method → command → test table
 *   - docs/cli.md       the CLI reference, from the command tree
 *
 *   bun scripts/docs.ts          write them
 *   bun scripts/docs.ts --check  fail when any is stale (CI)
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { renderCliReference } from "./cli-tree.ts";
import { ROOT, renderEndpointTable } from "./endpoint-table.ts";

const check = process.argv.includes("--check");
const problems: string[] = [];

function listFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full, "utf8"));
    }
  };
  try {
    walk(dir);
  } catch {
    // missing directory: empty
  }
  return out;
}

function writeOrCompare(path: string, content: string): void {
  const full = join(ROOT, path);
  let current: string | undefined;
  try {
    current = readFileSync(full, "utf8");
  } catch {
    current = undefined;
  }
  if (current === content) return;
  if (check) problems.push(`${path} is out of date`);
  else writeFileSync(full, content);
}

writeOrCompare("docs/endpoints.md", await renderEndpointTable());
writeOrCompare("docs/cli.md", await renderCliReference());

// TypeDoc writes into a scratch folder: docs/api is replaced only by a run that succeeded.
const out = mkdtempSync(join(tmpdir(), "kohub-typedoc-"));
const apiDir = join(ROOT, "docs", "api");
const typedoc = Bun.spawnSync([join(ROOT, "node_modules", ".bin", "typedoc"), "--out", out], {
  cwd: ROOT,
  stdout: "pipe",
  stderr: "pipe",
});
const log = `${typedoc.stdout.toString()}${typedoc.stderr.toString()}`;
if (typedoc.exitCode !== 0) {
  console.error(log.replace(/\x1b\[[0-9;]*m/g, ""));
  problems.push("TypeDoc failed (an exported API without a TSDoc comment, or a broken @link)");
} else if (!check) {
  rmSync(apiDir, { recursive: true, force: true });
  cpSync(out, apiDir, { recursive: true });
} else {
  const fresh = listFiles(out);
  const committed = listFiles(apiDir);
  const stale = [...new Set([...fresh.keys(), ...committed.keys()])].filter(
    (f) => fresh.get(f) !== committed.get(f),
  );
  if (stale.length)
    problems.push(
      `docs/api is out of date (${stale.slice(0, 5).join(", ")}${stale.length > 5 ? ", ..." : ""})`,
    );
}
rmSync(out, { recursive: true, force: true });

if (problems.length) {
  for (const p of problems) console.error(`docs: ${p}${check ? "; run `npm run docs`" : ""}`);
  process.exit(1);
}
console.error(check ? "docs: up to date" : "docs: written (docs/api, docs/endpoints.md)");
