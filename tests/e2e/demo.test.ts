/**
 * `npm run demo`, the README's first command, runs to the end against the local hub it starts, and leaves
 * no config behind.
 */
import { expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";

test("npm run demo: register, login, org, repos, listings", async () => {
  const root = join(import.meta.dir, "..", "..");
  const proc = Bun.spawn([process.execPath, join(root, "scripts", "demo.ts")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  expect(code, `${out}\n${err}`).toBe(0);
  expect(out).toContain("(the local hub, started for this demo)");
  for (const step of [
    "auth login",
    "org create",
    "repo create demo-model",
    "repo list --author",
    "--output json repo info",
    "upload demo",
    "download demo",
  ]) {
    expect(out).toContain(`$ kohub-cli ${step}`);
  }
  // Lines are shell-quoted, so a pasted one runs as it did in the demo.
  expect(out).toMatch(/\$ kohub-cli org create demo-org-\w+ --description 'Created by npm run demo'\n/);
  expect(out).toMatch(/KohakuHub at http:\/\/localhost:\d+ /);
  expect(out).toMatch(/demo\w+\/demo-model\tpublic/);
  expect(out).toMatch(/demo-org-\w+\/demo-data\tprivate/);
  expect(out).toContain("uploaded and downloaded a model folder (byte-identical)");
  // The throwaway config (a token of the hub that is gone) does not stay behind.
  const configDir = /config in (\S+)/.exec(out)?.[1] as string;
  expect(configDir).toBeDefined();
  expect(existsSync(configDir)).toBe(false);
}, 60_000);
