import { describe, expect, test } from "bun:test";
import { createRegisterInvitation, findOrg } from "../../hub/routes/orgs.ts";
import type { Hub } from "../../hub/server.ts";
import {
  AuthenticationError,
  ConflictError,
  InputError,
  type KohubClient,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from "../../src/index.ts";
import { failure, orgWithAdmin } from "../helpers/fixtures.ts";
import { anonClient, createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

describe("org invitations", () => {
  test("a single-use invitation: details, acceptance, then used up", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const inv = await admin.client.createOrganizationInvitation({ org });
    expect(inv).toMatchObject({ success: true, max_usage: null, is_reusable: false });
    expect(inv.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(inv.invitation_link).toBe(`${ctx.hub.url}/invite/${inv.token}`);
    const expires = Date.parse(inv.expires_at) - Date.now();
    expect(expires).toBeGreaterThan(6.9 * 86_400_000);
    expect(expires).toBeLessThanOrEqual(7 * 86_400_000);

    expect(await anonClient(ctx.hub).getInvitation(inv.token)).toMatchObject({
      action: "join_org",
      inviter_username: admin.username,
      is_expired: false,
      is_available: true,
      error_message: null,
      max_usage: null,
      usage_count: 0,
      is_reusable: false,
      org_name: org,
      role: "member",
      email: null,
    });

    const bob = await createUser(ctx.hub, "bob");
    expect(await bob.client.acceptInvitation(inv.token)).toEqual({
      success: true,
      message: `You have successfully joined ${org} as a member`,
      org_name: org,
      role: "member",
    });
    expect(await bob.client.listUserOrganizations()).toEqual([
      { name: org, description: null, role: "member" },
    ]);

    expect(await anonClient(ctx.hub).getInvitation(inv.token)).toMatchObject({
      is_available: false,
      is_expired: false,
      error_message: "Invitation has already been used",
      usage_count: 1,
    });
    const carol = await createUser(ctx.hub, "carol");
    const err = await failure(carol.client.acceptInvitation(inv.token));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(400);
    expect(err.message).toBe("Invitation has already been used");
  });

  test("max usage, unlimited use, and accepting twice", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const limited = await admin.client.createOrganizationInvitation({ org, role: "visitor", maxUsage: 2 });
    expect(limited).toMatchObject({ max_usage: 2, is_reusable: true });
    const [u1, u2, u3] = [await createUser(ctx.hub), await createUser(ctx.hub), await createUser(ctx.hub)];
    await u1.client.acceptInvitation(limited.token);

    const twice = await failure(u1.client.acceptInvitation(limited.token));
    expect(twice).toBeInstanceOf(ConflictError);
    expect(twice.status).toBe(400);
    expect(twice.message).toBe("You are already a member of this organization");

    await u2.client.acceptInvitation(limited.token);
    const full = await failure(u3.client.acceptInvitation(limited.token));
    expect(full).toBeInstanceOf(ValidationError);
    expect(full.message).toBe("Invitation has reached maximum usage limit (2)");

    const unlimited = await admin.client.createOrganizationInvitation({ org, maxUsage: -1 });
    await u3.client.acceptInvitation(unlimited.token);
    const u4 = await createUser(ctx.hub);
    await u4.client.acceptInvitation(unlimited.token);
    expect((await anonClient(ctx.hub).getInvitation(unlimited.token)).is_available).toBe(true);

    expect(await anonClient(ctx.hub).listOrganizationMembers(org)).toEqual([
      { user: admin.username, role: "super-admin" },
      { user: u1.username, role: "visitor" },
      { user: u2.username, role: "visitor" },
      { user: u3.username, role: "member" },
      { user: u4.username, role: "member" },
    ]);
  });

  test("an expired invitation cannot be accepted", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const inv = await admin.client.createOrganizationInvitation({ org, expiresDays: -1 });
    expect(await anonClient(ctx.hub).getInvitation(inv.token)).toMatchObject({
      is_expired: true,
      is_available: false,
      error_message: "Invitation has expired",
    });
    const bob = await createUser(ctx.hub, "bob");
    const err = await failure(bob.client.acceptInvitation(inv.token));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe("Invitation has expired");
  });

  test("an admin invitation makes an admin; the list shows used and expired invitations", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const bob = await createUser(ctx.hub, "bob");
    const adminInv = await admin.client.createOrganizationInvitation({
      org,
      role: "admin",
      email: bob.email,
    });
    const expired = await admin.client.createOrganizationInvitation({ org, expiresDays: -1 });
    const accepted = await bob.client.acceptInvitation(adminInv.token);
    expect(accepted.role).toBe("admin");

    // Bob, now admin, can list the org's invitations.
    const list = await bob.client.listOrganizationInvitations(org);
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      token: adminInv.token,
      email: bob.email,
      role: "admin",
      created_by: admin.username,
      max_usage: null,
      usage_count: 1,
      is_reusable: false,
      is_available: false,
      is_pending: false,
    });
    expect(typeof list[0]?.id).toBe("number");
    expect(typeof list[0]?.used_at).toBe("string");
    expect(list[1]).toMatchObject({
      token: expired.token,
      email: null,
      role: "member",
      usage_count: 0,
      used_at: null,
      is_available: false,
      is_pending: false,
    });
    // Another org's invitations are not listed.
    const other = await orgWithAdmin(ctx.hub);
    await other.admin.client.createOrganizationInvitation({ org: other.org });
    expect(await bob.client.listOrganizationInvitations(org)).toHaveLength(2);
    expect(await other.admin.client.listOrganizationInvitations(other.org)).toHaveLength(1);
  });

  test("quirk: the invited email is not enforced on acceptance", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const inv = await admin.client.createOrganizationInvitation({ org, email: "someone-else@example.com" });
    expect((await anonClient(ctx.hub).getInvitation(inv.token)).email).toBe("someone-else@example.com");
    const bob = await createUser(ctx.hub, "bob");
    expect((await bob.client.acceptInvitation(inv.token)).org_name).toBe(org);
  });

  test("inviting the email of a member is a ConflictError", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const err = await failure(admin.client.createOrganizationInvitation({ org, email: admin.email }));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.status).toBe(400);
    expect(err.message).toBe("User is already a member of this organization");
  });

  test("an admin deletes an invitation; it is gone", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const inv = await admin.client.createOrganizationInvitation({ org });
    expect(await admin.client.deleteInvitation(inv.token)).toEqual({
      success: true,
      message: "Invitation deleted successfully",
    });
    const err = await failure(anonClient(ctx.hub).getInvitation(inv.token));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe("Invitation not found");
    expect(await admin.client.listOrganizationInvitations(org)).toEqual([]);
  });

  test("non-admins get PermissionDeniedError with the server's messages", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const inv = await admin.client.createOrganizationInvitation({ org });
    const member = await createUser(ctx.hub, "mem");
    await admin.client.addOrganizationMember({ org, username: member.username, role: "member" });
    const outsider = await createUser(ctx.hub, "out");
    for (const client of [member.client, outsider.client]) {
      const cases: Array<[() => Promise<unknown>, string]> = [
        [
          () => client.createOrganizationInvitation({ org }),
          "Not authorized to invite members to this organization",
        ],
        [() => client.listOrganizationInvitations(org), "Not authorized to view invitations"],
        [() => client.deleteInvitation(inv.token), "Not authorized to delete this invitation"],
      ];
      for (const [call, message] of cases) {
        const err = await failure(call());
        expect(err).toBeInstanceOf(PermissionDeniedError);
        expect(err.status).toBe(403);
        expect(err.message).toBe(message);
      }
    }
  });

  test("unknown tokens and orgs are NotFoundErrors; anonymous calls are AuthenticationErrors", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const ghostToken = "x".repeat(43);
    const ghostOrg = uniqueName("ghost");
    const notFound: Array<[() => Promise<unknown>, string]> = [
      [() => anonClient(ctx.hub).getInvitation(ghostToken), "Invitation not found"],
      [() => admin.client.acceptInvitation(ghostToken), "Invitation not found"],
      [() => admin.client.deleteInvitation(ghostToken), "Invitation not found"],
      [() => admin.client.createOrganizationInvitation({ org: ghostOrg }), "Organization not found"],
      [() => admin.client.listOrganizationInvitations(ghostOrg), "Organization not found"],
    ];
    for (const [call, message] of notFound) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toBe(message);
    }
    const inv = await admin.client.createOrganizationInvitation({ org });
    const anon = anonClient(ctx.hub);
    for (const call of [
      () => anon.acceptInvitation(inv.token),
      () => anon.deleteInvitation(inv.token),
      () => anon.createOrganizationInvitation({ org }),
      () => anon.listOrganizationInvitations(org),
    ]) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(err.message).toBe("Not authenticated");
    }
  });

  test("roles other than visitor/member/admin are refused before any request", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const before = ctx.hub.requests.length;
    for (const role of ["super-admin", "owner"]) {
      const err = await failure(admin.client.createOrganizationInvitation({ org, role }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.code).toBe("InvalidRole");
    }
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("quirk: the server checks the role before the org exists (raw request)", async () => {
    const user = await createUser(ctx.hub);
    const err = await failure(
      user.client.http.json({
        method: "POST",
        path: `/api/invitations/org/${uniqueName("ghost")}/create`,
        json: { role: "super-admin" },
      }),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(400);
    expect(err.message).toBe("Invalid role. Must be 'visitor', 'member', or 'admin'");
  });

  test("a register_account invitation: details, acceptance while logged in, deletion by anyone", async () => {
    const { org } = await orgWithAdmin(ctx.hub);
    const orgId = findOrg(ctx.hub.db, org)?.id as number;
    const token = createRegisterInvitation(ctx.hub.db, { orgId, role: "visitor", maxUsage: -1 });
    const details = await anonClient(ctx.hub).getInvitation(token);
    expect(details).toMatchObject({
      action: "register_account",
      inviter_username: "Unknown",
      is_available: true,
      max_usage: -1,
      is_reusable: true,
    });
    expect(details).not.toHaveProperty("org_name");

    const bob = await createUser(ctx.hub, "bob");
    expect(await bob.client.acceptInvitation(token)).toEqual({
      success: true,
      message: "Account registration invitation accepted",
    });
    expect(await bob.client.listUserOrganizations()).toEqual([
      { name: org, description: null, role: "visitor" },
    ]);

    // Quirk: any logged-in user may delete a register_account invitation.
    const stranger = await createUser(ctx.hub, "str");
    await stranger.client.deleteInvitation(token);
    expect(await failure(anonClient(ctx.hub).getInvitation(token))).toBeInstanceOf(NotFoundError);
  });
});

/** Registers through an invitation, logs in, and returns the session-authenticated client. */
async function registerWith(
  hub: Hub,
  invitationToken: string | undefined,
): Promise<{ username: string; client: KohubClient }> {
  const client = anonClient(hub);
  const username = uniqueName("inv");
  const password = `pw-${username}`;
  await client.register({ username, email: `${username}@example.com`, password, invitationToken });
  await client.login({ username, password });
  return { username, client };
}

describe("invitation-only registration", () => {
  const inv = useHub({ invitationOnly: true });

  test("a register_account invitation lets one person register", async () => {
    const token = createRegisterInvitation(inv.hub.db);
    const first = await registerWith(inv.hub, token);
    expect(await first.client.listUserOrganizations()).toEqual([]);
    expect((await anonClient(inv.hub).getInvitation(token)).usage_count).toBe(1);

    const again = await failure(registerWith(inv.hub, token));
    expect(again).toBeInstanceOf(ValidationError);
    expect(again.status).toBe(400);
    expect(again.message).toBe("Invitation has already been used");
  });

  test("an invitation with an org adds the new user with its role", async () => {
    const founder = await registerWith(inv.hub, createRegisterInvitation(inv.hub.db));
    const org = uniqueName("org");
    await founder.client.createOrganization({ name: org });
    const orgId = findOrg(inv.hub.db, org)?.id as number;
    const token = createRegisterInvitation(inv.hub.db, { orgId, role: "admin", maxUsage: 2 });
    const a = await registerWith(inv.hub, token);
    const b = await registerWith(inv.hub, token);
    expect(await anonClient(inv.hub).listOrganizationMembers(org)).toEqual([
      { user: founder.username, role: "super-admin" },
      { user: a.username, role: "admin" },
      { user: b.username, role: "admin" },
    ]);
    const full = await failure(registerWith(inv.hub, token));
    expect(full).toBeInstanceOf(ValidationError);
    expect(full.message).toBe("Invitation has reached maximum usage limit (2)");
  });

  test("no token, unknown token, expired token, and a join_org token are refused", async () => {
    const noToken = await failure(registerWith(inv.hub, undefined));
    expect(noToken).toBeInstanceOf(PermissionDeniedError);
    expect(noToken.message).toBe(
      "Registration is invitation-only. Please use an invitation link or contact the administrator.",
    );

    const unknown = await failure(registerWith(inv.hub, "nope"));
    expect(unknown).toBeInstanceOf(ValidationError);
    expect(unknown.message).toBe("Invalid invitation token");

    const expired = await failure(
      registerWith(inv.hub, createRegisterInvitation(inv.hub.db, { expiresDays: -1 })),
    );
    expect(expired).toBeInstanceOf(ValidationError);
    expect(expired.message).toBe("Invitation has expired");

    const founder = await registerWith(inv.hub, createRegisterInvitation(inv.hub.db));
    const org = uniqueName("org");
    await founder.client.createOrganization({ name: org });
    const joinOrg = await founder.client.createOrganizationInvitation({ org });
    const wrongType = await failure(registerWith(inv.hub, joinOrg.token));
    expect(wrongType).toBeInstanceOf(ValidationError);
    expect(wrongType.message).toBe("Invalid invitation type for registration");
  });
});
