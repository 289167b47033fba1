/**
 * Builds the single-file kohub-cli binaries with `bun build --compile`, one per target, into dist/,
 * with the version, commit and target embedded, and a SHA256SUMS file.
 *
 *   bun build.ts                       # every target
 *   bun build.ts --target linux-x64    # one target (repeatable)
 *   bun build.ts --single              # this machine's target only
 *   bun build.ts --no-bytecode         # without bytecode (smaller, slower start)
 *   bun build.ts --archive             # also kohub-cli-<target>.tar.gz (.zip for Windows) for releases
 *
 * SHA256SUMS lists every `kohub-cli-*` file in dist/: the raw binaries, and the archives when made.
 */
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pkg from "./package.json" with { type: "json" };
import { tarGz, zip } from "./scripts/release/archive.ts";

/** A build target: Bun's compile target and the file name it produces. */
export interface Target {
  name: string;
  bun: string;
  os: "linux" | "darwin" | "windows";
  arch: "x64" | "arm64";
  abi?: "musl";
}

export const TARGETS: Target[] = [
  { name: "linux-x64", bun: "bun-linux-x64", os: "linux", arch: "x64" },
  { name: "linux-arm64", bun: "bun-linux-arm64", os: "linux", arch: "arm64" },
  { name: "linux-x64-musl", bun: "bun-linux-x64-musl", os: "linux", arch: "x64", abi: "musl" },
  { name: "linux-arm64-musl", bun: "bun-linux-arm64-musl", os: "linux", arch: "arm64", abi: "musl" },
  { name: "darwin-x64", bun: "bun-darwin-x64", os: "darwin", arch: "x64" },
  { name: "darwin-arm64", bun: "bun-darwin-arm64", os: "darwin", arch: "arm64" },
  { name: "windows-x64", bun: "bun-windows-x64", os: "windows", arch: "x64" },
];

export const ROOT = import.meta.dir;
export const DIST = join(ROOT, "dist");

/** The file name of a target's binary. */
export function binaryName(target: Target): string {
  return `kohub-cli-${target.name}${target.os === "windows" ? ".exe" : ""}`;
}

/** The file name of a target's release archive: `.zip` for Windows, `.tar.gz` otherwise. */
export function archiveName(target: Target): string {
  return `kohub-cli-${target.name}${target.os === "windows" ? ".zip" : ".tar.gz"}`;
}

/**
 * Writes a target's release archive next to its binary: one file, `kohub-cli` (`kohub-cli.exe`),
 * executable. Returns the archive's path.
 */
export async function writeArchive(target: Target, binary: string, outDir = DIST): Promise<string> {
  const data = new Uint8Array(await Bun.file(binary).arrayBuffer());
  const path = join(outDir, archiveName(target));
  const entry = { name: target.os === "windows" ? "kohub-cli.exe" : "kohub-cli", data, mode: 0o755 };
  writeFileSync(path, target.os === "windows" ? zip([entry]) : tarGz([entry]));
  return path;
}

/** This machine's target (glibc on Linux unless told otherwise). */
export function hostTarget(): Target {
  const arch = process.arch === "arm64" ? "arm64" : "x64";
  const os = process.platform === "darwin" ? "darwin" : process.platform === "win32" ? "windows" : "linux";
  const found = TARGETS.find((t) => t.os === os && t.arch === arch && !t.abi);
  if (!found) throw new Error(`no build target for ${process.platform}-${process.arch}`);
  return found;
}

/** The commit to embed: $KOHUB_COMMIT (e.g. a Docker build argument, where there is no .git), else git's. */
function gitCommit(): string {
  if (process.env.KOHUB_COMMIT) return process.env.KOHUB_COMMIT;
  const out = Bun.spawnSync(["git", "rev-parse", "--short=12", "HEAD"], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "ignore",
  });
  return out.exitCode === 0 ? out.stdout.toString().trim() : "unknown";
}

/** Builds one target; returns the path of the binary. */
export async function buildTarget(
  target: Target,
  options: { bytecode?: boolean; outDir?: string } = {},
): Promise<string> {
  const outDir = options.outDir ?? DIST;
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, binaryName(target));
  const result = await Bun.build({
    entrypoints: [join(ROOT, "src", "main.ts")],
    compile: {
      target: target.bun as Bun.Build.CompileTarget,
      outfile,
      autoloadDotenv: false,
      autoloadBunfig: false,
    },
    minify: true,
    // ESM with code splitting: each lazily imported command lands in its own chunk inside the binary, so
    // `--version` and `--help` load none of them; bytecode spares parsing what does load.
    format: "esm",
    splitting: true,
    bytecode: options.bytecode ?? true,
    define: {
      KOHUB_VERSION: JSON.stringify(pkg.version),
      KOHUB_COMMIT: JSON.stringify(gitCommit()),
      KOHUB_TARGET: JSON.stringify(target.name),
    },
  });
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    throw new Error(`build failed for ${target.name}`);
  }
  if (target.os !== "windows") chmodSync(outfile, 0o755);
  return outfile;
}

/** Writes dist/SHA256SUMS for every binary in dist/. */
export async function writeChecksums(outDir = DIST): Promise<string> {
  const lines: string[] = [];
  for (const file of readdirSync(outDir)
    .filter((f) => f.startsWith("kohub-cli-"))
    .sort()) {
    const hasher = new Bun.CryptoHasher("sha256");
    const reader = Bun.file(join(outDir, file)).stream().getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) hasher.update(r.value);
    lines.push(`${hasher.digest("hex")}  ${file}`);
  }
  const path = join(outDir, "SHA256SUMS");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      target: { type: "string", multiple: true },
      single: { type: "boolean", default: false },
      "no-bytecode": { type: "boolean", default: false },
      clean: { type: "boolean", default: false },
      archive: { type: "boolean", default: false },
    },
  });
  let targets = TARGETS;
  if (values.single) targets = [hostTarget()];
  else if (values.target?.length) {
    targets = values.target.map((name) => {
      const t = TARGETS.find((x) => x.name === name);
      if (!t) {
        console.error(`unknown target "${name}"; known: ${TARGETS.map((x) => x.name).join(", ")}`);
        process.exit(2);
      }
      return t;
    });
  }
  if (values.clean) rmSync(DIST, { recursive: true, force: true });
  for (const target of targets) {
    const started = performance.now();
    const path = await buildTarget(target, { bytecode: !values["no-bytecode"] });
    const size = Bun.file(path).size;
    console.error(
      `built ${path} (${(size / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)}s`,
    );
    if (values.archive) {
      const archive = await writeArchive(target, path);
      console.error(`wrote ${archive} (${(Bun.file(archive).size / 1e6).toFixed(1)} MB)`);
    }
  }
  console.error(`wrote ${await writeChecksums()}`);
}
