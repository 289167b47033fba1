/**
 * `kohub-cli undo`: each kind of undo round-trips against the local hub (do it, undo it, look at the hub),
 * what cannot be undone is refused with its reason, an undo that would lose later work stops (exit 6),
 * and the undo itself is recorded and marks its entry undone.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KohubClient } from "../../src/api/client.ts";
import { EXIT } from "../../src/errors.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";
import { tempConfigDir } from "../helpers/cli.ts";
import { type HistorySession, historySession } from "../helpers/history.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

type Session = HistorySession<TestUser> & {
  /** Undoes the last entry with --yes and expects success. */
  undo(): Promise<void>;
  lastId(): string;
};

async function session(): Promise<Session> {
  const s = historySession(ctx.hub, await createUser(ctx.hub));
  return {
    ...s,
    undo: async () => void (await s.ok(["undo", "--yes"])),
    lastId: () => s.last().id,
  };
}

async function newRepo(s: Session): Promise<string> {
  const repo = `${s.user.username}/${uniqueName("m")}`;
  await s.user.client.createRepo({ repoId: repo });
  return repo;
}

async function refs(client: KohubClient, repoId: string) {
  const r = await client.listRefs({ repoId });
  return { branches: r.branches.map((b) => b.name), tags: r.tags.map((t) => t.name) };
}

function localFile(name: string, text: string): string {
  const path = join(tempConfigDir(), name);
  writeFileSync(path, text);
  return path;
}

describe("undo round trips", () => {
  test("repo create -> the repo is deleted", async () => {
    const s = await session();
    const repo = `${s.user.username}/${uniqueName("m")}`;
    await s.ok(["repo", "create", repo]);
    await s.undo();
    expect(await s.user.client.repoExists({ repoId: repo })).toBe(false);
  });

  test("branch create and tag create -> deleted; branch and tag delete -> recreated at their commit", async () => {
    const s = await session();
    const repo = await newRepo(s);
    await s.ok(["repo", "branch", "create", repo, "dev"]);
    await s.ok(["repo", "tag", "create", repo, "v1"]);
    expect(await refs(s.user.client, repo)).toEqual({ branches: ["dev", "main"], tags: ["v1"] });
    await s.undo();
    expect((await refs(s.user.client, repo)).tags).toEqual([]);
    await s.undo();
    expect((await refs(s.user.client, repo)).branches).toEqual(["main"]);
  });

  test("branch delete and tag delete of several -> each recreated at its commit (one entry)", async () => {
    const s = await session();
    const repo = await newRepo(s);
    await s.user.client.uploadFile({ repoId: repo, path: localFile("f.txt", "f"), pathInRepo: "f.txt" });
    for (const branch of ["b1", "b2"]) await s.user.client.createBranch({ repoId: repo, branch });
    await s.user.client.createTag({ repoId: repo, tag: "t1" });
    const before = await s.user.client.listRefs({ repoId: repo });
    await s.ok(["repo", "branch", "delete", repo, "b1", "b2", "--yes"]);
    await s.ok(["repo", "tag", "delete", repo, "t1", "--yes"]);
    expect(await refs(s.user.client, repo)).toEqual({ branches: ["main"], tags: [] });
    await s.undo();
    await s.undo();
    const after = await s.user.client.listRefs({ repoId: repo });
    const heads = (r: typeof after) =>
      [...r.branches, ...r.tags].map((x) => `${x.name}@${x.targetCommit}`).sort();
    expect(heads(after)).toEqual(heads(before));
  });

  test("org member add -> removed; member remove -> added back with its role, even after a partial failure", async () => {
    const s = await session();
    const org = uniqueName("org");
    const bob = await createUser(ctx.hub, "bob");
    const carol = await createUser(ctx.hub, "carol");
    await s.user.client.createOrganization({ name: org });
    const role = async (user: TestUser) =>
      (await s.user.client.listOrganizationMembers(org)).find((m) => m.user === user.username)?.role;
    await s.ok(["org", "member", "add", org, bob.username, carol.username, "--role", "admin"]);
    await s.undo();
    expect(await role(bob)).toBeUndefined();
    expect(await role(carol)).toBeUndefined();
    await s.user.client.addOrganizationMember({ org, username: bob.username, role: "visitor" });
    const partial = await s.run(["org", "member", "remove", org, bob.username, "nobody-here", "--yes"]);
    expect(partial.code).toBe(EXIT.NOT_FOUND);
    expect(await role(bob)).toBeUndefined();
    await s.undo();
    expect(await role(bob)).toBe("visitor");
  });

  test("repo settings -> the previous visibility and LFS threshold", async () => {
    const s = await session();
    const repo = await newRepo(s);
    const before = await s.user.client.getRepoLfsSettings({ repoId: repo });
    await s.ok(["repo", "settings", repo, "--private", "--lfs-threshold", "2000000"]);
    expect((await s.user.client.repoInfo({ repoId: repo })).private).toBe(true);
    await s.undo();
    expect((await s.user.client.repoInfo({ repoId: repo })).private).toBe(false);
    const after = await s.user.client.getRepoLfsSettings({ repoId: repo });
    expect(after.lfs_threshold_bytes_effective).toBe(before.lfs_threshold_bytes_effective);
  });

  test("repo move -> moved back", async () => {
    const s = await session();
    const repo = await newRepo(s);
    const to = `${s.user.username}/${uniqueName("moved")}`;
    await s.ok(["repo", "move", repo, to, "--yes"]);
    await s.undo();
    expect(await s.user.client.repoExists({ repoId: repo })).toBe(true);
    expect(await s.user.client.repoExists({ repoId: to })).toBe(false);
  });

  test("upload -> its commit is reverted; repo rm -> the file comes back", async () => {
    const s = await session();
    const repo = await newRepo(s);
    await s.ok(["upload", repo, localFile("a.txt", "hello"), "a.txt"]);
    const has = async (path: string) =>
      (await s.user.client.listRepoTree({ repoId: repo })).some((e) => e.path === path);
    expect(await has("a.txt")).toBe(true);
    await s.undo();
    expect(await has("a.txt")).toBe(false);
    await s.ok(["upload", repo, localFile("b.txt", "bee"), "b.txt"]);
    await s.ok(["repo", "rm", repo, "b.txt", "--yes"]);
    expect(await has("b.txt")).toBe(false);
    await s.undo();
    expect(await has("b.txt")).toBe(true);
  });

  test("repo merge, revert and reset -> their commit is reverted", async () => {
    const s = await session();
    const repo = await newRepo(s);
    const files = async (branch = "main") =>
      (await s.user.client.listRepoTree({ repoId: repo, revision: branch })).map((e) => e.path).sort();
    await s.ok(["upload", repo, localFile("a.txt", "a"), "a.txt"]);
    const uploaded = (await s.user.client.listCommits({ repoId: repo })).commits[0]?.id as string;
    await s.user.client.createBranch({ repoId: repo, branch: "dev" });
    await s.user.client.uploadFile({
      repoId: repo,
      path: localFile("d.txt", "d"),
      pathInRepo: "d.txt",
      revision: "dev",
    });
    await s.ok(["repo", "merge", repo, "dev", "main"]);
    expect(await files()).toContain("d.txt");
    await s.undo();
    expect(await files()).not.toContain("d.txt");
    await s.ok(["repo", "revert", repo, uploaded]);
    expect(await files()).not.toContain("a.txt");
    await s.undo();
    expect(await files()).toContain("a.txt");
    const first = (await s.user.client.listCommits({ repoId: repo })).commits.at(-1)?.id as string;
    await s.ok(["repo", "reset", repo, "main", first, "--force", "--yes"]);
    expect(await files()).not.toContain("a.txt");
    await s.undo();
    expect(await files()).toContain("a.txt");
  });

  test("org member update -> the previous role", async () => {
    const s = await session();
    const org = uniqueName("org");
    const bob = await createUser(ctx.hub, "bob");
    await s.user.client.createOrganization({ name: org });
    await s.user.client.addOrganizationMember({ org, username: bob.username, role: "member" });
    await s.ok(["org", "member", "update", org, bob.username, "--role", "admin"]);
    await s.undo();
    const members = await s.user.client.listOrganizationMembers(org);
    expect(members.find((m) => m.user === bob.username)?.role).toBe("member");
  });

  test("repo like -> unliked; repo unlike -> liked again", async () => {
    const s = await session();
    const repo = await newRepo(s);
    const liked = () => s.user.client.isRepoLiked({ repoId: repo });
    await s.ok(["repo", "like", repo]);
    await s.undo();
    expect(await liked()).toBe(false);
    await s.user.client.likeRepo({ repoId: repo });
    await s.ok(["repo", "unlike", repo]);
    await s.undo();
    expect(await liked()).toBe(true);
  });

  test("auth token create -> revoked", async () => {
    const s = await session();
    await s.ok(["auth", "token", "create", "--name", "ci"]);
    expect((await s.user.client.listTokens()).map((t) => t.name)).toContain("ci");
    await s.undo();
    expect((await s.user.client.listTokens()).map((t) => t.name)).not.toContain("ci");
  });

  test("config set -> the previous value, or the key removed", async () => {
    const s = await session();
    await s.ok(["config", "set", "default_repo_type", "dataset"]);
    await s.ok(["config", "set", "default_repo_type", "space"]);
    await s.undo();
    const config = () => JSON.parse(readFileSync(join(s.dir, "config.json"), "utf8"));
    expect(config().default_repo_type).toBe("dataset");
    await s.undo();
    expect(config().default_repo_type).toBeUndefined();
  });
});

describe("what undo refuses", () => {
  test("repo delete, squash, org create and token delete cannot be undone: refused with the reason", async () => {
    const s = await session();
    await s.ok(["repo", "delete", await newRepo(s), "--yes"]);
    const deleted = await s.run(["undo", s.lastId(), "--yes"]);
    expect(deleted.stderr).toContain("cannot be undone: the server keeps nothing of a deleted repository");
    const repo = await newRepo(s);
    await s.ok(["repo", "squash", repo, "--yes"]);
    const squash = await s.run(["undo", s.lastId(), "--yes"]);
    expect(squash.code).toBe(EXIT.ERROR);
    expect(squash.stderr).toContain("cannot be undone: the server keeps no old commits");
    await s.ok(["org", "create", uniqueName("org")]);
    const org = await s.run(["--json", "undo", s.lastId(), "--yes"]);
    expect(JSON.parse(org.stdout)).toMatchObject({ code: "Irreversible" });
    const created = await s.user.client.createToken("gone");
    await s.ok(["auth", "token", "delete", String(created.token_id), "--yes"]);
    const token = await s.run(["undo", s.lastId(), "--yes"]);
    expect(token.stderr).toContain("a revoked token cannot be restored");
  });

  test("a branch with commits since it was created is not deleted (exit 6)", async () => {
    const s = await session();
    const repo = await newRepo(s);
    await s.ok(["repo", "branch", "create", repo, "dev"]);
    const id = s.lastId();
    await s.ok(["upload", repo, localFile("w.txt", "work"), "w.txt", "--revision", "dev"]);
    const result = await s.run(["undo", id, "--yes"]);
    expect(result.code).toBe(EXIT.CONFLICT);
    expect(result.stderr).toContain("moved since");
    expect((await refs(s.user.client, repo)).branches).toContain("dev");
  });

  test("a repo with commits since its creation is not deleted (exit 6)", async () => {
    const s = await session();
    const repo = `${s.user.username}/${uniqueName("m")}`;
    await s.ok(["repo", "create", repo]);
    const id = s.lastId();
    await s.user.client.uploadFile({ repoId: repo, path: localFile("x.txt", "x"), pathInRepo: "x.txt" });
    const result = await s.run(["undo", id, "--yes"]);
    expect(result.code).toBe(EXIT.CONFLICT);
    expect(result.stderr).toContain("has new commits since");
    expect(await s.user.client.repoExists({ repoId: repo })).toBe(true);
  });

  test("no terminal and no --yes: refused (2); on a terminal it says what it will do and asks", async () => {
    const s = await session();
    const repo = `${s.user.username}/${uniqueName("m")}`;
    await s.ok(["repo", "create", repo]);
    const id = s.lastId();
    const refused = await s.run(["undo"]);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain("--yes");
    const prompter = scriptedPrompter({ [`Undo ${id}: delete model repository ${repo}?`]: false });
    const no = await s.run(["undo"], { tty: { canPrompt: true, isErrTTY: true }, prompter });
    expect(no.code).toBe(EXIT.INTERRUPTED);
    expect(no.stderr).toContain(`Undo ${id} (kohub-cli repo create ${repo}):`);
    expect(await s.user.client.repoExists({ repoId: repo })).toBe(true);
  });

  test("an entry of another endpoint is undone only there", async () => {
    const s = await session();
    const repo = `${s.user.username}/${uniqueName("m")}`;
    await s.ok(["repo", "create", repo]);
    const id = s.lastId();
    const elsewhere = { env: { HF_ENDPOINT: "http://127.0.0.1:9" } };
    const byDefault = await s.run(["undo", "--yes"], elsewhere);
    expect(byDefault.code).toBe(EXIT.NOT_FOUND);
    expect(byDefault.stderr).toContain("Nothing to undo at http://127.0.0.1:9");
    const named = await s.run(["undo", id, "--yes"], elsewhere);
    expect(named.code).toBe(EXIT.USAGE);
    expect(named.stderr).toContain(`was done at ${ctx.hub.url}`);
    expect(await s.user.client.repoExists({ repoId: repo })).toBe(true);
  });

  test("the undo is recorded, marks its entry undone, and is not undone twice", async () => {
    const s = await session();
    const repo = `${s.user.username}/${uniqueName("m")}`;
    await s.ok(["repo", "create", repo]);
    const id = s.lastId();
    const json = await s.run(["--json", "undo", "--yes"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ undone: id, steps: [`delete model repository ${repo}`] });
    const history = JSON.parse((await s.run(["--json", "history"])).stdout);
    expect(history[0]).toMatchObject({ command: "kohub-cli undo --yes", undoes: id, outcome: { ok: true } });
    expect(history[1]).toMatchObject({ id, undone: true });
    const again = await s.run(["undo", id, "--yes"]);
    expect(again.code).toBe(EXIT.CONFLICT);
    expect(again.stderr).toContain("undone already");
    const nothing = await s.run(["undo", "--yes"]);
    expect(nothing.code).toBe(EXIT.NOT_FOUND);
  });
});
