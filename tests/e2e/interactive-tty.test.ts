/**
 * The real program in a real pseudo-terminal: `bun src/main.ts` inside tmux, against the local hub started
 * by this test, driven with send-keys and read with capture-pane. First run (no config file): the setup
 * wizard, a login, then the menu: create a repository, list it, quit.
 *
 * Set KOHUB_CAPTURE=path to save the main menu screen (docs/interactive.md shows it).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempConfigDir } from "../helpers/cli.ts";
import { createUser, useHub } from "../helpers/hub.ts";

const ROOT = join(import.meta.dir, "..", "..");
const TMUX = Bun.which("tmux");
const SOCKET = `kohub-e2e-${process.pid}`;
const ctx = useHub();

function tmux(...args: string[]): string {
  const r = Bun.spawnSync(["tmux", "-u", "-L", SOCKET, ...args], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`tmux ${args.join(" ")}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

/** The screen and its scrollback. */
function screen(): string {
  return tmux("capture-pane", "-p", "-J", "-S", "-500", "-t", "kohub");
}

/** Polls the screen until `pattern` shows, or fails with what the screen showed. */
async function waitFor(pattern: string | RegExp, timeoutMs = 8000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (typeof pattern === "string" ? text.includes(pattern) : pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; the screen:\n${text}`);
    await Bun.sleep(40);
  }
}

function keys(...names: string[]): void {
  tmux("send-keys", "-t", "kohub", ...names);
}

function type(text: string): void {
  tmux("send-keys", "-t", "kohub", "-l", text);
}

afterAll(() => {
  if (TMUX) Bun.spawnSync(["tmux", "-L", SOCKET, "kill-server"], { stderr: "ignore" });
});

describe.skipIf(!TMUX)("interactive mode in a terminal (tmux)", () => {
  test("first-run wizard, login, create a repository, list it, quit", async () => {
    const user = await createUser(ctx.hub);
    const configDir = tempConfigDir();
    const shell = [
      `env -i PATH="$PATH" HOME="${configDir}" TERM=xterm-256color LANG=C.UTF-8 NO_COLOR=1`,
      `KOHUB_CONFIG_DIR="${configDir}" HF_ENDPOINT="${ctx.hub.url}"`,
      `"${process.execPath}" src/main.ts; echo "[exit $?]"; sleep 60`,
    ].join(" ");
    tmux("new-session", "-d", "-s", "kohub", "-x", "120", "-y", "40", "-c", ROOT, shell);

    // The wizard: the server URL comes pre-filled from HF_ENDPOINT, and is checked.
    await waitFor(/◆ {2}Server URL/);
    keys("Enter");
    await waitFor("is a KohakuHub server");
    await waitFor(/◆ {2}How do you want to log in\?/);
    keys("Enter"); // username and password
    await waitFor(/◆ {2}Username/);
    type(user.username);
    keys("Enter");
    await waitFor(/◆ {2}Password/);
    type(user.password);
    keys("Enter");
    await waitFor(/◆ {2}Default repository type/);
    keys("Enter"); // model
    await waitFor(`Wrote ${configDir}/config.json`);

    // The main menu.
    const menu = await waitFor(/◆ {2}Main menu[\s\S]*Quit/);
    if (process.env.KOHUB_CAPTURE) writeFileSync(process.env.KOHUB_CAPTURE, menu);
    keys("Enter"); // Repositories
    await waitFor(/◆ {2}Repositories/);
    keys("Down", "Enter"); // Create a repository
    await waitFor(/◆ {2}Repository name/);
    type("tty-model");
    keys("Enter");
    await waitFor(/◆ {2}Repository type/);
    keys("Enter");
    await waitFor(/◆ {2}Visibility/);
    keys("Enter");
    await waitFor(/Created public model repository \S+\/tty-model[\s\S]*◆ {2}Repositories/);
    keys("Enter"); // List my repositories
    const listed = await waitFor(/TYPE\s+ID[\s\S]*◆ {2}Repositories/);
    expect(listed).toMatch(new RegExp(`model\\s+${user.username}/tty-model\\s+public`));
    keys("Escape"); // back to the main menu
    await waitFor(/◆ {2}Main menu/);
    keys("Up", "Enter"); // Quit (the list wraps around)
    const end = await waitFor("[exit 0]");
    expect(end).toContain("Bye");

    const config = JSON.parse(readFileSync(join(configDir, "config.json"), "utf8"));
    expect(config).toMatchObject({ endpoint: ctx.hub.url, default_repo_type: "model" });
    expect(await user.client.repoExists({ repoId: `${user.username}/tty-model` })).toBe(true);
    expect(existsSync(join(configDir, "config.json"))).toBe(true);
  }, 30_000);
});

if (!TMUX) {
  test.skip("interactive mode in a terminal: skipped because tmux is not installed (apt-get install tmux)", () => {});
}
