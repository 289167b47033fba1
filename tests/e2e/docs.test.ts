/**
 * What a newcomer reads first: the README's opening says what the two commands need and shows how files
 * move, its command table names every command, and the getting-started guide's file transfers run as
 * written against the local hub.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flatten, loadTree } from "../../src/commands/_tree.ts";
import { tempConfigDir } from "../helpers/cli.ts";
import { createUser, useHub } from "../helpers/hub.ts";

const ROOT = join(import.meta.dir, "..", "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const GUIDE = readFileSync(join(ROOT, "docs", "getting-started.md"), "utf8");
const ctx = useHub();

/** The text between a heading and the next heading of the same level. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = heading.split(" ")[0] as string;
  const end = text.indexOf(`\n${level} `, start + heading.length);
  return text.slice(start, end < 0 ? undefined : end);
}

/**
 * The command paths the first column of the README's command table names: the leading lowercase words of
 * each code span, the last of which may list alternatives (`repo create\|delete`).
 */
function tableCommands(): Set<string> {
  const rows = section(README, "## Commands")
    .split("\n")
    .filter((line) => line.startsWith("| `"));
  const names = new Set<string>();
  for (const row of rows) {
    for (const [, span] of (row.split(" | ")[0] ?? "").matchAll(/`([^`]+)`/g)) {
      const words = (span as string).split(" ");
      const lead = words.slice(0, words.findIndex((w) => !/^[a-z][a-z\\|-]*$/.test(w)) >>> 0);
      const last = (lead.pop() ?? "").split("\\|");
      for (const alternative of last) names.add([...lead, alternative].join(" "));
    }
  }
  return names;
}

describe("README", () => {
  const opening = README.slice(0, README.indexOf("## Contents"));

  test("its opening says what npm test needs besides Node.js, and shows upload and download", () => {
    for (const need of ["`pretest`", "python3", "`venv`", "huggingface_hub", "musl", "zsh", "fish", "ruby"]) {
      expect(opening).toContain(need);
    }
    expect(opening).toMatch(/^kohub-cli upload /m);
    expect(opening).toMatch(/^kohub-cli download .*--local-dir/m);
  });

  test("its command table names every command of the tree", async () => {
    const named = tableCommands();
    const leaves = flatten(await loadTree()).filter((node) => node.leaf);
    const missing = leaves
      .map((node) => node.path.join(" "))
      .filter((path) => !named.has(path) && ![...named].some((n) => n.startsWith(`${path} `)));
    expect(missing).toEqual([]);
  });
});

describe("docs/getting-started.md", () => {
  test("the upload and download commands run as written", async () => {
    const user = await createUser(ctx.hub, "guide");
    await user.client.createRepo({ repoId: "my-model" });
    const cwd = mkdtempSync(join(tmpdir(), "kohub-guide-"));
    mkdirSync(join(cwd, "checkpoint"));
    writeFileSync(join(cwd, "checkpoint", "config.json"), '{"layers": 2}\n');
    writeFileSync(join(cwd, "checkpoint", "model.safetensors"), new Uint8Array(4096).fill(7));
    writeFileSync(join(cwd, "notes.md"), "# Notes\n");
    const bin = mkdtempSync(join(tmpdir(), "kohub-guide-bin-"));
    writeFileSync(
      join(bin, "kohub-cli"),
      `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, "src", "main.ts")}" "$@"\n`,
    );
    chmodSync(join(bin, "kohub-cli"), 0o755);
    const block = /```sh\n([\s\S]*?)```/.exec(section(GUIDE, "## 4. Upload and download files"))?.[1];
    const hfHome = join(cwd, "hf-home");
    const proc = Bun.spawn(["bash", "-e", "-c", block ?? "exit 9"], {
      cwd,
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: cwd,
        NO_COLOR: "1",
        HF_ENDPOINT: ctx.hub.url,
        HF_TOKEN: user.token,
        HF_HOME: hfHome,
        KOHUB_CONFIG_DIR: tempConfigDir(),
      },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    expect({ code, err: code ? err : "" }).toEqual({ code: 0, err: "" });
    expect(out).toContain("docs/notes.md");
    expect(out).toContain(join(hfHome, "hub", `models--${user.username}--my-model`, "snapshots"));
    for (const file of ["config.json", "model.safetensors", "docs/notes.md"]) {
      expect(existsSync(join(cwd, "my-model", file))).toBe(true);
    }
  });
});
