/**
 * Organizations (auth-users-orgs.md §9), org settings/profile/avatar (§8.4, §9.1) and invitations (§10),
 * plus the hooks of invitation-only registration used by ./account.ts.
 */
import type { Database } from "bun:sqlite";
import { avatarResponse, deleteAvatar, saveAvatar } from "../avatars.ts";
import { findUser, parseSocial, roleIn, type UserRow } from "../db.ts";
import { boolQuery, crash, detail, isoPython, json, readBody } from "../http.ts";
import { readUploadFile } from "../multipart.ts";
import type { Ctx, Router } from "../router.ts";
import { isReserved, normalizeName } from "./account.ts";

export const schema = `
CREATE TABLE IF NOT EXISTS invitations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token TEXT NOT NULL UNIQUE,
  action TEXT NOT NULL,
  parameters TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,
  max_usage INTEGER,
  usage_count INTEGER NOT NULL DEFAULT 0,
  used_at INTEGER,
  used_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL
);
`;

const ORG_NOT_FOUND = "Organization not found";
const USER_NOT_FOUND = "User not found";
const ADMIN_ROLES = new Set(["admin", "super-admin"]);
const INVITATION_ROLES = new Set(["visitor", "member", "admin"]);
const DAY_MS = 24 * 3600 * 1000;

// ---------------------------------------------------------------------------------------------------
// Lookups

/** An organization by exact name (a row of `users` with is_org = 1). */
export function findOrg(db: Database, name: string): UserRow | undefined {
  return (
    (db.query("SELECT * FROM users WHERE username = ? AND is_org = 1").get(name) as UserRow | null) ??
    undefined
  );
}

function requireOrg(db: Database, name: string): UserRow {
  const org = findOrg(db, name);
  if (!org) throw detail(404, ORG_NOT_FOUND);
  return org;
}

function isOrgAdmin(db: Database, org: UserRow, user: UserRow): boolean {
  const role = roleIn(db, org.id, user.id);
  return role !== undefined && ADMIN_ROLES.has(role);
}

function requireOrgAdmin(db: Database, org: UserRow, user: UserRow, message: string): void {
  if (!isOrgAdmin(db, org, user)) throw detail(403, message);
}

function addMembership(db: Database, orgId: number, userId: number, role: string): void {
  db.query("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)").run(
    orgId,
    userId,
    role,
    Date.now(),
  );
}

/** Repo counts of a namespace by type, private repos included (the `repos` table of ../storage.ts). */
function countRepos(db: Database, namespace: string): Record<string, number> {
  const counts: Record<string, number> = { model: 0, dataset: 0, space: 0 };
  const rows = db
    .query("SELECT type, COUNT(*) AS c FROM repos WHERE namespace = ? GROUP BY type")
    .all(namespace) as Array<{
    type: string;
    c: number;
  }>;
  for (const row of rows) counts[row.type] = row.c;
  return { ...counts, total: (counts.model ?? 0) + (counts.dataset ?? 0) + (counts.space ?? 0) };
}

// ---------------------------------------------------------------------------------------------------
// Invitations

interface InvitationRow {
  id: number;
  token: string;
  action: string;
  parameters: string;
  created_by: number | null;
  expires_at: number;
  max_usage: number | null;
  usage_count: number;
  used_at: number | null;
  used_by: number | null;
  created_at: number;
}

interface InvitationParams {
  org_id?: number | null;
  org_name?: string | null;
  role?: string | null;
  email?: string | null;
}

/** 43 URL-safe characters, like Python's `secrets.token_urlsafe(32)`. */
function invitationToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64url");
}

function findInvitation(db: Database, token: string): InvitationRow | undefined {
  return (
    (db.query("SELECT * FROM invitations WHERE token = ?").get(token) as InvitationRow | null) ?? undefined
  );
}

/** Why an invitation cannot be used (the server's availability message), or undefined when it can. */
function unavailable(inv: InvitationRow, now = Date.now()): string | undefined {
  if (inv.expires_at <= now) return "Invitation has expired";
  if (inv.max_usage === null) {
    if (inv.used_at !== null) return "Invitation has already been used";
  } else if (inv.max_usage !== -1 && inv.usage_count >= inv.max_usage) {
    return `Invitation has reached maximum usage limit (${inv.max_usage})`;
  }
  return undefined;
}

/** The stored parameters; corrupted data is the server's explicit 500 "Invalid invitation data". */
function invitationParams(inv: InvitationRow): InvitationParams {
  try {
    const parsed = JSON.parse(inv.parameters);
    if (parsed && typeof parsed === "object") return parsed as InvitationParams;
  } catch {
    // fall through
  }
  throw detail(500, "Invalid invitation data");
}

function markInvitationUsed(db: Database, inv: InvitationRow, userId: number): void {
  if (inv.used_at === null) {
    db.query(
      "UPDATE invitations SET usage_count = usage_count + 1, used_at = ?, used_by = ? WHERE id = ?",
    ).run(Date.now(), userId, inv.id);
  } else {
    db.query("UPDATE invitations SET usage_count = usage_count + 1 WHERE id = ?").run(inv.id);
  }
}

function insertInvitation(
  db: Database,
  fields: {
    action: string;
    params: InvitationParams;
    createdBy: number | null;
    expiresDays: number;
    maxUsage: number | null;
  },
): { token: string; expiresAt: number } {
  const token = invitationToken();
  const now = Date.now();
  const expiresAt = now + fields.expiresDays * DAY_MS;
  db.query(
    "INSERT INTO invitations (token, action, parameters, created_by, expires_at, max_usage, usage_count, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
  ).run(
    token,
    fields.action,
    JSON.stringify(fields.params),
    fields.createdBy,
    expiresAt,
    fields.maxUsage,
    now,
  );
  return { token, expiresAt };
}

/**
 * Test helper standing in for the admin API's `POST /admin/api/invitations/register`: inserts a
 * `register_account` invitation (no creator) and returns its token.
 */
export function createRegisterInvitation(
  db: Database,
  options: { orgId?: number; role?: string; maxUsage?: number | null; expiresDays?: number } = {},
): string {
  let orgName: string | null = null;
  if (options.orgId !== undefined) {
    const org = db.query("SELECT username FROM users WHERE id = ? AND is_org = 1").get(options.orgId) as {
      username: string;
    } | null;
    if (!org) throw new Error(`createRegisterInvitation: no organization with id ${options.orgId}`);
    orgName = org.username;
  }
  return insertInvitation(db, {
    action: "register_account",
    params: {
      org_id: options.orgId ?? null,
      org_name: orgName,
      role: options.orgId !== undefined ? (options.role ?? "member") : null,
    },
    createdBy: null,
    expiresDays: options.expiresDays ?? 7,
    maxUsage: options.maxUsage ?? null,
  }).token;
}

/**
 * Checks a `register_account` invitation token for invitation-only registration: returns the error message
 * the server answers with (400), or undefined when the invitation can be used.
 */
export function checkRegisterInvitation(db: Database, token: string): string | undefined {
  const inv = findInvitation(db, token);
  if (!inv) return "Invalid invitation token";
  if (inv.action !== "register_account") return "Invalid invitation type for registration";
  return unavailable(inv);
}

/**
 * Marks a `register_account` invitation used by a new user and adds them to its org, if any. As on the
 * server, failures here are swallowed (only logged there): registration has already succeeded.
 */
export function consumeRegisterInvitation(db: Database, token: string, userId: number): void {
  const inv = findInvitation(db, token);
  if (!inv) return;
  try {
    db.transaction(() => {
      const params = JSON.parse(inv.parameters) as InvitationParams;
      markInvitationUsed(db, inv, userId);
      if (params.org_id) {
        const org = db.query("SELECT id FROM users WHERE id = ?").get(params.org_id) as { id: number } | null;
        if (org) addMembership(db, org.id, userId, params.role ?? "member");
      }
    })();
  } catch {
    // the real server logs a warning and carries on
  }
}

function usernameOf(db: Database, id: number | null): string {
  if (id === null) return "Unknown";
  const row = db.query("SELECT username FROM users WHERE id = ?").get(id) as { username: string } | null;
  return row?.username ?? "Unknown";
}

// ---------------------------------------------------------------------------------------------------
// Routes

function orgFromPath(ctx: Ctx): UserRow {
  return requireOrg(ctx.db, ctx.params.org ?? "");
}

export function register(r: Router): void {
  // §9.1 organizations -------------------------------------------------------------------------------

  r.post("/org/create", async (ctx) => {
    const { user } = ctx.requireCaller();
    const body = await readBody<{ name: string; description?: string | null }>(ctx.req, {
      name: { type: "str", required: true },
      description: { type: "str", nullable: true },
    });
    const name = body.name;
    if (isReserved(name)) throw detail(400, `Organization name '${name}' is reserved and cannot be used`);
    if (findOrg(ctx.db, name)) throw detail(400, "Organization name already exists");
    // Quirk: no check against usernames or normalized names; the unique constraints fail instead (plain 500).
    const clash = ctx.db
      .query("SELECT 1 FROM users WHERE username = ? OR normalized_name = ?")
      .get(name, normalizeName(name));
    if (clash) throw crash();
    ctx.db.transaction(() => {
      const info = ctx.db
        .query(
          "INSERT INTO users (username, normalized_name, is_org, description, email_verified, is_active, created_at) VALUES (?, ?, 1, ?, 0, 1, ?)",
        )
        .run(name, normalizeName(name), body.description ?? null, Date.now());
      addMembership(ctx.db, Number(info.lastInsertRowid), user.id, "super-admin");
    })();
    return json({ success: true, name });
  });

  r.get("/org/users/{username}/orgs", (ctx) => {
    const user = findUser(ctx.db, ctx.params.username ?? "");
    if (!user) throw detail(404, USER_NOT_FOUND);
    const rows = ctx.db
      .query(
        "SELECT o.username AS name, o.description AS description, m.role AS role FROM memberships m JOIN users o ON o.id = m.org_id WHERE m.user_id = ? ORDER BY m.id",
      )
      .all(user.id) as Array<{ name: string; description: string | null; role: string }>;
    return json({ organizations: rows });
  });

  r.get("/org/{org}", (ctx) => {
    boolQuery(ctx.query, "fallback", true);
    const org = orgFromPath(ctx);
    return json({
      name: org.username,
      description: org.description,
      created_at: isoPython(org.created_at),
      repo_count: countRepos(ctx.db, org.username),
      _source: "local",
    });
  });

  r.get("/org/{org}/members", (ctx) => {
    const org = orgFromPath(ctx);
    const rows = ctx.db
      .query(
        "SELECT u.username AS user, m.role AS role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = ? ORDER BY m.id",
      )
      .all(org.id) as Array<{ user: string; role: string }>;
    return json({ members: rows });
  });

  r.post("/org/{org}/members", async (ctx) => {
    const { user } = ctx.requireCaller();
    const body = await readBody<{ username: string; role: string }>(ctx.req, {
      username: { type: "str", required: true },
      role: { type: "str", required: true },
    });
    const org = orgFromPath(ctx);
    requireOrgAdmin(ctx.db, org, user, "Not authorized to add members");
    // Orgs are found too: an org can be added as a member of another org.
    const target = findUser(ctx.db, body.username);
    if (!target) throw detail(404, USER_NOT_FOUND);
    if (roleIn(ctx.db, org.id, target.id) !== undefined) {
      throw detail(400, "User is already a member of the organization");
    }
    // Quirk: the role is not validated; any string is stored.
    addMembership(ctx.db, org.id, target.id, body.role);
    return json({ success: true, message: "Member added successfully" });
  });

  r.put("/org/{org}/members/{username}", async (ctx) => {
    const { user } = ctx.requireCaller();
    const body = await readBody<{ role: string }>(ctx.req, { role: { type: "str", required: true } });
    const org = orgFromPath(ctx);
    requireOrgAdmin(ctx.db, org, user, "Not authorized to update member roles");
    const target = findUser(ctx.db, ctx.params.username ?? "");
    if (!target) throw detail(404, USER_NOT_FOUND);
    const res = ctx.db
      .query("UPDATE memberships SET role = ? WHERE org_id = ? AND user_id = ?")
      .run(body.role, org.id, target.id);
    if (res.changes === 0) throw detail(404, "User is not a member of the organization");
    return json({ success: true, message: "Member role updated successfully" });
  });

  r.delete("/org/{org}/members/{username}", (ctx) => {
    const { user } = ctx.requireCaller();
    const org = orgFromPath(ctx);
    requireOrgAdmin(ctx.db, org, user, "Not authorized to remove members");
    const target = findUser(ctx.db, ctx.params.username ?? "");
    if (!target) throw detail(404, USER_NOT_FOUND);
    const res = ctx.db
      .query("DELETE FROM memberships WHERE org_id = ? AND user_id = ?")
      .run(org.id, target.id);
    if (res.changes === 0) throw detail(404, "User is not a member of the organization");
    return json({ success: true, message: "Member removed successfully" });
  });

  // §9.1 settings and profile ------------------------------------------------------------------------

  r.put("/api/organizations/{org}/settings", async (ctx) => {
    const { user } = ctx.requireCaller();
    const body = await readBody<{
      description?: string | null;
      bio?: string | null;
      website?: string | null;
      social_media?: Record<string, unknown> | null;
    }>(ctx.req, {
      description: { type: "str", nullable: true },
      bio: { type: "str", nullable: true },
      website: { type: "str", nullable: true },
      social_media: { type: "object", nullable: true },
    });
    const org = orgFromPath(ctx);
    requireOrgAdmin(ctx.db, org, user, "Not authorized to update organization settings");
    const updates: Array<[string, string]> = [];
    for (const field of ["description", "bio", "website"] as const) {
      const value = body[field];
      if (value !== undefined && value !== null) updates.push([field, value]);
    }
    if (body.social_media !== undefined && body.social_media !== null) {
      updates.push(["social_media", JSON.stringify(body.social_media)]);
    }
    if (updates.length > 0) {
      ctx.db
        .query(`UPDATE users SET ${updates.map(([k]) => `${k} = ?`).join(", ")} WHERE id = ?`)
        .run(...updates.map(([, v]) => v), org.id);
    }
    return json({ success: true, message: "Organization settings updated successfully" });
  });

  r.get("/api/organizations/{org}/profile", (ctx) => {
    const org = orgFromPath(ctx);
    const members = ctx.db.query("SELECT COUNT(*) AS n FROM memberships WHERE org_id = ?").get(org.id) as {
      n: number;
    };
    return json({
      name: org.username,
      description: org.description,
      bio: org.bio,
      website: org.website,
      social_media: parseSocial(org.social_media),
      member_count: members.n,
      created_at: isoPython(org.created_at),
    });
  });

  // §8.4 org avatar ----------------------------------------------------------------------------------

  r.post("/api/organizations/{org}/avatar", async (ctx) => {
    const { user } = ctx.requireCaller();
    const file = await readUploadFile(ctx.req);
    const org = orgFromPath(ctx);
    requireOrgAdmin(ctx.db, org, user, "Not authorized to update organization avatar");
    return saveAvatar(ctx.db, org.id, file);
  });

  r.get("/api/organizations/{org}/avatar", (ctx) => {
    boolQuery(ctx.query, "fallback", true);
    const org = orgFromPath(ctx);
    return avatarResponse(ctx.db, org.id);
  });

  r.delete("/api/organizations/{org}/avatar", (ctx) => {
    const { user } = ctx.requireCaller();
    const org = orgFromPath(ctx);
    requireOrgAdmin(ctx.db, org, user, "Not authorized to delete organization avatar");
    return deleteAvatar(ctx.db, org.id);
  });

  // §10 invitations ----------------------------------------------------------------------------------

  r.post("/api/invitations/org/{org}/create", async (ctx) => {
    const { user } = ctx.requireCaller();
    const body = await readBody<{
      email?: string | null;
      role?: string;
      max_usage?: number | null;
      expires_days?: number;
    }>(ctx.req, {
      email: { type: "email", nullable: true },
      role: { type: "str" },
      max_usage: { type: "int", nullable: true },
      expires_days: { type: "int" },
    });
    const role = body.role ?? "member";
    // Role validation comes before the org lookup, so a bad role wins even for an unknown org.
    if (!INVITATION_ROLES.has(role))
      throw detail(400, "Invalid role. Must be 'visitor', 'member', or 'admin'");
    const org = orgFromPath(ctx);
    requireOrgAdmin(ctx.db, org, user, "Not authorized to invite members to this organization");
    const email = body.email ?? null;
    if (email) {
      const invitee = ctx.db.query("SELECT id FROM users WHERE email = ? AND is_org = 0").get(email) as {
        id: number;
      } | null;
      if (invitee && roleIn(ctx.db, org.id, invitee.id) !== undefined) {
        throw detail(400, "User is already a member of this organization");
      }
    }
    const maxUsage = body.max_usage ?? null;
    const { token, expiresAt } = insertInvitation(ctx.db, {
      action: "join_org",
      params: { org_id: org.id, org_name: org.username, role, email },
      createdBy: user.id,
      expiresDays: body.expires_days ?? 7,
      maxUsage,
    });
    return json({
      success: true,
      token,
      invitation_link: `${ctx.hub.baseUrl}/invite/${token}`,
      expires_at: isoPython(expiresAt),
      max_usage: maxUsage,
      is_reusable: maxUsage !== null,
    });
  });

  r.get("/api/invitations/org/{org}/list", (ctx) => {
    const { user } = ctx.requireCaller();
    const org = orgFromPath(ctx);
    requireOrgAdmin(ctx.db, org, user, "Not authorized to view invitations");
    const rows = ctx.db
      .query("SELECT * FROM invitations WHERE action = 'join_org' ORDER BY id")
      .all() as InvitationRow[];
    const now = Date.now();
    const invitations = rows.flatMap((inv) => {
      let params: InvitationParams;
      try {
        params = JSON.parse(inv.parameters) as InvitationParams;
      } catch {
        return [];
      }
      if (params.org_id !== org.id) return [];
      const available = unavailable(inv, now) === undefined;
      return [
        {
          id: inv.id,
          token: inv.token,
          email: params.email ?? null,
          role: params.role ?? null,
          created_by: usernameOf(ctx.db, inv.created_by),
          created_at: isoPython(inv.created_at),
          expires_at: isoPython(inv.expires_at),
          max_usage: inv.max_usage,
          usage_count: inv.usage_count,
          is_reusable: inv.max_usage !== null,
          is_available: available,
          used_at: inv.used_at === null ? null : isoPython(inv.used_at),
          is_pending: available && inv.usage_count === 0,
        },
      ];
    });
    return json({ invitations });
  });

  r.get("/api/invitations/{token}", (ctx) => {
    const inv = findInvitation(ctx.db, ctx.params.token ?? "");
    if (!inv) throw detail(404, "Invitation not found");
    const problem = unavailable(inv);
    const params = invitationParams(inv);
    const response: Record<string, unknown> = {
      action: inv.action,
      inviter_username: usernameOf(ctx.db, inv.created_by),
      expires_at: isoPython(inv.expires_at),
      is_expired: problem?.toLowerCase().includes("expired") ?? false,
      is_available: problem === undefined,
      error_message: problem ?? null,
      max_usage: inv.max_usage,
      usage_count: inv.usage_count,
      is_reusable: inv.max_usage !== null,
    };
    if (inv.action === "join_org") {
      response.org_name = params.org_name ?? null;
      response.role = params.role ?? null;
      response.email = params.email ?? null;
    }
    return json(response);
  });

  r.post("/api/invitations/{token}/accept", (ctx) => {
    const { user } = ctx.requireCaller();
    const inv = findInvitation(ctx.db, ctx.params.token ?? "");
    if (!inv) throw detail(404, "Invitation not found");
    const problem = unavailable(inv);
    if (problem) throw detail(400, problem);
    const params = invitationParams(inv);
    if (inv.action === "join_org") {
      const org = ctx.db.query("SELECT * FROM users WHERE id = ?").get(params.org_id ?? -1) as UserRow | null;
      if (!org) throw detail(404, ORG_NOT_FOUND);
      if (roleIn(ctx.db, org.id, user.id) !== undefined) {
        throw detail(400, "You are already a member of this organization");
      }
      const role = params.role ?? "member";
      ctx.db.transaction(() => {
        addMembership(ctx.db, org.id, user.id, role);
        markInvitationUsed(ctx.db, inv, user.id);
      })();
      const orgName = params.org_name ?? "the organization";
      return json({
        success: true,
        message: `You have successfully joined ${orgName} as a ${role}`,
        org_name: orgName,
        role,
      });
    }
    if (inv.action === "register_account") {
      ctx.db.transaction(() => {
        markInvitationUsed(ctx.db, inv, user.id);
        if (params.org_id) {
          const org = ctx.db.query("SELECT id FROM users WHERE id = ?").get(params.org_id) as {
            id: number;
          } | null;
          if (org && roleIn(ctx.db, org.id, user.id) === undefined) {
            addMembership(ctx.db, org.id, user.id, params.role ?? "member");
          }
        }
      })();
      return json({ success: true, message: "Account registration invitation accepted" });
    }
    throw detail(400, `Unknown invitation action: ${inv.action}`);
  });

  r.delete("/api/invitations/{token}", (ctx) => {
    const { user } = ctx.requireCaller();
    const inv = findInvitation(ctx.db, ctx.params.token ?? "");
    if (!inv) throw detail(404, "Invitation not found");
    const params = invitationParams(inv);
    if (inv.action === "join_org") {
      const org = ctx.db.query("SELECT * FROM users WHERE id = ?").get(params.org_id ?? -1) as UserRow | null;
      if (!org) throw detail(404, ORG_NOT_FOUND);
      requireOrgAdmin(ctx.db, org, user, "Not authorized to delete this invitation");
    }
    // Quirk: a register_account invitation can be deleted by any logged-in user.
    ctx.db.query("DELETE FROM invitations WHERE id = ?").run(inv.id);
    return json({ success: true, message: "Invitation deleted successfully" });
  });
}
