/**
 * The metric of the design document: 100% of the user-facing HTTP endpoints wrapped. Fails when an
 * endpoint of ../shared/kohakuhub-api has no KohubClient method, when a listed method does not exist, when
 * no test calls a method, when no command reaches an endpoint and no reason says why (or a reason excuses
 * a method a command calls), or when docs/endpoints.md is stale.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CONTRACT_DIR,
  commandsCalling,
  commandsOf,
  loadEntries,
  methodsOf,
  NO_COMMAND,
  NOT_WRAPPED,
  noCommandReason,
  normalizePath,
  ROOT,
  readContract,
  readTests,
  renderEndpointTable,
  testsCalling,
} from "../../scripts/endpoint-table.ts";
import { KohubClient } from "../../src/index.ts";

const entries = await loadEntries();
const contract = readContract();

describe("endpoint table", () => {
  test("every listed method exists on KohubClient", () => {
    const missing = entries.flatMap((e) =>
      methodsOf(e).filter(
        (m) => typeof (KohubClient.prototype as unknown as Record<string, unknown>)[m] !== "function",
      ),
    );
    expect(missing).toEqual([]);
  });

  test("every listed method is called by a test", () => {
    const tests = readTests();
    const untested = entries.flatMap((e) => methodsOf(e).filter((m) => testsCalling(m, tests).length === 0));
    expect(untested).toEqual([]);
  });

  test.skipIf(!contract)(`every user-facing endpoint of the contract (${CONTRACT_DIR}) has a method`, () => {
    const wrapped = new Set(entries.map((e) => `${e.method} ${normalizePath(e.path)}`));
    const missing = (contract ?? [])
      .filter((c) => !NOT_WRAPPED.some((n) => n.match(c.method, c.path)))
      .filter((c) => !wrapped.has(`${c.method} ${normalizePath(c.path)}`))
      .map((c) => `${c.method} ${c.path} (${c.source})`);
    expect(missing).toEqual([]);
  });

  test.skipIf(!contract)("every listed endpoint is in the contract", () => {
    const known = new Set((contract ?? []).map((c) => `${c.method} ${normalizePath(c.path)}`));
    const unknown = entries
      .filter((e) => !known.has(`${e.method} ${normalizePath(e.path)}`))
      .map((e) => `${e.method} ${e.path}`);
    expect(unknown).toEqual([]);
  });

  test("every endpoint is reached by a command, or a written reason says why not", async () => {
    const calls = await commandsCalling();
    const unreached = entries
      .filter((e) => commandsOf(e, calls).length === 0 && !noCommandReason(e))
      .map((e) => `${e.method} ${e.path} (${methodsOf(e).join(", ")})`);
    expect(unreached).toEqual([]);
  });

  test("no reason excuses a method that a command calls, or one the table does not list", async () => {
    const calls = await commandsCalling();
    const listed = new Set(entries.flatMap(methodsOf));
    const stale = NO_COMMAND.flatMap((n) => n.methods).filter((m) => calls.has(m) || !listed.has(m));
    expect(stale).toEqual([]);
  });

  test("docs/endpoints.md is up to date (run `npm run docs`)", async () => {
    const committed = readFileSync(join(ROOT, "docs", "endpoints.md"), "utf8");
    expect(committed).toBe(await renderEndpointTable());
  });
});
