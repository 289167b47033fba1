/**
 * The hashing of uploads and downloads (src/api/files/hashing.ts): digests of bytes and of a file's first
 * `size` bytes (SHA-256 and the git-blob SHA-1), and the piece-ahead reader under them, which stops at
 * `max`, refuses what is not a regular file, and stops when its signal aborts.
 */
import { describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalFileError } from "../../src/api/files/errors.ts";
import { Hashers, hashFile, readInPieces } from "../../src/api/files/hashing.ts";
import { failure, randomBytes } from "../helpers/fixtures.ts";

function expected(data: Uint8Array): { sha256: string; sha1: string } {
  return {
    sha256: new Bun.CryptoHasher("sha256").update(data).digest("hex"),
    sha1: new Bun.CryptoHasher("sha1").update(`blob ${data.byteLength}\0`).update(data).digest("hex"),
  };
}

const dir = mkdtempSync(join(tmpdir(), "kohub-hash-"));

describe("hashing", () => {
  test("bytes and files give the same digests; nothing past the size is hashed", async () => {
    const data = randomBytes(5_000_000); // more than two of the reader's pieces
    const path = join(dir, "data");
    writeFileSync(path, Buffer.concat([data, Buffer.from("bytes past the size")]));
    const spec = { sha256: true, sha1: true, size: data.byteLength };
    expect(new Hashers(spec).update(data).digests()).toEqual(expected(data));
    expect(await hashFile(path, spec)).toEqual(expected(data));
    expect(await hashFile(path, { ...spec, sha1: false })).toEqual({
      sha256: expected(data).sha256,
      sha1: undefined,
    });
  });

  test("an empty file; a missing file is a LocalFileError", async () => {
    const empty = join(dir, "empty");
    writeFileSync(empty, "");
    expect(await hashFile(empty, { sha256: true, sha1: true, size: 0 })).toEqual(expected(new Uint8Array(0)));
    const err = await failure(hashFile(join(dir, "missing"), { sha256: true, sha1: false, size: 5 }));
    expect(err).toBeInstanceOf(LocalFileError);
    expect(err.code).toBe("FileNotFound");
  });
});

describe("readInPieces", () => {
  test("reads up to `max` bytes in order, and stops when its signal aborts", async () => {
    const data = randomBytes(4_500_000);
    const path = join(dir, "pieces");
    writeFileSync(path, data);
    const pieces: Uint8Array[] = [];
    await readInPieces(path, 3_000_000, (p) => pieces.push(p.slice()));
    expect(Buffer.concat(pieces)).toEqual(Buffer.from(data.subarray(0, 3_000_000)));
    const controller = new AbortController();
    let seen = 0;
    const err = await failure(
      readInPieces(
        path,
        data.byteLength,
        () => {
          seen++;
          controller.abort(new Error("stopped"));
        },
        controller.signal,
      ),
    );
    expect(err.message).toBe("stopped");
    expect(seen).toBe(1);
  });

  test.if(process.platform !== "win32")("a FIFO is refused, not read (it would block)", async () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const err = await failure(readInPieces(fifo, 10, () => {}));
    expect(err).toBeInstanceOf(LocalFileError);
    expect(err.message).toContain("not a regular file");
  });
});
