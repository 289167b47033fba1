/**
 * Seeds a local hub straight through its storage and database: repository content (blobs, tree, per-path
 * records, as the commit endpoint writes them), repositories, and users, members and likes in numbers that
 * would be slow to create through the API.
 */
import { findUser } from "../../hub/db.ts";
import { normalizeName } from "../../hub/routes/account.ts";
import type { Hub } from "../../hub/server.ts";
import {
  commitStaged,
  findRepo,
  initRepoStorage,
  isLfsPath,
  putBlob,
  putFileRecord,
  softDeleteRecords,
  stage,
} from "../../hub/storage.ts";

export interface SeedOptions {
  type?: string;
  branch?: string;
  message?: string;
  description?: string;
  /** Hub username recorded as the author (default: none, a storage-level commit). */
  author?: { username: string; userId: number };
}

/**
 * Commits files (path → content; `null` deletes) to a repo on the hub and returns the new commit id.
 */
export async function seedFiles(
  hub: Hub,
  repoId: string,
  files: Record<string, string | Uint8Array | null>,
  options: SeedOptions = {},
): Promise<string> {
  const [namespace, name] = repoId.split("/") as [string, string];
  const repo = findRepo(hub.db, options.type ?? "model", namespace, name);
  if (!repo) throw new Error(`seedFiles: no repo ${options.type ?? "model"}/${repoId}`);
  const branch = options.branch ?? "main";
  const now = Date.now();
  for (const [path, content] of Object.entries(files)) {
    if (content === null) {
      stage(hub.db, repo.id, branch, path, null);
      softDeleteRecords(hub.db, repo.id, path);
      continue;
    }
    const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
    const { sha256, gitSha1 } = await putBlob(hub.dataDir, bytes);
    const lfs = isLfsPath(repo, path, bytes.byteLength) ? 1 : 0;
    stage(hub.db, repo.id, branch, path, {
      path,
      size: bytes.byteLength,
      sha256,
      git_sha1: gitSha1,
      lfs,
      mtime: now,
    });
    putFileRecord(hub.db, repo.id, path, {
      hash: lfs ? sha256 : gitSha1,
      size: bytes.byteLength,
      lfs,
      is_deleted: 0,
    });
  }
  const id = commitStaged(hub.db, repo.id, branch, {
    message: options.message ?? "Seed files",
    description: options.description ?? "",
    username: options.author?.username ?? null,
    userId: options.author?.userId ?? null,
  });
  if (!id) throw new Error("seedFiles: nothing changed");
  return id;
}

/**
 * Creates a repo row and its storage directly in the hub (what `POST /api/repos/create` does), for tests
 * that need a repo without going through the create endpoint.
 */
export function seedRepo(
  hub: Hub,
  repoId: string,
  options: { type?: string; private?: boolean; ownerId?: number } = {},
): number {
  const [namespace, name] = repoId.split("/") as [string, string];
  const now = Date.now();
  const info = hub.db
    .query(
      "INSERT INTO repos (type, namespace, name, normalized_name, private, owner_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .run(
      options.type ?? "model",
      namespace,
      name,
      name.toLowerCase().replace(/[-_]/g, ""),
      options.private ? 1 : 0,
      options.ownerId ?? null,
      now,
    );
  const id = Number(info.lastInsertRowid);
  initRepoStorage(hub.db, id, now);
  return id;
}

/**
 * Creates users straight in the hub's database, with no password (they cannot log in), for tests that need
 * more of them than is quick to register. Returns their ids by name.
 */
export function seedUsers(hub: Hub, names: string[]): Map<string, number> {
  const insert = hub.db.query(
    "INSERT INTO users (username, normalized_name, email_verified, created_at) VALUES (?, ?, 1, ?)",
  );
  const ids = new Map<string, number>();
  hub.db.transaction(() => {
    for (const name of names) {
      const info = insert.run(name, normalizeName(name), Date.now());
      ids.set(name, Number(info.lastInsertRowid));
    }
  })();
  return ids;
}

/** Makes users members of an organization with one role, as adding them through the API does. */
export function seedMembers(hub: Hub, org: string, userIds: number[], role = "member"): void {
  const orgRow = findUser(hub.db, org);
  if (!orgRow?.is_org) throw new Error(`seedMembers: no organization ${org}`);
  const insert = hub.db.query(
    "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
  );
  hub.db.transaction(() => {
    for (const id of userIds) insert.run(orgRow.id, id, role, Date.now());
  })();
}

/** Records likes of a repo (by its row id), in the order given, as the like endpoint does. */
export function seedLikes(hub: Hub, repoRowId: number, userIds: number[]): void {
  const insert = hub.db.query("INSERT INTO repo_likes (repo_id, user_id, created_at) VALUES (?, ?, ?)");
  hub.db.transaction(() => {
    for (const id of userIds) insert.run(repoRowId, id, Date.now());
  })();
}
