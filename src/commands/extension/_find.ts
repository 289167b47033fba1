/**
 * Where extensions are, read with node:fs alone (dispatch and the root help use it): the extensions
 * folder `<config dir>/extensions/NAME/`, then PATH. An extension is an executable `kohub-cli-NAME`, or a
 * script the CLI runs itself: `kohub-cli-NAME.ts`/`.js`, or `main.ts`/`main.js` in its folder.
 *
 * @module
 */
import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { configDir } from "../alias/_file.ts";

/** A found extension: a program to run, or a script to import. */
export interface FoundExtension {
  name: string;
  kind: "executable" | "script";
  path: string;
}

/** `<config dir>/extensions` */
export function extensionsDir(env: Record<string, string | undefined> = process.env): string {
  return join(configDir(env), "extensions");
}

const SCRIPT_EXTS = [".ts", ".js", ".mjs"];

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isExecutable(path: string): boolean {
  if (!isFile(path)) return false;
  if (process.platform === "win32") return /\.(exe|cmd|bat)$/i.test(path);
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The entry of one folder: `kohub-cli-NAME` (executable), then its script forms, then `main.*`. */
export function entryIn(dir: string, name: string, mains = true): FoundExtension | undefined {
  const base = join(dir, `kohub-cli-${name}`);
  for (const suffix of process.platform === "win32" ? [".exe", ".cmd", ".bat"] : [""]) {
    if (isExecutable(base + suffix)) return { name, kind: "executable", path: base + suffix };
  }
  const scripts = SCRIPT_EXTS.map((e) => base + e);
  if (mains) scripts.push(...SCRIPT_EXTS.map((e) => join(dir, `main${e}`)));
  const script = scripts.find(isFile);
  return script ? { name, kind: "script", path: script } : undefined;
}

/** Finds the extension `name`: its installed folder first, then each folder of PATH. */
export function findExtension(
  name: string,
  env: Record<string, string | undefined>,
): FoundExtension | undefined {
  if (!/^[\w.-]+$/.test(name) || name.startsWith(".")) return undefined;
  const installed = entryIn(join(extensionsDir(env), name), name);
  if (installed) return installed;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    const found = dir ? entryIn(dir, name, false) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The installed extensions (folders of the extensions folder that hold an entry). */
export function installedExtensions(env: Record<string, string | undefined>): FoundExtension[] {
  const dir = extensionsDir(env);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith("."))
    .sort()
    .flatMap((name) => entryIn(join(dir, name), name) ?? []);
}
