/**
 * What keeps the suite passing on a busy machine: the run's temporary folder is removed without a hook
 * waiting for the disk, and tests and hooks get the timeout the suite was written for.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { removeLater } from "../helpers/cleanup.ts";

describe("the test run", () => {
  test("removeLater returns before the folder is gone, and the folder goes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kohub-remove-later-"));
    for (let i = 0; i < 50; i++) {
      mkdirSync(join(dir, String(i)));
      for (let j = 0; j < 20; j++) writeFileSync(join(dir, String(i), `${j}.txt`), "x");
    }
    removeLater(dir);
    expect(existsSync(dir)).toBe(true); // the removal runs in another process, after this returns
    const deadline = Date.now() + 15_000;
    while (existsSync(dir) && Date.now() < deadline) await Bun.sleep(50);
    expect(existsSync(dir)).toBe(false);
  });

  test("npm test passes the timeout on the command line (Bun reads none from bunfig.toml)", () => {
    expect(pkg.scripts.test).toMatch(/\bbun test\b.* --timeout 20000\b/);
  });
});
