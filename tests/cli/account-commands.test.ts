/**
 * The account-side commands over the library: `auth ssh-key`, `auth external-token`, `user`, `hub info`
 * and `repo check-name`, in-process against the local hub (and as subprocesses where stdin is read).
 */
import { describe, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../../src/errors.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";
import { runCliAs, spawnCli, TTY, tempConfigDir } from "../helpers/cli.ts";
import { createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();
const HF = "https://huggingface.co";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

/** A well-formed, random ssh-ed25519 public key line and its OpenSSH SHA256 fingerprint. */
function ed25519Key(comment = "me@laptop"): { line: string; fingerprint: string } {
  const field = (data: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, data.length]), data]);
  const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(randomBytes(32))]);
  const fingerprint = `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
  return { line: `ssh-ed25519 ${blob.toString("base64")} ${comment}`, fingerprint };
}

/** Writes a file in a fresh temporary folder and returns its path. */
function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), "kohub-acct-")), name);
  writeFileSync(path, content);
  return path;
}

describe("auth ssh-key", () => {
  test("add (title from the comment), list, show, delete", async () => {
    const user = await createUser(ctx.hub);
    const { line, fingerprint } = ed25519Key("alice@laptop");
    const added = await runCliAs(ctx.hub, user, ["auth", "ssh-key", "add", tempFile("id.pub", `${line}\n`)]);
    expect(added.code).toBe(0);
    const [id, shownPrint] = added.stdout.trim().split("\t");
    expect(shownPrint).toBe(fingerprint);
    expect(await user.client.listSshKeys()).toEqual([expect.objectContaining({ title: "alice@laptop" })]);

    const list = await runCliAs(ctx.hub, user, ["auth", "ssh-key", "list"]);
    expect(list.stdout).toStartWith(`${id}\talice@laptop\tssh-ed25519\t${fingerprint}\t`);
    const table = await runCliAs(ctx.hub, user, ["auth", "ssh-key", "list"], { tty: TTY });
    expect(table.stdout).toContain("FINGERPRINT");
    const show = await runCliAs(ctx.hub, user, ["--json", "auth", "ssh-key", "show", String(id)]);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: Number(id), fingerprint, key_type: "ssh-ed25519" });

    const refused = await runCliAs(ctx.hub, user, ["auth", "ssh-key", "delete", String(id)]);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain("pass --yes");
    const deleted = await runCliAs(ctx.hub, user, [
      "--json",
      "auth",
      "ssh-key",
      "delete",
      String(id),
      "--yes",
    ]);
    expect(JSON.parse(deleted.stdout)).toEqual({ id: Number(id), deleted: true });
    expect(await user.client.listSshKeys()).toEqual([]);
    const gone = await runCliAs(ctx.hub, user, ["auth", "ssh-key", "show", String(id)]);
    expect(gone.code).toBe(EXIT.NOT_FOUND);
  });

  test("from stdin with --title; the same key again is a conflict (6) that says whose it is", async () => {
    const user = await createUser(ctx.hub);
    const { line, fingerprint } = ed25519Key();
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token };
    const first = await spawnCli(["auth", "ssh-key", "add", "-", "--title", "agent", "-q"], {
      env,
      stdin: line,
    });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^\d+\n$/);
    const again = await spawnCli(["auth", "ssh-key", "add", "-"], { env, stdin: line });
    expect(again.code).toBe(EXIT.CONFLICT);
    const [mine] = await user.client.listSshKeys();
    expect(again.stderr).toBe(
      `Error: This key is already yours: SSH key ${mine?.id} "agent" (${fingerprint})\n`,
    );
    const other = await createUser(ctx.hub);
    const theirs = await runCliAs(ctx.hub, other, [
      "--json",
      "auth",
      "ssh-key",
      "add",
      tempFile("k.pub", line),
    ]);
    expect(theirs.code).toBe(EXIT.CONFLICT);
    expect(JSON.parse(theirs.stdout)).toEqual({
      error: `This key (${fingerprint}) is registered by another user: a key can belong to one account only`,
      code: "ConflictError",
    });
    expect((await user.client.listSshKeys()).map((k) => k.title)).toEqual(["agent"]);
  });

  test("a refused key type names the accepted ones; a private key is never sent", async () => {
    const user = await createUser(ctx.hub);
    const odd = await runCliAs(ctx.hub, user, [
      "auth",
      "ssh-key",
      "add",
      tempFile("k.pub", "ssh-foo AAAA x"),
    ]);
    expect(odd.code).not.toBe(0);
    expect(odd.stderr).toContain("Unsupported key type: ssh-foo (the server accepts ssh-rsa, ssh-dss,");
    expect(odd.stderr).toContain("ssh-ed25519)");
    const before = ctx.hub.requests.length;
    const secret =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    const path = tempFile("id_ed25519", secret);
    const priv = await runCliAs(ctx.hub, user, ["auth", "ssh-key", "add", path]);
    expect(priv.code).toBe(EXIT.USAGE);
    expect(priv.stderr).toContain(`${path} holds a private key: give the public key (${path}.pub?)`);
    expect(ctx.hub.requests.length).toBe(before);
  });
});

describe("auth external-token", () => {
  test("set from stdin, list masked, delete; a URL that is no source is warned about", async () => {
    const user = await createUser(ctx.hub);
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token };
    const secret = "hf_secret_value_123456";
    const set = await spawnCli(["auth", "external-token", "set", HF], { env, stdin: `${secret}\n` });
    expect(set.code).toBe(0);
    expect(set.stderr).toContain(`${HF} is not one of the server's upstream sources`);
    expect(`${set.stdout}${set.stderr}`).not.toContain(secret);
    expect((await user.client.listExternalTokens()).map((t) => t.url)).toEqual([HF]);

    const list = await runCliAs(ctx.hub, user, ["auth", "external-token", "list"]);
    expect(list.stdout).toStartWith(`${HF}\thf_s***\t`);
    expect(list.stdout).not.toContain(secret);

    const empty = await spawnCli(["auth", "external-token", "set", HF], { env, stdin: "" });
    expect(empty.code).toBe(EXIT.USAGE);
    const del = await runCliAs(ctx.hub, user, ["auth", "external-token", "delete", HF, "--yes"]);
    expect(del.code).toBe(0);
    expect(await user.client.listExternalTokens()).toEqual([]);
    const missing = await runCliAs(ctx.hub, user, ["auth", "external-token", "delete", HF, "--yes"]);
    expect(missing.code).toBe(EXIT.NOT_FOUND);
  });

  test("asked on a terminal, no warning for a listed source", async () => {
    const user = await createUser(ctx.hub);
    const url = `https://${uniqueName("src")}.example.org`;
    ctx.hub.db
      .query(
        "INSERT INTO fallback_sources (namespace, url, token, priority, name, source_type, enabled) VALUES ('', ?, NULL, 1, 'Mirror', 'kohakuhub', 1)",
      )
      .run(url);
    const prompter = scriptedPrompter({ [`Token for ${url}`]: "tok-abcdefghijk" });
    const r = await runCliAs(ctx.hub, user, ["auth", "external-token", "set", url], {
      tty: { ...TTY, canPrompt: true },
      prompter,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("not one of");
    expect(r.stderr).toContain(`Stored the token for ${url} (tok-…jk (15 chars))`);
    const hub = await runCliAs(ctx.hub, user, ["--json", "hub", "info"]);
    expect(JSON.parse(hub.stdout).fallback_sources).toContainEqual(expect.objectContaining({ url }));
  });

  test("import replaces the whole set; --yes is needed without a terminal; bad files change nothing", async () => {
    const user = await createUser(ctx.hub);
    await user.client.setExternalToken({ url: "https://old.example.org", token: "old-token" });
    const file = tempFile(
      "t.json",
      JSON.stringify({ [HF]: "hf_new_token_value", "https://b.example.org": "tok-b" }),
    );
    const noYes = await runCliAs(ctx.hub, user, ["auth", "external-token", "import", file]);
    expect(noYes.code).toBe(EXIT.USAGE);
    const r = await runCliAs(ctx.hub, user, ["--json", "auth", "external-token", "import", file, "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("hf_new_token_value");
    expect(JSON.parse(r.stdout).tokens.map((t: { url: string }) => t.url)).toEqual([
      HF,
      "https://b.example.org",
    ]);
    expect((await user.client.listExternalTokens()).map((t) => t.url).sort()).toEqual([
      "https://b.example.org",
      HF,
    ]);
    for (const bad of ["not json", '[{"url": "ftp://x", "token": "t"}]', `[{"url": "${HF}"}]`]) {
      const refused = await runCliAs(ctx.hub, user, [
        "auth",
        "external-token",
        "import",
        tempFile("b.json", bad),
        "-y",
      ]);
      expect(refused.code).toBe(EXIT.USAGE);
    }
    expect(await user.client.listExternalTokens()).toHaveLength(2);
  });
});

describe("user", () => {
  test("info tells a user from an organization", async () => {
    const user = await createUser(ctx.hub);
    await user.client.updateUserSettings({ fullName: "Alice A.", socialMedia: { github: "alice" } });
    const org = uniqueName("org");
    await user.client.createOrganization({ name: org, description: "A lab" });
    const info = await runCliAs(ctx.hub, user, ["user", "info", user.username]);
    expect(info.stdout).toContain("Type\tuser\nFull name\tAlice A.\nSocial\tgithub=alice\n");
    const json = JSON.parse((await runCliAs(ctx.hub, user, ["--json", "user", "info", org])).stdout);
    expect(json).toMatchObject({ name: org, type: "org", profile: { member_count: 1 } });
    expect((await runCliAs(ctx.hub, user, ["user", "info", org, "-q"])).stdout).toBe("org\n");
    const missing = await runCliAs(ctx.hub, user, ["user", "info", uniqueName("nobody")]);
    expect(missing.code).toBe(EXIT.NOT_FOUND);
  });

  test("settings: show, change fields and links, an email change is said to reset verification", async () => {
    const user = await createUser(ctx.hub);
    const shown = await runCliAs(ctx.hub, user, ["--json", "user", "settings"]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ username: user.username, email: user.email });
    await runCliAs(ctx.hub, user, ["user", "settings", "--social", "github=al", "--social", "x=al"]);
    const changed = await runCliAs(ctx.hub, user, [
      "--json",
      "user",
      "settings",
      "--bio",
      "Trains models",
      "--social",
      "x=",
      "--email",
      `new-${user.email}`,
    ]);
    expect(changed.code).toBe(0);
    expect(changed.stderr).toContain(`Your email is now new-${user.email}: the server marked it unverified`);
    expect(JSON.parse(changed.stdout)).toMatchObject({
      email: `new-${user.email}`,
      email_verified: false,
      bio: "Trains models",
      social_media: { github: "al" },
    });
    const bad = await runCliAs(ctx.hub, user, ["user", "settings", "--social", "novalue"]);
    expect(bad.code).toBe(EXIT.USAGE);
  });

  test("avatar set, get (to a file), delete; a non-image is refused before sending", async () => {
    const user = await createUser(ctx.hub);
    const set = await runCliAs(ctx.hub, user, ["user", "avatar", "set", tempFile("me.png", PNG)]);
    expect(set.code).toBe(0);
    const out = join(mkdtempSync(join(tmpdir(), "kohub-avatar-")), "a.jpg");
    const get = await runCliAs(ctx.hub, user, [
      "--json",
      "user",
      "avatar",
      "get",
      user.username,
      "--file",
      out,
    ]);
    expect(JSON.parse(get.stdout)).toMatchObject({ username: user.username, path: out, bytes: PNG.length });
    expect(new Uint8Array(readFileSync(out))).toEqual(PNG);
    // `--file -`: the bytes themselves on stdout (not with JSON mode, which prints one JSON document).
    const proc = Bun.spawn(
      [
        process.execPath,
        join(import.meta.dir, "..", "..", "src", "main.ts"),
        "user",
        "avatar",
        "get",
        "-f",
        "-",
      ],
      {
        env: {
          ...process.env,
          HF_ENDPOINT: ctx.hub.url,
          HF_TOKEN: user.token,
          KOHUB_CONFIG_DIR: tempConfigDir(),
        },
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
        timeout: 30_000,
      },
    );
    expect(new Uint8Array(await new Response(proc.stdout).arrayBuffer())).toEqual(PNG);
    expect(await proc.exited).toBe(0);
    const json = await runCliAs(ctx.hub, user, ["--json", "user", "avatar", "get", "-f", "-"]);
    expect(json.code).toBe(EXIT.USAGE);
    const text = await runCliAs(ctx.hub, user, ["user", "avatar", "set", tempFile("x.png", "hello")]);
    expect(text.code).toBe(EXIT.USAGE);
    expect(text.stderr).toContain("is not a JPEG, PNG, WebP or GIF image");
    expect((await runCliAs(ctx.hub, user, ["user", "avatar", "delete", "--yes"])).code).toBe(0);
    const none = await runCliAs(ctx.hub, user, ["user", "avatar", "get", "-f", out]);
    expect(none.code).toBe(EXIT.NOT_FOUND);
  });

  test("likes lists the repositories a user liked", async () => {
    const user = await createUser(ctx.hub);
    const repo = `${user.username}/${uniqueName("liked")}`;
    await user.client.createRepo({ repoId: repo, type: "dataset" });
    await user.client.likeRepo({ repoId: repo, type: "dataset" });
    const r = await runCliAs(ctx.hub, user, ["user", "likes"]);
    expect(r.stdout).toStartWith(`dataset\t${repo}\t`);
    expect((await runCliAs(ctx.hub, user, ["user", "likes", user.username, "-q"])).stdout).toBe(`${repo}\n`);
  });
});

describe("hub info and repo check-name", () => {
  test("hub info: the dataset viewer the local hub lacks is unavailable, not an error", async () => {
    const user = await createUser(ctx.hub);
    const r = await runCliAs(ctx.hub, user, ["hub", "info"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("KohakuHub API\ttrue\n");
    expect(r.stdout).toMatch(/Dataset viewer\tunavailable \(404: /);
    const json = JSON.parse((await runCliAs(ctx.hub, user, ["--json", "hub", "info"])).stdout);
    expect(json.dataset_viewer).toBeNull();
    expect(Object.keys(json.unavailable)).toEqual(["dataset_viewer"]);
    const down = await runCliAs({ url: "http://127.0.0.1:9" }, user, ["hub", "info"]);
    expect(down.code).toBe(EXIT.NETWORK);
  });

  test("check-name: free is 0, taken (even by case) is 6 with the server's reason", async () => {
    const user = await createUser(ctx.hub);
    const name = uniqueName("Model");
    await user.client.createRepo({ repoId: `${user.username}/${name}` });
    const free = await runCliAs(ctx.hub, user, ["repo", "check-name", uniqueName("free")]);
    expect(free.code).toBe(0);
    expect(free.stdout).toContain("Available\ttrue\n");
    const taken = await runCliAs(ctx.hub, user, ["--json", "repo", "check-name", name.toLowerCase()]);
    expect(taken.code).toBe(EXIT.CONFLICT);
    expect(JSON.parse(taken.stdout)).toMatchObject({ code: "NameTaken", details: { available: false } });
    const otherType = await runCliAs(ctx.hub, user, ["repo", "check-name", name, "-t", "dataset"]);
    expect(otherType.code).toBe(0);
    expect((await runCliAs(ctx.hub, user, ["repo", "check-name", "bad name"])).code).toBe(EXIT.USAGE);
  });
});

describe("history", () => {
  test("changes are recorded as not undoable; showing settings is not recorded", async () => {
    const user = await createUser(ctx.hub);
    const configDir = tempConfigDir();
    const key = await user.client.addSshKey({ title: "t", key: ed25519Key().line });
    await runCliAs(ctx.hub, user, ["user", "settings"], { configDir });
    await runCliAs(ctx.hub, user, ["auth", "ssh-key", "delete", String(key.id), "--yes"], { configDir });
    const history = await runCliAs(ctx.hub, user, ["history"], { configDir });
    const lines = history.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    // Not undoable (the server never gives a key's text back), and the history says why.
    expect(lines[0]).toMatch(new RegExp(`\tok\tno: .+\tkohub-cli auth ssh-key delete ${key.id} --yes$`));
  });
});
