/**
 * Caller resolution, as KohakuHub does it: a valid `session_id` cookie wins; otherwise
 * `Authorization: Bearer <token>[|url,token...]` (exactly "Bearer ", capital B). Tokens are stored as
 * SHA3-512 hex digests.
 */
import type { Database } from "bun:sqlite";
import type { UserRow } from "./db.ts";

export interface Caller {
  user: UserRow;
  via: "session" | "token";
  /** Upstream tokens from the `|url,token` suffix of the Bearer header. */
  externalTokens: Array<{ url: string; token: string }>;
}

export function hashToken(token: string): string {
  return new Bun.CryptoHasher("sha3-512").update(token).digest("hex");
}

/** A cookie of the request, or undefined. */
export function cookie(req: Request, name: string): string | undefined {
  const header = req.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

export function resolveCaller(db: Database, req: Request): Caller | undefined {
  const now = Date.now();
  const sid = cookie(req, "session_id");
  if (sid) {
    const user = db
      .query(
        "SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.session_id = ? AND s.expires_at > ? AND u.is_active = 1",
      )
      .get(sid, now) as UserRow | null;
    if (user) return { user, via: "session", externalTokens: [] };
  }
  const auth = req.headers.get("authorization");
  if (!auth?.startsWith("Bearer ")) return undefined;
  const [khToken = "", ...rest] = auth.slice("Bearer ".length).split("|");
  const externalTokens = rest.flatMap((piece) => {
    const comma = piece.indexOf(",");
    return comma === -1 ? [] : [{ url: piece.slice(0, comma), token: piece.slice(comma + 1) }];
  });
  if (!khToken) return undefined;
  const row = db
    .query(
      "SELECT u.*, t.id AS token_row_id FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.is_active = 1",
    )
    .get(hashToken(khToken)) as (UserRow & { token_row_id: number }) | null;
  if (!row) return undefined;
  db.query("UPDATE tokens SET last_used = ? WHERE id = ?").run(now, row.token_row_id);
  const { token_row_id: _ignored, ...user } = row;
  return { user, via: "token", externalTokens };
}
