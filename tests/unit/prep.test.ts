/**
 * The preparation of small files (src/api/files/prep.ts): the same hashes and the same body whether one
 * thread or two do it, every padding case of base64 included; files that cannot be read are reported, not
 * thrown; where no helper thread can start, this thread does it all.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Prepared,
  type PrepFile,
  PrepMemory,
  prepareFiles,
  prepLimits,
} from "../../src/api/files/prep.ts";
import { randomBytes } from "../helpers/fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "kohub-prep-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TAIL = new TextEncoder().encode("<tail>");

/** `count` files of 0 to ~3 KB (every length mod 3), and the body layout for their lines. */
function files(count: number): { list: PrepFile[]; contents: Uint8Array[]; length: number } {
  mkdirSync(join(dir, String(count)), { recursive: true });
  const list: PrepFile[] = [];
  const contents: Uint8Array[] = [];
  let at = 5;
  for (let i = 0; i < count; i++) {
    const bytes = randomBytes(i % 7 === 0 ? i % 3 : (i * 37) % 3_000);
    const file = join(dir, String(count), `f${i}`);
    writeFileSync(file, bytes);
    // Some heads are not ASCII: their place is counted in UTF-8 bytes.
    const head = i % 5 === 0 ? undefined : i % 3 === 0 ? `<hé€d ${i}>` : `<head ${i}>`;
    const headAt = at;
    at += head === undefined ? 0 : Buffer.byteLength(head);
    list.push({ file, size: bytes.byteLength, sha1: i % 2 === 0, sha256: i % 3 !== 1, at, head, headAt });
    contents.push(bytes);
    at += 4 * Math.ceil(bytes.byteLength / 3) + TAIL.byteLength + 3;
  }
  return { list, contents, length: at };
}

async function run(
  list: PrepFile[],
  length: number,
  helperFrom: number,
): Promise<{ results: Map<number, Prepared>; body: Uint8Array }> {
  const largest = list.reduce((m, f) => Math.max(m, f.size), 0);
  const memory = PrepMemory.create(length, largest);
  const body = memory.body.fill(33);
  const results = new Map<number, Prepared>();
  const before = prepLimits.helper;
  prepLimits.helper = helperFrom;
  try {
    await prepareFiles(
      list,
      { memory, tail: TAIL },
      (k, r) => {
        expect(results.has(k)).toBe(false);
        results.set(k, r);
        return false;
      },
      new AbortController().signal,
    );
  } finally {
    prepLimits.helper = before;
  }
  return { results, body };
}

describe("prepareFiles", () => {
  test("one thread and two give the same hashes and the same body, as Buffer and Bun hash them", async () => {
    const { list, contents, length } = files(700);
    const alone = await run(list, length, Number.POSITIVE_INFINITY);
    const helped = await run(list, length, 1);
    expect(helped.results.size).toBe(700);
    expect(Buffer.from(helped.body).equals(Buffer.from(alone.body))).toBe(true);
    list.forEach((f, k) => {
      const bytes = contents[k] as Uint8Array;
      const r = helped.results.get(k);
      expect(r).toEqual(alone.results.get(k) as Prepared);
      if (!r?.ok) throw new Error(`file ${k} not prepared`);
      expect(r.bytes).toBe(bytes.byteLength);
      expect(r.sha256).toBe(
        f.sha256 ? new Bun.CryptoHasher("sha256").update(bytes).digest("hex") : undefined,
      );
      const sha1 = new Bun.CryptoHasher("sha1")
        .update(`blob ${bytes.byteLength}\0`)
        .update(bytes)
        .digest("hex");
      expect(r.gitSha1).toBe(f.sha1 ? sha1 : undefined);
      const line = Buffer.from(`${f.head ?? ""}${Buffer.from(bytes).toString("base64")}<tail>`);
      const start = f.head === undefined ? f.at : f.headAt;
      expect(Buffer.from(helped.body.subarray(start, start + line.byteLength))).toEqual(line);
      expect([helped.body[start - 1], helped.body[start + line.byteLength]]).toEqual([33, 33]); // nothing around it
    });
  });

  test("a missing file, a FIFO and a file that grew are reported, not thrown; the others are prepared", async () => {
    const { list, length } = files(300);
    rmSync((list[3] as PrepFile).file);
    writeFileSync(
      (list[5] as PrepFile).file,
      "longer than it was listed: the body keeps its place empty".repeat(9),
    );
    if (process.platform !== "win32") {
      rmSync((list[200] as PrepFile).file);
      execFileSync("mkfifo", [(list[200] as PrepFile).file]);
    }
    for (const helperFrom of [Number.POSITIVE_INFINITY, 1]) {
      const { results } = await run(list, length, helperFrom);
      expect(results.size).toBe(300);
      expect(results.get(3)).toMatchObject({ ok: false, notFile: false, code: "ENOENT" });
      expect(results.get(5)).toMatchObject({ ok: true });
      expect((results.get(5) as Prepared & { ok: true }).bytes).toBe((list[5] as PrepFile).size + 1);
      if (process.platform !== "win32") expect(results.get(200)).toMatchObject({ ok: false, notFile: true });
      expect(results.get(4)).toMatchObject({ ok: true });
    }
  });

  test("where no helper thread can start, this thread prepares every file", async () => {
    const { list, length } = files(260);
    const original = globalThis.Worker;
    globalThis.Worker = class {
      constructor() {
        throw new Error("no threads");
      }
    } as unknown as typeof Worker;
    try {
      const { results } = await run(list, length, 1);
      expect(results.size).toBe(260);
      expect([...results.values()].every((r) => r.ok)).toBe(true);
    } finally {
      globalThis.Worker = original;
    }
  });

  test("an abort stops it: the files left are not prepared", async () => {
    const { list } = files(400);
    const controller = new AbortController();
    let seen = 0;
    await prepareFiles(
      list,
      undefined,
      () => {
        if (++seen === 50) controller.abort(new Error("stop"));
        return false;
      },
      controller.signal,
    );
    expect(seen).toBe(50);
  });
});
