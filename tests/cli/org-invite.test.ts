/**
 * `kohub-cli org invite|settings|avatar`, in-process against the local hub: the invitation link printed
 * once (a warning on stderr, the whole document in JSON mode), lists that never show whole tokens, accept
 * and delete by link or by list id, settings shown and changed (social links merged), avatar round trip.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { invitationToken } from "../../src/commands/org/invite/_token.ts";
import { toOptions as createOptions } from "../../src/commands/org/invite/create.ts";
import { EXIT } from "../../src/errors.ts";
import { runCliAs, tempConfigDir } from "../helpers/cli.ts";
import { orgWithAdmin } from "../helpers/fixtures.ts";
import { createUser, useHub } from "../helpers/hub.ts";

const ctx = useHub();
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

describe("toOptions and tokens", () => {
  test("invite create: role, uses and email are checked before any request", () => {
    expect(createOptions({ org: "o" })).toEqual({
      org: "o",
      role: "member",
      email: undefined,
      maxUses: undefined,
      expiresDays: undefined,
    });
    expect(createOptions({ org: "o", "max-uses": "unlimited" }).maxUses).toBe(-1);
    expect(createOptions({ org: "o", "max-uses": "5", "expires-days": "30" })).toMatchObject({
      maxUses: 5,
      expiresDays: 30,
    });
    expect(() => createOptions({ org: "o", role: "super-admin" })).toThrow(/an invitation can carry/);
    expect(() => createOptions({ org: "o", "max-uses": "0" })).toThrow(/--max-uses/);
    expect(() => createOptions({ org: "o", email: "nope" })).toThrow(/Invalid email/);
  });

  test("an invitation is its link or its token", () => {
    const token = "AbC_123-xyzXYZ0987654321abcdefghijklmnopq";
    expect(invitationToken(`https://hub.example.com/invite/${token}`)).toBe(token);
    expect(invitationToken(`http://localhost:8080/invite/${token}/`)).toBe(token);
    expect(invitationToken(token)).toBe(token);
    expect(() => invitationToken("not a token")).toThrow(/Invalid invitation/);
  });
});

describe("org invite", () => {
  test("create prints the link once with a warning; another user accepts it by link", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const created = await runCliAs(ctx.hub, admin, ["org", "invite", "create", org, "--role", "admin"]);
    expect(created.code).toBe(0);
    const link = created.stdout.trim();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
    expect(created.stderr).toContain("shown only once");
    expect(created.stderr).toContain(`join ${org} as admin`);

    const bob = await createUser(ctx.hub, "bob");
    const shown = await runCliAs(ctx.hub, bob, ["org", "invite", "show", link]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Organization\t${org}`);
    expect(shown.stdout).toContain("Status\tavailable");

    const accepted = await runCliAs(ctx.hub, bob, ["org", "invite", "accept", link, "-q"]);
    expect(accepted).toMatchObject({ code: 0, stdout: `${org}\n` });
    const members = await admin.client.listOrganizationMembers(org);
    expect(members).toContainEqual({ user: bob.username, role: "admin" });

    const again = await runCliAs(ctx.hub, bob, ["org", "invite", "accept", link]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already been used|already a member/);
  });

  test("JSON: the link and token are in the document; the list shows only a token hint", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const created = await runCliAs(ctx.hub, admin, [
      "--json",
      "org",
      "invite",
      "create",
      org,
      "--max-uses",
      "3",
    ]);
    expect(created.code).toBe(0);
    const doc = JSON.parse(created.stdout);
    expect(doc).toMatchObject({ org, role: "member", max_usage: 3, is_reusable: true });
    expect(doc.invitation_link).toEndWith(`/invite/${doc.token}`);

    const list = await runCliAs(ctx.hub, admin, ["--json", "org", "invite", "list", org]);
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain(doc.token);
    const [row] = JSON.parse(list.stdout);
    expect(row).toMatchObject({ role: "member", status: "pending", token_hint: `${doc.token.slice(0, 6)}…` });
    expect(row.token).toBeUndefined();

    const piped = await runCliAs(ctx.hub, admin, ["org", "invite", "list", org]);
    expect(piped.stdout.split("\t").slice(0, 5)).toEqual([
      String(row.id),
      row.token_hint,
      "member",
      "pending",
      "0/3",
    ]);
    expect(piped.stdout).not.toContain(doc.token);
  });

  test("delete by list id: confirmed with --yes, refused without a terminal", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const doc = JSON.parse(
      (await runCliAs(ctx.hub, admin, ["--json", "org", "invite", "create", org])).stdout,
    );
    const [row] = await admin.client.listOrganizationInvitations(org);
    const refused = await runCliAs(ctx.hub, admin, ["org", "invite", "delete", org, String(row?.id)]);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain("--yes");
    expect(await admin.client.listOrganizationInvitations(org)).toHaveLength(1);

    const deleted = await runCliAs(ctx.hub, admin, [
      "--json",
      "org",
      "invite",
      "delete",
      org,
      String(row?.id),
      "--yes",
    ]);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ org, id: row?.id, deleted: true });
    expect(await admin.client.listOrganizationInvitations(org)).toHaveLength(0);
    const gone = await runCliAs(ctx.hub, admin, ["org", "invite", "show", doc.invitation_link]);
    expect(gone.code).toBe(EXIT.NOT_FOUND);

    const other = await orgWithAdmin(ctx.hub);
    const theirs = await other.admin.client.createOrganizationInvitation({ org: other.org });
    const wrongOrg = await runCliAs(ctx.hub, other.admin, [
      "org",
      "invite",
      "delete",
      org,
      theirs.invitation_link,
      "-y",
    ]);
    expect(wrongOrg.code).toBe(EXIT.USAGE);
    expect(wrongOrg.stderr).toContain(`That invitation is for ${other.org}, not ${org}`);
    expect(await other.admin.client.listOrganizationInvitations(other.org)).toHaveLength(1);

    const unknown = await runCliAs(ctx.hub, admin, ["org", "invite", "delete", org, "999999", "-y"]);
    expect(unknown.code).toBe(EXIT.NOT_FOUND);
    expect(unknown.stderr).toContain("No invitation 999999");
  });

  test("a non-admin cannot create or list invitations (5)", async () => {
    const { org } = await orgWithAdmin(ctx.hub);
    const other = await createUser(ctx.hub);
    for (const argv of [
      ["org", "invite", "create", org],
      ["org", "invite", "list", org],
    ]) {
      const r = await runCliAs(ctx.hub, other, argv);
      expect(r.code).toBe(EXIT.FORBIDDEN);
      expect(r.stdout).toBe("");
    }
  });
});

describe("org settings", () => {
  test("shows the profile; flags change it; --social merges and removes links", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "First");
    const shown = await runCliAs(ctx.hub, admin, ["org", "settings", org]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Name\t${org}\n`);
    expect(shown.stdout).toContain("Description\tFirst\n");

    const set = await runCliAs(ctx.hub, admin, [
      "org",
      "settings",
      org,
      "--bio",
      "We train models",
      "--website",
      "https://example.com",
      "--social",
      "github=my-lab",
      "--social",
      "twitter_x=lab",
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("Bio\tWe train models");
    const removed = await runCliAs(ctx.hub, admin, [
      "--json",
      "org",
      "settings",
      org,
      "--social",
      "twitter_x=",
    ]);
    expect(JSON.parse(removed.stdout)).toMatchObject({
      bio: "We train models",
      website: "https://example.com",
      description: "First",
      social_media: { github: "my-lab" },
    });
    const profile = await admin.client.getOrganizationProfile(org);
    expect(profile.social_media).toEqual({ github: "my-lab" });
  });

  test("bad flags are refused before any request; a non-admin is refused (5)", async () => {
    const { org } = await orgWithAdmin(ctx.hub);
    const other = await createUser(ctx.hub);
    const before = ctx.hub.requests.length;
    const bad = await runCliAs(ctx.hub, other, ["org", "settings", org, "--social", "nokey"]);
    expect(bad.code).toBe(EXIT.USAGE);
    const site = await runCliAs(ctx.hub, other, ["org", "settings", org, "--website", "ftp://x"]);
    expect(site.code).toBe(EXIT.USAGE);
    expect(ctx.hub.requests.length).toBe(before);
    const denied = await runCliAs(ctx.hub, other, ["org", "settings", org, "--bio", "x"]);
    expect(denied.code).toBe(EXIT.FORBIDDEN);
  });
});

describe("org avatar", () => {
  test("set, get (never over an existing file without --force), delete", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const dir = tempConfigDir();
    const image = join(dir, "logo.png");
    writeFileSync(image, PNG);
    const set = await runCliAs(ctx.hub, admin, ["org", "avatar", "set", org, image]);
    expect(set.code).toBe(0);

    const out = join(dir, "saved.jpg");
    const got = await runCliAs(ctx.hub, admin, ["--json", "org", "avatar", "get", org, out]);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ org, path: out, size_bytes: PNG.length });
    expect(new Uint8Array(readFileSync(out))).toEqual(PNG);
    const kept = await runCliAs(ctx.hub, admin, ["org", "avatar", "get", org, out]);
    expect(kept.code).toBe(EXIT.USAGE);
    expect(kept.stderr).toContain("--force");
    expect((await runCliAs(ctx.hub, admin, ["org", "avatar", "get", org, out, "--force"])).code).toBe(0);

    const deleted = await runCliAs(ctx.hub, admin, ["org", "avatar", "delete", org, "--yes"]);
    expect(deleted.code).toBe(0);
    const missing = await runCliAs(ctx.hub, admin, ["org", "avatar", "get", org, join(dir, "none.jpg")]);
    expect(missing.code).toBe(EXIT.NOT_FOUND);
    expect(existsSync(join(dir, "none.jpg"))).toBe(false);
  });

  test("a missing file is a usage error before any request", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const r = await runCliAs(ctx.hub, admin, ["org", "avatar", "set", org, "/nonexistent/logo.png"]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toContain("Cannot read /nonexistent/logo.png");
  });
});
