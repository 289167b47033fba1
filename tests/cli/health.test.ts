/**
 * `kohub-cli health`: text and JSON, without a token, with a valid one and with a revoked one; a server
 * that does not answer. The design document's two examples run as subprocesses.
 */
import { describe, expect, test } from "bun:test";
import { EXIT } from "../../src/errors.ts";
import { runCli, spawnCli } from "../helpers/cli.ts";
import { createUser, useHub } from "../helpers/hub.ts";

const ctx = useHub();

function record(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trimEnd()
      .split("\n")
      .map((l) => l.split("\t") as [string, string]),
  );
}

describe("health", () => {
  test("without a token: healthy, not logged in (text, piped)", async () => {
    const result = await runCli(["health", "--endpoint", ctx.hub.url]);
    expect(result.code).toBe(0);
    expect(record(result.stdout)).toEqual({
      API: "healthy",
      Site: "KohakuHub",
      Version: expect.stringMatching(/\S/),
      Endpoint: ctx.hub.url,
      Auth: "not logged in",
    });
    expect(result.stderr).toBe("");
  });

  test("without a token: JSON", async () => {
    const result = await runCli(["--output", "json", "health", "--endpoint", ctx.hub.url]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      api: { status: "ok", site: "KohakuHub", version: expect.any(String), kohakuhub: true },
      endpoint: ctx.hub.url,
      authenticated: false,
      user: null,
      token_refused: false,
    });
  });

  test("with a token: authenticated as the user (text on a TTY, JSON); the token is not shown", async () => {
    const user = await createUser(ctx.hub);
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token };
    const tty = await runCli(["health"], { env, tty: { isOutTTY: true } });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/^API: +healthy$/m);
    expect(tty.stdout).toMatch(new RegExp(`^Auth: +authenticated as ${user.username}$`, "m"));
    expect(tty.stdout).not.toContain(user.token);
    const json = await runCli(["--json", "health"], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ authenticated: true, user: user.username });
    expect(json.stdout).not.toContain(user.token);
  });

  // In JSON a refused token must not look like no token: the text says "token refused (...)", the JSON has
  // token_refused and auth_error.
  test("JSON tells a refused token from no token", async () => {
    const user = await createUser(ctx.hub);
    const other = await user.client.createToken("revoked");
    await user.client.revokeToken(other.token_id);
    const json = await runCli(["--json", "health"], {
      env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: other.token },
    });
    expect(JSON.stringify(JSON.parse(json.stdout))).toMatch(/refused|auth_error|token_valid/);
  });

  test("with a revoked token: still exit 0, the token is reported as refused", async () => {
    const user = await createUser(ctx.hub);
    const other = await user.client.createToken("revoked");
    await user.client.revokeToken(other.token_id);
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: other.token };
    const text = await runCli(["health"], { env });
    expect(text.code).toBe(0);
    expect(record(text.stdout).Auth).toMatch(/^token refused \(.+\)$/);
    const json = await runCli(["--json", "health"], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ authenticated: false, user: null });
  });

  test("a server that does not answer: network error (7) with a hint", async () => {
    const result = await runCli(["health", "--endpoint", "http://127.0.0.1:9"]);
    expect(result.code).toBe(EXIT.NETWORK);
    expect(result.stderr).toContain("Cannot reach http://127.0.0.1:9");
    expect(result.stderr).toContain("--endpoint");
  });

  test("a server error on /health is an error (1), not a healthy report", async () => {
    ctx.hub.fault({ path: "/health", respond: 500, times: 5 });
    try {
      const result = await runCli(["health", "--endpoint", ctx.hub.url]);
      expect(result.code).toBe(EXIT.ERROR);
      expect(result.stdout).toBe("");
    } finally {
      ctx.hub.clearFaults();
    }
  });
});

describe("design document examples (subprocesses)", () => {
  test("kohub-cli health / kohub-cli --output json health", async () => {
    const user = await createUser(ctx.hub);
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token };
    const text = await spawnCli(["health"], { env });
    expect(text.code).toBe(0);
    expect(record(text.stdout)).toMatchObject({ API: "healthy", Auth: `authenticated as ${user.username}` });
    const json = await spawnCli(["--output", "json", "health"], { env });
    const data = JSON.parse(json.stdout);
    // The design document's Python API reads health["api"]["status"], health["authenticated"], health["user"].
    expect(data.api.status).toBe("ok");
    expect(data.authenticated).toBe(true);
    expect(data.user).toBe(user.username);
  });
});
