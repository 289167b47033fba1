/**
 * Accounts: register, login, logout, me (auth-users-orgs.md §3), tokens (§4), whoami-v2 (§5).
 */
import { hashToken } from "../auth.ts";
import { findUser, type UserRow } from "../db.ts";
import { crash, detail, intParam, isoPython, json, randomHex, readBody } from "../http.ts";
import type { Router } from "../router.ts";
import { checkRegisterInvitation, consumeRegisterInvitation } from "./orgs.ts";

export const schema = "";

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
