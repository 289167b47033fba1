/**
 * `kohub-cli repo like|unlike|likers|stats|trending`, in-process against the local hub: likes counted and
 * listed in every output mode, the daily series of `stats --recent`, trending by recent downloads, and the
 * usual exit codes (not found, login needed, bad flags before any request).
 */
import { describe, expect, test } from "bun:test";
import { recordDownload } from "../../hub/routes/repos.ts";
import { findRepo } from "../../hub/storage.ts";
import { EXIT } from "../../src/errors.ts";
import { runCli, runCliAs, TTY } from "../helpers/cli.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

async function repoOf(owner: TestUser, type = "model"): Promise<string> {
  const id = `${owner.username}/${uniqueName("repo")}`;
  await owner.client.createRepo({ repoId: id, type });
  return id;
}

function download(id: string, key: string, type = "model"): void {
  const [ns, name] = id.split("/") as [string, string];
  const row = findRepo(ctx.hub.db, type, ns, name);
  if (!row) throw new Error(`no repo ${id}`);
  recordDownload(ctx.hub.db, row, key, false);
}

describe("repo like / unlike / likers", () => {
  test("like and unlike print the new count; likers lists newest first", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const bob = await createUser(ctx.hub, "bob");
    const id = await repoOf(alice);
    const liked = await runCliAs(ctx.hub, alice, ["repo", "like", id, "-q"]);
    expect(liked).toMatchObject({ code: 0, stdout: "1\n", stderr: "" });
    const json = await runCliAs(ctx.hub, bob, ["--json", "repo", "like", id]);
    expect(JSON.parse(json.stdout)).toEqual({ repo_id: id, type: "model", liked: true, likes: 2 });

    const piped = await runCliAs(ctx.hub, alice, ["repo", "likers", id]);
    expect(piped.stdout.split("\n").map((l) => l.split("\t")[0])).toEqual([bob.username, alice.username, ""]);
    const table = await runCliAs(ctx.hub, alice, ["repo", "likers", id], { tty: TTY });
    expect(table.stdout).toStartWith("USER");
    const limited = await runCliAs(ctx.hub, alice, ["repo", "likers", id, "--limit", "1"]);
    expect(limited.stdout).toBe(`${bob.username}\t\n`);
    expect(limited.stderr).toContain("there are more");

    const unliked = await runCliAs(ctx.hub, bob, ["repo", "unlike", id], { tty: TTY });
    expect(unliked.code).toBe(0);
    expect(unliked.stderr).toContain(`Unliked model ${id} (1 like now)`);
    expect(await alice.client.repoStats({ repoId: id })).toMatchObject({ likes: 1 });
  });

  test("liking twice is a conflict (6); unliking what you do not like fails; no token: login (4)", async () => {
    const alice = await createUser(ctx.hub);
    const id = await repoOf(alice);
    await alice.client.likeRepo({ repoId: id });
    const twice = await runCliAs(ctx.hub, alice, ["repo", "like", id]);
    expect(twice.code).toBe(EXIT.CONFLICT);
    expect(twice.stderr).toContain("already liked");
    const bob = await createUser(ctx.hub);
    const notLiked = await runCliAs(ctx.hub, bob, ["repo", "unlike", id]);
    expect(notLiked.code).not.toBe(0);
    expect(notLiked.stderr).toContain("not liked");
    const anon = await runCli(["repo", "like", id], { env: { HF_ENDPOINT: ctx.hub.url } });
    expect(anon.code).toBe(EXIT.AUTH);
  });

  test("an unknown repo is not found (3), named", async () => {
    const alice = await createUser(ctx.hub);
    const r = await runCliAs(ctx.hub, alice, ["repo", "like", `${alice.username}/nope`]);
    expect(r.code).toBe(EXIT.NOT_FOUND);
    expect(r.stderr).toContain(`Repository not found: ${alice.username}/nope`);
  });
});

describe("repo stats", () => {
  test("totals, and the daily series with --recent", async () => {
    const alice = await createUser(ctx.hub);
    const id = await repoOf(alice);
    download(id, "a");
    download(id, "b");
    await alice.client.likeRepo({ repoId: id });
    const totals = await runCliAs(ctx.hub, alice, ["repo", "stats", id]);
    expect(totals.stdout).toBe("Downloads\t2\nLikes\t1\nLiked by you\ttrue\n");
    const bob = await createUser(ctx.hub);
    const other = JSON.parse((await runCliAs(ctx.hub, bob, ["--json", "repo", "stats", id])).stdout);
    expect(other).toMatchObject({ likes: 1, liked: false });
    const anonymous = await runCli(["--json", "repo", "stats", id], { env: { HF_ENDPOINT: ctx.hub.url } });
    expect(JSON.parse(anonymous.stdout)).not.toHaveProperty("liked");
    const today = new Date().toISOString().slice(0, 10);
    const recent = await runCliAs(ctx.hub, alice, ["repo", "stats", id, "--recent", "7"]);
    expect(recent.stdout).toBe(`${today}\t2\t0\t2\t2\n`);
    const json = JSON.parse(
      (await runCliAs(ctx.hub, alice, ["--json", "repo", "stats", id, "--recent", "7"])).stdout,
    );
    expect(json).toMatchObject({ repo_id: id, downloads: 2, likes: 1, liked: true, period: { days: 7 } });
    expect(json.recent).toEqual([{ date: today, downloads: 2, authenticated: 0, anonymous: 2, files: 2 }]);
  });

  test("--recent out of range is refused before any request (2)", async () => {
    const alice = await createUser(ctx.hub);
    const before = ctx.hub.requests.length;
    const r = await runCliAs(ctx.hub, alice, ["repo", "stats", `${alice.username}/x`, "--recent", "400"]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toContain("--recent");
    expect(ctx.hub.requests.length).toBe(before);
  });
});

describe("repo trending", () => {
  test("ranks this test's repos by recent downloads, per type", async () => {
    const alice = await createUser(ctx.hub);
    const hot = await repoOf(alice, "dataset");
    const warm = await repoOf(alice, "dataset");
    for (const k of ["a", "b", "c"]) download(hot, k, "dataset");
    download(warm, "a", "dataset");
    const r = await runCliAs(ctx.hub, alice, ["repo", "trending", "--type", "dataset", "--limit", "100"]);
    expect(r.code).toBe(0);
    const ids = r.stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t")[0])
      .filter((i) => i === hot || i === warm);
    expect(ids).toEqual([hot, warm]);
    const json = JSON.parse(
      (await runCliAs(ctx.hub, alice, ["--json", "repo", "trending", "-t", "dataset"])).stdout,
    );
    expect(json.type).toBe("dataset");
    expect(json.period.days).toBe(7);
    expect(json.trending.find((t: { id: string }) => t.id === hot)).toMatchObject({ recent_downloads: 3 });
    const bad = await runCliAs(ctx.hub, alice, ["repo", "trending", "--limit", "101"]);
    expect(bad.code).toBe(EXIT.USAGE);
  });
});
