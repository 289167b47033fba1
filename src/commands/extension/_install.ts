/**
 * Installing an extension into `<config dir>/extensions/NAME/`: from a local folder (copied) or from a
 * repository on the hub (downloaded at one commit). Either way the files land in a staging folder first
 * and replace the installed copy only when complete, with a manifest that records where they came from,
 * so that `extension upgrade` can fetch them again. Nothing is run.
 *
 * @module
 */
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, join, resolve } from "node:path";
import type { KohubClient } from "../../api/client.ts";
import { CliError, EXIT, UsageError } from "../../errors.ts";
import { isBuiltin } from "../alias/_write.ts";
import { entryIn, extensionsDir, type FoundExtension } from "./_find.ts";

/** Where an installed extension came from. */
export type Source =
  | { type: "local"; path: string }
  | { type: "hub"; repo: string; repoType: string; revision: string };

/** `kohub-extension.json`, in the installed folder (and in a folder made by `extension create`). */
export interface Manifest {
  name: string;
  source: Source;
  /** The commit installed, for a hub source. */
  commit?: string;
  installed_at?: string;
}

export const MANIFEST = "kohub-extension.json";
const PREFIX = "kohub-cli-";

/** The extension's name from a folder or repo name `kohub-cli-NAME`, checked. */
export function extensionName(folder: string): string {
  const base = basename(folder.replace(/[/\\]+$/, ""));
  if (!base.startsWith(PREFIX) || base.length === PREFIX.length) {
    throw new UsageError(`An extension's folder or repository must be named ${PREFIX}NAME (got "${base}")`);
  }
  return checkExtensionName(base.slice(PREFIX.length));
}

/** Refuses names that are not one plain word, or that a built-in command would always hide. */
export function checkExtensionName(name: string): string {
  if (!/^[A-Za-z0-9][\w.-]*$/.test(name)) throw new UsageError(`Invalid extension name "${name}"`);
  if (isBuiltin(name))
    throw new UsageError(`"${name}" is a kohub-cli command: an extension cannot replace it`);
  return name;
}

export function readManifest(dir: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** A fresh staging folder beside the installed ones (same file system, so the final rename is cheap). */
function stagingDir(env: Record<string, string | undefined>, name: string): string {
  const root = extensionsDir(env);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const dir = join(root, `.${name}.staging-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

/** Checks the staged files, writes the manifest and puts them in place of the installed copy. */
function commit(env: Record<string, string | undefined>, staged: string, manifest: Manifest): FoundExtension {
  const entry = entryIn(staged, manifest.name);
  if (!entry) {
    rmSync(staged, { recursive: true, force: true });
    throw new UsageError(
      `No extension in ${sourceText(manifest.source)}: expected an executable ${PREFIX}${manifest.name}, ${PREFIX}${manifest.name}.ts/.js, or main.ts/main.js`,
    );
  }
  writeManifest(staged, { ...manifest, installed_at: new Date().toISOString() });
  const target = join(extensionsDir(env), manifest.name);
  rmSync(target, { recursive: true, force: true });
  renameSync(staged, target);
  return entryIn(target, manifest.name) as FoundExtension;
}

export function sourceText(source: Source): string {
  return source.type === "local" ? source.path : `${source.repo} (${source.repoType}, ${source.revision})`;
}

/** Copies a local folder (without its .git). */
export function installLocal(
  env: Record<string, string | undefined>,
  folder: string,
  name?: string,
): FoundExtension {
  const path = resolve(folder);
  const extName = name ?? extensionName(path);
  const staged = stagingDir(env, extName);
  cpSync(path, staged, { recursive: true, filter: (src) => basename(src) !== ".git" });
  return commit(env, staged, { name: extName, source: { type: "local", path } });
}

/** Downloads a hub repository at the commit its revision points to now. */
export async function installHub(
  env: Record<string, string | undefined>,
  client: KohubClient,
  source: Extract<Source, { type: "hub" }>,
  name?: string,
): Promise<FoundExtension & { commit: string }> {
  const extName = name ?? extensionName(source.repo);
  const info = await client.repoInfo({
    repoId: source.repo,
    type: source.repoType,
    revision: source.revision,
  });
  const staged = stagingDir(env, extName);
  const params = { repoId: source.repo, type: source.repoType, revision: info.sha, localDir: staged };
  await client.snapshotDownload(params);
  rmSync(join(staged, ".cache"), { recursive: true, force: true }); // the download's own bookkeeping
  // The hub keeps no file modes: the entry point is made executable here.
  const program = join(staged, `${PREFIX}${extName}`);
  if (existsSync(program)) chmodSync(program, 0o755);
  const found = commit(env, staged, { name: extName, source, commit: info.sha });
  return { ...found, commit: info.sha };
}

/** The error for an extension that is not installed. */
export function notInstalled(name: string): CliError {
  return new CliError(`No extension named "${name}" is installed (see 'kohub-cli extension list')`, {
    code: "ExtensionNotFound",
    exitCode: EXIT.NOT_FOUND,
  });
}
