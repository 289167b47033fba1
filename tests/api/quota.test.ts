import { describe, expect, test } from "bun:test";
import {
  AuthenticationError,
  InputError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from "../../src/index.ts";
import { seedOrg } from "../helpers/fixtures.ts";
import { anonClient, createUser, uniqueName, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();

describe("namespace quota", () => {
  test("usage of both pools; set by yourself; null changes nothing", async () => {
    const alice = await createUser(ctx.hub);
    await alice.client.createRepo({ repoId: "pub" });
    await alice.client.createRepo({ repoId: "priv", private: true });
    await seedFiles(ctx.hub, `${alice.username}/pub`, { "a.txt": "12345" });
    await seedFiles(ctx.hub, `${alice.username}/priv`, { "b.txt": "123" });
    const q = await alice.client.getQuota({ namespace: alice.username });
    expect(q).toEqual({
      namespace: alice.username,
      is_organization: false,
      quota_bytes: null,
      used_bytes: 8,
      available_bytes: null,
      percentage_used: null,
    });
    const set = await alice.client.setQuota({ namespace: alice.username, quotaBytes: 100 });
    expect(set).toMatchObject({ quota_bytes: 200, used_bytes: 8, available_bytes: 192, percentage_used: 4 });
    const same = await alice.client.setQuota({ namespace: alice.username, quotaBytes: null });
    expect(same.quota_bytes).toBe(200);
    expect((await alice.client.recalculateQuota({ namespace: alice.username })).used_bytes).toBe(8);
  });

  test("any logged-in user reads any quota; anonymous cannot; unknown names are NotFound", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    expect((await bob.client.getQuota({ namespace: alice.username })).namespace).toBe(alice.username);
    await expect(anonClient(ctx.hub).getQuota({ namespace: alice.username })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    const err = await bob.client.getQuota({ namespace: "no-such-ns-q" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toBe("User or organization not found: no-such-ns-q");
    await expect(bob.client.getQuota({ namespace: "a/b" })).rejects.toBeInstanceOf(InputError);
  });

  test("setting or recalculating someone else's quota is a PermissionDeniedError", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    const set = await bob.client
      .setQuota({ namespace: alice.username, quotaBytes: 1 })
      .catch((e: unknown) => e);
    expect(set).toBeInstanceOf(PermissionDeniedError);
    expect((set as Error).message).toBe("You can only set quota for yourself");
    const recalc = await bob.client.recalculateQuota({ namespace: alice.username }).catch((e: unknown) => e);
    expect((recalc as Error).message).toBe("You can only recalculate quota for yourself");
  });

  test("org quotas: admins set them, members may not", async () => {
    const [admin, member] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    const org = seedOrg(ctx.hub, [
      [admin, "admin"],
      [member, "member"],
    ]);
    const q = await admin.client.setQuota({ namespace: org, quotaBytes: 1000 });
    expect(q).toMatchObject({ namespace: org, is_organization: true, quota_bytes: 2000 });
    const err = await member.client.setQuota({ namespace: org, quotaBytes: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect((err as Error).message).toBe("Only organization admins can set quota for organizations");
  });

  test("public view hides the private pool from others", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    await alice.client.createRepo({ repoId: "p", private: true });
    await seedFiles(ctx.hub, `${alice.username}/p`, { "x.txt": "abcd" });
    const own = await alice.client.getPublicQuota({ namespace: alice.username });
    expect(own).toMatchObject({ can_see_private: true, private_used_bytes: 4, total_used_bytes: 4 });
    const other = await bob.client.getPublicQuota({ namespace: alice.username });
    expect(other).toMatchObject({ can_see_private: false, private_used_bytes: null, total_used_bytes: 0 });
    const anon = await anonClient(ctx.hub).getPublicQuota({ namespace: alice.username });
    expect(anon.can_see_private).toBe(false);
  });

  test("storage per repo: largest first, only for yourself", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    await alice.client.createRepo({ repoId: "small" });
    await alice.client.createRepo({ repoId: "big", type: "dataset" });
    await seedFiles(ctx.hub, `${alice.username}/small`, { "a.txt": "1" });
    await seedFiles(ctx.hub, `${alice.username}/big`, { "a.txt": "1234567890" }, { type: "dataset" });
    const list = await alice.client.listNamespaceRepoStorage({ namespace: alice.username });
    expect(list.total_repos).toBe(2);
    expect(list.repositories.map((r) => [r.repo_id, r.repo_type, r.used_bytes])).toEqual([
      [`${alice.username}/big`, "dataset", 10],
      [`${alice.username}/small`, "model", 1],
    ]);
    const err = await bob.client
      .listNamespaceRepoStorage({ namespace: alice.username })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect((err as Error).message).toBe("You can only view your own storage breakdown");
  });
});

describe("repo quota", () => {
  test("read, set within the namespace pool, inherit again, recalculate", async () => {
    const alice = await createUser(ctx.hub);
    const id = `${alice.username}/${uniqueName("rq")}`;
    await alice.client.createRepo({ repoId: id });
    await seedFiles(ctx.hub, id, { "f.txt": "0123456789" });
    const q = await anonClient(ctx.hub).getRepoQuota({ repoId: id });
    expect(q).toMatchObject({
      repo_id: id,
      repo_type: "model",
      namespace: alice.username,
      quota_bytes: null,
      used_bytes: 10,
      effective_quota_bytes: null,
      is_inheriting: true,
    });
    await alice.client.setQuota({ namespace: alice.username, quotaBytes: 1000 });
    const set = await alice.client.setRepoQuota({ repoId: id, quotaBytes: 500 });
    expect(set).toMatchObject({
      quota_bytes: 500,
      effective_quota_bytes: 500,
      available_bytes: 490,
      percentage_used: 2,
      namespace_quota_bytes: 1000,
      namespace_used_bytes: 10,
      is_inheriting: false,
    });
    const tooBig = await alice.client.setRepoQuota({ repoId: id, quotaBytes: 5000 }).catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(ValidationError);
    expect((tooBig as Error).message).toBe(
      "Repository quota (0.00GB) exceeds namespace available quota (0.00GB)",
    );
    const inherit = await alice.client.setRepoQuota({ repoId: id, quotaBytes: null });
    expect(inherit).toMatchObject({ quota_bytes: null, effective_quota_bytes: 1000, is_inheriting: true });
    expect((await alice.client.recalculateRepoQuota({ repoId: id })).used_bytes).toBe(10);
    const info = await alice.client.repoInfo({ repoId: id });
    expect(info.storage).toMatchObject({ used_bytes: 10, effective_quota_bytes: 1000, available_bytes: 990 });
  });

  test("two 404 shapes: missing repo (no code) vs hidden private repo (RepoNotFound)", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    await alice.client.createRepo({ repoId: "closed", private: true });
    const missing = (await bob.client
      .getRepoQuota({ repoId: `${alice.username}/none` })
      .catch((e: unknown) => e)) as NotFoundError;
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.code).toBe("NotFound");
    expect(missing.message).toBe(`Repository not found: ${alice.username}/none`);
    const hidden = (await bob.client
      .getRepoQuota({ repoId: `${alice.username}/closed` })
      .catch((e: unknown) => e)) as NotFoundError;
    expect(hidden.code).toBe("RepoNotFound");
  });

  test("setting a repo quota needs write access (org visitors cannot)", async () => {
    const [admin, visitor] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    const org = seedOrg(ctx.hub, [
      [admin, "admin"],
      [visitor, "visitor"],
    ]);
    await admin.client.createRepo({ repoId: `${org}/r` });
    const err = await visitor.client
      .setRepoQuota({ repoId: `${org}/r`, quotaBytes: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect((err as Error).message).toBe(`You don't have permission to modify repository '${org}/r'`);
    await expect(visitor.client.recalculateRepoQuota({ repoId: `${org}/r` })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    await expect(admin.client.setRepoQuota({ repoId: `${org}/r`, quotaBytes: -1 })).rejects.toBeInstanceOf(
      InputError,
    );
  });

  test("visibility changes and moves that do not fit the target pool answer 400", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    const org = seedOrg(ctx.hub, [
      [alice, "admin"],
      [bob, "admin"],
    ]);
    await alice.client.createRepo({ repoId: "fat" });
    await seedFiles(ctx.hub, `${alice.username}/fat`, { "f.txt": "x".repeat(50) });
    await alice.client.setQuota({ namespace: alice.username, quotaBytes: 40 });
    const flip = await alice.client
      .updateRepoSettings({ repoId: "fat", private: true })
      .catch((e: unknown) => e);
    expect(flip).toBeInstanceOf(ValidationError);
    expect((flip as Error).message).toBe(
      "Private storage quota exceeded: 0.00GB would exceed limit of 0.00GB",
    );
    expect((flip as ValidationError).details).toEqual({ repo_size_bytes: 50 });
    await bob.client.setQuota({ namespace: org, quotaBytes: 10 });
    const move = await alice.client
      .moveRepo({ fromRepo: "fat", toRepo: `${org}/fat` })
      .catch((e: unknown) => e);
    expect(move).toBeInstanceOf(ValidationError);
    expect((move as Error).message).toContain("Public storage quota exceeded");
  });
});
