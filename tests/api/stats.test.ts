import { describe, expect, test } from "bun:test";
import { recordDownload } from "../../hub/routes/repos.ts";
import { findRepo, type RepoRow } from "../../hub/storage.ts";
import { InputError, NotFoundError, ValidationError } from "../../src/index.ts";
import { anonClient, createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

function row(id: string, type = "model"): RepoRow {
  const [ns, name] = id.split("/") as [string, string];
  return findRepo(ctx.hub.db, type, ns, name)!;
}

describe("download counting (§9.5)", () => {
  test("one session per repo per bucket; files are counted separately", async () => {
    const alice = await createUser(ctx.hub);
    const id = `${alice.username}/${uniqueName("dl")}`;
    await alice.client.createRepo({ repoId: id });
    recordDownload(ctx.hub.db, row(id), "anon-session-1", false);
    recordDownload(ctx.hub.db, row(id), "anon-session-1", false);
    recordDownload(ctx.hub.db, row(id), "", true);
    expect(await anonClient(ctx.hub).repoStats({ repoId: id })).toEqual({ downloads: 2, likes: 0 });
    const info = await anonClient(ctx.hub).repoInfo({ repoId: id });
    expect(info.downloads).toBe(2);
    const recent = await anonClient(ctx.hub).repoStatsRecent({ repoId: id, days: 7 });
    const today = new Date().toISOString().slice(0, 10);
    expect(recent.stats).toEqual([{ date: today, downloads: 2, authenticated: 1, anonymous: 1, files: 3 }]);
    expect(recent.period.end).toBe(today);
    expect(recent.period.days).toBe(7);
  });
});

describe("repoStats / repoStatsRecent", () => {
  test("defaults to 30 days; an empty series is []", async () => {
    const alice = await createUser(ctx.hub);
    await alice.client.createRepo({ repoId: "quiet", type: "space" });
    const recent = await alice.client.repoStatsRecent({ repoId: "quiet", type: "space" });
    expect(recent.stats).toEqual([]);
    expect(recent.period.days).toBe(30);
  });

  test("days out of range: InputError client-side, 422 from the hub", async () => {
    const alice = await createUser(ctx.hub);
    await alice.client.createRepo({ repoId: "r" });
    await expect(alice.client.repoStatsRecent({ repoId: "r", days: 0 })).rejects.toBeInstanceOf(InputError);
    const err = await alice.client.http
      .json({ path: `/api/models/${alice.username}/r/stats/recent`, query: { days: 400 } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).status).toBe(422);
  });

  test("a private repo is RepoNotFound to outsiders", async () => {
    const [alice, bob] = await Promise.all([createUser(ctx.hub), createUser(ctx.hub)]);
    await alice.client.createRepo({ repoId: "hidden", private: true });
    for (const call of [
      () => bob.client.repoStats({ repoId: `${alice.username}/hidden` }),
      () => bob.client.repoStatsRecent({ repoId: `${alice.username}/hidden` }),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as NotFoundError).code).toBe("RepoNotFound");
    }
    expect(await alice.client.repoStats({ repoId: "hidden" })).toEqual({ downloads: 0, likes: 0 });
  });
});

describe("trending", () => {
  test("ranks by recent download sessions, keeps the type, hides private repos from others", async () => {
    const alice = await createUser(ctx.hub);
    const hot = `${alice.username}/${uniqueName("hot")}`;
    const warm = `${alice.username}/${uniqueName("warm")}`;
    const secret = `${alice.username}/${uniqueName("secret")}`;
    const ds = `${alice.username}/${uniqueName("ds")}`;
    await alice.client.createRepo({ repoId: hot });
    await alice.client.createRepo({ repoId: warm });
    await alice.client.createRepo({ repoId: secret, private: true });
    await alice.client.createRepo({ repoId: ds, type: "dataset" });
    for (const key of ["a", "b", "c"]) recordDownload(ctx.hub.db, row(hot), key, false);
    recordDownload(ctx.hub.db, row(warm), "a", false);
    for (const key of ["a", "b"]) recordDownload(ctx.hub.db, row(secret), key, false);
    recordDownload(ctx.hub.db, row(ds, "dataset"), "a", false);

    // Other tests of this file download too: look only at this test's repos.
    const mine = (ids: string[]) => ids.filter((id) => [hot, warm, secret, ds].includes(id));
    const anon = await anonClient(ctx.hub).trending();
    expect(mine(anon.trending.map((t) => t.id))).toEqual([hot, warm]);
    expect(anon.trending[0]).toMatchObject({
      type: "model",
      recent_downloads: 3,
      downloads: 3,
      private: false,
    });
    expect(anon.period.days).toBe(7);
    const owner = await alice.client.trending({ type: "model", days: 1 });
    expect(mine(owner.trending.map((t) => t.id))).toEqual([hot, secret, warm]);
    const datasets = await anonClient(ctx.hub).trending({ type: "dataset", limit: 10 });
    expect(datasets.trending.map((t) => t.id)).toEqual([ds]);

    const byList = await anonClient(ctx.hub).listRepos({ sort: "trending" });
    expect(mine(byList.map((r) => r.id))).toEqual([hot, warm]);
  });

  test("bad parameters: InputError client-side, 422 from the hub", async () => {
    const client = anonClient(ctx.hub);
    await expect(client.trending({ limit: 101 })).rejects.toBeInstanceOf(InputError);
    await expect(client.trending({ days: 91 })).rejects.toBeInstanceOf(InputError);
    await expect(client.trending({ type: "widget" })).rejects.toBeInstanceOf(InputError);
    const err = await client.http
      .json({ path: "/api/trending", query: { repo_type: "x" } })
      .catch((e: unknown) => e);
    expect((err as ValidationError).status).toBe(422);
    expect((err as Error).message).toContain("String should match pattern");
  });
});
