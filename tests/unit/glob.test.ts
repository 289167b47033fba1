/**
 * globToRegExp (src/api/files/paths.ts) matches as Bun.Glob did before it, so that include/exclude/delete
 * patterns mean the same on Node and Bun.
 */
import { describe, expect, test } from "bun:test";
import { globToRegExp } from "../../src/api/files/paths.ts";

const patterns = [
  "*.txt",
  "*",
  "**",
  "**/*.txt",
  "a/**",
  "a/**/b",
  "a**b",
  "a/**b",
  "**a",
  "***",
  "*/**",
  "x/**/",
  "?",
  "a?c",
  "[abc]",
  "[!abc]",
  "[^abc]",
  "[a-c]x",
  "[z-a]",
  "[]]",
  "[!]]",
  "[\\]]",
  "[a\\-z]",
  "[[]",
  "[a",
  "[/]",
  "{a,b}.txt",
  "{a,b/c}.txt",
  "{a,{b,c}}",
  "{a,}x",
  "{}",
  "a{b",
  "a}b",
  "{*.json,*.txt}",
  "\\*",
  "a\\?",
  "!a",
  "!**",
  "!*.txt",
  "*.TXT",
  "optimizer*",
  "a/*/c",
  "?*",
  "é?",
];
const paths = [
  "",
  "a",
  "b",
  "c",
  "x",
  "ab",
  "aXb",
  "a.txt",
  ".hidden.txt",
  "b.txt",
  "b/c.txt",
  "a/b",
  "a/c",
  "a/xb",
  "a/x/b",
  "a/b/c",
  "a/b/x/c",
  "a/x/y/b",
  ".a/.b",
  "x/",
  "x/y/a.txt",
  "x/a",
  "/",
  "]",
  "[",
  "[a",
  "-",
  "m",
  "bx",
  "{}",
  "a{b",
  "a}b",
  "a.json",
  "*",
  "a?",
  "A.TXT",
  "optimizer.pt",
  "éa",
  "é/",
];

describe("globToRegExp", () => {
  test("matches as Bun.Glob does", () => {
    const differ: string[] = [];
    for (const p of patterns) {
      const ours = globToRegExp(p);
      const bun = new Bun.Glob(p);
      for (const s of paths) {
        if (ours.test(s) !== bun.match(s)) differ.push(`${p} ${JSON.stringify(s)}: Bun.Glob ${bun.match(s)}`);
      }
    }
    expect(differ).toEqual([]);
  });

  test("* and ? stay within a segment; a ** segment spans any number of them, dot files included", () => {
    const m = (p: string, s: string) => globToRegExp(p).test(s);
    expect([m("*.json", "config.json"), m("*.json", "a/config.json"), m("**/*.json", "a/b/.c.json")]).toEqual(
      [true, false, true],
    );
    expect([m("logs/**", "logs/a/b.txt"), m("a/**/b", "a/b"), m("?", "é")]).toEqual([true, true, true]);
  });
});
