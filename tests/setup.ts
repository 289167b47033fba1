/**
 * Preloaded by `bun test` (bunfig.toml): no test may read the developer's real config or token, colours
 * are off, times are UTC.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const home = mkdtempSync(join(tmpdir(), "kohub-test-home-"));
process.env.HOME = home;
process.env.KOHUB_CONFIG_DIR = join(home, ".kohub");
process.env.HF_HOME = join(home, ".cache", "huggingface");
process.env.NO_COLOR = "1";
process.env.TZ = "UTC";
delete process.env.HF_ENDPOINT;
delete process.env.HF_TOKEN;
delete process.env.FORCE_COLOR;
