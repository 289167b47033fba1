/**
 * The interactive menus record what they change in the history, as the command line would (through
 * src/history/run-recorded.ts), so that `kohub-cli undo` and the History menu undo a menu's action.
 */
import { describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HistoryEntry } from "../../src/history/types.ts";
import { runCli, tempConfigDir } from "../helpers/cli.ts";
import { createUser, uniqueName, useHub } from "../helpers/hub.ts";
import { loggedInDir, session } from "./_session.ts";

const ctx = useHub();

function entries(dir: string): HistoryEntry[] {
  const path = join(dir, "history.jsonl");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as HistoryEntry);
}

function keyFile(comment: string): string {
  const field = (data: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, data.length]), data]);
  const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(randomBytes(32))]);
  const path = join(tempConfigDir(), "id_ed25519.pub");
  writeFileSync(path, `ssh-ed25519 ${blob.toString("base64")} ${comment}\n`);
  return path;
}

describe("menus record their changes", () => {
  test("Account > SSH keys > add is recorded as auth ssh-key add, and undo deletes the key", async () => {
    const user = await createUser(ctx.hub);
    const dir = loggedInDir(ctx.hub.url, user);
    const file = keyFile("menu@box");
    const added = await session(
      {
        "Main menu": ["account", "quit"],
        Account: ["ssh-keys", "back"],
        "SSH keys": ["add", "list", "back"],
        "Public key file": file,
      },
      { configDir: dir },
    );
    expect(added.code, added.stderr).toBe(0);
    // Listing read only: one entry.
    const [entry] = entries(dir);
    expect(entries(dir)).toHaveLength(1);
    expect(entry).toMatchObject({
      command: `kohub-cli auth ssh-key add ${file}`,
      outcome: { ok: true },
      undo: [{ op: "sshkey.delete", title: "menu@box" }],
    });
    const undone = await runCli(["undo", "--yes"], { configDir: dir });
    expect(undone.code, undone.stderr).toBe(0);
    expect(await user.client.listSshKeys()).toEqual([]);
  });

  test("Repositories > create is recorded, and the History menu undoes it", async () => {
    const user = await createUser(ctx.hub);
    const dir = loggedInDir(ctx.hub.url, user);
    const name = uniqueName("menu");
    const created = await session(
      {
        "Main menu": ["repos", "quit"],
        Repositories: ["create", "back"],
        "Repository name": name,
        "Repository type": "dataset",
        Visibility: "private",
      },
      { configDir: dir },
    );
    expect(created.code, created.stderr).toBe(0);
    const repoId = `${user.username}/${name}`;
    const [entry] = entries(dir);
    expect(entry?.command).toBe(`kohub-cli repo create ${repoId} --type dataset --private`);
    expect(entry?.undo).toMatchObject([{ op: "repo.delete", repoId, type: "dataset" }]);

    const undone = await session(
      {
        "Main menu": ["history", "quit"],
        History: ["undo", "back"],
        "Undo which command?": entry?.id as string,
        [`Undo ${entry?.id}: delete dataset repository ${repoId}?`]: true,
      },
      { configDir: dir },
    );
    expect(undone.code, undone.stderr).toBe(0);
    expect(await user.client.repoExists({ repoId, type: "dataset" })).toBe(false);
    expect(entries(dir).at(-1)).toMatchObject({
      command: `kohub-cli undo ${entry?.id} --yes`,
      undoes: entry?.id,
    });
  });

  test("Account > Log in is recorded without the password", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    writeFileSync(join(dir, "config.json"), JSON.stringify({ endpoint: ctx.hub.url }));
    const r = await session(
      {
        "Main menu": ["account", "quit"],
        Account: ["login", "back"],
        "How do you want to log in?": "password",
        Username: user.username,
        Password: user.password,
      },
      { configDir: dir },
    );
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, "history.jsonl"), "utf8");
    expect(text).not.toContain(user.password);
    expect(entries(dir)).toMatchObject([
      { command: `kohub-cli auth login --username ${user.username}`, undo: [], outcome: { ok: true } },
    ]);
  });
});
