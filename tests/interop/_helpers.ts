/**
 * What the interop tests share: fixture files of every transfer kind (inline, LFS single PUT, LFS
 * multipart), hashing of files and folders, and batches of `huggingface_hub` calls run by the Python of
 * .venv (one start-up per batch).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { setTransferLimits } from "../../hub/routes/transfer.ts";
import type { Hub } from "../../hub/server.ts";
import { randomBytes } from "../helpers/fixtures.ts";

const ROOT = join(import.meta.dir, "..", "..");

export { randomBytes };

/** The Python of .venv (created by `bun scripts/setup-python.ts`). */
export const PYTHON = join(ROOT, ".venv", "bin", "python");
/** Whether the Python interop tests can run. */
export const hasPython = existsSync(PYTHON);

/** Objects above 6 MB go multipart in 5 MB parts (tests use small sizes). */
export function smallMultipart(hub: Hub): void {
  setTransferLimits(hub, { multipartThreshold: 6_000_000, partSize: 5_000_000 });
}

/** A fresh temporary folder. */
export function tempDir(prefix = "kohub-interop-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A folder with one file of each kind: `README.md` (inline), `weights.bin` (LFS by suffix, single PUT),
 * `model.safetensors` (12 MB: multipart with {@link smallMultipart}), and `configs/` (small files, two levels).
 */
export function fixtureFolder(): string {
  const dir = tempDir("kohub-fixture-");
  mkdirSync(join(dir, "configs", "nested"), { recursive: true });
  writeFileSync(join(dir, "README.md"), `# interop ${Math.random()}\n`);
  writeFileSync(join(dir, "weights.bin"), randomBytes(300_000));
  writeFileSync(join(dir, "model.safetensors"), randomBytes(12_000_000));
  writeFileSync(join(dir, "configs", "a.json"), JSON.stringify({ a: Math.random() }));
  writeFileSync(join(dir, "configs", "nested", "b.txt"), `b ${Math.random()}\n`);
  return dir;
}

/** SHA-256 of a file (hex). */
export async function sha256File(path: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  const reader = Bun.file(path).stream().getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) hasher.update(r.value);
  return hasher.digest("hex");
}

/** SHA-256 of bytes (hex). */
export function sha256Bytes(bytes: Uint8Array | ArrayBuffer): string {
  return new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
}

/** `{ "a/b.txt": sha256 }` of every file below a folder (`.cache` folders skipped), symlinks followed. */
export async function treeSha(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === ".cache") continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) await walk(full);
      else out[relative(root, full).split(sep).join("/")] = await sha256File(full);
    }
  };
  await walk(root);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The environment of a Python run: its own HF_HOME, no xet, no telemetry. */
export function pythonEnv(hfHome: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? tmpdir(),
    HF_HOME: hfHome,
    HF_HUB_DISABLE_XET: "1",
    HF_HUB_DISABLE_TELEMETRY: "1",
    HF_HUB_DISABLE_PROGRESS_BARS: "1",
    HF_HUB_ETAG_TIMEOUT: "30",
    ...extra,
  };
}

export type PyOp = { op: string } & Record<string, unknown>;
export interface PyResult {
  path?: string;
  sha256?: string;
  files?: Record<string, string>;
  commit?: string;
}

/** Runs a batch of huggingface_hub calls (see hf_client.py) and returns their results. */
export async function python(ops: PyOp[], env: Record<string, string>): Promise<PyResult[]> {
  const proc = Bun.spawn([PYTHON, join(import.meta.dir, "hf_client.py")], {
    env,
    stdin: new TextEncoder().encode(JSON.stringify(ops)),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`huggingface_hub failed (exit ${code}):\n${err.slice(-3000)}`);
  return JSON.parse(out) as PyResult[];
}
