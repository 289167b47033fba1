import { describe, expect, test } from "bun:test";
import { findRepo, getRef, history } from "../../hub/storage.ts";
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from "../../src/index.ts";
import { seedOrg } from "../helpers/fixtures.ts";
import { anonClient, createUser, uniqueName, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();

/** Counts the requests the hub received so far (to prove none was sent). */
function requestCount(): number {
  return ctx.hub.requests.length;
}

describe("createRepo", () => {
  test("creates in the caller's namespace when the id has none, and returns url + repo_id", async () => {
    const alice = await createUser(ctx.hub);
    const name = uniqueName("model");
    const created = await alice.client.createRepo({ repoId: name });
    expect(created).toEqual({
      url: `${ctx.hub.url}/models/${alice.username}/${name}`,
      repo_id: `${alice.username}/${name}`,
    });
    const info = await alice.client.repoInfo({ repoId: `${alice.username}/${name}` });
    expect(info.private).toBe(false);
    expect(info.sha).toHaveLength(40);
    expect(info.siblings).toEqual([]);
  });

  test("private datasets, and org repos created by a visitor", async () => {
    const alice = await createUser(ctx.hub);
    const org = seedOrg(ctx.hub, [[alice, "visitor"]]);
    const ds = await alice.client.createRepo({ repoId: `${org}/data`, type: "dataset", private: true });
    expect(ds.url).toBe(`${ctx.hub.url}/datasets/${org}/data`);
    const info = await alice.client.repoInfo({ repoId: `${org}/data`, type: "dataset" });
    expect(info.private).toBe(true);
    expect(info.modelId).toBeNull();
  });

  test("an existing repo is a ConflictError RepoExists carrying the url; existOk returns it", async () => {
    const alice = await createUser(ctx.hub);
    const id = `${alice.username}/dup-${uniqueName("r")}`;
    await alice.client.createRepo({ repoId: id });
    const err = await alice.client.createRepo({ repoId: id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).status).toBe(409);
    expect((err as ConflictError).code).toBe("RepoExists");
    expect((err as ConflictError).details).toMatchObject({ repo_id: id });
    const again = await alice.client.createRepo({ repoId: id, existOk: true });
    expect(again.repo_id).toBe(id);
  });

  test("a normalized-name clash is a 409 naming the existing repo", async () => {
    const alice = await createUser(ctx.hub);
    await alice.client.createRepo({ repoId: "My_Repo" });
    const err = (await alice.client
      .createRepo({ repoId: "my-repo" })
      .catch((e: unknown) => e)) as ConflictError;
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toBe("Repository name conflicts with existing repository: My_Repo");
    expect(err.details).toMatchObject({ repo_id: `${alice.username}/My_Repo` });
  });

  test("anonymous creation is an AuthenticationError", async () => {
    const err = await anonClient(ctx.hub)
      .createRepo({ repoId: "someone/x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
  });

  test("another user's namespace is a PermissionDeniedError", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    const err = await bob.client.createRepo({ repoId: `${alice.username}/x` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect((err as Error).message).toBe(
      `Namespace '${alice.username}' does not exist or you don't have access`,
    );
  });

  test("bad ids and types are rejected before any request", async () => {
    const alice = await createUser(ctx.hub);
    const before = requestCount();
    for (const repoId of ["a/b/c", "bad name", "-lead", "x/"]) {
      const err = await alice.client.createRepo({ repoId }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).code).toBe("InvalidRepoId");
    }
    await expect(alice.client.createRepo({ repoId: "ok", type: "widget" })).rejects.toBeInstanceOf(
      InputError,
    );
    expect(requestCount()).toBe(before);
  });

  test("the hub answers unsupported visibility with 400 and lets `private` win", async () => {
    const alice = await createUser(ctx.hub);
    const send = (json: unknown) =>
      alice.client.http.json({ method: "POST", path: "/api/repos/create", json }).catch((e: unknown) => e);
    const err = await send({ name: uniqueName("v"), visibility: "protected" });
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toContain("Unsupported repository visibility");
    const name = uniqueName("v");
    await send({ name, private: false, visibility: "private" });
    expect((await alice.client.repoInfo({ repoId: `${alice.username}/${name}` })).private).toBe(false);
    const name2 = uniqueName("v");
    await send({ name: name2, visibility: "private" });
    expect((await alice.client.repoInfo({ repoId: `${alice.username}/${name2}` })).private).toBe(true);
  });
});

describe("deleteRepo", () => {
  test("the owner deletes; then info is NotFound; missingOk ignores a missing repo", async () => {
    const alice = await createUser(ctx.hub);
    const id = `${alice.username}/${uniqueName("del")}`;
    await alice.client.createRepo({ repoId: id, type: "space" });
    const res = await alice.client.deleteRepo({ repoId: id, type: "space" });
    expect(res?.message).toBe(`Repository '${id}' of type 'space' deleted.`);
    const err = await alice.client.repoInfo({ repoId: id, type: "space" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).code).toBe("RepoNotFound");
    const missing = await alice.client.deleteRepo({ repoId: id, type: "space" }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).code).toBe("RepoNotFound");
    expect(await alice.client.deleteRepo({ repoId: id, type: "space", missingOk: true })).toBeUndefined();
  });

  test("a bare name deletes in the caller's namespace", async () => {
    const alice = await createUser(ctx.hub);
    const name = uniqueName("bare");
    await alice.client.createRepo({ repoId: name });
    await alice.client.deleteRepo({ repoId: name });
    expect(await alice.client.repoExists({ repoId: `${alice.username}/${name}` })).toBe(false);
  });

  test("an org member (not admin) cannot delete: PermissionDeniedError", async () => {
    const [admin, member] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    const org = seedOrg(ctx.hub, [
      [admin, "admin"],
      [member, "member"],
    ]);
    await admin.client.createRepo({ repoId: `${org}/shared` });
    const err = await member.client.deleteRepo({ repoId: `${org}/shared` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect((err as Error).message).toBe(`You don't have permission to delete repository '${org}/shared'`);
    await admin.client.deleteRepo({ repoId: `${org}/shared` });
  });
});

describe("moveRepo / squashRepo", () => {
  test("move renames, keeps main's files in one new commit, and frees the old name", async () => {
    const alice = await createUser(ctx.hub);
    const from = `${alice.username}/${uniqueName("src")}`;
    const to = `${alice.username}/${uniqueName("dst")}`;
    await alice.client.createRepo({ repoId: from });
    await seedFiles(ctx.hub, from, { "a.txt": "one" });
    await seedFiles(ctx.hub, from, { "b.txt": "two" });
    const res = await alice.client.moveRepo({ fromRepo: from, toRepo: to });
    expect(res).toMatchObject({
      success: true,
      url: `${ctx.hub.url}/models/${to}`,
      message: `Repository moved from ${from} to ${to}`,
    });
    expect(await alice.client.repoExists({ repoId: from })).toBe(false);
    const info = await alice.client.repoInfo({ repoId: to });
    expect(info.siblings.map((s) => s.rfilename)).toEqual(["a.txt", "b.txt"]);
    const [ns, name] = to.split("/") as [string, string];
    const repo = findRepo(ctx.hub.db, "model", ns, name)!;
    const log = history(ctx.hub.db, getRef(ctx.hub.db, repo.id, "branch", "main")!);
    expect(log.map((c) => c.message)).toEqual([
      `Repository moved from ${from} to ${to}`,
      "Repository created",
    ]);
  });

  test("move to an existing repo is a ConflictError; into a foreign namespace is PermissionDenied", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    await alice.client.createRepo({ repoId: "m1" });
    await alice.client.createRepo({ repoId: "m2" });
    const conflict = await alice.client.moveRepo({ fromRepo: "m1", toRepo: "m2" }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).code).toBe("RepoExists");
    const denied = await alice.client
      .moveRepo({ fromRepo: "m1", toRepo: `${bob.username}/m1` })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    const missing = await alice.client
      .moveRepo({ fromRepo: "nope", toRepo: "nope2" })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
  });

  test("the hub answers ids without a slash with 400 InvalidRepoId", async () => {
    const alice = await createUser(ctx.hub);
    const err = await alice.client.http
      .json({ method: "POST", path: "/api/repos/move", json: { fromRepo: "x", toRepo: "y/z" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe("InvalidRepoId");
  });

  test("squash keeps main's files in one commit and drops other branches", async () => {
    const alice = await createUser(ctx.hub);
    const id = `${alice.username}/${uniqueName("sq")}`;
    await alice.client.createRepo({ repoId: id });
    await seedFiles(ctx.hub, id, { "a.txt": "1" });
    await seedFiles(ctx.hub, id, { "a.txt": "2" });
    const res = await alice.client.squashRepo({ repoId: id });
    expect(res.message).toBe(`Repository ${id} squashed successfully. All commit history has been cleared.`);
    const [ns, name] = id.split("/") as [string, string];
    const repo = findRepo(ctx.hub.db, "model", ns, name)!;
    const log = history(ctx.hub.db, getRef(ctx.hub.db, repo.id, "branch", "main")!);
    expect(log).toHaveLength(2);
    expect(log[0]?.message).toMatch(new RegExp(`^Repository moved from ${id}-squash-[0-9a-f]{8} to ${id}$`));
    const err = await anonClient(ctx.hub)
      .squashRepo({ repoId: id })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
  });
});

describe("updateRepoSettings / getRepoLfsSettings", () => {
  test("visibility flips hide the repo from outsiders", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    const id = `${alice.username}/${uniqueName("vis")}`;
    await alice.client.createRepo({ repoId: id });
    const res = await alice.client.updateRepoSettings({ repoId: id, private: true });
    expect(res).toEqual({ success: true, message: "Repository settings updated successfully" });
    expect(await bob.client.repoExists({ repoId: id })).toBe(false);
    const hidden = await bob.client.repoInfo({ repoId: id }).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(NotFoundError);
    expect((hidden as NotFoundError).code).toBe("RepoNotFound");
    await alice.client.updateRepoSettings({ repoId: id, visibility: "public" });
    expect(await bob.client.repoExists({ repoId: id })).toBe(true);
  });

  test("LFS settings: configured vs effective values, and the server's 400s", async () => {
    const alice = await createUser(ctx.hub);
    const id = `${alice.username}/${uniqueName("lfs")}`;
    await alice.client.createRepo({ repoId: id });
    const before = await alice.client.getRepoLfsSettings({ repoId: id });
    expect(before).toMatchObject({
      lfs_threshold_bytes: null,
      lfs_threshold_bytes_effective: 5_000_000,
      lfs_threshold_bytes_source: "server_default",
      lfs_keep_versions_effective: 5,
      lfs_suffix_rules: null,
      lfs_suffix_rules_source: "server_default",
    });
    expect(before.server_defaults.lfs_suffix_rules_default).toContain(".safetensors");
    await alice.client.updateRepoSettings({
      repoId: id,
      lfsThresholdBytes: 2_000_000,
      lfsKeepVersions: 3,
      lfsSuffixRules: [".json", ".bin"],
      gated: false,
    });
    const after = await alice.client.getRepoLfsSettings({ repoId: id });
    expect(after).toMatchObject({
      lfs_threshold_bytes: 2_000_000,
      lfs_threshold_bytes_source: "repository",
      lfs_keep_versions: 3,
      lfs_suffix_rules: [".json", ".bin"],
      lfs_suffix_rules_source: "merged",
    });
    expect(after.lfs_suffix_rules_effective.at(-1)).toBe(".json");
    const low = await alice.client
      .updateRepoSettings({ repoId: id, lfsThresholdBytes: 10 })
      .catch((e: unknown) => e);
    expect(low).toBeInstanceOf(ValidationError);
    expect((low as Error).message).toBe("LFS threshold must be at least 1 MB (1,000,000 bytes), got 10");
    const suffix = await alice.client
      .updateRepoSettings({ repoId: id, lfsSuffixRules: ["json"] })
      .catch((e: unknown) => e);
    expect((suffix as Error).message).toBe("LFS suffix rules must start with '.', got: json");
    await expect(alice.client.updateRepoSettings({ repoId: id, gated: "auto" })).resolves.toMatchObject({
      success: true,
    });
  });

  test("gated: true is refused client-side; a JSON boolean gets 422 from the hub", async () => {
    const alice = await createUser(ctx.hub);
    const id = `${alice.username}/${uniqueName("g")}`;
    await alice.client.createRepo({ repoId: id });
    const before = requestCount();
    await expect(
      alice.client.updateRepoSettings({ repoId: id, gated: true as unknown as "auto" }),
    ).rejects.toBeInstanceOf(InputError);
    expect(requestCount()).toBe(before);
    const err = await alice.client.http
      .json({ method: "PUT", path: `/api/models/${id}/settings`, json: { gated: false } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).status).toBe(422);
  });

  test("settings need manage rights; a missing repo is RepoNotFound", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    const id = `${alice.username}/${uniqueName("perm")}`;
    await alice.client.createRepo({ repoId: id, private: true });
    await expect(bob.client.updateRepoSettings({ repoId: id, private: false })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    await expect(bob.client.getRepoLfsSettings({ repoId: id })).rejects.toBeInstanceOf(PermissionDeniedError);
    const missing = await alice.client
      .getRepoLfsSettings({ repoId: `${alice.username}/nothing-here` })
      .catch((e: unknown) => e);
    expect((missing as NotFoundError).code).toBe("RepoNotFound");
  });
});

describe("repoInfo / repoExists / revisionExists", () => {
  test("siblings with LFS metadata, the storage block only when logged in, and a revision view", async () => {
    const alice = await createUser(ctx.hub);
    const id = `${alice.username}/${uniqueName("info")}`;
    await alice.client.createRepo({ repoId: id });
    const weights = new Uint8Array(300).fill(7);
    const commit = await seedFiles(ctx.hub, id, { "README.md": "# hi", "model.safetensors": weights });
    const info = await alice.client.repoInfo({ repoId: id });
    expect(typeof info._id).toBe("number");
    expect(info.modelId).toBe(id);
    expect(info.sha).toBe(commit.slice(0, 40));
    expect(info.lastModified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000Z$/);
    expect(info.createdAt).toMatch(/\.\d{6}Z$/);
    expect(info.siblings).toEqual([
      { rfilename: "README.md", size: 4 },
      {
        rfilename: "model.safetensors",
        size: 300,
        lfs: {
          sha256: new Bun.CryptoHasher("sha256").update(weights).digest("hex"),
          size: 300,
          pointerSize: 134,
        },
      },
    ]);
    expect(info.storage).toMatchObject({ used_bytes: 304, quota_bytes: null, is_inheriting: true });
    const anon = await anonClient(ctx.hub).repoInfo({ repoId: id });
    expect(anon.storage).toBeUndefined();

    const atCommit = await alice.client.repoInfo({ repoId: id, revision: commit.slice(0, 12) });
    expect(atCommit.sha).toBe(commit);
    expect(atCommit.commit.oid).toBe(commit);
    expect(typeof atCommit.commit.date).toBe("number");
    expect(atCommit.revision).toBe(commit.slice(0, 12));
    expect(atCommit.type).toBe("model");
    expect(atCommit).not.toHaveProperty("_id");
    const main = await alice.client.repoInfo({ repoId: id, revision: "main" });
    expect(main.siblings).toHaveLength(2);
  });

  test("unknown revisions are RevisionNotFound; revisionExists answers false", async () => {
    const alice = await createUser(ctx.hub);
    const id = `${alice.username}/${uniqueName("rev")}`;
    await alice.client.createRepo({ repoId: id, type: "dataset" });
    const err = await alice.client
      .repoInfo({ repoId: id, type: "dataset", revision: "nope" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).code).toBe("RevisionNotFound");
    expect(await alice.client.revisionExists({ repoId: id, type: "dataset", revision: "nope" })).toBe(false);
    expect(await alice.client.revisionExists({ repoId: id, type: "dataset", revision: "main" })).toBe(true);
    await expect(
      alice.client.revisionExists({ repoId: `${alice.username}/ghost`, revision: "main" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(alice.client.repoInfo({ repoId: id, revision: "feature/x" })).rejects.toBeInstanceOf(
      InputError,
    );
  });

  test("a missing repo is NotFoundError RepoNotFound with the server's message", async () => {
    const err = (await anonClient(ctx.hub)
      .repoInfo({ repoId: "ghost-org/ghost-repo" })
      .catch((e: unknown) => e)) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toBe("RepoNotFound");
    expect(err.message).toBe("Repository 'ghost-org/ghost-repo' (model) not found");
  });

  test("the hub answers 422 for an unknown type on the revision route", async () => {
    const res = await fetch(`${ctx.hub.url}/api/foos/a/b/revision/main`);
    expect(res.status).toBe(422);
  });
});

describe("listRepos / listNamespaceRepos", () => {
  test("privacy, author filter, sorts, search and _source keys", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    await alice.client.createRepo({ repoId: "alpha-one" });
    await alice.client.createRepo({ repoId: "beta-two", private: true });
    await alice.client.createRepo({ repoId: "alpha-three" });
    const mine = await alice.client.listRepos({ author: alice.username });
    expect(mine.map((r) => r.id)).toEqual(
      ["alpha-three", "beta-two", "alpha-one"].map((n) => `${alice.username}/${n}`),
    );
    expect(mine[0]).toMatchObject({ _source: "local", _source_url: ctx.hub.url, gated: false, tags: [] });
    expect(mine[0]?.sha).toHaveLength(64);
    const theirs = await bob.client.listRepos({ author: alice.username });
    expect(theirs.map((r) => r.id)).not.toContain(`${alice.username}/beta-two`);
    const searched = await alice.client.listRepos({ author: alice.username, search: "ALPHA", limit: 1 });
    expect(searched.map((r) => r.id)).toEqual([`${alice.username}/alpha-three`]);
    const noFallback = await alice.client.listRepos({ author: alice.username, fallback: false, limit: 1 });
    expect(noFallback[0]).not.toHaveProperty("_source");
    await alice.client.likeRepo({ repoId: "alpha-one" });
    const byLikes = await alice.client.listRepos({ author: alice.username, sort: "likes" });
    expect(byLikes[0]?.id).toBe(`${alice.username}/alpha-one`);
    expect(byLikes[0]?.likes).toBe(1);
    const updated = await alice.client.listRepos({ author: alice.username, sort: "updated" });
    expect(updated).toHaveLength(3);
  });

  test("bad sort and limit values are InputErrors; the hub itself answers 422", async () => {
    const client = anonClient(ctx.hub);
    await expect(client.listRepos({ sort: "lastModified" as "recent" })).rejects.toBeInstanceOf(InputError);
    await expect(client.listRepos({ limit: 0 })).rejects.toBeInstanceOf(InputError);
    const err = await client.http
      .json({ path: "/api/models", query: { sort: "createdAt" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).status).toBe(422);
  });

  test("a namespace's repos grouped by type, or one type's list", async () => {
    const alice = await createUser(ctx.hub);
    await alice.client.createRepo({ repoId: "m" });
    await alice.client.createRepo({ repoId: "d", type: "dataset", private: true });
    const grouped = await alice.client.listNamespaceRepos({ namespace: alice.username });
    expect(grouped.models.map((r) => r.id)).toEqual([`${alice.username}/m`]);
    expect(grouped.datasets.map((r) => r.id)).toEqual([`${alice.username}/d`]);
    expect(grouped.spaces).toEqual([]);
    expect(grouped.models[0]).not.toHaveProperty("_source");
    const anonDatasets = await anonClient(ctx.hub).listNamespaceRepos({
      namespace: alice.username,
      type: "dataset",
    });
    expect(anonDatasets).toEqual([]);
  });

  test("an unknown namespace is a 404 with code BadRequest", async () => {
    const err = (await anonClient(ctx.hub)
      .listNamespaceRepos({ namespace: "nobody-here-at-all" })
      .catch((e: unknown) => e)) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toBe("BadRequest");
    expect(err.message).toBe("User or organization 'nobody-here-at-all' not found");
  });
});

describe("X-Admin-Token on delete", () => {
  test("the hub lets the admin token delete, but only with an organization", async () => {
    const { startHub } = await import("../../hub/server.ts");
    const hub = await startHub({ adminToken: "admin-secret" });
    try {
      const alice = await createUser(hub);
      await alice.client.createRepo({ repoId: "target" });
      const admin = anonClient(hub);
      const headers = { "x-admin-token": "admin-secret" };
      const noOrg = await admin.http
        .json({ method: "DELETE", path: "/api/repos/delete", json: { name: "target" }, headers })
        .catch((e: unknown) => e);
      expect(noOrg).toBeInstanceOf(ValidationError);
      expect((noOrg as Error).message).toBe("Admin must specify organization parameter");
      const ok = await admin.http.json({
        method: "DELETE",
        path: "/api/repos/delete",
        json: { name: "target", organization: alice.username },
        headers,
      });
      expect(ok).toEqual({ message: `Repository '${alice.username}/target' of type 'model' deleted.` });
    } finally {
      await hub.stop();
    }
  });
});
