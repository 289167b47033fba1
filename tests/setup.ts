/**
 * Preloaded by `bun test` (bunfig.toml): no test may read the developer's real config or token, colours
 * are off, times are UTC, and the temporary folders of the run go under one folder, removed at the end.
 */
import { afterAll } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { removeLater } from "./helpers/cleanup.ts";

const runTmp = mkdtempSync(join(tmpdir(), "kohub-test-run-"));
process.env.TMPDIR = runTmp; // os.tmpdir() follows it
// In a preload this runs once, after every file. The folder is removed in the background: on a busy disk
// its removal outlasted the hook's timeout and failed a run whose tests had all passed.
afterAll(() => removeLater(runTmp));

const home = mkdtempSync(join(tmpdir(), "kohub-test-home-"));
process.env.HOME = home;
process.env.KOHUB_CONFIG_DIR = join(home, ".kohub");
process.env.HF_HOME = join(home, ".cache", "huggingface");
process.env.NO_COLOR = "1";
process.env.TZ = "UTC";
delete process.env.HF_ENDPOINT;
delete process.env.HF_TOKEN;
delete process.env.FORCE_COLOR;
