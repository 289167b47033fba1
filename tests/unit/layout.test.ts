/**
 * The cache's snapshot pointers: processes that link the same file at once (two downloads of one repo
 * into one cache) never find a link in the way, and the pointer ends as a link to the blob.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("linkPointer", () => {
  test("two processes linking the same pointer over and over both succeed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kohub-link-"));
    mkdirSync(join(dir, "blobs"));
    writeFileSync(join(dir, "blobs", "abc"), "bytes");
    const script = `
      import { linkPointer } from ${JSON.stringify(`${import.meta.dir}/../../src/api/files/cache-layout.ts`)};
      const dir = ${JSON.stringify(dir)};
      for (let i = 0; i < 2000; i++) linkPointer(dir + "/blobs/abc", dir + "/snapshots/c1/sub/a.txt");
    `;
    const runs = [0, 1].map(() =>
      Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" }),
    );
    const results = await Promise.all(
      runs.map(async (p) => ({ code: await p.exited, stderr: await new Response(p.stderr).text() })),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(readlinkSync(join(dir, "snapshots", "c1", "sub", "a.txt"))).toBe("../../../blobs/abc");
  });
});
