import { describe, expect, test } from "bun:test";
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from "../../src/index.ts";
import { failure } from "../helpers/fixtures.ts";
import { anonClient, createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1]);

describe("user settings and profile", () => {
  test("a new user's profile is empty but local", async () => {
    const user = await createUser(ctx.hub);
    const profile = await anonClient(ctx.hub).userProfile({ username: user.username });
    expect(profile).toMatchObject({
      username: user.username,
      full_name: null,
      bio: null,
      website: null,
      social_media: null,
      _source: "local",
    });
    expect(profile.created_at).toEqual(expect.any(String));
  });

  test("settings update the public profile; omitted fields stay", async () => {
    const user = await createUser(ctx.hub);
    const result = await user.client.updateUserSettings({
      fullName: "Alice Example",
      bio: "Trains small models",
      website: "https://alice.example.org",
      socialMedia: { github: "alice", twitter_x: "alice_x" },
    });
    expect(result).toEqual({ success: true, message: "User settings updated successfully" });
    await user.client.updateUserSettings({ bio: "" });
    const profile = await anonClient(ctx.hub).userProfile({ username: user.username, fallback: false });
    expect(profile).toMatchObject({
      full_name: "Alice Example",
      bio: "",
      website: "https://alice.example.org",
      social_media: { github: "alice", twitter_x: "alice_x" },
    });
  });

  test("sending email resets verification, even when it is the same address", async () => {
    const user = await createUser(ctx.hub);
    expect((await user.client.whoami()).email_verified).toBe(true);
    await user.client.updateUserSettings({ email: user.email });
    const me = await user.client.whoami();
    expect(me.email).toBe(user.email);
    expect(me.email_verified).toBe(false);
    await user.client.updateUserSettings({ email: `new-${user.email}` });
    expect((await user.client.whoami()).email).toBe(`new-${user.email}`);
  });

  test("an email used by someone else is a ConflictError (400 'Email already in use')", async () => {
    const alice = await createUser(ctx.hub);
    const bob = await createUser(ctx.hub);
    const err = await failure(bob.client.updateUserSettings({ email: alice.email }));
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).status).toBe(400);
    expect(err.message).toBe("Email already in use");
  });

  test("another user's settings are 403; no credentials are 401", async () => {
    const alice = await createUser(ctx.hub);
    const bob = await createUser(ctx.hub);
    const err = await failure(bob.client.updateUserSettings({ username: alice.username, bio: "hacked" }));
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err.message).toBe("Not authorized to update this user's settings");
    const anon = await failure(
      anonClient(ctx.hub).updateUserSettings({ username: alice.username, bio: "x" }),
    );
    expect(anon).toBeInstanceOf(AuthenticationError);
    expect(anon.message).toBe("Not authenticated");
  });

  test("a bad email or a non-object social_media is a 422", async () => {
    const user = await createUser(ctx.hub);
    const bad = await failure(user.client.updateUserSettings({ email: "nope" }));
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.message).toStartWith("body.email: value is not a valid email address");
    const social = await failure(user.client.updateUserSettings({ socialMedia: "x" as never }));
    expect(social).toBeInstanceOf(ValidationError);
    expect(social.message).toBe("body.social_media: Input should be a valid dictionary");
  });

  test("an unknown profile is 404 'User not found'", async () => {
    const err = await failure(anonClient(ctx.hub).userProfile({ username: uniqueName("ghost") }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe("User not found");
  });
});

describe("namespace type", () => {
  test("user, org, unknown", async () => {
    const client = anonClient(ctx.hub);
    const user = await createUser(ctx.hub);
    expect(await client.namespaceType({ name: user.username })).toEqual({ type: "user", _source: "local" });
    const org = uniqueName("org");
    ctx.hub.db
      .query("INSERT INTO users (username, normalized_name, is_org, created_at) VALUES (?, ?, 1, ?)")
      .run(org, org.toLowerCase(), Date.now());
    expect(await client.namespaceType({ name: org, fallback: false })).toEqual({
      type: "org",
      _source: "local",
    });
    const err = await failure(client.namespaceType({ name: uniqueName("ghost") }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe("Namespace not found");
  });
});

describe("avatars", () => {
  test("upload, download (as image/jpeg), replace, delete", async () => {
    const user = await createUser(ctx.hub);
    const uploaded = await user.client.uploadAvatar({ file: PNG });
    expect(uploaded).toEqual({
      success: true,
      message: "Avatar uploaded successfully",
      size_bytes: PNG.length,
    });
    const avatar = await anonClient(ctx.hub).getAvatar({ username: user.username });
    expect(avatar.contentType).toBe("image/jpeg");
    expect(avatar.data).toEqual(PNG);
    expect(avatar.lastModified).toMatch(/GMT$/);

    await user.client.uploadAvatar({ file: new Blob([JPEG], { type: "image/jpeg" }) });
    expect((await user.client.getAvatar()).data).toEqual(JPEG);

    expect(await user.client.deleteAvatar()).toEqual({
      success: true,
      message: "Avatar deleted successfully",
    });
    const gone = await failure(user.client.getAvatar());
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone.message).toBe("No avatar set");
    const again = await failure(user.client.deleteAvatar());
    expect(again).toBeInstanceOf(NotFoundError);
    expect(again.message).toBe("No avatar to delete");
  });

  test("a type outside JPEG/PNG/WebP/GIF is refused", async () => {
    const user = await createUser(ctx.hub);
    const err = await failure(user.client.uploadAvatar({ file: PNG, contentType: "image/svg+xml" }));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe("Invalid image type. Allowed: JPEG, PNG, WebP, GIF");
  });

  test("data that is not an image is refused", async () => {
    const user = await createUser(ctx.hub);
    const err = await failure(
      user.client.uploadAvatar({ file: new TextEncoder().encode("not an image"), contentType: "image/png" }),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe("Failed to process image. Ensure it's a valid image file.");
  });

  test("more than 10 MB is refused", async () => {
    const user = await createUser(ctx.hub);
    const big = new Uint8Array(10_000_001);
    big.set(JPEG);
    const err = await failure(user.client.uploadAvatar({ file: big }));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe("Image too large. Maximum: 10MB");
  });

  test("a multipart body without a `file` part is a 422", async () => {
    const user = await createUser(ctx.hub);
    const form = new FormData();
    form.append("image", new Blob([PNG], { type: "image/png" }), "a.png");
    const err = await failure(
      user.client.http.json({ method: "POST", path: `/api/users/${user.username}/avatar`, body: form }),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe("body.file: Field required");
  });

  test("someone else's avatar is 403; an unknown user is 404; no credentials are 401", async () => {
    const alice = await createUser(ctx.hub);
    const bob = await createUser(ctx.hub);
    const up = await failure(bob.client.uploadAvatar({ file: PNG, username: alice.username }));
    expect(up).toBeInstanceOf(PermissionDeniedError);
    expect(up.message).toBe("Not authorized to update this user's avatar");
    await alice.client.uploadAvatar({ file: PNG });
    const del = await failure(bob.client.deleteAvatar(alice.username));
    expect(del).toBeInstanceOf(PermissionDeniedError);
    expect(del.message).toBe("Not authorized to delete this user's avatar");

    const ghost = uniqueName("ghost");
    for (const call of [
      () => bob.client.uploadAvatar({ file: PNG, username: ghost }),
      () => bob.client.deleteAvatar(ghost),
      () => anonClient(ctx.hub).getAvatar({ username: ghost }),
    ]) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toBe("User not found");
    }
    const anon = await failure(anonClient(ctx.hub).uploadAvatar({ file: PNG, username: alice.username }));
    expect(anon).toBeInstanceOf(AuthenticationError);
  });
});
