/**
 * The quoting of the command lines `npm run demo` echoes: a shell splits each line back into the very
 * arguments that were run.
 */
import { expect, test } from "bun:test";
import { shellLine, shellQuote } from "../../src/output/shell.ts";

test("plain words stay as they are; others are single-quoted", () => {
  expect(shellQuote("repo")).toBe("repo");
  expect(shellQuote("--type=model")).toBe("--type=model");
  expect(shellQuote("demo-org-x1/demo-data")).toBe("demo-org-x1/demo-data");
  expect(shellQuote("Created by npm run demo")).toBe("'Created by npm run demo'");
  expect(shellQuote("")).toBe("''");
  expect(shellQuote("it's")).toBe("'it'\\''s'");
  expect(shellLine(["org", "create", "o", "--description", "Created by npm run demo"])).toBe(
    "org create o --description 'Created by npm run demo'",
  );
});

test("sh reads each line back into the same arguments", () => {
  const args = [
    "Created by npm run demo",
    "it's",
    "",
    "$HOME `id` $(id)",
    'double "quotes" \\ back',
    "semi;colon & amp | pipe > out < in",
    "*.bin ?x [ab] ~user {a,b} #hash !bang",
    "line\nbreak\ttab",
    "ünïcødé 日本",
  ];
  const proc = Bun.spawnSync(["sh", "-c", `printf '%s\\0' ${shellLine(args)}`]);
  expect(proc.exitCode).toBe(0);
  expect(proc.stdout.toString().split("\0").slice(0, -1)).toEqual(args);
});
