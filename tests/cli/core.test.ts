/**
 * The CLI's machinery: global options anywhere, help and version, unknown commands and flags with
 * suggestions, usage errors before any request, exit codes, JSON errors.
 */
import { describe, expect, test } from "bun:test";
import { splitGlobals } from "../../src/argv.ts";
import { EXIT } from "../../src/errors.ts";
import { runCli, spawnCli, tempConfigDir } from "../helpers/cli.ts";
import { createUser, useHub } from "../helpers/hub.ts";

const ctx = useHub();

describe("global options", () => {
  test("are taken out wherever they stand", () => {
    for (const argv of [
      ["--endpoint", "http://x:1", "auth", "whoami"],
      ["auth", "whoami", "--endpoint", "http://x:1"],
      ["--endpoint=http://x:1", "auth", "whoami"],
      ["auth", "--endpoint", "http://x:1", "whoami"],
    ]) {
      const split = splitGlobals(argv);
      expect(split.globals.endpoint).toBe("http://x:1");
      expect(split.rest).toEqual(["auth", "whoami"]);
    }
    const split = splitGlobals(["-q", "-v", "--json", "repo", "list", "--", "--endpoint"]);
    expect(split.globals).toMatchObject({ quiet: true, verbose: true, output: "json" });
    expect(split.rest).toEqual(["repo", "list", "--", "--endpoint"]);
    expect(splitGlobals(["--token"]).problem).toBe("Flag --token needs a value");
  });

  test.each([
    [["--endpoint", "URL", "auth", "whoami"]],
    [["auth", "whoami", "--endpoint", "URL"]],
    [["--endpoint=URL", "auth", "whoami"]],
    [["auth", "--endpoint", "URL", "whoami"]],
  ])("reach the command: %p", async (argv) => {
    const user = await createUser(ctx.hub);
    const args = argv.map((a) => a.replace("URL", ctx.hub.url));
    const result = await runCli([...args, "--token", user.token, "--output", "json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).username).toBe(user.username);
  });

  test("flag beats HF_ENDPOINT, which beats the config file", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    await runCli(["config", "set", "endpoint", "http://127.0.0.1:9"], { configDir: dir });
    const viaEnv = await runCli(["--json", "auth", "whoami", "--token", user.token], {
      configDir: dir,
      env: { HF_ENDPOINT: ctx.hub.url },
    });
    expect(viaEnv.code).toBe(0);
    const viaFlag = await runCli(
      ["--json", "auth", "whoami", "--token", user.token, "--endpoint", ctx.hub.url],
      {
        configDir: dir,
        env: { HF_ENDPOINT: "http://127.0.0.1:9" },
      },
    );
    expect(viaFlag.code).toBe(0);
    const viaConfig = await runCli(["--json", "auth", "whoami", "--token", user.token], { configDir: dir });
    expect(viaConfig.code).toBe(EXIT.NETWORK);
  });

  test("--verbose logs each request on stderr with the token masked", async () => {
    const user = await createUser(ctx.hub);
    const result = await runCli(["-v", "auth", "whoami", "--endpoint", ctx.hub.url, "--token", user.token]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/whoami-v2 → 200 in \d+ms/);
    expect(result.stderr).toContain(user.token.slice(0, 4));
    expect(result.stderr).not.toContain(user.token);
    expect(result.stdout).not.toContain(user.token);
  });
});

describe("help and version", () => {
  test("no arguments without a terminal prints help and exits 0", async () => {
    const result = await runCli([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage:");
    expect(result.stdout).toContain("auth");
  });

  test("every group and leaf help has usage; leaves show an example", async () => {
    for (const argv of [["--help"], ["auth", "--help"], ["auth", "token", "--help"], ["config"]]) {
      const result = await runCli(argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Usage:");
    }
    const leaf = await runCli(["auth", "login", "--help"]);
    expect(leaf.stdout).toContain("Examples:");
    expect(leaf.stdout).toContain("--password-stdin");
  });

  test("--version prints version, commit and target", async () => {
    const result = await spawnCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^kohub-cli \d+\.\d+\.\d+ \(commit \S+, \S+\)\n$/);
    const json = await spawnCli(["--version", "--json"]);
    expect(JSON.parse(json.stdout)).toHaveProperty("version");
  });
});

describe("usage errors", () => {
  test("an unknown command suggests the nearest one, exit 2", async () => {
    const result = await runCli(["auth", "tokn"]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toBe(
      `Error: Unknown command "tokn" for 'kohub-cli auth'. Did you mean "token"? Run 'kohub-cli auth --help'\n`,
    );
    expect(result.stdout).toBe("");
  });

  test("an unknown flag suggests the nearest one", async () => {
    const result = await runCli(["auth", "login", "--usrname", "x"]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain("Unknown flag --usrname");
    expect(result.stderr).toContain('Did you mean "--username"?');
  });

  test("a missing argument names it and shows the usage", async () => {
    const result = await runCli(["config", "get"]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain("Missing argument <key>");
    expect(result.stderr).toContain("Usage: kohub-cli config get <key>");
  });

  test("an extra argument is refused", async () => {
    const result = await runCli(["config", "path", "extra"]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain('Unexpected argument "extra"');
  });

  test("a bad --output value is a usage error", async () => {
    const result = await runCli(["--output", "yaml", "config", "path"]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain("expected text or json");
  });

  test("JSON mode prints one JSON error object on stdout and nothing else there", async () => {
    const result = await runCli(["--json", "auth", "tokn"]);
    expect(result.code).toBe(EXIT.USAGE);
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toMatchObject({ code: "UsageError" });
    expect(parsed.error).toContain("Unknown command");
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
  });
});

describe("exit codes", () => {
  test("authentication required without a token (4)", async () => {
    const result = await runCli(["auth", "token", "list", "--endpoint", ctx.hub.url]);
    expect(result.code).toBe(EXIT.AUTH);
    expect(result.stderr).toBe("Error: Authentication required. Please login with 'kohub-cli auth login'\n");
  });

  test("a refused token (4)", async () => {
    const result = await runCli(["auth", "whoami", "--endpoint", ctx.hub.url, "--token", "0".repeat(64)]);
    expect(result.code).toBe(EXIT.AUTH);
    expect(result.stderr).toContain("Error: Invalid user token");
  });

  test("not found (3) and network (7)", async () => {
    const user = await createUser(ctx.hub);
    const missing = await runCli([
      "auth",
      "token",
      "delete",
      "999999",
      "--yes",
      "--endpoint",
      ctx.hub.url,
      "--token",
      user.token,
    ]);
    expect(missing.code).toBe(EXIT.NOT_FOUND);
    const down = await runCli(["auth", "whoami", "--endpoint", "http://127.0.0.1:9", "--token", "x"]);
    expect(down.code).toBe(EXIT.NETWORK);
    expect(down.stderr).toContain("Cannot reach http://127.0.0.1:9");
  });

  test("a corrupt config file is a one-line error naming it (1)", async () => {
    const dir = tempConfigDir();
    await Bun.write(`${dir}/config.json`, "{ nope");
    const result = await runCli(["config", "list"], { configDir: dir });
    expect(result.code).toBe(EXIT.ERROR);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(`${dir}/config.json`);
  });
});
