/**
 * The CLI against servers that stall, against endpoints that are not what they seem, and what `--verbose`
 * shows: the request timeout (`--timeout`, `KOHUB_TIMEOUT`, the config's `timeout`) and its error, the
 * endpoint's checks, the "not a KohakuHub" answer to a bare 404, `.` and `..` as names, and each request's
 * credential with presigned URLs masked.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../../src/errors.ts";
import { KohubClient } from "../../src/index.ts";
import { runCli, runCliAs, tempConfigDir } from "../helpers/cli.ts";
import { settles, silentPort } from "../helpers/faults.ts";
import { createUser, useHub } from "../helpers/hub.ts";

const ctx = useHub();

describe("the request timeout", () => {
  test("--timeout cuts a body that stalls after the headers; the error names the host, not a dead server", async () => {
    const user = await createUser(ctx.hub);
    ctx.hub.fault({ path: "/api/whoami-v2", respond: "stall-body" });
    try {
      const result = await settles("auth whoami", 20_000, () =>
        runCliAs(ctx.hub, user, ["auth", "whoami", "--timeout", "1"]),
      );
      expect(result.code).toBe(EXIT.NETWORK);
      expect(result.stderr).toContain(
        `Error: Timed out after 1 s waiting for the rest of the answer to GET /api/whoami-v2 from ${ctx.hub.url}`,
      );
      expect(result.stderr).not.toContain("Is the server running?");
      expect(result.stderr).toContain("--timeout SECONDS");
    } finally {
      ctx.hub.clearFaults();
    }
  }, 30_000);

  test("KOHUB_TIMEOUT and the config's timeout bound a port that never answers (code Timeout, one attempt each)", async () => {
    const port = silentPort();
    const argv = ["--json", "auth", "whoami", "--endpoint", port.url, "--token", "x"];
    try {
      const viaEnv = await settles("KOHUB_TIMEOUT", 20_000, () =>
        runCli(argv, { env: { KOHUB_TIMEOUT: "1" } }),
      );
      expect(viaEnv.code).toBe(EXIT.NETWORK);
      expect(JSON.parse(viaEnv.stdout)).toMatchObject({
        code: "Timeout",
        error: `Timed out after 1 s waiting for ${port.url} to answer GET /api/whoami-v2`,
      });
      const configDir = tempConfigDir();
      expect((await runCli(["config", "set", "timeout", "1.5"], { configDir })).code).toBe(0);
      const viaConfig = await settles("config timeout", 20_000, () => runCli(argv, { configDir }));
      expect(JSON.parse(viaConfig.stdout)).toMatchObject({ code: "Timeout" });
      expect(viaConfig.stdout).toContain("after 1.5 s");
      expect(port.connections()).toBe(2);
    } finally {
      port.stop();
    }
  }, 45_000);

  test("the flag beats KOHUB_TIMEOUT; values that are not seconds are usage errors", async () => {
    const port = silentPort();
    try {
      const argv = ["--json", "auth", "whoami", "--endpoint", port.url, "--token", "x", "--timeout", "0.5"];
      const both = await settles("--timeout", 20_000, () => runCli(argv, { env: { KOHUB_TIMEOUT: "600" } }));
      expect(JSON.parse(both.stdout).error).toContain("after 0.5 s");
    } finally {
      port.stop();
    }
    for (const [argv, env] of [
      [["auth", "whoami", "--timeout", "soon"], {}],
      [["auth", "whoami", "--timeout=-1"], {}],
      [["auth", "whoami"], { KOHUB_TIMEOUT: "1m" }],
      [["config", "set", "timeout", "ten"], {}],
    ] as Array<[string[], Record<string, string>]>) {
      const result = await runCli(argv, { env: { HF_ENDPOINT: "http://127.0.0.1:9", ...env } });
      expect(result.code).toBe(EXIT.USAGE);
      expect(result.stderr).toContain("expected a number of seconds");
    }
  }, 30_000);
});

describe("the endpoint", () => {
  test("a user name or password, a query or a fragment is refused before any request (exit 2)", async () => {
    const user = await createUser(ctx.hub);
    const host = ctx.hub.url.replace("http://", "");
    const before = ctx.hub.requests.length;
    for (const endpoint of [`http://bob:s3cret@${host}`, `${ctx.hub.url}?x=1`, `${ctx.hub.url}#top`]) {
      const result = await runCli(["auth", "whoami", "--endpoint", endpoint, "--token", user.token]);
      expect(result.code).toBe(EXIT.USAGE);
      expect(result.stderr).toStartWith("Error: Invalid endpoint URL");
      expect(result.stdout + result.stderr).not.toContain("s3cret");
    }
    const viaEnv = await runCli(["-v", "auth", "whoami"], {
      env: { HF_ENDPOINT: `http://bob:s3cret@${host}`, HF_TOKEN: user.token },
    });
    expect(viaEnv.code).toBe(EXIT.USAGE);
    expect(viaEnv.stderr).toContain("user name or password");
    expect(viaEnv.stdout + viaEnv.stderr).not.toContain("s3cret");
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("a bare 404 from an endpoint that is no KohakuHub says so, after one look at /api/version", async () => {
    const paths: string[] = [];
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(req) {
        paths.push(new URL(req.url).pathname);
        return new Response("Not Found", { status: 404 });
      },
    });
    const endpoint = `http://127.0.0.1:${server.port}/hub`;
    try {
      const result = await runCli([
        "repo",
        "info",
        "alice/model",
        "--endpoint",
        endpoint,
        "--token",
        "t0k3n-x",
      ]);
      expect(result.code).toBe(EXIT.ERROR);
      expect(result.stderr).toStartWith(
        `Error: ${endpoint} does not look like a KohakuHub server (no /api/version)`,
      );
      expect(paths).toEqual(["/hub/api/models/alice/model", "/hub/api/version"]);
      const json = await runCli(["--json", "repo", "info", "alice/model", "--endpoint", endpoint]);
      expect(JSON.parse(json.stdout).code).toBe("NotKohakuHub");
      // One look per client, however many 404s.
      paths.length = 0;
      const client = new KohubClient({ endpoint, token: null, config: false, env: {} });
      for (let i = 0; i < 2; i++) await client.repoInfo({ repoId: "alice/model" }).catch(() => {});
      expect(paths.filter((p) => p === "/hub/api/version")).toHaveLength(1);
    } finally {
      server.stop(true);
    }
  });

  test("a KohakuHub's own 404 stays 'not found', without the extra look", async () => {
    const user = await createUser(ctx.hub);
    const before = ctx.hub.requests.length;
    const result = await runCliAs(ctx.hub, user, ["repo", "info", `${user.username}/missing`]);
    expect(result.code).toBe(EXIT.NOT_FOUND);
    expect(result.stderr).toContain("Repository not found");
    expect(ctx.hub.requests.slice(before).map((r) => r.path)).not.toContain("/api/version");
  });
});

describe("'.' and '..' as names", () => {
  test.each([
    [["repo", "info", "../x"]],
    [["repo", "files", "../whoami-v2"]],
    [["repo", "info", "./x"]],
    [["org", "info", ".."]],
  ])("%p is refused before any request (exit 2)", async (argv) => {
    const user = await createUser(ctx.hub);
    const before = ctx.hub.requests.length;
    const result = await runCliAs(ctx.hub, user, argv);
    expect(result.code).toBe(EXIT.USAGE);
    expect(ctx.hub.requests.length).toBe(before);
  });
});

describe("--verbose", () => {
  test("shows the credential each request carried: none for storage, presigned signatures masked", async () => {
    const user = await createUser(ctx.hub);
    const dir = mkdtempSync(join(tmpdir(), "kohub-verbose-"));
    writeFileSync(join(dir, "big.bin"), new Uint8Array(6_000_000).fill(7)); // above the LFS threshold
    const repoId = `${user.username}/verbose`;
    expect((await runCliAs(ctx.hub, user, ["repo", "create", repoId])).code).toBe(0);
    const up = await runCliAs(ctx.hub, user, ["upload", repoId, join(dir, "big.bin"), "-v"]);
    expect(up.code).toBe(0);
    const down = await runCliAs(ctx.hub, user, [
      "download",
      repoId,
      "big.bin",
      "--local-dir",
      join(dir, "out"),
      "-v",
    ]);
    expect(down.code).toBe(0);
    const lines = `${up.stderr}${down.stderr}`.split("\n").filter((l) => / → /.test(l));
    const storage = lines.filter((l) => l.includes("/_s3/"));
    expect(storage.map((l) => l.split(" ")[1])).toEqual(["PUT", "GET"]);
    for (const line of storage) {
      expect(line).not.toContain("[");
      expect(line).toContain("X-Kohub-Signature=***");
      expect(line).not.toMatch(/X-Kohub-Signature=[0-9a-f]/);
    }
    expect(lines.find((l) => l.includes("/info/lfs/verify"))).not.toContain("["); // sent without a token
    const batch = lines.find((l) => l.includes("/info/lfs/objects/batch"));
    expect(batch).toContain(`[Bearer ${user.token.slice(0, 4)}…`);
    expect(lines.join("\n")).not.toContain(user.token);
  }, 30_000);
});
