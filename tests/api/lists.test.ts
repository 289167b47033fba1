/**
 * The library's list methods give every item when no limit is given. The server has no pages for these
 * lists and its own default limit stops them short without saying so; the methods ask for the largest
 * answer instead.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { findUser } from "../../hub/db.ts";
import { anonClient, createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";
import { seedLikes, seedRepo, seedUsers } from "../helpers/seed.ts";

const ctx = useHub();
let alice: TestUser;
/** More than the server's default limit of any of these lists. */
const COUNT = 101;
const repoRows: number[] = [];

beforeAll(async () => {
  alice = await createUser(ctx.hub, "lists");
  for (let i = 0; i < COUNT; i++) {
    repoRows.push(seedRepo(ctx.hub, `${alice.username}/r${String(i).padStart(3, "0")}`));
  }
});

describe("no limit: every item", () => {
  test("listRepos, with and without a search", async () => {
    expect(await alice.client.listRepos({ author: alice.username })).toHaveLength(COUNT);
    expect(await alice.client.listRepos({ author: alice.username, search: "R0" })).toHaveLength(COUNT - 1);
    expect(await alice.client.listRepos({ author: alice.username, limit: 7 })).toHaveLength(7);
  });

  test("listNamespaceRepos, grouped or of one type", async () => {
    const grouped = await alice.client.listNamespaceRepos({ namespace: alice.username });
    expect(grouped.models).toHaveLength(COUNT);
    const models = await alice.client.listNamespaceRepos({ namespace: alice.username, type: "model" });
    expect(models).toHaveLength(COUNT);
  });

  test("listRepoLikers and listLikedRepos", async () => {
    const names = Array.from({ length: 55 }, () => uniqueName("fan"));
    seedLikes(ctx.hub, repoRows[0] as number, [...seedUsers(ctx.hub, names).values()]);
    const client = anonClient(ctx.hub);
    expect(await client.listRepoLikers({ repoId: `${alice.username}/r000` })).toHaveLength(55);
    expect(await client.listRepoLikers({ repoId: `${alice.username}/r000`, limit: 3 })).toHaveLength(3);

    const aliceId = findUser(ctx.hub.db, alice.username)?.id as number;
    for (const row of repoRows.slice(0, 55)) seedLikes(ctx.hub, row, [aliceId]);
    expect(await client.listLikedRepos({ username: alice.username })).toHaveLength(55);
  });
});
