/**
 * Symbolic links in uploaded folders: a folder holding every kind of link, and what a repo holds after it
 * was uploaded (its file list and a file's content as the hub serves it).
 */
import { expect } from "bun:test";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hub } from "../../hub/server.ts";
import type { TestUser } from "./hub.ts";

/** A link `uploadFolder` leaves out, as its result reports it. */
export interface SkippedLink {
  path: string;
  reason: "outside" | "dangling" | "loop";
}

/** The files every upload of {@link linkedFolder} sends (links inside followed; not the link outside). */
export const INSIDE_FILES = [
  "link-dir/inner.txt",
  "link-file.txt",
  "loopdir/keep.txt",
  "real.txt",
  "sub/inner.txt",
];

/**
 * A folder with every kind of link:
 *   real.txt, sub/inner.txt                   plain files
 *   link-file.txt -> real.txt                 a file inside
 *   link-dir -> sub                           a folder inside
 *   loopdir/keep.txt, loopdir/up -> ..        a loop (back to a folder it is in)
 *   outside.txt -> <another temp dir>/secret  a file outside (a stand-in for /etc/passwd)
 *   dangling.txt -> missing.txt               leads nowhere
 * `secret` is the content of the file outside.
 */
export function linkedFolder(): { folder: string; secret: string } {
  const folder = mkdtempSync(join(tmpdir(), "kohub-links-"));
  const elsewhere = mkdtempSync(join(tmpdir(), "kohub-elsewhere-"));
  const secret = `secret ${Math.random()}\n`;
  writeFileSync(join(elsewhere, "secret"), secret);
  writeFileSync(join(folder, "real.txt"), "real\n");
  mkdirSync(join(folder, "sub"));
  writeFileSync(join(folder, "sub", "inner.txt"), "inner\n");
  symlinkSync("real.txt", join(folder, "link-file.txt"));
  symlinkSync("sub", join(folder, "link-dir"));
  mkdirSync(join(folder, "loopdir"));
  writeFileSync(join(folder, "loopdir", "keep.txt"), "keep\n");
  symlinkSync("..", join(folder, "loopdir", "up"));
  symlinkSync(join(elsewhere, "secret"), join(folder, "outside.txt"));
  symlinkSync("missing.txt", join(folder, "dangling.txt"));
  return { folder, secret };
}

/** Skipped links sorted by path (undefined stays undefined). */
export function sortSkipped(skipped: SkippedLink[] | undefined): SkippedLink[] | undefined {
  return skipped && [...skipped].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The files of a repo's main branch, sorted. */
export async function repoFiles(user: TestUser, repoId: string): Promise<string[]> {
  const tree = await user.client.listRepoTree({ repoId, recursive: true });
  return tree
    .filter((e) => e.type === "file")
    .map((e) => e.path)
    .sort();
}

/** A file's content as the hub serves it (resolve, its redirect followed). */
export async function repoText(hub: Hub, user: TestUser, repoId: string, path: string): Promise<string> {
  const res = await fetch(`${hub.url}/${repoId}/resolve/main/${path}`, {
    headers: { authorization: `Bearer ${user.token}` },
  });
  expect(res.status, path).toBe(200);
  return res.text();
}
