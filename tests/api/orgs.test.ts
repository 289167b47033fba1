import { describe, expect, test } from "bun:test";
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
  ValidationError,
} from "../../src/index.ts";
import { failure, orgWithAdmin } from "../helpers/fixtures.ts";
import { anonClient, createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

describe("createOrganization / getOrganization", () => {
  test("the creator becomes super-admin and the org is readable by anyone", async () => {
    const admin = await createUser(ctx.hub, "admin");
    const name = uniqueName("org");
    const created = await admin.client.createOrganization({ name, description: "Vision models" });
    expect(created).toMatchObject({ success: true, name });

    const info = await anonClient(ctx.hub).getOrganization(name);
    expect(info).toMatchObject({
      name,
      description: "Vision models",
      _source: "local",
      repo_count: { model: 0, dataset: 0, space: 0, total: 0 },
    });
    expect(typeof info.created_at).toBe("string");

    expect(await anonClient(ctx.hub).listOrganizationMembers(name)).toEqual([
      { user: admin.username, role: "super-admin" },
    ]);
    expect(await admin.client.listUserOrganizations()).toEqual([
      { name, description: "Vision models", role: "super-admin" },
    ]);
  });

  test("a duplicate org name is a ConflictError (400) with the server's message", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const other = await createUser(ctx.hub);
    for (const client of [admin.client, other.client]) {
      const err = await failure(client.createOrganization({ name: org }));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.status).toBe(400);
      expect(err.message).toBe("Organization name already exists");
    }
  });

  test("a reserved or malformed name is refused before any request", async () => {
    const user = await createUser(ctx.hub);
    const before = ctx.hub.requests.length;
    for (const name of ["models", "Fallback-Sources", "a", "has space", "a/b"]) {
      const err = await failure(user.client.createOrganization({ name }));
      expect(err).toBeInstanceOf(InputError);
    }
    // Other methods refuse a name the server would route elsewhere (it decodes %2F before routing).
    expect(await failure(user.client.getOrganization("a/b"))).toBeInstanceOf(InputError);
    expect(await failure(user.client.acceptInvitation(""))).toBeInstanceOf(InputError);
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("the server refuses reserved names with 400 (raw request)", async () => {
    const user = await createUser(ctx.hub);
    const err = await failure(
      user.client.http.json({ method: "POST", path: "/org/create", json: { name: "Models" } }),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(400);
    expect(err.message).toBe("Organization name 'Models' is reserved and cannot be used");
  });

  test("quirk: a name equal to, or normalizing to, an existing username is a plain-text 500", async () => {
    const user = await createUser(ctx.hub);
    for (const name of [user.username, user.username.toUpperCase()]) {
      const err = await failure(user.client.createOrganization({ name }));
      expect(err).toBeInstanceOf(ServerError);
      expect(err.status).toBe(500);
      expect(err.message).toBe("Internal Server Error");
    }
    // Nothing was created.
    expect(await user.client.listUserOrganizations()).toEqual([]);
  });

  test("quirk: a name normalizing to an existing org is a 500 too (only exact org names are checked)", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const err = await failure(admin.client.createOrganization({ name: org.toUpperCase() }));
    expect(err).toBeInstanceOf(ServerError);
  });

  test("anonymous creation is an AuthenticationError", async () => {
    const err = await failure(anonClient(ctx.hub).createOrganization({ name: uniqueName("org") }));
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toBe("Not authenticated");
  });

  test("an unknown org, or a name that is a user, is a NotFoundError", async () => {
    const user = await createUser(ctx.hub);
    for (const name of [uniqueName("ghost"), user.username]) {
      const err = await failure(anonClient(ctx.hub).getOrganization(name, { fallback: false }));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toBe("Organization not found");
    }
    const members = await failure(anonClient(ctx.hub).listOrganizationMembers(user.username));
    expect(members).toBeInstanceOf(NotFoundError);
    expect(members.message).toBe("Organization not found");
  });
});

describe("members", () => {
  test("an admin adds, promotes and removes members; lists follow", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const bob = await createUser(ctx.hub, "bob");
    expect(await admin.client.addOrganizationMember({ org, username: bob.username })).toEqual({
      success: true,
      message: "Member added successfully",
    });
    expect(await anonClient(ctx.hub).listUserOrganizations(bob.username)).toEqual([
      { name: org, description: "test org", role: "member" },
    ]);

    expect(
      await admin.client.updateOrganizationMember({ org, username: bob.username, role: "admin" }),
    ).toMatchObject({ success: true, message: "Member role updated successfully" });
    // Bob, now admin, can manage members himself.
    const carol = await createUser(ctx.hub, "carol");
    await bob.client.addOrganizationMember({ org, username: carol.username, role: "visitor" });
    expect(await anonClient(ctx.hub).listOrganizationMembers(org)).toEqual([
      { user: admin.username, role: "super-admin" },
      { user: bob.username, role: "admin" },
      { user: carol.username, role: "visitor" },
    ]);

    expect(await bob.client.removeOrganizationMember({ org, username: carol.username })).toMatchObject({
      success: true,
      message: "Member removed successfully",
    });
    expect(await carol.client.listUserOrganizations()).toEqual([]);
    // Nothing protects the last admins: an admin may remove the super-admin.
    await bob.client.removeOrganizationMember({ org, username: admin.username });
    expect((await anonClient(ctx.hub).listOrganizationMembers(org)).map((m) => m.user)).toEqual([
      bob.username,
    ]);
  });

  test("members below admin get PermissionDeniedError (403) with the server's messages", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const bob = await createUser(ctx.hub, "bob");
    const outsider = await createUser(ctx.hub, "out");
    await admin.client.addOrganizationMember({ org, username: bob.username, role: "member" });

    const cases: Array<[() => Promise<unknown>, string]> = [
      [
        () => bob.client.updateOrganizationMember({ org, username: admin.username, role: "visitor" }),
        "Not authorized to update member roles",
      ],
      [
        () => bob.client.addOrganizationMember({ org, username: outsider.username }),
        "Not authorized to add members",
      ],
      [
        () => bob.client.removeOrganizationMember({ org, username: admin.username }),
        "Not authorized to remove members",
      ],
      [
        () => outsider.client.updateOrganizationMember({ org, username: bob.username, role: "admin" }),
        "Not authorized to update member roles",
      ],
    ];
    for (const [call, message] of cases) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(PermissionDeniedError);
      expect(err.status).toBe(403);
      expect(err.message).toBe(message);
    }
  });

  test("already a member is a ConflictError (400)", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const err = await failure(admin.client.addOrganizationMember({ org, username: admin.username }));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.status).toBe(400);
    expect(err.message).toBe("User is already a member of the organization");
  });

  test("unknown users, non-members and unknown orgs are NotFoundErrors", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const stranger = await createUser(ctx.hub, "str");
    const ghost = uniqueName("ghost");
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => admin.client.addOrganizationMember({ org, username: ghost }), "User not found"],
      [
        () => admin.client.updateOrganizationMember({ org, username: ghost, role: "member" }),
        "User not found",
      ],
      [() => admin.client.removeOrganizationMember({ org, username: ghost }), "User not found"],
      [
        () => admin.client.updateOrganizationMember({ org, username: stranger.username, role: "member" }),
        "User is not a member of the organization",
      ],
      [
        () => admin.client.removeOrganizationMember({ org, username: stranger.username }),
        "User is not a member of the organization",
      ],
      [
        () => admin.client.addOrganizationMember({ org: ghost, username: stranger.username }),
        "Organization not found",
      ],
      [() => anonClient(ctx.hub).listUserOrganizations(ghost), "User not found"],
    ];
    for (const [call, message] of cases) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toBe(message);
    }
  });

  test("anonymous member changes are AuthenticationErrors; listing your own orgs needs a login", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const anon = anonClient(ctx.hub);
    for (const call of [
      () => anon.addOrganizationMember({ org, username: admin.username }),
      () => anon.updateOrganizationMember({ org, username: admin.username, role: "member" }),
      () => anon.removeOrganizationMember({ org, username: admin.username }),
      () => anon.listUserOrganizations(),
    ]) {
      expect(await failure(call())).toBeInstanceOf(AuthenticationError);
    }
  });

  test("an unknown role is refused before any request", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const before = ctx.hub.requests.length;
    const add = await failure(admin.client.addOrganizationMember({ org, username: "bob", role: "owner" }));
    expect(add).toBeInstanceOf(InputError);
    expect(add.message).toContain('Invalid role "owner"');
    const update = await failure(
      admin.client.updateOrganizationMember({ org, username: "bob", role: "Admin" }),
    );
    expect(update).toBeInstanceOf(InputError);
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("quirk: the server stores any role string, and orgs can be members of orgs", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const bob = await createUser(ctx.hub, "bob");
    await admin.client.http.json({
      method: "POST",
      path: `/org/${org}/members`,
      json: { username: bob.username, role: "owner" },
    });
    const other = uniqueName("org");
    await admin.client.createOrganization({ name: other });
    await admin.client.addOrganizationMember({ org, username: other, role: "visitor" });
    expect(await anonClient(ctx.hub).listOrganizationMembers(org)).toEqual([
      { user: admin.username, role: "super-admin" },
      { user: bob.username, role: "owner" },
      { user: other, role: "visitor" },
    ]);
  });

  test("a missing role is FastAPI's 422 (raw request)", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const err = await failure(
      admin.client.http.json({ method: "POST", path: `/org/${org}/members`, json: { username: "x" } }),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(422);
    expect(err.message).toBe("body.role: Field required");
  });
});

describe("settings and profile", () => {
  test("an admin updates settings; omitted and null fields stay; the profile is public", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const before = await anonClient(ctx.hub).getOrganizationProfile(org);
    expect(before).toMatchObject({
      name: org,
      description: "test org",
      bio: null,
      website: null,
      social_media: null,
      member_count: 1,
    });

    expect(
      await admin.client.updateOrganizationSettings({
        org,
        bio: "We train things",
        website: "https://lab.example.com",
        socialMedia: { github: "lab" },
      }),
    ).toEqual({ success: true, message: "Organization settings updated successfully" });
    await admin.client.updateOrganizationSettings({ org, description: "" });

    const after = await anonClient(ctx.hub).getOrganizationProfile(org);
    expect(after).toMatchObject({
      name: org,
      description: "",
      bio: "We train things",
      website: "https://lab.example.com",
      social_media: { github: "lab" },
      member_count: 1,
      created_at: before.created_at,
    });
    expect((await anonClient(ctx.hub).getOrganization(org)).description).toBe("");
  });

  test("failures: non-admin 403, unknown org 404, anonymous 401, non-object social_media 422", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const bob = await createUser(ctx.hub, "bob");
    await admin.client.addOrganizationMember({ org, username: bob.username, role: "member" });

    const denied = await failure(bob.client.updateOrganizationSettings({ org, bio: "x" }));
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied.message).toBe("Not authorized to update organization settings");

    const missing = await failure(
      admin.client.updateOrganizationSettings({ org: uniqueName("ghost"), bio: "x" }),
    );
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toBe("Organization not found");

    const profile = await failure(anonClient(ctx.hub).getOrganizationProfile(uniqueName("ghost")));
    expect(profile).toBeInstanceOf(NotFoundError);
    expect(profile.message).toBe("Organization not found");

    expect(await failure(anonClient(ctx.hub).updateOrganizationSettings({ org, bio: "x" }))).toBeInstanceOf(
      AuthenticationError,
    );

    const invalid = await failure(
      admin.client.http.json({
        method: "PUT",
        path: `/api/organizations/${org}/settings`,
        json: { social_media: "github" },
      }),
    );
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid.status).toBe(422);
  });
});

describe("avatar", () => {
  test("upload, download and delete", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const uploaded = await admin.client.uploadOrganizationAvatar({ org, data: PNG });
    expect(uploaded).toEqual({
      success: true,
      message: "Avatar uploaded successfully",
      size_bytes: PNG.length,
    });

    const avatar = await anonClient(ctx.hub).getOrganizationAvatar(org);
    expect(avatar.contentType).toBe("image/jpeg");
    expect(avatar.data).toEqual(PNG);
    expect(avatar.lastModified).toMatch(/GMT$/);
    // Orgs are user rows: the user avatar route serves the same image.
    const viaUsers = await anonClient(ctx.hub).http.send({ path: `/api/users/${org}/avatar` });
    expect(new Uint8Array(await viaUsers.arrayBuffer())).toEqual(PNG);

    // A Blob with its own type works too, and replaces the avatar.
    const gif = new TextEncoder().encode("GIF89a-not-really");
    await admin.client.uploadOrganizationAvatar({ org, data: new Blob([gif], { type: "image/gif" }) });
    expect((await anonClient(ctx.hub).getOrganizationAvatar(org)).data).toEqual(gif);

    expect(await admin.client.deleteOrganizationAvatar(org)).toEqual({
      success: true,
      message: "Avatar deleted successfully",
    });
    const gone = await failure(anonClient(ctx.hub).getOrganizationAvatar(org));
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone.message).toBe("No avatar set");
    const again = await failure(admin.client.deleteOrganizationAvatar(org));
    expect(again).toBeInstanceOf(NotFoundError);
    expect(again.message).toBe("No avatar to delete");
  });

  test("the server refuses other content types, undecodable data and files over 10 MB", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const cases: Array<[() => Promise<unknown>, string]> = [
      [
        () => admin.client.uploadOrganizationAvatar({ org, data: PNG, contentType: "text/plain" }),
        "Invalid image type. Allowed: JPEG, PNG, WebP, GIF",
      ],
      [
        () =>
          admin.client.uploadOrganizationAvatar({
            org,
            data: new Uint8Array([1, 2, 3, 4]),
            contentType: "image/png",
          }),
        "Failed to process image. Ensure it's a valid image file.",
      ],
      [
        () =>
          admin.client.uploadOrganizationAvatar({
            org,
            data: new Uint8Array(10_000_001),
            contentType: "image/jpeg",
          }),
        "Image too large. Maximum: 10MB",
      ],
    ];
    for (const [call, message] of cases) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.status).toBe(400);
      expect(err.message).toBe(message);
    }
    // Undetectable bytes with no type are sent as application/octet-stream, which the server refuses.
    const unknown = await failure(
      admin.client.uploadOrganizationAvatar({ org, data: new Uint8Array([1, 2, 3]) }),
    );
    expect(unknown.message).toBe("Invalid image type. Allowed: JPEG, PNG, WebP, GIF");
  });

  test("permissions, unknown orgs and a missing file part", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub, "test org");
    const bob = await createUser(ctx.hub, "bob");
    await admin.client.addOrganizationMember({ org, username: bob.username, role: "member" });

    const upload = await failure(bob.client.uploadOrganizationAvatar({ org, data: PNG }));
    expect(upload).toBeInstanceOf(PermissionDeniedError);
    expect(upload.message).toBe("Not authorized to update organization avatar");
    await admin.client.uploadOrganizationAvatar({ org, data: PNG });
    const del = await failure(bob.client.deleteOrganizationAvatar(org));
    expect(del).toBeInstanceOf(PermissionDeniedError);
    expect(del.message).toBe("Not authorized to delete organization avatar");

    const ghost = uniqueName("ghost");
    for (const call of [
      () => admin.client.uploadOrganizationAvatar({ org: ghost, data: PNG }),
      () => anonClient(ctx.hub).getOrganizationAvatar(ghost),
      () => admin.client.deleteOrganizationAvatar(ghost),
    ]) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toBe("Organization not found");
    }
    expect(await failure(anonClient(ctx.hub).uploadOrganizationAvatar({ org, data: PNG }))).toBeInstanceOf(
      AuthenticationError,
    );

    const form = new FormData();
    form.append("image", new Blob([PNG], { type: "image/png" }));
    const noFile = await failure(
      admin.client.http.json({ method: "POST", path: `/api/organizations/${org}/avatar`, body: form }),
    );
    expect(noFile).toBeInstanceOf(ValidationError);
    expect(noFile.status).toBe(422);
    expect(noFile.message).toBe("body.file: Field required");
  });
});
