/**
 * The listing of a folder to upload (scanFolder in src/api/files/folder.ts): dot files in, `.git` and
 * `.cache/huggingface` out without being walked, links followed while they stay inside the folder; links
 * that lead out of it (unless followSymlinks), nowhere, or back to a folder they are in are skipped and
 * reported; sizes from the listing, sorted repo paths.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalFileError } from "../../src/api/files/errors.ts";
import { scanFolder } from "../../src/api/files/folder.ts";
import { blobOf } from "../../src/api/files/lfs-upload.ts";

const dir = mkdtempSync(join(tmpdir(), "kohub-folder-"));
afterAll(() => {
  if (process.platform !== "win32") chmodSync(join(dir, "tree", ".git", "locked"), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

const unix = process.platform !== "win32";

describe("scanFolder", () => {
  const tree = join(dir, "tree");
  write(join(tree, "a.txt"), "a");
  write(join(tree, ".env"), "dot");
  write(join(tree, "sub", "b.bin"), "bbbb");
  write(join(tree, "sub", "deep", "c.json"), "{}");
  write(join(tree, ".git", "HEAD"), "ref");
  write(join(tree, "x", ".cache", "huggingface", "meta"), "m");
  write(join(tree, "x", ".cache", "other"), "kept");
  write(join(dir, "outside", "o.txt"), "outside");
  if (unix) {
    // Not readable: walking into it would fail, and it must not be walked.
    mkdirSync(join(tree, ".git", "locked"));
    chmodSync(join(tree, ".git", "locked"), 0);
    symlinkSync(join(tree, "a.txt"), join(tree, "link.txt"));
    symlinkSync(join(dir, "outside"), join(tree, "linked"));
    symlinkSync(tree, join(tree, "sub", "loop")); // back to a folder it is in: not walked (as find -L)
    symlinkSync(join(dir, "nowhere"), join(tree, "broken"));
  }

  test("lists what upload_folder would send, with sizes, sorted, and the links it skipped", async () => {
    const { files: found, skipped } = scanFolder(tree, "", undefined, undefined);
    const want = [
      [".env", 3],
      ["a.txt", 1],
      ...(unix ? [["link.txt", 1]] : []),
      ["sub/b.bin", 4],
      ["sub/deep/c.json", 2],
      ["x/.cache/other", 4],
    ];
    expect(found.map((f) => [f.pathInRepo, f.size])).toEqual(want);
    expect(skipped).toEqual(
      unix
        ? [
            { path: "broken", reason: "dangling" },
            { path: "linked", reason: "outside" },
            { path: "sub/loop", reason: "loop" },
          ]
        : [],
    );
    const a = found.find((f) => f.pathInRepo === "a.txt");
    expect(a?.file).toBe(join(tree, "a.txt"));
    expect(a?.blob).toBeUndefined(); // a file is opened only when its bytes are sent
    expect(a && (await (await blobOf(a)).text())).toBe("a");
  });

  test.if(unix)(
    "followSymlinks follows a link out of the folder; dangling links and loops stay skipped",
    () => {
      const { files, skipped } = scanFolder(tree, "", undefined, undefined, true);
      expect(files.map((f) => f.pathInRepo)).toContain("linked/o.txt");
      expect(skipped.map((s) => s.reason)).toEqual(["dangling", "loop"]);
    },
  );

  test("puts the files under a prefix and applies include and exclude to their own paths", async () => {
    const found = scanFolder(tree, "data", ["*.txt", "sub/**"], ["sub/deep/*", "*/loop/**"], true).files;
    expect(found.map((f) => f.pathInRepo)).toEqual([
      "data/a.txt",
      ...(unix ? ["data/link.txt", "data/linked/o.txt"] : []),
      "data/sub/b.bin",
    ]);
  });

  test("a folder that cannot be read is a LocalFileError naming it", async () => {
    let err: unknown;
    try {
      scanFolder(join(dir, "missing"), "", undefined, undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LocalFileError);
    expect((err as Error).message).toContain(join(dir, "missing"));
  });
});
