/**
 * The download hashers: a file hashed while it is written gives the digests of its bytes (up to the size
 * announced), on the worker thread and read back on the main one, whatever the pace of the writer; a
 * cancelled or unfinished one lets the process end. And the base64 encoder of in-memory commit bodies.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalFileError } from "../../src/api/files/errors.ts";
import { hashAsWritten, hashBytes, hashLimits } from "../../src/api/files/hashing.ts";
import { failure, randomBytes } from "../helpers/fixtures.ts";

const workerMin = hashLimits.worker;
afterEach(() => {
  hashLimits.worker = workerMin;
});

function expected(data: Uint8Array): { sha256: string; sha1: string } {
  return {
    sha256: new Bun.CryptoHasher("sha256").update(data).digest("hex"),
    sha1: new Bun.CryptoHasher("sha1").update(`blob ${data.byteLength}\0`).update(data).digest("hex"),
  };
}

const dir = mkdtempSync(join(tmpdir(), "kohub-hash-"));
let files = 0;
const newFile = () => {
  const path = join(dir, `f${files++}`);
  writeFileSync(path, "");
  return path;
};

/** Writes `data` to `path` in uneven pieces, pausing between some of them. */
async function writeSlowly(path: string, data: Uint8Array): Promise<void> {
  for (let at = 0, n = 0; at < data.byteLength; n++) {
    const size = 1 + ((n * 7919) % 300_000);
    appendFileSync(path, data.subarray(at, at + size));
    at += size;
    if (n % 3 === 0) await Bun.sleep(3);
  }
}

const ROADS = [
  { name: "on the worker thread, following the file", worker: 0 },
  { name: "read back on the main thread", worker: Number.POSITIVE_INFINITY },
];

for (const road of ROADS) {
  describe(`a file hashed as it is written, ${road.name}`, () => {
    test("gives the digests of its bytes, whatever the pace of the writer; nothing past the size", async () => {
      hashLimits.worker = road.worker;
      const data = randomBytes(3_000_000);
      const path = newFile();
      const hashing = hashAsWritten(path, { sha256: true, sha1: true, size: data.byteLength });
      await writeSlowly(path, data);
      appendFileSync(path, "bytes past the announced size");
      expect(await hashing.finish()).toEqual(expected(data));
      expect(hashBytes({ sha256: true, sha1: true, size: data.byteLength }, data)).toEqual(expected(data));
    });

    test("several at once, SHA-256 alone, an empty file; a missing file is a LocalFileError", async () => {
      hashLimits.worker = road.worker;
      const a = randomBytes(700_000);
      const b = randomBytes(1_200_000);
      const [pa, pb, pe] = [newFile(), newFile(), newFile()];
      const ha = hashAsWritten(pa, { sha256: true, sha1: false, size: a.byteLength });
      const hb = hashAsWritten(pb, { sha256: true, sha1: true, size: b.byteLength });
      const he = hashAsWritten(pe, { sha256: true, sha1: true, size: 0 });
      const dropped = hashAsWritten(newFile(), { sha256: true, sha1: true, size: 10 });
      dropped.cancel();
      await Promise.all([writeSlowly(pa, a), writeSlowly(pb, b)]);
      expect(await ha.finish()).toEqual({ sha256: expected(a).sha256, sha1: undefined });
      expect(await hb.finish()).toEqual(expected(b));
      expect(await he.finish()).toEqual(expected(new Uint8Array(0)));
      const missing = hashAsWritten(join(dir, "missing"), { sha256: true, sha1: false, size: 5 });
      const err = await failure(missing.finish());
      expect(err).toBeInstanceOf(LocalFileError);
      expect(err.code).toBe("FileNotFound");
    });
  });
}

describe("the hashing thread", () => {
  test("does not keep the process alive: a file left unfinished (a failed download) does not block the exit", async () => {
    const script = `
      import { writeFileSync } from "node:fs";
      import { hashAsWritten, hashLimits } from ${JSON.stringify(`${import.meta.dir}/../../src/api/files/hashing.ts`)};
      hashLimits.worker = 0;
      const path = ${JSON.stringify(join(dir, "exit"))};
      writeFileSync(path, new Uint8Array([1, 2, 3]));
      const left = hashAsWritten(path, { sha256: true, sha1: false, size: 3 });
      const done = hashAsWritten(path, { sha256: true, sha1: false, size: 3 });
      console.log((await done.finish()).sha256);
    `;
    const proc = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" });
    const timer = setTimeout(() => proc.kill(), 10_000);
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(out.trim()).toBe(new Bun.CryptoHasher("sha256").update(new Uint8Array([1, 2, 3])).digest("hex"));
  });
});
