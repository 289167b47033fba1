/**
 * The hand-checked answers against zod: a tree page (parseTreeEntries, zod's treeEntryList), a preupload
 * answer (parsePreuploadAnswer, preuploadResponse), the refs (parseRepoRefs, repoRefs) and a commit's answer
 * (parseCommitAnswer, commitResponse). Same values, same key order, same errors, for plain answers and for
 * every kind the hand check leaves to zod.
 */
import { describe, expect, test } from "bun:test";
import { parseResponse } from "../../src/api/schemas/common.ts";
import { parseRepoRefs, parseTreeEntries, repoRefs, treeEntryList } from "../../src/api/schemas/content.ts";
import {
  commitResponse,
  parseCommitAnswer,
  parsePreuploadAnswer,
  preuploadResponse,
} from "../../src/api/schemas/transfer.ts";

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

/** What a parser makes of an answer: its value (as JSON, key order included), or its error message. */
function outcome(parse: () => unknown): string {
  try {
    return JSON.stringify(parse());
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

/** One test per case: the hand check gives what zod gives (value or error). */
function agreeWithZod(
  cases: Record<string, unknown>,
  fast: (data: unknown) => string,
  zod: (data: unknown) => string,
): void {
  for (const [name, data] of Object.entries(cases)) {
    test(`${name}: as zod parses it`, () => {
      expect(fast(data)).toBe(zod(data));
    });
  }
}

/** A repeatable pseudo-random `next(n)` in [0, n), for mutation tests. */
function randomFrom(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
}

const viaZod = (data: unknown) => outcome(() => parseResponse(treeEntryList, data, "GET tree"));
const viaFast = (data: unknown) => outcome(() => parseTreeEntries(data, "GET tree"));

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
  agreeWithZod(pages, viaFast, viaZod);

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
    const next = randomFrom(7);
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

describe("parseRepoRefs", () => {
  const commit = "c".repeat(64);
  const main = { name: "main", ref: "refs/heads/main", targetCommit: commit };
  const tag = { name: "v1", ref: "refs/tags/v1", targetCommit: commit };
  const plain = { branches: [main], converts: [], tags: [tag] };
  const zod = (data: unknown) => outcome(() => parseResponse(repoRefs, data, "GET refs"));
  const fast = (data: unknown) => outcome(() => parseRepoRefs(data, "GET refs"));
  const answers: Record<string, unknown> = {
    "the usual answer": plain,
    "no tags, no branches": { branches: [], converts: [], tags: [] },
    "pullRequests (include_prs)": { ...plain, pullRequests: [] },
    "an extra field": { ...plain, extra: 1 },
    "an extra field first": { extra: 1, ...plain },
    "keys in another order": { tags: [tag], converts: [], branches: [main] },
    "a ref's keys in another order": { ...plain, tags: [{ targetCommit: commit, name: "v1", ref: "x" }] },
    "a ref with an extra field": { ...plain, branches: [{ ...main, protected: true }] },
    "a short commit id": { ...plain, branches: [{ ...main, targetCommit: "abc" }] },
    "an upper-case commit id": { ...plain, branches: [{ ...main, targetCommit: "C".repeat(64) }] },
    "a null ref": { ...plain, tags: [null] },
    "a missing name": { ...plain, tags: [{ ref: "r", targetCommit: commit }] },
    "no converts": { branches: [main], tags: [] },
    "pullRequests null": { ...plain, pullRequests: null },
    "an array": [plain],
    "no body": undefined,
  };
  agreeWithZod(answers, fast, zod);

  test("the usual answer is checked by hand, not copied", () => {
    expect(parseRepoRefs(plain, "GET refs")).toBe(plain as never);
  });
});

describe("parseCommitAnswer", () => {
  const plain = { commitUrl: "models/a/b/commit/c", commitOid: "c".repeat(64), pullRequestUrl: null };
  const answers: Record<string, unknown> = {
    "the usual answer": plain,
    "no pullRequestUrl": { commitUrl: "u", commitOid: "no-changes" },
    "a pullRequestUrl": { ...plain, pullRequestUrl: "https://x/pr/1" },
    "an extra field": { ...plain, extra: [1] },
    "keys in another order": { commitOid: "c", commitUrl: "u" },
    "a numeric commitOid": { ...plain, commitOid: 1 },
    "a missing commitUrl": { commitOid: "c" },
    "pullRequestUrl false": { ...plain, pullRequestUrl: false },
    "an array": [plain],
    "no body": undefined,
  };
  agreeWithZod(
    answers,
    (data) => outcome(() => parseCommitAnswer(data, "POST commit")),
    (data) => outcome(() => parseResponse(commitResponse, data, "POST commit")),
  );
});

describe("parsePreuploadAnswer", () => {
  const regular = { path: "a.txt", uploadMode: "regular", shouldIgnore: false };
  const lfs = { path: "m.bin", uploadMode: "lfs", shouldIgnore: true };
  const withOid = { ...regular, oid: "a".repeat(40) };
  const zod = (data: unknown) => outcome(() => parseResponse(preuploadResponse, data, "POST pre"));
  const fast = (data: unknown) => outcome(() => parsePreuploadAnswer(data, "POST pre"));
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
  agreeWithZod(answers, fast, zod);

  test("random mutations of files agree with zod", () => {
    const values = [undefined, null, 0, 1.5, "", "x", "lfs", "regular", true, false, {}, []];
    const keys = ["path", "uploadMode", "shouldIgnore", "oid", "other"];
    const next = randomFrom(11);
    for (let i = 0; i < 2000; i++) {
      const file: Record<string, unknown> = { ...[regular, lfs, withOid][next(3)] };
      file[keys[next(keys.length)] as string] = values[next(values.length)];
      if (next(3) === 0) delete file[keys[next(keys.length)] as string];
      const answer = { files: [regular, file] };
      expect(fast(answer)).toBe(zod(answer));
    }
  });
});
