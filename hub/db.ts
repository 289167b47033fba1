/**
 * The hub's database (bun:sqlite). Like KohakuHub, users and organizations share one table (`is_org`).
 * Each route module adds its own tables through its `schema` export.
 */
import { Database } from "bun:sqlite";
import { join } from "node:path";

export const CORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  normalized_name TEXT NOT NULL UNIQUE,
  email TEXT UNIQUE,
  password_hash TEXT,
  email_verified INTEGER NOT NULL DEFAULT 0,
  is_active INTEGER NOT NULL DEFAULT 1,
  is_org INTEGER NOT NULL DEFAULT 0,
  full_name TEXT,
  bio TEXT,
  website TEXT,
  social_media TEXT,
  description TEXT,
  private_quota_bytes INTEGER,
  public_quota_bytes INTEGER,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  secret TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  last_used INTEGER,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS memberships (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (org_id, user_id)
);
`;

export function openDatabase(dataDir: string, schemas: string[]): Database {
  const db = new Database(join(dataDir, "hub.sqlite"), { create: true, strict: true });
  db.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
  db.exec(CORE_SCHEMA);
  for (const schema of schemas) db.exec(schema);
  return db;
}

export interface UserRow {
  id: number;
  username: string;
  normalized_name: string;
  email: string | null;
  password_hash: string | null;
  email_verified: number;
  is_active: number;
  is_org: number;
  full_name: string | null;
  bio: string | null;
  website: string | null;
  social_media: string | null;
  description: string | null;
  private_quota_bytes: number | null;
  public_quota_bytes: number | null;
  created_at: number;
}

export function findUser(db: Database, username: string): UserRow | undefined {
  return (db.query("SELECT * FROM users WHERE username = ?").get(username) as UserRow | null) ?? undefined;
}

/** Role of a user in an org, or undefined when not a member. */
/** A user or org row by id. */
export function findUserById(db: Database, id: number): UserRow | undefined {
  return (db.query("SELECT * FROM users WHERE id = ?").get(id) as UserRow | null) ?? undefined;
}

export function roleIn(db: Database, orgId: number, userId: number): string | undefined {
  const row = db
    .query("SELECT role FROM memberships WHERE org_id = ? AND user_id = ?")
    .get(orgId, userId) as { role: string } | null;
  return row?.role;
}

/** The stored `social_media` JSON of a user or org row as an object (null when unset or not an object). */
export function parseSocial(value: string | null): Record<string, unknown> | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value);
    return parsed && typeof parsed === "object" ? parsed : null;
  } catch {
    return null;
  }
}
