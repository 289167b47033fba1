/**
 * `kohub-cli quota show|set|recalculate|repos`, in-process against the local hub: both pools of a
 * namespace (the private one only for its owner or members), a repository's own quota and inheriting it
 * again, sizes such as 10GB, and the usual exit codes (someone else's quota 5, unknown namespace 3).
 */
import { describe, expect, test } from "bun:test";
import { parseSize } from "../../src/commands/quota/_shared.ts";
import { toOptions as setOptions } from "../../src/commands/quota/set.ts";
import { EXIT } from "../../src/errors.ts";
import { runCliAs, TTY } from "../helpers/cli.ts";
import { createUser, type TestUser, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();

/** `Label\tvalue` lines as an object. */
function record(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t") as [string, string]),
  );
}

async function withRepos(): Promise<TestUser> {
  const alice = await createUser(ctx.hub);
  await alice.client.createRepo({ repoId: "pub" });
  await alice.client.createRepo({ repoId: "priv", private: true });
  await seedFiles(ctx.hub, `${alice.username}/pub`, { "a.txt": "12345" });
  await seedFiles(ctx.hub, `${alice.username}/priv`, { "b.txt": "123" });
  return alice;
}

describe("sizes and arguments", () => {
  test("sizes: decimal units, binary with i, plain bytes", () => {
    expect(parseSize("10GB")).toBe(10_000_000_000);
    expect(parseSize("1.5 tb")).toBe(1_500_000_000_000);
    expect(parseSize("2GiB")).toBe(2 * 2 ** 30);
    expect(parseSize("1000")).toBe(1000);
    expect(() => parseSize("ten")).toThrow(/expected a size such as/);
    expect(() => parseSize("5XB")).toThrow(/Invalid size/);
  });

  test("set: NAMESPACE SIZE, or --repo REPO SIZE|inherit", () => {
    expect(setOptions({ namespace: "acme", size: "10GB" })).toEqual({
      target: { namespace: "acme" },
      bytes: 10_000_000_000,
    });
    expect(setOptions({ namespace: "inherit", repo: "a/b" })).toEqual({
      target: { repoId: "a/b", type: undefined },
      bytes: null,
    });
    expect(() => setOptions({ namespace: "10GB" })).toThrow(/quota set NAMESPACE SIZE/);
    expect(() => setOptions({ namespace: "acme", size: "inherit" })).toThrow(/Only a repository/);
    expect(() => setOptions({ namespace: "acme", size: "1GB", repo: "a/b" })).toThrow(/--repo REPO SIZE/);
  });
});

describe("quota show", () => {
  test("your own namespace by default: both pools; others see only the public one", async () => {
    const alice = await withRepos();
    const own = record((await runCliAs(ctx.hub, alice, ["quota", "show"])).stdout);
    expect(own).toMatchObject({
      Namespace: alice.username,
      Kind: "user",
      "Public used": "5",
      "Public quota": "unlimited",
      "Private used": "3",
      "Total used": "8",
    });
    const bob = await createUser(ctx.hub);
    const other = await runCliAs(ctx.hub, bob, ["quota", "show", alice.username]);
    expect(record(other.stdout)["Private used"]).toBeUndefined();
    const json = JSON.parse(
      (await runCliAs(ctx.hub, bob, ["--json", "quota", "show", alice.username])).stdout,
    );
    expect(json).toMatchObject({ namespace: alice.username, can_see_private: false, public_used_bytes: 5 });
    const tty = await runCliAs(ctx.hub, alice, ["quota", "show"], { tty: TTY });
    expect(tty.stdout).toMatch(/^Public used: +5 B$/m);
  });

  test("--repo: the repository's usage and its inherited quota", async () => {
    const alice = await withRepos();
    const r = await runCliAs(ctx.hub, alice, ["quota", "show", "--repo", `${alice.username}/pub`]);
    expect(r.code).toBe(0);
    expect(record(r.stdout)).toMatchObject({
      Repository: `${alice.username}/pub`,
      Used: "5",
      Quota: "inherited from the namespace",
    });
  });

  test("an unknown namespace is not found (3)", async () => {
    const alice = await createUser(ctx.hub);
    const r = await runCliAs(ctx.hub, alice, ["quota", "show", "no-such-ns-q"]);
    expect(r.code).toBe(EXIT.NOT_FOUND);
    expect(r.stderr).toContain("not found");
  });
});

describe("quota set / recalculate / repos", () => {
  test("set your namespace (both pools), then a repo's own quota and back to inherit", async () => {
    const alice = await withRepos();
    const set = await runCliAs(ctx.hub, alice, ["quota", "set", alice.username, "1kB"], {
      tty: { isErrTTY: true },
    });
    expect(set.code).toBe(0);
    expect(record(set.stdout)).toMatchObject({ Used: "8", Quota: "2000", Available: "1992" });
    expect(set.stderr).toContain("public and private");
    const pub = await alice.client.getPublicQuota({ namespace: alice.username });
    expect(pub).toMatchObject({ public_quota_bytes: 1000, private_quota_bytes: 1000 });

    const repo = `${alice.username}/pub`;
    const own = await runCliAs(ctx.hub, alice, ["--json", "quota", "set", "--repo", repo, "500"]);
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout)).toMatchObject({ repo_id: repo, quota_bytes: 500, is_inheriting: false });
    const back = await runCliAs(ctx.hub, alice, ["quota", "set", "--repo", repo, "inherit"]);
    expect(back.code).toBe(0);
    expect((await alice.client.getRepoQuota({ repoId: repo })).is_inheriting).toBe(true);
  });

  test("someone else's quota is refused (5); recalculate measures again", async () => {
    const alice = await withRepos();
    const bob = await createUser(ctx.hub);
    const denied = await runCliAs(ctx.hub, bob, ["quota", "set", alice.username, "1GB"]);
    expect(denied.code).toBe(EXIT.FORBIDDEN);
    expect(denied.stderr).toContain("You can only set quota for yourself");
    const recalc = await runCliAs(ctx.hub, alice, ["quota", "recalculate"]);
    expect(recalc.code).toBe(0);
    expect(record(recalc.stdout)).toMatchObject({ Namespace: alice.username, Used: "8" });
    const repo = await runCliAs(ctx.hub, alice, ["quota", "recalculate", "--repo", `${alice.username}/priv`]);
    expect(record(repo.stdout)).toMatchObject({ Used: "3" });
  });

  test("repos: largest first, in every mode", async () => {
    const alice = await withRepos();
    const piped = await runCliAs(ctx.hub, alice, ["quota", "repos"]);
    expect(piped.stdout.split("\n").map((l) => l.split("\t").slice(0, 5))).toEqual([
      [`${alice.username}/pub`, "model", "public", "5", "inherit"],
      [`${alice.username}/priv`, "model", "private", "3", "inherit"],
      [""],
    ]);
    const json = JSON.parse(
      (await runCliAs(ctx.hub, alice, ["--json", "quota", "repos", alice.username])).stdout,
    );
    expect(json).toMatchObject({ namespace: alice.username, total_repos: 2 });
    const bob = await createUser(ctx.hub);
    const denied = await runCliAs(ctx.hub, bob, ["quota", "repos", alice.username]);
    expect(denied.code).toBe(EXIT.FORBIDDEN);
  });
});
