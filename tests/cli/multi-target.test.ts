/**
 * Commands with several targets (`repo delete A B C`, `org member add/remove ORG U1 U2`, `repo branch/tag
 * delete REPO X Y`), in-process against the local hub: each target is acted on and reported, a failing one
 * does not stop the others, the exit code is the first failure's, and JSON mode prints one list.
 */
import { describe, expect, test } from "bun:test";
import { EXIT } from "../../src/errors.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";
import { runCliAs, TTY } from "../helpers/cli.ts";
import { createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

async function exists(client: { repoInfo(p: { repoId: string }): Promise<unknown> }, repoId: string) {
  return client.repoInfo({ repoId }).then(
    () => true,
    () => false,
  );
}

describe("repo delete A B C", () => {
  test("deletes each; a missing one is reported, the others still go; exit 3", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const [a, b] = [uniqueName("m"), uniqueName("m")];
    for (const name of [a, b]) await alice.client.createRepo({ repoId: name });
    const ids = [`${alice.username}/${a}`, `${alice.username}/nope`, `${alice.username}/${b}`];
    const result = await runCliAs(ctx.hub, alice, ["repo", "delete", ...ids, "--yes", "-q"]);
    expect(result.code).toBe(EXIT.NOT_FOUND);
    expect(result.stdout).toBe(`${ids[0]}\n${ids[2]}\n`);
    expect(result.stderr).toContain(`Repository not found: ${ids[1]}`);
    expect(result.stderr).toContain("1 of 3 failed");
    expect(await exists(alice.client, ids[0] as string)).toBe(false);
    expect(await exists(alice.client, ids[2] as string)).toBe(false);
  });

  test("JSON: one list of per-target results; one target keeps its single object", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const a = `${alice.username}/${uniqueName("m")}`;
    await alice.client.createRepo({ repoId: a });
    const missing = `${alice.username}/gone`;
    const result = await runCliAs(ctx.hub, alice, ["--json", "repo", "delete", a, missing, "--yes"]);
    expect(result.code).toBe(EXIT.NOT_FOUND);
    expect(JSON.parse(result.stdout)).toEqual([
      { repo_id: a, type: "model", deleted: true },
      {
        repo_id: missing,
        type: "model",
        error: { error: "Repository not found", code: "RepoNotFound", details: missing },
      },
    ]);
    const b = `${alice.username}/${uniqueName("m")}`;
    await alice.client.createRepo({ repoId: b });
    const one = await runCliAs(ctx.hub, alice, ["--json", "repo", "delete", b, "--yes"]);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual({ repo_id: b, type: "model", deleted: true });
  });

  test("one confirmation lists them all; without a terminal --yes is required and nothing is sent", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const ids = [uniqueName("m"), uniqueName("m")].map((n) => `${alice.username}/${n}`);
    for (const repoId of ids) await alice.client.createRepo({ repoId });
    const refused = await runCliAs(ctx.hub, alice, ["repo", "delete", ...ids]);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain(`Delete 2 models (${ids.join(", ")})`);
    expect(await exists(alice.client, ids[0] as string)).toBe(true);
    const question = `Delete 2 models (${ids.join(", ")}) with all their files and history (this cannot be undone)?`;
    const prompter = scriptedPrompter({ [question]: true });
    const asked = await runCliAs(ctx.hub, alice, ["repo", "delete", ...ids], {
      tty: { ...TTY, canPrompt: true },
      prompter,
    });
    expect(asked.code).toBe(0);
    expect(asked.stderr).toContain(`Deleted model ${ids[1]}`);
    for (const repoId of ids) expect(await exists(alice.client, repoId)).toBe(false);
  });
});

describe("org member add/remove ORG U1 U2", () => {
  test("adds each with the role, a missing user fails alone; remove takes several too", async () => {
    const owner = await createUser(ctx.hub, "owner");
    const org = uniqueName("org");
    await owner.client.createOrganization({ name: org });
    const [bob, carol] = [await createUser(ctx.hub, "bob"), await createUser(ctx.hub, "carol")];
    const added = await runCliAs(ctx.hub, owner, [
      "--json",
      "org",
      "member",
      "add",
      org,
      bob.username,
      "ghost-user-x",
      carol.username,
      "--role",
      "admin",
    ]);
    expect(added.code).toBe(EXIT.NOT_FOUND);
    const list = JSON.parse(added.stdout);
    expect(list).toHaveLength(3);
    expect(list[0]).toEqual({ org, username: bob.username, role: "admin", added: true });
    expect(list[1]).toMatchObject({
      org,
      username: "ghost-user-x",
      role: "admin",
      error: { code: expect.any(String) },
    });
    expect(list[2]).toEqual({ org, username: carol.username, role: "admin", added: true });
    const members = await owner.client.listOrganizationMembers(org);
    expect(members).toContainEqual(expect.objectContaining({ user: carol.username, role: "admin" }));

    const removed = await runCliAs(
      ctx.hub,
      owner,
      ["org", "member", "remove", org, bob.username, carol.username, "-y"],
      {
        tty: TTY,
      },
    );
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain(`Removed ${bob.username} from ${org}`);
    expect(removed.stderr).toContain(`Removed ${carol.username} from ${org}`);
    const after = (await owner.client.listOrganizationMembers(org)).map((m) => m.user);
    expect(after).not.toContain(bob.username);
    expect(after).not.toContain(carol.username);
  });

  test("remove with a non-member: the others are removed, exit non-zero, one error line", async () => {
    const owner = await createUser(ctx.hub, "owner");
    const org = uniqueName("org");
    await owner.client.createOrganization({ name: org });
    const bob = await createUser(ctx.hub, "bob");
    await owner.client.addOrganizationMember({ org, username: bob.username, role: "member" });
    const dave = await createUser(ctx.hub, "dave");
    const result = await runCliAs(ctx.hub, owner, [
      "org",
      "member",
      "remove",
      org,
      dave.username,
      bob.username,
      "--yes",
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.split("\n").filter((l) => l.startsWith("Error:"))).toHaveLength(1);
    expect(result.stderr).toContain("1 of 2 failed");
    const after = (await owner.client.listOrganizationMembers(org)).map((m) => m.user);
    expect(after).not.toContain(bob.username);
  });
});

describe("repo branch/tag delete REPO X Y", () => {
  test("deletes each branch; a missing branch is exit 3 and the next one still goes", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const repoId = `${alice.username}/${uniqueName("m")}`;
    await alice.client.createRepo({ repoId });
    for (const branch of ["b1", "b2"]) await alice.client.createBranch({ repoId, branch });
    const result = await runCliAs(ctx.hub, alice, [
      "repo",
      "branch",
      "delete",
      repoId,
      "b1",
      "nope",
      "b2",
      "-y",
      "-q",
    ]);
    expect(result.code).toBe(EXIT.NOT_FOUND);
    expect(result.stdout).toBe("b1\nb2\n");
    expect(result.stderr).toContain(`Branch not found: ${repoId}@nope`);
    const refs = await alice.client.listRefs({ repoId });
    expect(refs.branches.map((b) => b.name)).toEqual(["main"]);
  });

  test("main among several is refused before any request", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const before = ctx.hub.requests.length;
    const result = await runCliAs(ctx.hub, alice, ["repo", "branch", "delete", "x/y", "dev", "main", "-y"]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("deletes each tag; JSON lists them with the missing one's error", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const repoId = `${alice.username}/${uniqueName("m")}`;
    await alice.client.createRepo({ repoId });
    for (const tag of ["v1", "v2"]) await alice.client.createTag({ repoId, tag });
    const result = await runCliAs(ctx.hub, alice, [
      "--json",
      "repo",
      "tag",
      "delete",
      repoId,
      "v1",
      "v2",
      "v3",
      "-y",
    ]);
    expect(result.code).toBe(EXIT.NOT_FOUND);
    expect(JSON.parse(result.stdout)).toEqual([
      { repo_id: repoId, type: "model", tag: "v1", deleted: true },
      { repo_id: repoId, type: "model", tag: "v2", deleted: true },
      {
        repo_id: repoId,
        type: "model",
        tag: "v3",
        error: { error: "Tag not found", code: "RevisionNotFound", details: `${repoId}@v3` },
      },
    ]);
    expect((await alice.client.listRefs({ repoId })).tags).toEqual([]);
  });

  test("help shows the extra targets", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const help = await runCliAs(ctx.hub, alice, ["repo", "tag", "delete", "--help"]);
    expect(help.stdout).toContain("kohub-cli repo tag delete <repo_id> <tag> [more...] [flags]");
    expect(help.stdout).toContain("rc1 rc2 --yes");
  });
});
