/**
 * The hand-checked tree page (parseTreeEntries) against zod's treeEntryList: same entries, same key
 * order, same errors, for plain pages and for every kind of page the hand check leaves to zod.
 */
import { describe, expect, test } from "bun:test";
import { parseResponse } from "../../src/api/schemas/common.ts";
import { parseTreeEntries, treeEntryList } from "../../src/api/schemas/content.ts";

const file = {
  type: "file",
  oid: "a".repeat(40),
  size: 12,
  path: "d/f.txt",
  lastModified: "2026-11-25T20:37:11.000000Z",
};
const lfsFile = {
  type: "file",
  oid: "b".repeat(64),
  size: 5_000_000,
  path: "model.bin",
  lfs: { oid: "b".repeat(64), size: 5_000_000, pointerSize: 134 },
};
const dir = { type: "directory", oid: "", size: 0, path: "d" };

/** What zod makes of a page: its entries, or its error message. */
function viaZod(data: unknown): string {
  try {
    return JSON.stringify(parseResponse(treeEntryList, data, "GET tree"));
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

function viaFast(data: unknown): string {
  try {
    return JSON.stringify(parseTreeEntries(data, "GET tree"));
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

const pages: Record<string, unknown> = {
  "plain files and folders": [file, lfsFile, dir, { ...file, lastModified: undefined }],
  "an empty page": [],
  "an extra field": [file, { ...file, extra: 1 }],
  "lastCommit (expand)": [{ ...file, lastCommit: { id: "c".repeat(64), title: "t", date: "2026-01-01" } }],
  "lastCommit null": [{ ...file, lastCommit: null }],
  securityFileStatus: [{ ...file, securityFileStatus: { status: "safe" } }],
  "a bad date": [{ ...file, lastModified: "yesterday" }],
  "a null date": [{ ...file, lastModified: null }],
  "a fractional size": [{ ...file, size: 1.5 }],
  "a size as text": [{ ...file, size: "12" }],
  "a negative size": [{ ...file, size: -1 }],
  "an unsafe size": [{ ...file, size: 2 ** 53 }],
  "a missing oid": [{ type: "file", size: 1, path: "x" }],
  "an unknown type": [{ ...file, type: "symlink" }],
  "a folder with lfs": [{ ...dir, lfs: lfsFile.lfs }],
  "lfs with an extra field": [{ ...lfsFile, lfs: { ...lfsFile.lfs, x: 1 } }],
  "lfs without pointerSize": [{ ...lfsFile, lfs: { oid: "b", size: 1 } }],
  "lfs null": [{ ...lfsFile, lfs: null }],
  "a null entry": [file, null],
  "an array entry": [[1, 2]],
  "not an array": { entries: [file] },
  "no body": undefined,
};

describe("parseTreeEntries", () => {
  for (const [name, page] of Object.entries(pages)) {
    test(`${name}: as zod parses it`, () => {
      expect(viaFast(page)).toBe(viaZod(page));
    });
  }

  test("plain pages are parsed (not refused)", () => {
    expect(parseTreeEntries(pages["plain files and folders"], "GET tree")).toHaveLength(4);
  });

  test("random mutations of entries agree with zod", () => {
    const values = [
      undefined,
      null,
      0,
      -1,
      1.5,
      2 ** 53,
      "",
      "x",
      "2026-01-01",
      true,
      {},
      [],
      { oid: "o", size: 1, pointerSize: 2 },
    ];
    const keys = ["type", "path", "size", "oid", "lastModified", "lfs", "lastCommit", "other"];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const base = [file, lfsFile, dir][next(3)] as Record<string, unknown>;
      const entry: Record<string, unknown> = { ...base };
      entry[keys[next(keys.length)] as string] = values[next(values.length)];
      if (next(2)) entry.type = ["file", "directory", "x"][next(3)];
      const page = [file, entry];
      expect(viaFast(page)).toBe(viaZod(page));
    }
  });
});
