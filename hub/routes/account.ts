/**
 * Accounts: register, verify-email, login, logout, me (auth-users-orgs.md §3), tokens (§4), whoami-v2 (§5),
 * external tokens (§7), user settings, type, profile and avatar (§8), SSH keys (§14).
 */
import type { Database } from "bun:sqlite";
import { hashToken } from "../auth.ts";
import { avatarResponse, deleteAvatar, saveAvatar } from "../avatars.ts";
import { findUser, findUserById, parseSocial, type UserRow } from "../db.ts";
import {
  boolQuery,
  crash,
  detail,
  type Issue,
  intParam,
  isoPython,
  isoZ,
  json,
  randomHex,
  readBody,
  validationError,
} from "../http.ts";
import { readUploadFile } from "../multipart.ts";
import type { Ctx, Router } from "../router.ts";
import { checkRegisterInvitation, consumeRegisterInvitation } from "./orgs.ts";

export const schema = `
CREATE TABLE IF NOT EXISTS email_verifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token TEXT NOT NULL UNIQUE,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS external_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (user_id, url)
);
CREATE TABLE IF NOT EXISTS fallback_sources (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  namespace TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL,
  token TEXT,
  priority INTEGER NOT NULL DEFAULT 100,
  name TEXT NOT NULL,
  source_type TEXT NOT NULL DEFAULT 'huggingface',
  enabled INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS ssh_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  key_type TEXT NOT NULL,
  public_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used INTEGER
);
`;

export const RESERVED_NAMES = new Set(
  (
    "models datasets spaces admin organizations api org auth settings new login register logout docs swagger " +
    "health version resolve tree blob commit commits branch branches tag tags upload edit fallback-sources cache " +
    "stats quota"
  ).split(" "),
);

/** The server's normalization: lowercase, then drop every `-` and `_`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, "");
}

export function isReserved(name: string): boolean {
  return RESERVED_NAMES.has(name.toLowerCase()) || RESERVED_NAMES.has(normalizeName(name));
}

const SESSION_HOURS = 168;

export function register(r: Router): void {
  r.post("/api/auth/register", async (ctx) => {
    const body = await readBody<{ username: string; email: string; password: string }>(ctx.req, {
      username: { type: "str", required: true },
      email: { type: "email", required: true },
      password: { type: "str", required: true },
    });
    const { options } = ctx.hub;
    if (options.invitationOnly) {
      const invitationToken = ctx.query.get("invitation_token");
      if (!invitationToken) {
        throw detail(
          403,
          "Registration is invitation-only. Please use an invitation link or contact the administrator.",
        );
      }
      const problem = checkRegisterInvitation(ctx.db, invitationToken);
      if (problem) throw detail(400, problem);
    }
    if (isReserved(body.username))
      throw detail(400, `Username '${body.username}' is reserved and cannot be used`);
    if (findUser(ctx.db, body.username)) throw detail(400, "Username already exists");
    if (ctx.db.query("SELECT 1 FROM users WHERE email = ?").get(body.email))
      throw detail(400, "Email already exists");
    const normalized = normalizeName(body.username);
    const clash = ctx.db
      .query("SELECT username, is_org FROM users WHERE normalized_name = ?")
      .get(normalized) as {
      username: string;
      is_org: number;
    } | null;
    if (clash) {
      throw detail(
        400,
        `Username conflicts with existing ${clash.is_org ? "organization" : "user"}: ${clash.username}`,
      );
    }
    // bcrypt >= 5 raises on passwords longer than 72 bytes: an unhandled 500 on the real server.
    if (new TextEncoder().encode(body.password).length > 72) throw crash();
    const hash = await Bun.password.hash(body.password, {
      algorithm: "bcrypt",
      cost: options.bcryptCost ?? 4,
    });
    const verified = !options.requireEmailVerification;
    const info = ctx.db
      .query(
        "INSERT INTO users (username, normalized_name, email, password_hash, email_verified, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(body.username, normalized, body.email, hash, verified ? 1 : 0, Date.now());
    if (options.invitationOnly) {
      consumeRegisterInvitation(
        ctx.db,
        ctx.query.get("invitation_token") ?? "",
        Number(info.lastInsertRowid),
      );
    }
    if (!verified) {
      // SMTP is off in the local hub and tokens are never logged: tests read the token from the table.
      const token = randomHex(32);
      ctx.db
        .query("INSERT INTO email_verifications (user_id, token, expires_at) VALUES (?, ?, ?)")
        .run(Number(info.lastInsertRowid), token, Date.now() + 24 * 3600 * 1000);
      return json({
        success: true,
        message: "User created. Please check your email to verify your account.",
        email_verified: false,
      });
    }
    return json({ success: true, message: "User created successfully", email_verified: true });
  });

  r.post("/api/auth/login", async (ctx) => {
    const body = await readBody<{ username: string; password: string }>(ctx.req, {
      username: { type: "str", required: true },
      password: { type: "str", required: true },
    });
    const user = findUser(ctx.db, body.username);
    const ok =
      user?.password_hash && !user.is_org
        ? await Bun.password.verify(body.password, user.password_hash)
        : false;
    if (!user || !ok) throw detail(401, "Invalid username or password");
    if (!user.is_active) throw detail(403, "Account is disabled");
    if (ctx.hub.options.requireEmailVerification && !user.email_verified) {
      throw detail(403, "Please verify your email first");
    }
    const sessionId = createSession(ctx.db, user);
    ctx.headers.append(
      "set-cookie",
      `session_id=${sessionId.id}; HttpOnly; Max-Age=${SESSION_HOURS * 3600}; Path=/; SameSite=lax`,
    );
    return json({
      success: true,
      message: "Logged in successfully",
      username: user.username,
      session_secret: sessionId.secret,
    });
  });

  r.post("/api/auth/logout", (ctx) => {
    const caller = ctx.requireCaller();
    ctx.db.query("DELETE FROM sessions WHERE user_id = ?").run(caller.user.id);
    ctx.headers.append(
      "set-cookie",
      'session_id=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=lax',
    );
    return json({ success: true, message: "Logged out successfully" });
  });

  r.get("/api/auth/tokens", (ctx) => {
    const { user } = ctx.requireCaller();
    const rows = ctx.db
      .query("SELECT id, name, last_used, created_at FROM tokens WHERE user_id = ? ORDER BY id")
      .all(user.id) as Array<{ id: number; name: string; last_used: number | null; created_at: number }>;
    return json({
      tokens: rows.map((t) => ({
        id: t.id,
        name: t.name,
        last_used: t.last_used === null ? null : isoPython(t.last_used),
        created_at: isoPython(t.created_at),
      })),
    });
  });

  r.post("/api/auth/tokens/create", async (ctx) => {
    const { user } = ctx.requireCaller();
    const body = await readBody<{ name: string }>(ctx.req, { name: { type: "str", required: true } });
    const { token, id } = createToken(ctx.db, user.id, body.name);
    const session = ctx.db.query("SELECT secret FROM sessions WHERE user_id = ? LIMIT 1").get(user.id) as {
      secret: string;
    } | null;
    return json({
      success: true,
      token,
      token_id: id,
      session_secret: session?.secret ?? null,
      message: "Token created. Save it securely - you won't see it again!",
    });
  });

  r.delete("/api/auth/tokens/{token_id}", (ctx) => {
    const { user } = ctx.requireCaller();
    const id = intParam(ctx.params.token_id, "path", "token_id");
    const res = ctx.db.query("DELETE FROM tokens WHERE id = ? AND user_id = ?").run(id, user.id);
    if (res.changes === 0) throw detail(404, "Token not found");
    return json({ success: true, message: "Token revoked successfully" });
  });

  r.get("/api/auth/verify-email", (ctx) => {
    const token = ctx.query.get("token");
    if (token === null) {
      throw validationError([
        { type: "missing", loc: ["query", "token"], msg: "Field required", input: null },
      ]);
    }
    const row = ctx.db
      .query(
        "SELECT v.id, v.expires_at, u.id AS uid FROM email_verifications v LEFT JOIN users u ON u.id = v.user_id WHERE v.token = ?",
      )
      .get(token) as { id: number; expires_at: number; uid: number | null } | null;
    if (!row || row.expires_at <= Date.now()) {
      return redirect("/?error=invalid_token&message=Invalid+or+expired+verification+token");
    }
    const user = row.uid === null ? undefined : findUserById(ctx.db, row.uid);
    if (!user) return redirect("/?error=user_not_found");
    ctx.db.query("UPDATE users SET email_verified = 1 WHERE id = ?").run(user.id);
    ctx.db.query("DELETE FROM email_verifications WHERE id = ?").run(row.id);
    const session = createSession(ctx.db, user);
    ctx.headers.append(
      "set-cookie",
      `session_id=${session.id}; HttpOnly; Max-Age=${SESSION_HOURS * 3600}; Path=/; SameSite=lax`,
    );
    return redirect(encodeURI(`/${user.username}`));
  });

  r.get("/api/auth/me", (ctx) => {
    const { user } = ctx.requireCaller();
    return json({
      id: user.id,
      username: user.username,
      email: user.email,
      email_verified: Boolean(user.email_verified),
      created_at: isoPython(user.created_at),
    });
  });

  registerIdentity(r);
  registerExternalTokens(r);
  registerProfile(r);
  registerAvatars(r);
  registerSshKeys(r);
}

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { location } });
}

// ---------------------------------------------------------------------------------------------------
// whoami-v2 (§5)

function registerIdentity(r: Router): void {
  r.get("/api/whoami-v2", (ctx) => {
    const caller = ctx.caller();
    if (!caller) throw detail(401, "Invalid user token");
    const { user } = caller;
    const orgs = ctx.db
      .query(
        "SELECT o.username AS name, m.role FROM memberships m JOIN users o ON o.id = m.org_id WHERE m.user_id = ? ORDER BY m.id",
      )
      .all(user.id) as Array<{ name: string; role: string }>;
    return json({
      type: "user",
      id: String(user.id),
      name: user.username,
      fullname: user.username,
      email: user.email,
      emailVerified: Boolean(user.email_verified),
      canPay: false,
      isPro: false,
      orgs: orgs.map((o) => ({ name: o.name, fullname: o.name, roleInOrg: o.role })),
      auth: { type: "access_token", accessToken: { displayName: "Auto-generated token", role: "write" } },
      site: { name: ctx.hub.options.siteName, api: "kohakuhub", version: "0.0.1" },
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// External (fallback) tokens (§7). The real server needs KOHAKU_HUB_DATABASE_KEY to store them (500
// otherwise); the local hub behaves as a configured server and keeps them in plain text.

const MANAGE_TOKENS = "Not authorized to manage these tokens";

/** `first 4 characters + "***"`, or `"***"` for short tokens (the server's mask_token). */
export function maskToken(token: string): string {
  if (!token) return "";
  return token.length <= 4 ? "***" : `${token.slice(0, 4)}***`;
}

function saveExternalToken(db: Database, userId: number, url: string, token: string): void {
  const now = Date.now();
  db.query(
    "INSERT INTO external_tokens (user_id, url, token, created_at, updated_at) VALUES (?, ?, ?, ?, ?) " +
      "ON CONFLICT (user_id, url) DO UPDATE SET token = excluded.token, updated_at = excluded.updated_at",
  ).run(userId, url, token, now, now);
}

/** Validates `{"tokens": [{"url": str, "token": str}, ...]}` item by item, as pydantic does. */
function checkTokenItems(tokens: unknown[]): Array<{ url: string; token: string }> {
  const issues: Issue[] = [];
  tokens.forEach((item, i) => {
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      issues.push({
        type: "model_attributes_type",
        loc: ["body", "tokens", i],
        msg: "Input should be a valid dictionary or object to extract fields from",
        input: item,
      });
      return;
    }
    for (const field of ["url", "token"]) {
      const value = (item as Record<string, unknown>)[field];
      if (value === undefined) {
        issues.push({
          type: "missing",
          loc: ["body", "tokens", i, field],
          msg: "Field required",
          input: item,
        });
      } else if (typeof value !== "string") {
        issues.push({
          type: "string_type",
          loc: ["body", "tokens", i, field],
          msg: "Input should be a valid string",
          input: value,
        });
      }
    }
  });
  if (issues.length) throw validationError(issues);
  return tokens as Array<{ url: string; token: string }>;
}

function registerExternalTokens(r: Router): void {
  r.get("/api/fallback-sources/available", (ctx) => {
    const rows = ctx.db
      .query(
        "SELECT url, name, source_type, priority FROM fallback_sources WHERE namespace = '' AND enabled = 1 ORDER BY priority, id",
      )
      .all() as Array<{ url: string; name: string; source_type: string; priority: number }>;
    const seen = new Set<string>();
    const unique = rows.filter((row) => !seen.has(row.url) && seen.add(row.url));
    return json(
      unique.map((s) => ({ url: s.url, name: s.name, source_type: s.source_type, priority: s.priority })),
    );
  });

  r.get("/api/users/{username}/external-tokens", (ctx) => {
    const { user } = ctx.requireCaller();
    if (user.username !== ctx.params.username) throw detail(403, "Not authorized to view these tokens");
    const rows = ctx.db
      .query("SELECT url, token, created_at, updated_at FROM external_tokens WHERE user_id = ? ORDER BY id")
      .all(user.id) as Array<{ url: string; token: string; created_at: number; updated_at: number }>;
    return json(
      rows.map((t) => ({
        url: t.url,
        token_preview: maskToken(t.token),
        created_at: isoPython(t.created_at),
        updated_at: isoPython(t.updated_at),
      })),
    );
  });

  r.post("/api/users/{username}/external-tokens", async (ctx) => {
    const { user } = ctx.requireCaller();
    const body = await readBody<{ url: string; token: string }>(ctx.req, {
      url: { type: "str", required: true },
      token: { type: "str", required: true },
    });
    if (user.username !== ctx.params.username) throw detail(403, MANAGE_TOKENS);
    if (!body.url?.startsWith("http")) throw detail(400, "Invalid URL format");
    saveExternalToken(ctx.db, user.id, body.url, body.token);
    return json({ success: true, message: "External token saved" });
  });

  r.delete("/api/users/{username}/external-tokens/{url:path}", (ctx) => {
    const { user } = ctx.requireCaller();
    if (user.username !== ctx.params.username) throw detail(403, MANAGE_TOKENS);
    const res = ctx.db
      .query("DELETE FROM external_tokens WHERE user_id = ? AND url = ?")
      .run(user.id, ctx.params.url ?? "");
    if (res.changes === 0) throw detail(404, "Token not found for this URL");
    return json({ success: true, message: "External token deleted" });
  });

  r.put("/api/users/{username}/external-tokens/bulk", async (ctx) => {
    const { user } = ctx.requireCaller();
    const body = await readBody<{ tokens: unknown[] }>(ctx.req, { tokens: { type: "list", required: true } });
    const tokens = checkTokenItems(body.tokens);
    if (user.username !== ctx.params.username) throw detail(403, MANAGE_TOKENS);
    const keep = new Set(tokens.map((t) => t.url));
    const existing = ctx.db.query("SELECT url FROM external_tokens WHERE user_id = ?").all(user.id) as Array<{
      url: string;
    }>;
    for (const { url } of existing) {
      if (!keep.has(url))
        ctx.db.query("DELETE FROM external_tokens WHERE user_id = ? AND url = ?").run(user.id, url);
    }
    // Not atomic, like the server: entries are checked one by one while saving.
    for (const t of tokens) {
      if (!t.url?.startsWith("http")) throw detail(400, `Invalid URL format: ${t.url}`);
      saveExternalToken(ctx.db, user.id, t.url, t.token);
    }
    return json({ success: true, message: `Updated ${tokens.length} external tokens` });
  });
}

// ---------------------------------------------------------------------------------------------------
// Settings, type, profile (§8.1-8.3). No fallback sources answer for unknown names in the local hub.

function registerProfile(r: Router): void {
  r.put("/api/users/{username}/settings", async (ctx) => {
    const { user } = ctx.requireCaller();
    const body = await readBody<{
      email?: string | null;
      full_name?: string | null;
      bio?: string | null;
      website?: string | null;
      social_media?: Record<string, unknown> | null;
    }>(ctx.req, {
      email: { type: "email", nullable: true },
      full_name: { type: "str", nullable: true },
      bio: { type: "str", nullable: true },
      website: { type: "str", nullable: true },
      social_media: { type: "object", nullable: true },
    });
    if (user.username !== ctx.params.username)
      throw detail(403, "Not authorized to update this user's settings");
    const sets: string[] = [];
    const values: Array<string | number> = [];
    if (body.email !== undefined && body.email !== null) {
      if (ctx.db.query("SELECT 1 FROM users WHERE email = ? AND id != ?").get(body.email, user.id)) {
        throw detail(400, "Email already in use");
      }
      // The server resets verification on every email update, even to the same address, and sends no mail.
      sets.push("email = ?", "email_verified = 0");
      values.push(body.email);
    }
    for (const field of ["full_name", "bio", "website"] as const) {
      const value = body[field];
      if (value !== undefined && value !== null) {
        sets.push(`${field} = ?`);
        values.push(value);
      }
    }
    if (body.social_media !== undefined && body.social_media !== null) {
      sets.push("social_media = ?");
      values.push(JSON.stringify(body.social_media));
    }
    if (sets.length) ctx.db.query(`UPDATE users SET ${sets.join(", ")} WHERE id = ?`).run(...values, user.id);
    return json({ success: true, message: "User settings updated successfully" });
  });

  r.get("/api/users/{username}/type", (ctx) => {
    boolQuery(ctx.query, "fallback", true);
    const row = findUser(ctx.db, ctx.params.username ?? "");
    if (!row) throw detail(404, "Namespace not found");
    return json({ type: row.is_org ? "org" : "user", _source: "local" });
  });

  r.get("/api/users/{username}/profile", (ctx) => {
    boolQuery(ctx.query, "fallback", true);
    const row = findUser(ctx.db, ctx.params.username ?? "");
    if (!row) throw detail(404, "User not found");
    return json({
      username: row.username,
      full_name: row.full_name,
      bio: row.bio,
      website: row.website,
      social_media: parseSocial(row.social_media),
      created_at: isoPython(row.created_at),
      _source: "local",
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Avatars (§8.4), stored by ../avatars.ts.

function registerAvatars(r: Router): void {
  r.post("/api/users/{username}/avatar", async (ctx) => {
    const { user } = ctx.requireCaller();
    const file = await readUploadFile(ctx.req);
    const target = findUser(ctx.db, ctx.params.username ?? "");
    if (!target) throw detail(404, "User not found");
    if (target.id !== user.id) throw detail(403, "Not authorized to update this user's avatar");
    return saveAvatar(ctx.db, target.id, file);
  });

  r.get("/api/users/{username}/avatar", (ctx) => {
    boolQuery(ctx.query, "fallback", true);
    const target = findUser(ctx.db, ctx.params.username ?? "");
    if (!target) throw detail(404, "User not found");
    return avatarResponse(ctx.db, target.id);
  });

  r.delete("/api/users/{username}/avatar", (ctx) => {
    const { user } = ctx.requireCaller();
    const target = findUser(ctx.db, ctx.params.username ?? "");
    if (!target) throw detail(404, "User not found");
    if (target.id !== user.id) throw detail(403, "Not authorized to delete this user's avatar");
    return deleteAvatar(ctx.db, target.id);
  });
}

// ---------------------------------------------------------------------------------------------------
// SSH keys (§14), fixed at /api/user/keys. Fingerprints are unique server-wide.

const SSH_KEY_TYPES = new Set([
  "ssh-rsa",
  "ssh-dss",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "ssh-ed25519",
]);

/**
 * Python's lenient `base64.b64decode`: characters outside the alphabet are skipped, and the data must be
 * correctly padded. Returns undefined where Python raises.
 */
function lenientBase64(data: string): Uint8Array | undefined {
  let kept = "";
  let quad = 0;
  let pads = 0;
  for (const ch of data) {
    if (ch === "=") {
      pads++;
      if (quad >= 2 && quad + pads >= 4) return new Uint8Array(Buffer.from(kept, "base64"));
      continue;
    }
    if (!/[A-Za-z0-9+/]/.test(ch)) continue;
    kept += ch;
    pads = 0;
    quad = (quad + 1) % 4;
  }
  return quad === 0 ? new Uint8Array(Buffer.from(kept, "base64")) : undefined;
}

type SshKeyRow = {
  id: number;
  user_id: number;
  title: string;
  key_type: string;
  fingerprint: string;
  created_at: number;
  last_used: number | null;
};

function sshKeyJson(k: SshKeyRow): Record<string, unknown> {
  return {
    id: k.id,
    title: k.title,
    key_type: k.key_type,
    fingerprint: k.fingerprint,
    created_at: isoZ(k.created_at),
    last_used: k.last_used === null ? null : isoZ(k.last_used),
  };
}

/** Parses `<type> <base64> [comment]` into a type and `SHA256:<unpadded base64>` fingerprint, or a 400. */
function parseSshKey(key: string): { keyType: string; fingerprint: string } {
  const parts = key.trim().split(/\s+/);
  if (parts.length < 2 || !parts[0] || !parts[1])
    throw detail(400, "Invalid SSH key: Invalid SSH key format");
  const [keyType, data] = parts as [string, string];
  if (!SSH_KEY_TYPES.has(keyType)) throw detail(400, `Invalid SSH key: Unsupported key type: ${keyType}`);
  const blob = lenientBase64(data);
  if (!blob) throw detail(400, "Invalid SSH key: Invalid base64-encoded key data");
  const digest = new Bun.CryptoHasher("sha256").update(blob).digest("base64").replace(/=+$/, "");
  return { keyType, fingerprint: `SHA256:${digest}` };
}

function registerSshKeys(r: Router): void {
  const byId = (ctx: Ctx, id: number) =>
    (ctx.db.query("SELECT * FROM ssh_keys WHERE id = ?").get(id) as SshKeyRow | null) ?? undefined;

  r.get("/api/user/keys", (ctx) => {
    const { user } = ctx.requireCaller();
    const rows = ctx.db
      .query("SELECT * FROM ssh_keys WHERE user_id = ? ORDER BY id")
      .all(user.id) as SshKeyRow[];
    return json(rows.map(sshKeyJson));
  });

  r.post("/api/user/keys", async (ctx) => {
    const { user } = ctx.requireCaller();
    const body = await readBody<{ title: string; key: string }>(ctx.req, {
      title: { type: "str", required: true },
      key: { type: "str", required: true },
    });
    const { keyType, fingerprint } = parseSshKey(body.key);
    if (ctx.db.query("SELECT 1 FROM ssh_keys WHERE fingerprint = ?").get(fingerprint)) {
      throw detail(409, "SSH key already exists (same key registered by another user or you)");
    }
    const info = ctx.db
      .query(
        "INSERT INTO ssh_keys (user_id, title, key_type, public_key, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(user.id, body.title, keyType, body.key.trim(), fingerprint, Date.now());
    return json(sshKeyJson(byId(ctx, Number(info.lastInsertRowid)) as SshKeyRow));
  });

  r.get("/api/user/keys/{key_id}", (ctx) => {
    const { user } = ctx.requireCaller();
    const key = byId(ctx, intParam(ctx.params.key_id, "path", "key_id"));
    if (!key) throw detail(404, "SSH key not found");
    if (key.user_id !== user.id) throw detail(403, "Not authorized to view this key");
    return json(sshKeyJson(key));
  });

  r.delete("/api/user/keys/{key_id}", (ctx) => {
    const { user } = ctx.requireCaller();
    const key = byId(ctx, intParam(ctx.params.key_id, "path", "key_id"));
    if (!key) throw detail(404, "SSH key not found");
    if (key.user_id !== user.id) throw detail(403, "Not authorized to delete this key");
    ctx.db.query("DELETE FROM ssh_keys WHERE id = ?").run(key.id);
    return json({ message: "SSH key deleted successfully" });
  });
}

export function createSession(
  db: import("bun:sqlite").Database,
  user: UserRow,
): { id: string; secret: string } {
  const id = randomHex(32);
  const secret = randomHex(16);
  const now = Date.now();
  db.query(
    "INSERT INTO sessions (session_id, user_id, secret, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
  ).run(id, user.id, secret, now + SESSION_HOURS * 3600 * 1000, now);
  return { id, secret };
}

/** Creates an API token for a user and returns its plaintext (64 hex, no prefix). */
export function createToken(
  db: import("bun:sqlite").Database,
  userId: number,
  name: string,
): { token: string; id: number } {
  const token = randomHex(32);
  const info = db
    .query("INSERT INTO tokens (user_id, token_hash, name, created_at) VALUES (?, ?, ?, ?)")
    .run(userId, hashToken(token), name, Date.now());
  return { token, id: Number(info.lastInsertRowid) };
}
