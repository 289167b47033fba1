/**
 * Prepares the Python side of the interop tests: a virtual environment in .venv with the official
 * `huggingface_hub` client (tests/interop/requirements.txt). Idempotent and quick when already done; run by
 * `npm test` before the suite. Without python3 it says so and the interop tests skip.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const venv = join(root, ".venv");
const python = join(venv, "bin", "python");
const requirements = join(root, "tests", "interop", "requirements.txt");
const stamp = join(venv, ".requirements");
const wanted = readFileSync(requirements, "utf8");

function run(cmd: string[]): boolean {
  const result = Bun.spawnSync(cmd, { cwd: root, stdout: "inherit", stderr: "inherit" });
  return result.exitCode === 0;
}

if (existsSync(stamp) && readFileSync(stamp, "utf8") === wanted && existsSync(python)) {
  process.exit(0);
}
const system = Bun.which("python3");
if (!system) {
  console.error("setup-python: python3 not found; the huggingface_hub interop tests will be skipped");
  process.exit(0);
}
console.error("setup-python: creating .venv with huggingface_hub for the interop tests");
if (!existsSync(python) && !run([system, "-m", "venv", venv])) {
  console.error("setup-python: could not create .venv (is the venv module installed?)");
  process.exit(1);
}
if (!run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements])) {
  console.error("setup-python: pip install failed");
  process.exit(1);
}
writeFileSync(stamp, wanted);
