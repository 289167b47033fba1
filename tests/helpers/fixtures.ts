/**
 * Fixtures shared by the library tests (tests/api): catching a failure, orgs with members, repos owned by
 * a test user. Rows written straight into the hub's tables skip the API on purpose (set-up, not the
 * thing under test).
 */

import { findUser } from "../../hub/db.ts";
import type { Hub } from "../../hub/server.ts";
import type { KohubError } from "../../src/index.ts";
import { createUser, type TestUser, uniqueName } from "./hub.ts";
import { seedRepo } from "./seed.ts";

/** The error a promise rejects with (fails the test when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<KohubError> {
  try {
    await promise;
  } catch (err) {
    return err as KohubError;
  }
  throw new Error("expected the call to fail");
}

/** The hub's user id of a username (users and orgs alike). */
export function userId(hub: Hub, username: string): number {
  return (hub.db.query("SELECT id FROM users WHERE username = ?").get(username) as { id: number }).id;
}

/** A new user with a new org (created through the API) of which they are the super-admin. */
export async function orgWithAdmin(
  hub: Hub,
  description?: string,
): Promise<{ org: string; admin: TestUser }> {
  const admin = await createUser(hub, "admin");
  const org = uniqueName("org");
  await admin.client.createOrganization({ name: org, description });
  return { org, admin };
}

/** An org row plus memberships (user, role), written straight into the hub's tables. */
export function seedOrg(hub: Hub, members: Array<[TestUser, string]>): string {
  const org = uniqueName("org");
  const info = hub.db
    .query("INSERT INTO users (username, normalized_name, is_org, created_at) VALUES (?, ?, 1, ?)")
    .run(org, org.toLowerCase().replace(/[-_]/g, ""), Date.now());
  for (const [user, role] of members) {
    hub.db
      .query("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)")
      .run(Number(info.lastInsertRowid), userId(hub, user.username), role, Date.now());
  }
  return org;
}

/** A new, empty repo in `user`'s namespace, owned by them, written straight into the hub's storage. */
export function userRepo(
  hub: Hub,
  user: TestUser,
  options: { type?: string; private?: boolean } = {},
): { repoId: string; id: number } {
  const repoId = `${user.username}/${uniqueName("repo")}`;
  const id = seedRepo(hub, repoId, { ...options, ownerId: findUser(hub.db, user.username)?.id });
  return { repoId, id };
}

/** `n` random bytes (filled 64 KiB at a time: crypto.getRandomValues takes no more at once). */
export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}
