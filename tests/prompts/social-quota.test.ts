/**
 * The interactive mode's invitations, likes and quota, answered by a scripted prompter on a pretend
 * terminal against the local hub: an admin creates, lists and deletes invitations, another user accepts
 * one by its link; a repository is liked and unliked, found again among the ones you like; the storage
 * of an organization and of a repository is shown.
 */
import { describe, expect, test } from "bun:test";
import { orgWithAdmin } from "../helpers/fixtures.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";
import { loggedInDir, session } from "./_session.ts";

const ctx = useHub();

function dirOf(user: TestUser): string {
  return loggedInDir(ctx.hub.url, user);
}

describe("Organizations: invitations and quota", () => {
  test("create (link shown once) and list; another user accepts by link; the admin deletes one", async () => {
    const { org, admin } = await orgWithAdmin(ctx.hub);
    const created = await session(
      {
        "Main menu": ["orgs", "quit"],
        Organizations: ["open", "back"],
        "Which organization?": `org:${org}`,
        [`Organization ${org}`]: ["invitations", "quota", "back"],
        [`Invitations of ${org}`]: ["create", "create", "list", "back"],
        "Role the invitation gives": ["admin", "member"],
        "Who may use the link?": ["1", "n"],
        "How many people?": "5",
        "Days until it expires": ["7", "3"],
      },
      { configDir: dirOf(admin) },
    );
    expect(created.prompter.unused()).toEqual([]);
    expect(created.code).toBe(0);
    const links = created.stdout.match(/\S+\/invite\/[A-Za-z0-9_-]+/g) ?? [];
    expect(links).toHaveLength(2);
    expect(created.stderr).toContain("shown only once");
    expect(created.stdout).toMatch(/pending\s+0\/5/); // the list
    expect(created.stdout).toMatch(/^Namespace: +\S+/m); // the quota
    for (const link of links) expect(created.stdout.split(link)).toHaveLength(2); // each printed once

    const bob = await createUser(ctx.hub, "bob");
    const accepted = await session(
      {
        "Main menu": ["orgs", "quit"],
        Organizations: ["accept", "back"],
        "Invitation link": links[0] as string,
      },
      { configDir: dirOf(bob) },
    );
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toContain(`✓ Joined ${org} as admin`);
    expect(await admin.client.listOrganizationMembers(org)).toContainEqual({
      user: bob.username,
      role: "admin",
    });

    const pending = (await admin.client.listOrganizationInvitations(org)).find((i) => i.is_pending);
    const deleted = await session(
      {
        "Main menu": ["orgs", "quit"],
        Organizations: ["open", "back"],
        "Which organization?": `org:${org}`,
        [`Organization ${org}`]: ["invitations", "back"],
        [`Invitations of ${org}`]: ["delete", "back"],
        "Which invitation?": String(pending?.id),
        [`Delete invitation ${pending?.id} of ${org} (its link stops working)?`]: true,
      },
      { configDir: dirOf(admin) },
    );
    expect(deleted.prompter.unused()).toEqual([]);
    expect(deleted.stderr).toContain(`✓ Deleted invitation ${pending?.id} of ${org}`);
    expect((await admin.client.listOrganizationInvitations(org)).map((i) => i.id)).not.toContain(pending?.id);
  });

  test("an invalid link is refused at the prompt", async () => {
    const user = await createUser(ctx.hub);
    const r = await session(
      {
        "Main menu": ["orgs", "quit"],
        Organizations: ["accept", "back"],
        "Invitation link": ["not a link", "https://hub.example.com/invite/AAAAAAAAAAAAAAAAAAAAAAAA"],
      },
      { configDir: dirOf(user) },
    );
    expect(r.prompter.rejected.map((x) => x.value)).toEqual(["not a link"]);
    expect(r.stderr).toContain("Error: Invitation not found");
  });
});

describe("Repositories: likes, stats and quota", () => {
  test("like, then find it among the ones you like, unlike; stats and storage", async () => {
    const owner = await createUser(ctx.hub);
    const repoId = `${owner.username}/${uniqueName("repo")}`;
    await owner.client.createRepo({ repoId });
    await seedFiles(ctx.hub, repoId, { "a.txt": "12345" });
    const fan = await createUser(ctx.hub, "fan");
    const menu = `Repository ${repoId} (model)`;
    const r = await session(
      {
        "Main menu": ["repos", "quit"],
        Repositories: ["open", "liked", "back"],
        "Repository id": repoId,
        "Repository type": "model",
        "Which repository?": `model:${repoId}`,
        [menu]: ["like", "stats", "back", "like", "quota", "back"],
      },
      { configDir: dirOf(fan) },
    );
    expect(r.prompter.unused()).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`✓ Liked model ${repoId} (1 like now)`);
    expect(r.stderr).toContain(`✓ Unliked model ${repoId} (0 likes now)`);
    expect(r.stdout).toMatch(/^Likes: +1$/m);
    expect(r.stdout).toMatch(/^Used: +5 B$/m);
    expect(await owner.client.repoStats({ repoId })).toMatchObject({ likes: 0 });
  });
});

describe("Branches and tags: merge and revert", () => {
  test("merge dev into main (source wins), then revert a commit of main", async () => {
    const owner = await createUser(ctx.hub);
    const repoId = `${owner.username}/${uniqueName("repo")}`;
    await owner.client.createRepo({ repoId });
    await seedFiles(ctx.hub, repoId, { "a.txt": "1\n" });
    await owner.client.createBranch({ repoId, branch: "dev" });
    await seedFiles(ctx.hub, repoId, { "a.txt": "dev\n", "b.txt": "b\n" }, { branch: "dev" });
    await seedFiles(ctx.hub, repoId, { "a.txt": "main!\n" });
    const extra = await seedFiles(ctx.hub, repoId, { "c.txt": "c\n" });
    const r = await session(
      {
        "Main menu": ["repos", "quit"],
        Repositories: ["open", "back"],
        "Which repository?": `model:${repoId}`,
        [`Repository ${repoId} (model)`]: ["refs", "back"],
        "Branches and tags": ["merge", "revert", "back"],
        "Merge what?": "dev",
        "Into which branch?": "main",
        "A file changed on both sides": "source-wins",
        "Which branch?": "main",
        "Which commit?": extra,
      },
      { configDir: dirOf(owner) },
    );
    expect(r.prompter.unused()).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`✓ Merged dev into main of model ${repoId}`);
    expect(r.stderr).toContain(`✓ Reverted ${extra.slice(0, 8)} on main of model ${repoId}`);
    const tree = await owner.client.listRepoTree({ repoId });
    expect(tree.map((e) => [e.path, e.size])).toEqual([
      ["a.txt", 4],
      ["b.txt", 2],
    ]);
  });
});
