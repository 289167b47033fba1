/**
 * The interactive mode's SSH keys (Account > SSH keys): add from a file, list, delete, through the
 * commands' run functions, against the local hub on a pretend terminal.
 */
import { describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createUser, useHub } from "../helpers/hub.ts";
import { loggedInDir, session } from "../prompts/_session.ts";

const ctx = useHub();

/** A public key file (a random ssh-ed25519 key, commented `comment`). */
function keyFile(comment: string): string {
  const field = (data: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, data.length]), data]);
  const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(randomBytes(32))]);
  const path = join(mkdtempSync(join(tmpdir(), "kohub-menu-")), "id_ed25519.pub");
  writeFileSync(path, `ssh-ed25519 ${blob.toString("base64")} ${comment}\n`);
  return path;
}

describe("Account > SSH keys", () => {
  test("add from a file, list, delete (asked first); an empty list says so", async () => {
    const user = await createUser(ctx.hub);
    const dir = loggedInDir(ctx.hub.url, user);
    const added = await session(
      {
        "Main menu": ["account", "quit"],
        Account: ["ssh-keys", "back"],
        "SSH keys": ["add", "list", "back"],
        "Public key file": keyFile("menu@laptop"),
      },
      { configDir: dir },
    );
    expect(added.code).toBe(0);
    expect(added.stderr).toContain('✓ Added SSH key "menu@laptop"');
    const [key] = await user.client.listSshKeys();
    expect(key?.title).toBe("menu@laptop");
    expect(added.stdout).toContain("FINGERPRINT");
    expect(added.stdout).toContain(key?.fingerprint as string);

    const deleted = await session(
      {
        "Main menu": ["account", "quit"],
        Account: ["ssh-keys", "back"],
        "SSH keys": ["delete", "delete", "back"],
        "Which SSH key?": String(key?.id),
        [`Delete SSH key ${key?.id}? git over SSH with it will stop working`]: true,
      },
      { configDir: dir },
    );
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toContain(`✓ Deleted SSH key ${key?.id}\n`);
    expect(deleted.stderr).toContain("No SSH keys\n");
    expect(await user.client.listSshKeys()).toEqual([]);
  });
});
