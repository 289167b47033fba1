/**
 * Avatar storage of the local hub (auth-users-orgs.md §8.4), shared by the user and the organization
 * routes: on the server both live on the user row, so an org's avatar is also served by
 * `GET /api/users/{org}/avatar`.
 *
 * The real server re-encodes images to a square JPEG with Pillow; the local hub has no image library, so
 * it stores the bytes as given and only rejects data without an image magic number.
 */
import type { Database } from "bun:sqlite";
import { detail, json } from "./http.ts";
import type { FormPart } from "./multipart.ts";

export const schema = `
CREATE TABLE IF NOT EXISTS avatars (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  data BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
`;

const AVATAR_TYPES = new Set(["image/jpeg", "image/jpg", "image/png", "image/webp", "image/gif"]);
const AVATAR_MAX_BYTES = 10_000_000;

/** True when the bytes start like a JPEG, PNG, GIF or WebP file. */
export function looksLikeImage(b: Uint8Array): boolean {
  const starts = (sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
  return (
    starts([0xff, 0xd8, 0xff]) ||
    starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) ||
    starts([0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) ||
    starts([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]) ||
    (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8))
  );
}

/** Checks an uploaded `file` part (type as sent, size, image bytes) and stores it as the avatar of `ownerId`. */
export function saveAvatar(db: Database, ownerId: number, file: FormPart): Response {
  // Compared as sent: `image/png; charset=x` is not an allowed type, as on the server.
  if (!AVATAR_TYPES.has(file.contentType ?? "")) {
    throw detail(400, "Invalid image type. Allowed: JPEG, PNG, WebP, GIF");
  }
  const bytes = new Uint8Array(file.data);
  if (bytes.length > AVATAR_MAX_BYTES) throw detail(400, "Image too large. Maximum: 10MB");
  if (!looksLikeImage(bytes)) {
    throw detail(400, "Failed to process image. Ensure it's a valid image file.");
  }
  db.query(
    "INSERT INTO avatars (user_id, data, updated_at) VALUES (?, ?, ?) " +
      "ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
  ).run(ownerId, bytes, Date.now());
  return json({ success: true, message: "Avatar uploaded successfully", size_bytes: bytes.length });
}

/** The stored avatar of `ownerId` as the server serves it (always `image/jpeg`), or 404 `No avatar set`. */
export function avatarResponse(db: Database, ownerId: number): Response {
  const row = db.query("SELECT data, updated_at FROM avatars WHERE user_id = ?").get(ownerId) as {
    data: Uint8Array;
    updated_at: number;
  } | null;
  if (!row) throw detail(404, "No avatar set");
  return new Response(new Uint8Array(row.data), {
    headers: {
      "content-type": "image/jpeg",
      "cache-control": "public, max-age=86400",
      "last-modified": new Date(row.updated_at).toUTCString(),
    },
  });
}

/** Removes the avatar of `ownerId` (404 `No avatar to delete` when there is none). */
export function deleteAvatar(db: Database, ownerId: number): Response {
  const res = db.query("DELETE FROM avatars WHERE user_id = ?").run(ownerId);
  if (res.changes === 0) throw detail(404, "No avatar to delete");
  return json({ success: true, message: "Avatar deleted successfully" });
}
