/**
 * The hand-checked preupload answer (parsePreuploadAnswer) against zod's preuploadResponse: same files,
 * same key order, same errors, for plain answers and for every kind the hand check leaves to zod.
 */
import { describe, expect, test } from "bun:test";
import { parseResponse } from "../../src/api/schemas/common.ts";
import { parsePreuploadAnswer, preuploadResponse } from "../../src/api/schemas/transfer.ts";

const regular = { path: "a.txt", uploadMode: "regular", shouldIgnore: false };
const lfs = { path: "m.bin", uploadMode: "lfs", shouldIgnore: true };
const withOid = { ...regular, oid: "a".repeat(40) };

/** What a parser makes of an answer: its JSON text, or its error message. */
function outcome(parse: (data: unknown) => unknown, data: unknown): string {
  try {
    return JSON.stringify(parse(data));
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}
const viaZod = (data: unknown) => outcome((d) => parseResponse(preuploadResponse, d, "POST pre"), data);
const viaFast = (data: unknown) => outcome((d) => parsePreuploadAnswer(d, "POST pre"), data);

const answers: Record<string, unknown> = {
  "plain files": { files: [regular, lfs, withOid, { ...regular, path: null }] },
  "no files": { files: [] },
  "an extra top-level field": { files: [regular], note: "x" },
  "an extra file field": { files: [{ ...regular, extra: 1 }] },
  "a numeric oid": { files: [{ ...regular, oid: 1 }] },
  "a null oid": { files: [{ ...regular, oid: null }] },
  "an unknown mode": { files: [{ ...regular, uploadMode: "xet" }] },
  "shouldIgnore as text": { files: [{ ...regular, shouldIgnore: "false" }] },
  "a missing shouldIgnore": { files: [{ path: "a", uploadMode: "lfs" }] },
  "a numeric path": { files: [{ ...regular, path: 3 }] },
  "a null file": { files: [regular, null] },
  "an array file": { files: [[1]] },
  "files not an array": { files: { a: regular } },
  "a bare array": [regular],
  "no body": undefined,
};

describe("parsePreuploadAnswer", () => {
  for (const [name, answer] of Object.entries(answers)) {
    test(`${name}: as zod parses it`, () => {
      expect(viaFast(answer)).toBe(viaZod(answer));
    });
  }

  test("random mutations of files agree with zod", () => {
    const values = [undefined, null, 0, 1.5, "", "x", "lfs", "regular", true, false, {}, []];
    const keys = ["path", "uploadMode", "shouldIgnore", "oid", "other"];
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const file: Record<string, unknown> = { ...[regular, lfs, withOid][next(3)] };
      file[keys[next(keys.length)] as string] = values[next(values.length)];
      if (next(3) === 0) delete file[keys[next(keys.length)] as string];
      const answer = { files: [regular, file] };
      expect(viaFast(answer)).toBe(viaZod(answer));
    }
  });
});
