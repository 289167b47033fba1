/**
 * The compiled binary (`bun build --compile`, as build.ts makes it for this machine), run as a user would:
 * version, help, and the main job against the local hub, with exit codes and JSON errors.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hostTarget } from "../../build.ts";
import pkg from "../../package.json" with { type: "json" };
import { compiledBinary } from "../helpers/binary.ts";
import { spawnCli, tempConfigDir } from "../helpers/cli.ts";
import { createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();
let binary = "";

beforeAll(async () => {
  binary = await compiledBinary();
}, 120_000);

describe("compiled binary", () => {
  test("--version prints the embedded version, commit and target", async () => {
    const result = await spawnCli(["--version"], { binary });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^kohub-cli ${pkg.version} \\(commit [0-9a-f]{7,}|unknown, ${hostTarget().name}\\)`),
    );
  });

  test("--help lists the command groups", async () => {
    const result = await spawnCli(["--help"], { binary });
    expect(result.code).toBe(0);
    for (const group of ["auth", "repo", "org", "config"]) expect(result.stdout).toContain(`  ${group}`);
  });

  test("register, login, create a repo, read it back; errors with exit codes", async () => {
    const configDir = tempConfigDir();
    const env = { HF_ENDPOINT: ctx.hub.url };
    const username = uniqueName("bin");
    const password = `pw-${username}`;
    const run = (args: string[], stdin?: string) => spawnCli(args, { binary, configDir, env, stdin });

    expect(
      (
        await run(
          ["auth", "register", "-u", username, "--email", `${username}@example.com`, "--password-stdin"],
          password,
        )
      ).code,
    ).toBe(0);
    const login = await run(["auth", "login", "-u", username, "--password-stdin"], password);
    expect(login.code).toBe(0);
    expect(login.stderr).toContain(`as ${username}`);

    const created = await run(["repo", "create", "bin-model", "--quiet"]);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toBe(`${username}/bin-model`);

    const info = await run(["--output", "json", "repo", "info", `${username}/bin-model`]);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ id: `${username}/bin-model`, private: false });

    const missing = await run(["--output", "json", "repo", "info", "nonexistent/repo"]);
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stdout)).toEqual({
      error: "Repository not found",
      code: "RepoNotFound",
      details: "nonexistent/repo",
    });
    const usage = await run(["repo", "create", "bad name!"]);
    expect(usage.code).toBe(2);
  });

  test("upload and download of a large file (several read pieces), one small file, and a folder of small files", async () => {
    const user = await createUser(ctx.hub, "binf");
    const dir = mkdtempSync(join(tmpdir(), "kohub-binfiles-"));
    const big = new Uint8Array(5_000_000);
    for (let i = 0; i < big.length; i += 65536) crypto.getRandomValues(big.subarray(i, i + 65536));
    writeFileSync(join(dir, "weights.bin"), big);
    writeFileSync(join(dir, "config.json"), '{"a": 1}');
    mkdirSync(join(dir, "many"));
    const many = Array.from({ length: 300 }, (_, i) => crypto.getRandomValues(new Uint8Array(i)));
    many.forEach((bytes, i) => {
      writeFileSync(join(dir, "many", `${String(i).padStart(3, "0")}.txt`), bytes);
    });
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token };
    const repo = `${user.username}/files`;
    const run = (args: string[]) => spawnCli(args, { binary, configDir: tempConfigDir(), env });
    expect((await run(["upload", repo, dir, "--private", "--quiet"])).code).toBe(0);
    const out = mkdtempSync(join(tmpdir(), "kohub-bindl-"));
    const down = await run(["--output", "json", "download", repo, "--local-dir", out]);
    expect(down.code).toBe(0);
    const statuses = JSON.parse(down.stdout).files.map((f: { status: string }) => f.status);
    expect(statuses).toEqual(Array(2 + many.length).fill("downloaded"));
    expect(new Uint8Array(readFileSync(join(out, "weights.bin")))).toEqual(big);
    expect(readFileSync(join(out, "config.json"), "utf8")).toBe('{"a": 1}');
    many.forEach((bytes, i) => {
      expect(new Uint8Array(readFileSync(join(out, "many", `${String(i).padStart(3, "0")}.txt`)))).toEqual(
        bytes,
      );
    });
  }, 30_000);

  test("a .env file in the working directory is not loaded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kohub-dotenv-"));
    // If the binary loaded .env, its HF_ENDPOINT would beat the config file's endpoint.
    writeFileSync(join(dir, ".env"), "HF_ENDPOINT=http://127.0.0.1:9\n");
    writeFileSync(join(dir, "config.json"), JSON.stringify({ endpoint: ctx.hub.url }));
    const proc = Bun.spawn([binary, "--output", "json", "health"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir, KOHUB_CONFIG_DIR: dir },
      stdout: "pipe",
      stderr: "pipe",
    });
    const out = await new Response(proc.stdout).text();
    expect(await proc.exited).toBe(0);
    expect(JSON.parse(out).endpoint).toBe(ctx.hub.url);
  });
});
