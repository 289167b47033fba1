/**
 * The base64 encoder and decoder (src/api/files/base64.ts): their WebAssembly module is base64.wat
 * assembled; they write what Buffer makes (and reads back), for every length and place, reading and writing
 * nothing outside their ranges.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assembleBase64, renderBase64Module } from "../../scripts/wasm.ts";
import {
  base64Coders,
  base64DecodeInto,
  base64Into,
  base64Memory,
  base64Module,
  MEMORY_START,
} from "../../src/api/files/base64.ts";
import { randomBytes } from "../helpers/fixtures.ts";

describe("the WebAssembly module", () => {
  test("is base64.wat assembled (run `bun scripts/wasm.ts` after changing it)", async () => {
    const file = join(import.meta.dir, "../../src/api/files/base64-wasm.ts");
    expect(readFileSync(file, "utf8")).toBe(renderBase64Module(await assembleBase64()));
  });

  test("encodes every length from every alignment as Buffer does, touching nothing around", () => {
    const memory = base64Memory(1 << 16);
    const bytes = new Uint8Array(memory.buffer);
    const { encode } = base64Coders(memory, base64Module());
    for (let n = 0; n < 200; n++) {
      for (const shift of [0, 1, 2, 3, 5, 7, 11, 15]) {
        const src = MEMORY_START + 16 + shift;
        const dst = MEMORY_START + 4096 + ((shift * 3) % 16);
        const data = randomBytes(n);
        bytes.fill(33, MEMORY_START, MEMORY_START + 8192);
        bytes.set(data, src);
        const want = Buffer.from(data).toString("base64");
        expect(encode(src, n, dst)).toBe(want.length);
        expect(Buffer.from(bytes.subarray(dst, dst + want.length)).toString("latin1")).toBe(want);
        expect([bytes[dst - 1], bytes[dst + want.length]]).toEqual([33, 33]);
        // The input is left as it was.
        expect(Buffer.from(bytes.subarray(src, src + n)).equals(Buffer.from(data))).toBe(true);
      }
    }
  });

  test("reads nothing past the input: the last 16 bytes of the memory encode without a fault", () => {
    const memory = base64Memory(1 << 16);
    const bytes = new Uint8Array(memory.buffer);
    const { encode } = base64Coders(memory, base64Module());
    for (const n of [12, 16, 17, 31, 32]) {
      const data = randomBytes(n);
      const src = bytes.byteLength - n;
      bytes.set(data, src);
      expect(encode(src, n, MEMORY_START)).toBe(4 * Math.ceil(n / 3));
      expect(Buffer.from(bytes.subarray(MEMORY_START, MEMORY_START + 4 * Math.ceil(n / 3))).toString()).toBe(
        Buffer.from(data).toString("base64"),
      );
    }
  });
});

describe("base64Into", () => {
  test("writes what Buffer#toString('base64') makes, at the offset, for every padding case", () => {
    // 147,457 bytes: three whole pieces of its memory and one more byte.
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 100, 65_537, 147_457]) {
      const src = randomBytes(n);
      const want = Buffer.from(src).toString("base64");
      const dst = new Uint8Array(want.length + 5).fill(33);
      expect(base64Into(src, dst, 3)).toBe(want.length);
      expect(Buffer.from(dst.subarray(3, 3 + want.length)).toString("latin1")).toBe(want);
      expect([...dst.subarray(0, 3), ...dst.subarray(3 + want.length)]).toEqual([33, 33, 33, 33, 33]);
    }
  });

  test("writes into a view that starts inside its buffer, and nothing when it has no room", () => {
    const src = randomBytes(3000);
    const want = Buffer.from(src).toString("base64");
    const whole = new Uint8Array(want.length + 10).fill(33);
    const view = whole.subarray(5, 5 + want.length + 1);
    expect(base64Into(src, view, 1)).toBe(want.length);
    expect(Buffer.from(whole.subarray(6, 6 + want.length)).toString("latin1")).toBe(want);
    expect([...whole.subarray(0, 6), ...whole.subarray(6 + want.length)]).toEqual(Array(10).fill(33));
    const untouched = new Uint8Array(want.length + 1).fill(33);
    expect(() => base64Into(src, untouched, 2)).toThrow(RangeError);
    expect(untouched.every((b) => b === 33)).toBe(true);
  });
});

describe("base64DecodeInto", () => {
  test("gives back the bytes of what base64Into wrote, for every length and every character", () => {
    // Every byte value, so every character of the alphabet; 196,609 bytes: pieces of its memory and more.
    const every = new Uint8Array(768).map((_, i) => i % 256);
    for (const n of [0, 1, 2, 3, 4, 5, 15, 16, 17, 18, 19, 20, 21, 100, 767, 65_537, 196_609]) {
      const src = n === 767 ? every.subarray(0, n) : randomBytes(n);
      const text = Buffer.from(Buffer.from(src).toString("base64"), "latin1");
      const dst = new Uint8Array(n + 4).fill(33);
      expect(base64DecodeInto(text, dst, 2)).toBe(n);
      expect(Buffer.from(dst.subarray(2, 2 + n)).equals(Buffer.from(src))).toBe(true);
      expect([...dst.subarray(0, 2), ...dst.subarray(2 + n)]).toEqual([33, 33, 33, 33]);
    }
  });

  test("refuses text that is not padded, or a target without room, writing nothing", () => {
    const dst = new Uint8Array(10).fill(33);
    expect(() => base64DecodeInto(Buffer.from("QUJD", "latin1").subarray(0, 3), dst)).toThrow(RangeError);
    expect(() => base64DecodeInto(Buffer.from("QUJDREVG", "latin1"), dst, 5)).toThrow(RangeError);
    expect(dst.every((b) => b === 33)).toBe(true);
    expect(base64DecodeInto(Buffer.from("QUJDREVG", "latin1"), dst, 4)).toBe(6);
    expect(Buffer.from(dst.subarray(4)).toString()).toBe("ABCDEF");
  });
});
