import { describe, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from "../../src/index.ts";
import { failure } from "../helpers/fixtures.ts";
import { anonClient, createUser, useHub } from "../helpers/hub.ts";

const ctx = useHub();

/** A well-formed, random ssh-ed25519 public key line and its OpenSSH SHA256 fingerprint. */
function ed25519Key(comment = "me@laptop"): { line: string; fingerprint: string } {
  const field = (data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, data]);
  };
  const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(randomBytes(32))]);
  const fingerprint = `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
  return { line: `ssh-ed25519 ${blob.toString("base64")} ${comment}`, fingerprint };
}

describe("SSH keys", () => {
  test("add, list, get, delete", async () => {
    const user = await createUser(ctx.hub);
    expect(await user.client.listSshKeys()).toEqual([]);
    const { line, fingerprint } = ed25519Key();
    const key = await user.client.addSshKey({ title: "laptop", key: `  ${line}\n` });
    expect(key).toMatchObject({ title: "laptop", key_type: "ssh-ed25519", fingerprint, last_used: null });
    expect(key.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(await user.client.listSshKeys()).toEqual([key]);
    expect(await user.client.getSshKey(key.id)).toEqual(key);
    expect(await user.client.deleteSshKey(key.id)).toEqual({ message: "SSH key deleted successfully" });
    const err = await failure(user.client.getSshKey(key.id));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe("SSH key not found");
    expect(await failure(user.client.deleteSshKey(key.id))).toBeInstanceOf(NotFoundError);
  });

  test("the same key twice, by anyone, is a 409 ConflictError", async () => {
    const alice = await createUser(ctx.hub);
    const bob = await createUser(ctx.hub);
    const { line } = ed25519Key();
    await alice.client.addSshKey({ title: "a", key: line });
    const err = await failure(bob.client.addSshKey({ title: "b", key: line.replace("me@laptop", "other") }));
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).status).toBe(409);
    expect(err.message).toBe("SSH key already exists (same key registered by another user or you)");
  });

  test("malformed keys are 400 with the server's reason", async () => {
    const user = await createUser(ctx.hub);
    const cases: Array<[string, string]> = [
      ["ssh-ed25519", "Invalid SSH key: Invalid SSH key format"],
      ["ssh-foo AAAAC3NzaC1lZDI1NTE5", "Invalid SSH key: Unsupported key type: ssh-foo"],
      ["ssh-rsa AAAAB3NzaC1yc2E", "Invalid SSH key: Invalid base64-encoded key data"],
    ];
    for (const [key, message] of cases) {
      const err = await failure(user.client.addSshKey({ title: "bad", key }));
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).status).toBe(400);
      expect(err.message).toBe(message);
    }
    const missing = await failure(user.client.addSshKey({ title: "x" } as { title: string; key: string }));
    expect(missing).toBeInstanceOf(ValidationError);
    expect(missing.message).toBe("body.key: Field required");
  });

  test("another user's key is 403; no credentials are 401", async () => {
    const alice = await createUser(ctx.hub);
    const bob = await createUser(ctx.hub);
    const key = await alice.client.addSshKey({ title: "a", key: ed25519Key().line });
    const view = await failure(bob.client.getSshKey(key.id));
    expect(view).toBeInstanceOf(PermissionDeniedError);
    expect(view.message).toBe("Not authorized to view this key");
    const del = await failure(bob.client.deleteSshKey(key.id));
    expect(del).toBeInstanceOf(PermissionDeniedError);
    expect(del.message).toBe("Not authorized to delete this key");
    const anon = anonClient(ctx.hub);
    for (const call of [
      () => anon.listSshKeys(),
      () => anon.getSshKey(key.id),
      () => anon.addSshKey({ title: "x", key: "y" }),
    ]) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(err.message).toBe("Not authenticated");
    }
  });
});

describe("external tokens", () => {
  const HF = "https://huggingface.co";

  test("save (upsert), list masked, delete by fully encoded URL", async () => {
    const user = await createUser(ctx.hub);
    expect(await user.client.listExternalTokens()).toEqual([]);
    const saved = await user.client.setExternalToken({ url: HF, token: "hf_abcdefgh" });
    expect(saved).toEqual({ success: true, message: "External token saved" });
    await user.client.setExternalToken({ url: HF, token: "hf_zzzzzzzz" });
    const odd = "https://hub.example.org/a b?x=1&y=(2)";
    await user.client.setExternalToken({ url: odd, token: "abc" });
    const list = await user.client.listExternalTokens();
    expect(list.map((t) => [t.url, t.token_preview])).toEqual([
      [HF, "hf_z***"],
      [odd, "***"],
    ]);
    expect(JSON.stringify(list)).not.toContain("zzzz");
    expect(list[0]?.created_at).toEqual(expect.any(String));

    expect(await user.client.deleteExternalToken({ url: odd })).toEqual({
      success: true,
      message: "External token deleted",
    });
    const err = await failure(user.client.deleteExternalToken({ url: odd }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe("Token not found for this URL");
    expect((await user.client.listExternalTokens()).map((t) => t.url)).toEqual([HF]);
  });

  test("bulk replace deletes URLs left out; a bad URL is 400 after a partial change", async () => {
    const user = await createUser(ctx.hub);
    await user.client.setExternalToken({ url: HF, token: "hf_old_token" });
    await user.client.setExternalToken({ url: "https://a.example.org", token: "tok-a" });
    const result = await user.client.replaceExternalTokens({
      tokens: [
        { url: HF, token: "hf_new_token" },
        { url: "https://b.example.org", token: "tok-b" },
      ],
    });
    expect(result).toEqual({ success: true, message: "Updated 2 external tokens" });
    expect((await user.client.listExternalTokens()).map((t) => [t.url, t.token_preview])).toEqual([
      [HF, "hf_n***"],
      ["https://b.example.org", "tok-***"],
    ]);

    const err = await failure(
      user.client.replaceExternalTokens({
        tokens: [
          { url: "https://c.example.org", token: "tok-c" },
          { url: "ftp://bad", token: "x" },
        ],
      }),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe("Invalid URL format: ftp://bad");
    expect((await user.client.listExternalTokens()).map((t) => t.url)).toEqual(["https://c.example.org"]);
  });

  test("a URL not starting with http is 400; a missing field is 422", async () => {
    const user = await createUser(ctx.hub);
    const bad = await failure(user.client.setExternalToken({ url: "huggingface.co", token: "x" }));
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.message).toBe("Invalid URL format");
    const missing = await failure(
      user.client.setExternalToken({ url: HF } as { url: string; token: string }),
    );
    expect(missing).toBeInstanceOf(ValidationError);
    expect(missing.message).toBe("body.token: Field required");
    const item = await failure(
      user.client.replaceExternalTokens({ tokens: [{ url: HF } as { url: string; token: string }] }),
    );
    expect(item).toBeInstanceOf(ValidationError);
    expect(item.message).toBe("body.tokens.0.token: Field required");
  });

  test("another user's tokens are 403; no credentials are 401", async () => {
    const alice = await createUser(ctx.hub);
    const bob = await createUser(ctx.hub);
    await alice.client.setExternalToken({ url: HF, token: "hf_secret" });
    const view = await failure(bob.client.listExternalTokens(alice.username));
    expect(view).toBeInstanceOf(PermissionDeniedError);
    expect(view.message).toBe("Not authorized to view these tokens");
    for (const call of [
      () => bob.client.setExternalToken({ url: HF, token: "x", username: alice.username }),
      () => bob.client.deleteExternalToken({ url: HF, username: alice.username }),
      () => bob.client.replaceExternalTokens({ tokens: [], username: alice.username }),
    ]) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(PermissionDeniedError);
      expect(err.message).toBe("Not authorized to manage these tokens");
    }
    expect(await alice.client.listExternalTokens()).toHaveLength(1);
    const anon = await failure(anonClient(ctx.hub).listExternalTokens(alice.username));
    expect(anon).toBeInstanceOf(AuthenticationError);
  });
});
