import { describe, expect, test } from "bun:test";
import { AuthenticationError, ConflictError, NotFoundError, ValidationError } from "../../src/index.ts";
import { anonClient, createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

describe("likes", () => {
  test("like, check, list likers and liked repos, unlike", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    const id = `${alice.username}/${uniqueName("liked")}`;
    await alice.client.createRepo({ repoId: id, type: "dataset" });
    expect(await bob.client.isRepoLiked({ repoId: id, type: "dataset" })).toBe(false);
    const liked = await bob.client.likeRepo({ repoId: id, type: "dataset" });
    expect(liked).toEqual({ success: true, message: "Repository liked successfully", likes_count: 1 });
    await alice.client.likeRepo({ repoId: id, type: "dataset" });
    expect(await bob.client.isRepoLiked({ repoId: id, type: "dataset" })).toBe(true);
    expect(await anonClient(ctx.hub).isRepoLiked({ repoId: id, type: "dataset" })).toBe(false);

    const likers = await anonClient(ctx.hub).listRepoLikers({ repoId: id, type: "dataset" });
    expect(likers.map((l) => l.user)).toEqual([alice.username, bob.username]);
    expect(likers[0]).toEqual({ user: alice.username, fullname: alice.username, avatarUrl: null });
    expect(await anonClient(ctx.hub).listRepoLikers({ repoId: id, type: "dataset", limit: 1 })).toHaveLength(
      1,
    );

    const bobsLikes = await anonClient(ctx.hub).listLikedRepos({ username: bob.username });
    expect(bobsLikes).toHaveLength(1);
    expect(bobsLikes[0]?.repo).toEqual({ name: id, type: "dataset" });
    expect(bobsLikes[0]?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const info = await anonClient(ctx.hub).repoInfo({ repoId: id, type: "dataset" });
    expect(info.likes).toBe(2);
    const unliked = await bob.client.unlikeRepo({ repoId: id, type: "dataset" });
    expect(unliked).toEqual({ success: true, message: "Repository unliked successfully", likes_count: 1 });
  });

  test("liking twice is a ConflictError (the server answers 400 'already liked')", async () => {
    const alice = await createUser(ctx.hub);
    await alice.client.createRepo({ repoId: "twice" });
    await alice.client.likeRepo({ repoId: "twice" });
    const err = (await alice.client.likeRepo({ repoId: "twice" }).catch((e: unknown) => e)) as ConflictError;
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.status).toBe(400);
    expect(err.message).toBe("Repository already liked");
  });

  test("unliking a repo not liked is a ValidationError", async () => {
    const alice = await createUser(ctx.hub);
    await alice.client.createRepo({ repoId: "never" });
    const err = await alice.client.unlikeRepo({ repoId: "never" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toBe("Repository not liked");
  });

  test("anonymous like is an AuthenticationError; hidden and missing repos are RepoNotFound", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    const id = `${alice.username}/${uniqueName("secret")}`;
    await alice.client.createRepo({ repoId: id, private: true });
    await expect(anonClient(ctx.hub).likeRepo({ repoId: id })).rejects.toBeInstanceOf(AuthenticationError);
    for (const call of [
      () => bob.client.likeRepo({ repoId: id }),
      () => bob.client.isRepoLiked({ repoId: id }),
      () => bob.client.listRepoLikers({ repoId: id }),
      () => bob.client.likeRepo({ repoId: `${alice.username}/missing` }),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as NotFoundError).code).toBe("RepoNotFound");
    }
  });

  test("liked repos hide what the caller cannot read; an unknown user is NotFound", async () => {
    const alice = await createUser(ctx.hub);
    await alice.client.createRepo({ repoId: "pub" });
    await alice.client.createRepo({ repoId: "priv", private: true });
    await alice.client.likeRepo({ repoId: "pub" });
    await alice.client.likeRepo({ repoId: "priv" });
    expect(await alice.client.listLikedRepos({ username: alice.username })).toHaveLength(2);
    const seenByAnon = await anonClient(ctx.hub).listLikedRepos({ username: alice.username });
    expect(seenByAnon.map((l) => l.repo.name)).toEqual([`${alice.username}/pub`]);
    const err = await anonClient(ctx.hub)
      .listLikedRepos({ username: "no-such-user-x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toBe("User not found");
  });
});
