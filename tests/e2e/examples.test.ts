/**
 * The runnable examples in examples/ (shell scripts using the CLI, a TypeScript file using the library),
 * run as they are against the local hub.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tempConfigDir } from "../helpers/cli.ts";
import { createUser, useHub } from "../helpers/hub.ts";

const ROOT = join(import.meta.dir, "..", "..");
const ctx = useHub();
let binDir = "";

beforeAll(() => {
  // `kohub-cli` on PATH: a shim running this checkout's entry point.
  binDir = mkdtempSync(join(tmpdir(), "kohub-examples-bin-"));
  const shim = join(binDir, "kohub-cli");
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, "src", "main.ts")}" "$@"\n`);
  chmodSync(shim, 0o755);
});

async function runExample(file: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  const cmd = file.endsWith(".ts") ? [process.execPath, file] : ["bash", file];
  const proc = Bun.spawn(cmd, {
    cwd: ROOT,
    env: {
      PATH: `${binDir}:${process.env.PATH}`,
      HOME: process.env.HOME ?? tmpdir(),
      NO_COLOR: "1",
      HF_ENDPOINT: ctx.hub.url,
      KOHUB_CONFIG_DIR: tempConfigDir(),
      ...env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) console.error(`${file} failed:\n${out}\n${err}`);
  return { code, out: out + err };
}

describe("examples", () => {
  test("01: log in and create a repo", async () => {
    const user = await createUser(ctx.hub);
    const result = await runExample("examples/01-login-and-create-repo.sh", {
      KOHUB_USER: user.username,
      KOHUB_PASSWORD: user.password,
    });
    expect(result.code).toBe(0);
    expect(result.out).toContain(`created ${user.username}/my-first-model`);
  });

  test("02: an organization and its members", async () => {
    const owner = await createUser(ctx.hub);
    const colleague = await createUser(ctx.hub);
    const org = `lab-${owner.username}`;
    const result = await runExample("examples/02-org-and-members.sh", {
      HF_TOKEN: owner.token,
      ORG: org,
      COLLEAGUE: colleague.username,
    });
    expect(result.code).toBe(0);
    expect(result.out).toContain(`${colleague.username}\tadmin`);
  });

  test("03: scripting with --output json", async () => {
    const user = await createUser(ctx.hub);
    await user.client.createRepo({ repoId: "listed" });
    const result = await runExample("examples/03-script-with-json.sh", {
      HF_TOKEN: user.token,
      AUTHOR: user.username,
    });
    expect(result.code).toBe(0);
    expect(result.out).toContain(`${user.username}/listed\tpublic\t0 likes`);
    expect(result.out).toContain('exit code 3: {"error":"Repository not found","code":"RepoNotFound"');
  });

  test("library.ts", async () => {
    const result = await runExample("examples/library.ts", {});
    expect(result.code).toBe(0);
    expect(result.out).toContain("invite a colleague with: ");
    expect(result.out).toContain("as expected: ");
    expect(result.out).toContain("super-admin of example-org-");
  });
});
