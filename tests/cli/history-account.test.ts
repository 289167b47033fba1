/**
 * History for the account, organization, quota and profile commands: each change is one entry (secrets
 * masked), and `kohub-cli undo` round-trips it against the local hub where an inverse exists; where none
 * does, the entry says why and undo refuses it.
 */
import { describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXIT } from "../../src/errors.ts";
import { runCli, spawnCli, tempConfigDir } from "../helpers/cli.ts";
import { type HistorySession, historySession } from "../helpers/history.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

type Session = HistorySession<TestUser>;

async function session(user?: TestUser): Promise<Session> {
  return historySession(ctx.hub, user ?? (await createUser(ctx.hub)));
}

async function undo(s: Session): Promise<void> {
  const result = await s.run(["undo", "--yes"]);
  expect(result.code, result.stderr).toBe(0);
}

function ed25519Key(comment: string): string {
  const field = (data: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, data.length]), data]);
  const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(randomBytes(32))]);
  return `ssh-ed25519 ${blob.toString("base64")} ${comment}`;
}

function tempFile(name: string, content: string): string {
  const path = join(tempConfigDir(), name);
  writeFileSync(path, content);
  return path;
}

async function newOrg(owner: TestUser): Promise<string> {
  const org = uniqueName("org");
  await owner.client.createOrganization({ name: org });
  return org;
}

describe("account commands", () => {
  test("ssh-key add is undone by deleting that key", async () => {
    const s = await session();
    await s.ok(["auth", "ssh-key", "add", tempFile("k.pub", ed25519Key("me@box"))]);
    const entry = s.last();
    expect(entry.undo).toMatchObject([{ op: "sshkey.delete", title: "me@box" }]);
    await undo(s);
    expect(await s.user.client.listSshKeys()).toEqual([]);
    // Undone once: a second undo finds nothing left.
    expect((await s.run(["undo", "--yes"])).code).toBe(EXIT.NOT_FOUND);
  });

  test("ssh-key add's undo refuses when the key is gone already (exit 6)", async () => {
    const s = await session();
    await s.ok(["auth", "ssh-key", "add", tempFile("k.pub", ed25519Key("gone@box"))]);
    const [key] = await s.user.client.listSshKeys();
    await s.user.client.deleteSshKey(key?.id as number);
    const result = await s.run(["undo", "--yes"]);
    expect(result.code).toBe(EXIT.CONFLICT);
    expect(result.stderr).toContain("no longer exists");
  });

  test("external-token set: one entry, the token in no byte of the history, not undoable", async () => {
    const s = await session();
    const secret = `hf_${randomBytes(16).toString("hex")}`;
    const set = await spawnCli(["auth", "external-token", "set", "https://huggingface.co"], {
      env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: s.user.token, KOHUB_CONFIG_DIR: s.dir },
      stdin: `${secret}\n`,
    });
    expect(set.code, set.stderr).toBe(0);
    const text = readFileSync(join(s.dir, "history.jsonl"), "utf8");
    expect(text).not.toContain(secret);
    expect(text).not.toContain(s.user.token);
    expect(s.entries()).toHaveLength(1);
    expect(s.last()).toMatchObject({ undo: [], irreversible: expect.stringContaining("not kept") });
    const refused = await s.run(["undo", s.last().id, "--yes"]);
    expect(refused.code).toBe(EXIT.ERROR);
    expect(refused.stderr).toContain("cannot be undone");
  });

  test("external-token import and delete: entries without the tokens, not undoable; user avatar too", async () => {
    const s = await session();
    const secret = `hf_${randomBytes(16).toString("hex")}`;
    const file = tempFile("tokens.json", JSON.stringify({ "https://huggingface.co": secret }));
    await s.ok(["auth", "external-token", "import", file, "--yes"]);
    await s.ok(["auth", "external-token", "delete", "https://huggingface.co", "--yes"]);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
    const image = join(tempConfigDir(), "me.png");
    writeFileSync(image, png);
    await s.ok(["user", "avatar", "set", image]);
    await s.ok(["user", "avatar", "delete", "--yes"]);
    expect(readFileSync(join(s.dir, "history.jsonl"), "utf8")).not.toContain(secret);
    const all = s.entries();
    expect(all.map((e) => e.command)).toEqual([
      `kohub-cli auth external-token import ${file} --yes`,
      "kohub-cli auth external-token delete https://huggingface.co --yes",
      `kohub-cli user avatar set ${image}`,
      "kohub-cli user avatar delete --yes",
    ]);
    for (const e of all)
      expect(e).toMatchObject({ outcome: { ok: true }, undo: [], irreversible: expect.any(String) });
  });

  test("user settings: undo sets the previous values back; a changed value since stops it", async () => {
    const s = await session();
    await s.user.client.updateUserSettings({ fullName: "Old Name", bio: "old bio" });
    await s.ok(["user", "settings", "--full-name", "New Name", "--bio", "", "--social", "github=me"]);
    expect(s.last().undo).toEqual([
      {
        op: "user.settings",
        values: { fullName: "Old Name", bio: "old bio", socialMedia: {} },
        now: { fullName: "New Name", bio: "", socialMedia: { github: "me" } },
      },
    ]);
    await undo(s);
    const back = await s.user.client.userProfile({ username: s.user.username });
    expect(back).toMatchObject({ full_name: "Old Name", bio: "old bio" });
    expect(Object.keys(back.social_media ?? {})).toEqual([]);

    await s.ok(["user", "settings", "--bio", "newer"]);
    await s.user.client.updateUserSettings({ bio: "changed elsewhere" });
    const stopped = await s.run(["undo", "--yes"]);
    expect(stopped.code).toBe(EXIT.CONFLICT);
    expect(stopped.stderr).toContain("bio changed since");
  });

  test("user settings: removing the last social link is undone (an empty set of links is no change since)", async () => {
    const s = await session();
    await s.user.client.updateUserSettings({ socialMedia: { github: "me" } });
    await s.ok(["user", "settings", "--social", "github="]);
    await undo(s);
    const back = await s.user.client.userProfile({ username: s.user.username });
    expect(back.social_media).toEqual({ github: "me" });
  });

  test("user settings --email: undo sends the old email back, which the server marks unverified", async () => {
    const s = await session();
    const old = (await s.user.client.whoami()).email;
    await s.ok(["user", "settings", "--email", `${uniqueName("e")}@new.example.org`]);
    const result = await s.run(["undo", "--yes"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("unverified");
    const me = await s.user.client.whoami();
    expect(me.email).toBe(old);
    expect(me.email_verified).toBe(false);
  });
});

describe("organization commands", () => {
  test("org settings: undo sets the previous values back; showing is not recorded", async () => {
    const s = await session();
    const org = await newOrg(s.user);
    await s.user.client.updateOrganizationSettings({ org, description: "before", website: "" });
    await s.ok(["org", "settings", org]);
    await s.ok(["org", "settings", org, "-d", "after", "--website", "https://x.example.org"]);
    expect(s.entries()).toHaveLength(1);
    await undo(s);
    const profile = await s.user.client.getOrganizationProfile(org);
    expect(profile.description).toBe("before");
    expect(profile.website || "").toBe("");
  });

  test("org invite create: undo deletes the invitation; its token is in no byte of the history", async () => {
    const s = await session();
    const org = await newOrg(s.user);
    const created = await s.run(["--json", "org", "invite", "create", org]);
    expect(created.code, created.stderr).toBe(0);
    const { token } = JSON.parse(created.stdout) as { token: string };
    expect(readFileSync(join(s.dir, "history.jsonl"), "utf8")).not.toContain(token);
    expect(s.last().undo).toMatchObject([{ op: "invite.delete", org }]);
    await undo(s);
    expect(await s.user.client.listOrganizationInvitations(org)).toEqual([]);
  });

  test("org invite accept: as admin undo leaves the org; as member it cannot; the link is masked", async () => {
    const owner = await createUser(ctx.hub);
    const org = await newOrg(owner);
    const s = await session();
    const asAdmin = await owner.client.createOrganizationInvitation({ org, role: "admin" });
    await s.ok(["org", "invite", "accept", asAdmin.invitation_link]);
    expect(JSON.stringify(s.entries())).not.toContain(asAdmin.token);
    expect(s.last().command).toContain("/invite/");
    await undo(s);
    const members = await owner.client.listOrganizationMembers(org);
    expect(members.map((m) => m.user)).not.toContain(s.user.username);

    const asMember = await owner.client.createOrganizationInvitation({ org, role: "member" });
    // After `--`: a token may start with "-" (one in 64 does), which would read as a flag.
    await s.ok(["org", "invite", "accept", "--", asMember.token]);
    expect(JSON.stringify(s.last())).not.toContain(asMember.token);
    expect(s.last()).toMatchObject({ undo: [], irreversible: expect.stringContaining("no way to leave") });
  });

  test("org invite delete is recorded as not undoable, and its --help says so", async () => {
    const s = await session();
    const org = await newOrg(s.user);
    await s.user.client.createOrganizationInvitation({ org });
    const [inv] = await s.user.client.listOrganizationInvitations(org);
    await s.ok(["org", "invite", "delete", org, String(inv?.id), "--yes"]);
    expect(s.last()).toMatchObject({ undo: [], irreversible: expect.stringContaining("new invitation") });
    const help = await s.run(["org", "invite", "delete", "--help"]);
    expect(help.stdout).toContain("cannot be undone");
  });
});

describe("avatars", () => {
  test("org avatar set and delete are recorded as not undoable, and refused by undo", async () => {
    const s = await session();
    const org = await newOrg(s.user);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
    const image = join(tempConfigDir(), "logo.png");
    writeFileSync(image, png);
    await s.ok(["org", "avatar", "set", org, image]);
    await s.ok(["org", "avatar", "delete", org, "--yes"]);
    const [set, deleted] = s.entries();
    expect(set).toMatchObject({ undo: [], irreversible: expect.stringContaining("no previous avatar") });
    expect(deleted).toMatchObject({ undo: [], irreversible: expect.stringContaining("deleted avatar") });
    const refused = await s.run(["undo", set?.id as string, "--yes"]);
    expect(refused.code).toBe(EXIT.ERROR);
    expect(refused.stderr).toContain("cannot be undone");
  });
});

describe("quota set", () => {
  test("a namespace's quota: an unlimited one cannot be set back; a set one can", async () => {
    const s = await session();
    await s.ok(["quota", "set", s.user.username, "5MB"]);
    expect(s.last()).toMatchObject({ undo: [], irreversible: expect.stringContaining("unlimited") });
    await s.ok(["quota", "set", s.user.username, "7MB"]);
    expect(s.last().undo).toEqual([
      { op: "quota.set", namespace: s.user.username, bytes: 5_000_000, now: 7_000_000 },
    ]);
    await undo(s);
    const q = await s.user.client.getPublicQuota({ namespace: s.user.username });
    expect(q).toMatchObject({ public_quota_bytes: 5_000_000, private_quota_bytes: 5_000_000 });
  });

  test("a repository's own quota: undo makes it inherit again", async () => {
    const s = await session();
    const repo = `${s.user.username}/${uniqueName("q")}`;
    await s.user.client.createRepo({ repoId: repo });
    await s.ok(["quota", "set", "--repo", repo, "500"]);
    await undo(s);
    expect((await s.user.client.getRepoQuota({ repoId: repo })).is_inheriting).toBe(true);
  });

  test("quota recalculate is not recorded (it changes nothing anyone set)", async () => {
    const s = await session();
    await s.ok(["quota", "set", s.user.username, "5MB"]);
    await s.ok(["quota", "recalculate"]);
    expect(s.entries()).toHaveLength(1);
  });
});

describe("login, logout, switch", () => {
  test("auth login: recorded without the password; auth switch: undo switches back", async () => {
    const user = await createUser(ctx.hub);
    const dir = tempConfigDir();
    const cli = (argv: string[]) => runCli(argv, { configDir: dir });
    const login = await cli([
      "auth",
      "login",
      "--endpoint",
      ctx.hub.url,
      "-u",
      user.username,
      "-p",
      user.password,
    ]);
    expect(login.code, login.stderr).toBe(0);
    const history = readFileSync(join(dir, "history.jsonl"), "utf8");
    expect(history).not.toContain(user.password);
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as { token: string };
    expect(history).not.toContain(config.token);
    expect(JSON.parse(history.trim())).toMatchObject({
      undo: [],
      irreversible: expect.stringContaining("logout"),
    });

    const lab = { endpoint: ctx.hub.url, token: user.token };
    writeFileSync(join(dir, "config.json"), JSON.stringify({ ...config, profiles: { lab } }));
    expect((await cli(["auth", "switch", "lab"])).code).toBe(0);
    // Switching to the active one changes nothing and is not recorded.
    expect((await cli(["auth", "switch", "lab"])).code).toBe(0);
    const undone = await cli(["undo", "--yes"]);
    expect(undone.code, undone.stderr).toBe(0);
    const after = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as { active_profile?: string };
    expect(after.active_profile).toBeUndefined();
    const lines = readFileSync(join(dir, "history.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(3); // login, switch, undo

    expect((await cli(["auth", "logout"])).code).toBe(0);
    const logout = JSON.parse(
      readFileSync(join(dir, "history.jsonl"), "utf8").trim().split("\n").at(-1) as string,
    );
    expect(logout).toMatchObject({ command: "kohub-cli auth logout", undo: [], outcome: { ok: true } });
    expect(logout.irreversible).toContain("auth login");
  });
});
