/**
 * The download hashers: the worker-thread one gives the same digests as the local one, whatever the
 * chunking, with chunks moved (owned) or copied, after a reset, and a closed one lets the process end.
 * And the base64 encoder of in-memory commit bodies.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { downloadHasher, hashLimits } from "../../src/api/files/hashing.ts";
import { base64Into } from "../../src/api/files/util.ts";
import { randomBytes } from "../helpers/fixtures.ts";

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

describe("download hashers", () => {
  test("local and worker hashers agree; owned chunks move (length 0 after), others are copied", async () => {
    const data = randomBytes(3_000_000);
    const spec = { sha256: true, sha1: true, size: data.byteLength };
    hashLimits.worker = Number.POSITIVE_INFINITY;
    const local = downloadHasher(spec);
    local.update(data);
    expect(await local.digests()).toEqual(expected(data));

    hashLimits.worker = 0;
    const worker = downloadHasher(spec);
    let owned: Uint8Array | undefined;
    for (let at = 0, n = 0; at < data.byteLength; n++) {
      const size = 1 + ((n * 7919) % 200_000);
      const piece = data.slice(at, at + size); // a buffer of its own
      if (n % 2 === 0) {
        worker.update(piece, true);
        owned = piece;
      } else worker.update(data.subarray(at, at + size)); // a view: copied
      at += size;
    }
    expect(await worker.digests()).toEqual(expected(data));
    expect(owned?.byteLength).toBe(0); // moved to the worker (at the latest when the digests are taken)
    expect(data.byteLength).toBe(3_000_000); // views were copied, the source is intact
  });

  test("reset starts over; SHA-256 alone; several hashers at once; close lets one go", async () => {
    hashLimits.worker = 0;
    const a = randomBytes(100_000);
    const b = randomBytes(50_000);
    const first = downloadHasher({ sha256: true, sha1: false, size: a.byteLength });
    const second = downloadHasher({ sha256: true, sha1: true, size: b.byteLength });
    const dropped = downloadHasher({ sha256: true, sha1: true, size: 10 });
    first.update(randomBytes(1_000));
    first.reset();
    first.update(a);
    second.update(b);
    dropped.update(randomBytes(10));
    dropped.close();
    expect(await first.digests()).toEqual({ sha256: expected(a).sha256, sha1: undefined });
    expect(await second.digests()).toEqual(expected(b));
    expect(() => first.digests()).toThrow("already taken");
  });
});

describe("base64Into", () => {
  test("writes what Buffer#toString('base64') makes, at the offset, for every padding case", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 100, 65_537]) {
      const src = randomBytes(n);
      const want = Buffer.from(src).toString("base64");
      const dst = new Uint8Array(want.length + 5).fill(33);
      expect(base64Into(src, dst, 3)).toBe(want.length);
      expect(Buffer.from(dst.subarray(3, 3 + want.length)).toString("latin1")).toBe(want);
      expect([...dst.subarray(0, 3), ...dst.subarray(3 + want.length)]).toEqual([33, 33, 33, 33, 33]);
    }
  });
});

describe("the hashing thread", () => {
  test("does not keep the process alive: a hasher left open (a failed download) does not block the exit", async () => {
    const script = `
      import { downloadHasher, hashLimits } from ${JSON.stringify(`${import.meta.dir}/../../src/api/files/hashing.ts`)};
      hashLimits.worker = 0;
      const left = downloadHasher({ sha256: true, sha1: false, size: 3 });
      left.update(new Uint8Array([1, 2, 3]));
      const done = downloadHasher({ sha256: true, sha1: false, size: 3 });
      done.update(new Uint8Array([1, 2, 3]));
      console.log((await done.digests()).sha256);
    `;
    const proc = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" });
    const timer = setTimeout(() => proc.kill(), 10_000);
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(out.trim()).toBe(new Bun.CryptoHasher("sha256").update(new Uint8Array([1, 2, 3])).digest("hex"));
  });
});
