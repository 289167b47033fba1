/**
 * Builds the library for Node.js and bundlers into lib/ (npm pack runs it, as `prepack`): lib/index.js,
 * one ESM file with the dependencies left as imports, and the .d.ts types next to it (tsconfig.lib.json).
 * The CLI is not in it: `bin` runs src/main.ts with Bun.
 *
 *   npx bun scripts/build-lib.ts
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };

const root = join(import.meta.dir, "..");
const outdir = join(root, "lib");
rmSync(outdir, { recursive: true, force: true });

const result = await Bun.build({
  entrypoints: [join(root, "src", "index.ts")],
  outdir,
  target: "node",
  format: "esm",
  packages: "external",
  sourcemap: "linked",
  // The version as a constant, so that package.json is not bundled whole.
  define: { KOHUB_VERSION: JSON.stringify(pkg.version) },
});
for (const log of result.logs) console.error(log);
if (!result.success) process.exit(1);

const tsc = Bun.spawnSync(
  [process.execPath, join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.lib.json"],
  {
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  },
);
if (tsc.exitCode !== 0) process.exit(tsc.exitCode ?? 1);
console.error(`lib/: index.js and its types (kohub-cli ${pkg.version})`);
