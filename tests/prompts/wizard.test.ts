/**
 * The setup wizard (`config wizard`, and `kohub-cli` on first run) against the local hub: it checks the
 * server, logs in (password or token), writes a config that works, says what it wrote, and writes nothing
 * when cancelled.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempConfigDir } from "../helpers/cli.ts";
import { anonClient, createUser, useHub } from "../helpers/hub.ts";
import { CANCEL, configText, readConfig, type Script, session } from "./_session.ts";

const ctx = useHub();

describe("first run: kohub-cli with no arguments and no config file", () => {
  test("the wizard, then the menu; the config it wrote works", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    const r = await session(
      {
        "Server URL": ctx.hub.url,
        "How do you want to log in?": "password",
        Username: user.username,
        Password: user.password,
        "Default repository type": "dataset",
        "Main menu": ["account", "quit"],
        Account: ["whoami", "back"],
      },
      { configDir: dir, argv: [] },
    );
    expect(r.stderr).toBe(
      `✓ Logged in to ${ctx.hub.url} as ${user.username}; token stored in ${dir}/config.json\n`,
    );
    expect(r.code).toBe(0);
    const config = readConfig(dir) as Record<string, unknown>;
    expect(config).toMatchObject({ endpoint: ctx.hub.url, default_repo_type: "dataset" });
    expect(typeof config.token_id).toBe("number");
    // The whoami of the menu ran with the new config.
    expect(r.stdout).toContain(`User:           ${user.username}`);
    const note = r.prompter.notes[0] as string;
    expect(note).toStartWith(`Wrote ${dir}/config.json\n`);
    expect(note).toContain(`endpoint           ${ctx.hub.url}`);
    expect(note).toContain(`user               ${user.username}`);
    expect(note).toContain("default_repo_type  dataset");
    expect(note).not.toContain(config.token as string);
    expect(note).toMatch(/token {14}\S{4}…\S{2} \(\d+ chars\)/);
    expect(r.prompter.spinners).toEqual(expect.arrayContaining([`Checking ${ctx.hub.url}`, "Logging in"]));
    expect(await anonClient(ctx.hub, { token: config.token as string }).whoami()).toMatchObject({
      username: user.username,
    });
  });

  test("a cancelled wizard writes nothing, and the menu still comes", async () => {
    const dir = tempConfigDir();
    const r = await session(
      { "Server URL": ctx.hub.url, "How do you want to log in?": CANCEL, "Main menu": "quit" },
      { configDir: dir, argv: [] },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Setup cancelled: the config file was not changed\n");
    expect(readConfig(dir)).toBeUndefined();
  });

  test("with a config file, no wizard", async () => {
    const dir = tempConfigDir();
    writeFileSync(join(dir, "config.json"), "{}\n");
    const r = await session({ "Main menu": "quit" }, { configDir: dir, argv: [] });
    expect(r.code).toBe(0);
    expect(r.prompter.asked).toEqual(["Main menu"]);
  });
});

describe("kohub-cli config wizard", () => {
  test("an unreachable URL is refused with the reason, then a pasted token (checked) is stored", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    const r = await session(
      {
        "Server URL": ["not a url", "http://127.0.0.1:9", ctx.hub.url],
        "Use this URL anyway?": "retry",
        "How do you want to log in?": "token",
        "API token": user.token,
        "Default repository type": "model",
      },
      { configDir: dir, argv: ["config", "wizard"] },
    );
    expect(r.code).toBe(0);
    expect(r.prompter.rejected).toEqual([
      {
        message: "Server URL",
        value: "not a url",
        problem: 'Invalid value "not a url" for endpoint: expected a URL such as http://localhost:8000',
      },
    ]);
    expect(r.prompter.notes[0]).toStartWith("The server did not answer as KohakuHub\nhttp://127.0.0.1:9: ");
    expect(readConfig(dir)).toEqual({ endpoint: ctx.hub.url, token: user.token, default_repo_type: "model" });
    expect(r.prompter.notes[1]).toContain(`user               ${user.username}`);
    expect(r.stdout + r.stderr).not.toContain(user.token);
  });

  test("a wrong password is shown and the login asked again; nothing is written before it works", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    const r = await session(
      {
        "Server URL": ctx.hub.url,
        "How do you want to log in?": ["password", "password"],
        Username: [user.username, user.username],
        Password: ["wrong", user.password],
        "Default repository type": "space",
      },
      { configDir: dir, argv: ["config", "wizard"] },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toStartWith("Error: Invalid username or password\n");
    expect(readConfig(dir)).toMatchObject({ endpoint: ctx.hub.url, default_repo_type: "space" });
  });

  test("skip the login: endpoint and type only, and a token of another server is dropped", async () => {
    const dir = tempConfigDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "config.json"),
      JSON.stringify({ endpoint: "http://old.example", token: "old-token" }),
    );
    const r = await session(
      {
        "Server URL": ctx.hub.url,
        "How do you want to log in?": "skip",
        "Default repository type": "model",
      },
      { configDir: dir, argv: ["config", "wizard"] },
    );
    expect(r.code).toBe(0);
    expect(readConfig(dir)).toEqual({ endpoint: ctx.hub.url, default_repo_type: "model" });
    expect(r.prompter.notes[0]).toContain("user               (not logged in)");
  });

  test("Ctrl-C at any step: exit 130 and the config file is untouched", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    writeFileSync(
      join(dir, "config.json"),
      `${JSON.stringify({ endpoint: "http://old.example", default_repo_type: "space" })}\n`,
    );
    const before = configText(dir);
    const scripts: Script[] = [
      { "Server URL": CANCEL },
      { "Server URL": ctx.hub.url, "How do you want to log in?": CANCEL },
      {
        "Server URL": ctx.hub.url,
        "How do you want to log in?": "password",
        Username: user.username,
        Password: user.password,
        "Default repository type": CANCEL,
      },
    ];
    for (const script of scripts) {
      const r = await session(script, { configDir: dir, argv: ["config", "wizard"] });
      expect(r.code).toBe(130);
      expect(r.stderr).toBe("Setup cancelled: the config file was not changed\n");
      expect(configText(dir)).toBe(before);
    }
    // No token was created on the server by the cancelled runs.
    expect(await user.client.listTokens()).toHaveLength(1);
  });

  test("without a terminal: a usage error naming the commands to use instead", async () => {
    const r = await runCli(["config", "wizard"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("The setup wizard needs a terminal: use 'kohub-cli config set endpoint URL'");
  });
});
