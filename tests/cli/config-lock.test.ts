/**
 * The config file's lock, with real CLI processes: concurrent `config set` of different keys all land, a
 * holder killed while it holds the lock does not block the next writer, and a live holder makes a writer
 * give up with one line that names the lock file.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { configLockOptions } from "../../src/config/lock.ts";
import { EXIT } from "../../src/errors.ts";
import { runCli, spawnCli, tempConfigDir } from "../helpers/cli.ts";

const LOCK_MODULE = join(import.meta.dir, "..", "..", "src", "config", "lock.ts");

/** One value per known key, as `config set` takes them and as the file then holds them. */
const VALUES: Array<[string, string, unknown]> = [
  ["endpoint", "http://writer-a:8000", "http://writer-a:8000"],
  ["token", "hf_writer_b_token_0123456789", "hf_writer_b_token_0123456789"],
  ["default_repo_type", "dataset", "dataset"],
  ["interactive_mode_default", "false", false],
];

function readConfig(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
}

/**
 * A separate process that takes the config lock of `dir` and sleeps holding it; resolves once it holds it.
 */
async function lockHolder(dir: string): Promise<Bun.Subprocess> {
  const marker = join(dir, "holder-ready");
  const code = [
    `import { withConfigLock } from ${JSON.stringify(LOCK_MODULE)};`,
    `import { writeFileSync } from "node:fs";`,
    `withConfigLock(${JSON.stringify(join(dir, "config.json"))}, () => {`,
    `  writeFileSync(${JSON.stringify(marker)}, "");`,
    "  Bun.sleepSync(60_000);",
    "});",
  ].join("\n");
  const proc = Bun.spawn([process.execPath, "-e", code], { stdout: "ignore", stderr: "inherit" });
  for (let waited = 0; !existsSync(marker); waited += 50) {
    if (waited > 15_000 || proc.exitCode !== null) throw new Error("the lock holder did not start");
    await Bun.sleep(50);
  }
  return proc;
}

describe("config lock", () => {
  // Before the lock, concurrent writers read the same old file and the last rename won: keys vanished
  // while every writer said "Set".
  test("concurrent config set of different keys, in separate processes: every key is kept", async () => {
    const dirs = Array.from({ length: 5 }, () => tempConfigDir());
    const runs = dirs.flatMap((dir) =>
      VALUES.map(([key, value]) => spawnCli(["config", "set", key, value], { configDir: dir })),
    );
    const results = await Promise.all(runs);
    for (const result of results) expect(result).toMatchObject({ code: 0, stdout: "" });
    const expected = Object.fromEntries(VALUES.map(([key, , stored]) => [key, stored]));
    for (const dir of dirs) {
      expect(readConfig(dir)).toEqual(expected);
      expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
    }
  }, 60_000);

  test("a lock left by a killed process does not block the next writer", async () => {
    const dir = tempConfigDir();
    const holder = await lockHolder(dir);
    holder.kill("SIGKILL");
    await holder.exited;
    expect(existsSync(join(dir, "config.json.lock"))).toBe(true);
    const result = await spawnCli(["config", "set", "endpoint", "http://after-kill:1"], { configDir: dir });
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(readConfig(dir)).toEqual({ endpoint: "http://after-kill:1" });
  }, 30_000);

  test("a lock held too long: the writer gives up with one line naming the lock file, the file unchanged", async () => {
    const dir = tempConfigDir();
    await Bun.write(join(dir, "config.json"), JSON.stringify({ endpoint: "http://keep:1" }));
    const holder = await lockHolder(dir);
    const saved = configLockOptions.waitMs;
    configLockOptions.waitMs = 300;
    try {
      const result = await runCli(["config", "set", "default_repo_type", "space"], { configDir: dir });
      expect(result.code).toBe(EXIT.ERROR);
      expect(result.stderr).toBe(
        `Error: Gave up after 0.3s waiting for the config lock ${join(dir, "config.json.lock")}: another kohub-cli process is writing the config (or is stuck); try again\n`,
      );
      expect(readConfig(dir)).toEqual({ endpoint: "http://keep:1" });
    } finally {
      configLockOptions.waitMs = saved;
      holder.kill("SIGKILL");
      await holder.exited;
    }
  }, 30_000);
});
