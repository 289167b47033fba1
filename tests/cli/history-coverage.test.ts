/**
 * Every command that changes something is recorded in the history: a leaf whose source calls a KohubClient
 * method that changes the server (found in the library's own source: a POST, PUT, PATCH or DELETE, or a
 * call to such a method) or writes the config file must export `changes`, and a leaf that only reads must
 * not. The command tree is walked from src/commands/index.ts, each `import()` thunk read for its file.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { KohubClient } from "../../src/api/client.ts";
import { type GroupCommand, isGroup } from "../../src/commands/_define.ts";
import root from "../../src/commands/index.ts";

const SRC = join(import.meta.dir, "..", "..", "src");

/** Library methods that POST to read: they change nothing. */
const READING_POSTS = new Set(["checkName", "validateYaml", "lfsBatch", "preupload", "getPathsInfo"]);

/** Leaves that change something and are deliberately not recorded, with why. */
const NOT_RECORDED: Record<string, string> = {
  "quota recalculate": "it measures the storage again: nothing anyone set changes, so nothing to undo",
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

const noComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");

/** The public KohubClient methods that change the server, derived from src/api's source. */
function mutatingMethods(): string[] {
  const bodies = new Map<string, string>();
  for (const file of tsFiles(join(SRC, "api"))) {
    const text = noComments(readFileSync(file, "utf8"));
    const starts = [
      ...text.matchAll(/^(?: {2}(?:async )?\*?|(?:export )?(?:async )?function\*? )(\w+)[(<]/gm),
    ];
    starts.forEach((m, i) => {
      const body = text.slice(m.index, starts[i + 1]?.index ?? text.length);
      bodies.set(m[1] as string, (bodies.get(m[1] as string) ?? "") + body);
    });
  }
  const found = new Set<string>();
  for (const [name, body] of bodies) {
    if (!READING_POSTS.has(name) && /method: "(POST|PUT|PATCH|DELETE)"/.test(body)) found.add(name);
  }
  // A method that calls a changing one (uploadFile through sendCommit) changes too.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, body] of bodies) {
      if (found.has(name) || READING_POSTS.has(name)) continue;
      if ([...found].some((m) => new RegExp(`\\b${m}\\(`).test(body))) {
        found.add(name);
        grew = true;
      }
    }
  }
  const client = new Set<string>();
  for (let p = KohubClient.prototype; p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) client.add(name);
  }
  return [...found].filter((name) => client.has(name));
}

interface Leaf {
  name: string;
  file: string;
  recorded: boolean;
}

/** Every leaf with its module file: the path in each group's `import()` thunk, from that group's file. */
async function leaves(group: GroupCommand, file: string, path: string[] = []): Promise<Leaf[]> {
  const out: Leaf[] = [];
  for (const [name, [, load]] of Object.entries(group.entries)) {
    const rel = /import\("([^"]+)"\)/.exec(load.toString())?.[1];
    if (!rel) throw new Error(`Cannot read the module path of ${[...path, name].join(" ")}`);
    const target = resolve(dirname(file), rel);
    const mod = await load();
    if (isGroup(mod.default)) out.push(...(await leaves(mod.default, target, [...path, name])));
    else out.push({ name: [...path, name].join(" "), file: target, recorded: "changes" in mod });
  }
  return out;
}

/** A leaf's source with the command folder's `_` helpers it imports directly. */
function leafSource(file: string): string {
  const text = readFileSync(file, "utf8");
  const helpers = [...text.matchAll(/(?:from |import\()"(\.[^"]+)"/g)]
    .map((m) => resolve(dirname(file), m[1] as string))
    .filter((p) => p.startsWith(join(SRC, "commands")) && /\/_[^/]+\.ts$/.test(p));
  return noComments([text, ...helpers.map((h) => readFileSync(h, "utf8"))].join("\n"));
}

/** Writing the config file, or deleting it (config clear). */
const CONFIG_WRITE = /\b(updateConfig|saveConfig|writeConfig|deleteProfile)\(|configFile\(\)[\s\S]*rmSync\(/;

describe("history coverage", () => {
  test("the library's changing methods are found (a sanity check of the scan)", () => {
    const found = mutatingMethods();
    for (const m of ["createRepo", "deleteRepo", "uploadFile", "setQuota", "addSshKey", "acceptInvitation"]) {
      expect(found).toContain(m);
    }
    for (const m of ["repoInfo", "listRepos", "whoami", "getPathsInfo", "downloadFile"]) {
      expect(found).not.toContain(m);
    }
  });

  test("a leaf that changes the server or the config exports `changes`; a reading one does not", async () => {
    const methods = mutatingMethods();
    const all = await leaves(root, join(SRC, "commands", "index.ts"));
    expect(all.length).toBeGreaterThan(50);
    const unrecorded: string[] = [];
    const readingRecorded: string[] = [];
    const exempted: string[] = [];
    for (const leaf of all) {
      const source = leafSource(leaf.file);
      const calls = methods.filter((m) => new RegExp(`\\.${m}\\(`).test(source));
      const changes = calls.length > 0 || CONFIG_WRITE.test(source);
      if (changes && leaf.name in NOT_RECORDED) exempted.push(leaf.name);
      if (changes && !leaf.recorded && !(leaf.name in NOT_RECORDED)) {
        unrecorded.push(`${leaf.name} (${calls.join(", ") || "writes the config"})`);
      }
      // undo's own changes go through src/history; it is recorded on purpose.
      if (!changes && leaf.recorded && leaf.name !== "undo") readingRecorded.push(leaf.name);
    }
    expect(unrecorded).toEqual([]);
    expect(readingRecorded).toEqual([]);
    // An exemption for a leaf that no longer changes anything (or no longer exists) goes too.
    expect(exempted.sort()).toEqual(Object.keys(NOT_RECORDED).sort());
  });
});
