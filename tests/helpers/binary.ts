/**
 * The compiled binary for this machine, built at most once per test process: bun test runs every file in
 * one process, so the files that run the binary share one build instead of paying for one each.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTarget, hostTarget } from "../../build.ts";

let building: Promise<string> | undefined;

/** The path of the host target's binary, built into a temporary folder on the first call. */
export function compiledBinary(): Promise<string> {
  building ??= buildTarget(hostTarget(), { outDir: mkdtempSync(join(tmpdir(), "kohub-bin-")) });
  return building;
}
