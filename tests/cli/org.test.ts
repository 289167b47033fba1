/**
 * `kohub-cli org ...`: create, info, list and the member commands, in-process against the local hub
 * (success and failure paths, TTY and piped output), plus the design document's examples as subprocesses.
 */
import { describe, expect, test } from "bun:test";
import { toOptions as addOptions } from "../../src/commands/org/member/add.ts";
import { toOptions as updateOptions } from "../../src/commands/org/member/update.ts";
import { EXIT } from "../../src/errors.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";
import { type CliOptions, runCli, spawnCli, tempConfigDir } from "../helpers/cli.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

/** In-process options that act as `user` (HF_ENDPOINT + HF_TOKEN), or anonymously. */
function as(user: TestUser | undefined, extra: CliOptions = {}): CliOptions {
  return { ...extra, env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user?.token, ...extra.env } };
}

/** A user who owns a fresh organization. */
async function orgOwner(): Promise<{ owner: TestUser; org: string }> {
  const owner = await createUser(ctx.hub, "owner");
  const org = uniqueName("org");
  await owner.client.createOrganization({ name: org, description: "An org" });
  return { owner, org };
}

describe("toOptions", () => {
  test("member add defaults the role to member and checks it", () => {
    expect(addOptions({ org: "o", username: "u" })).toEqual({ org: "o", usernames: ["u"], role: "member" });
    expect(addOptions({ org: "o", username: "u", role: "super-admin" }).role).toBe("super-admin");
    expect(() => addOptions({ org: "o", username: "u", role: "owner" })).toThrow(/Invalid role "owner"/);
  });

  test("member update needs a role", () => {
    expect(() => updateOptions({ org: "o", username: "u" })).toThrow(/A role is required/);
    expect(updateOptions({ org: "o", username: "u", role: "admin" }).role).toBe("admin");
  });
});

describe("org create", () => {
  test("creates the org; --quiet prints its name; the caller is super-admin", async () => {
    const user = await createUser(ctx.hub);
    const name = uniqueName("org");
    const result = await runCli(["org", "create", name, "--description", "Lab", "-q"], as(user));
    expect(result).toMatchObject({ code: 0, stdout: `${name}\n`, stderr: "" });
    const info = await user.client.getOrganization(name);
    expect(info.description).toBe("Lab");
    const mine = await user.client.listUserOrganizations();
    expect(mine).toContainEqual(expect.objectContaining({ name, role: "super-admin" }));
  });

  test("JSON mode prints the org; text mode prints nothing on stdout", async () => {
    const user = await createUser(ctx.hub);
    const name = uniqueName("org");
    const json = await runCli(["--json", "org", "create", name, "-d", "x"], as(user));
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ name, description: "x" });
    const text = await runCli(["org", "create", uniqueName("org")], as(user, { tty: { isErrTTY: true } }));
    expect(text.code).toBe(0);
    expect(text.stdout).toBe("");
    expect(text.stderr).toContain("super-admin");
  });

  test("a duplicate org is a conflict (6)", async () => {
    const { owner, org } = await orgOwner();
    const result = await runCli(["org", "create", org], as(owner));
    expect(result.code).toBe(EXIT.CONFLICT);
    expect(result.stderr).toContain("Organization name already exists");
    const json = await runCli(["--json", "org", "create", org], as(owner));
    expect(json.code).toBe(EXIT.CONFLICT);
    expect(JSON.parse(json.stdout).error).toContain("already exists");
  });

  test("an invalid name is refused before any request (2)", async () => {
    const user = await createUser(ctx.hub);
    const before = ctx.hub.requests.length;
    for (const name of ["a", "bad name", "x/y", "admin"]) {
      const result = await runCli(["org", "create", name], as(user));
      expect(result.code).toBe(EXIT.USAGE);
      expect(result.stderr).toStartWith(`Error: Invalid organization "${name}"`);
    }
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("without a token: authentication required (4)", async () => {
    const result = await runCli(["org", "create", uniqueName("org")], as(undefined));
    expect(result.code).toBe(EXIT.AUTH);
    expect(result.stderr).toContain("kohub-cli auth login");
  });
});

describe("org info", () => {
  test("text, piped: one key/value per line with counts and members", async () => {
    const { owner, org } = await orgOwner();
    const other = await createUser(ctx.hub);
    await owner.client.addOrganizationMember({ org, username: other.username });
    await owner.client.createRepo({ repoId: `${org}/m1`, type: "model" });
    const result = await runCli(["org", "info", org], as(undefined));
    expect(result.code).toBe(0);
    const lines = Object.fromEntries(
      result.stdout
        .trim()
        .split("\n")
        .map((l) => l.split("\t")),
    );
    expect(lines).toMatchObject({
      Name: org,
      Description: "An org",
      Models: "1",
      Datasets: "0",
      Spaces: "0",
      Members: "2",
    });
    expect(lines.Created).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test("text on a TTY: aligned labels and a relative date", async () => {
    const { org } = await orgOwner();
    const result = await runCli(["org", "info", org], as(undefined, { tty: { isOutTTY: true } }));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Name: +\S+/m);
    expect(result.stdout).toMatch(/^Created: +just now$/m);
    expect(result.stdout).toMatch(/^Members: +1$/m);
  });

  test("JSON", async () => {
    const { owner, org } = await orgOwner();
    const result = await runCli(["--json", "org", "info", org], as(owner));
    const data = JSON.parse(result.stdout);
    expect(data).toMatchObject({
      name: org,
      description: "An org",
      repo_count: { model: 0, dataset: 0, space: 0, total: 0 },
      member_count: 1,
    });
    expect(typeof data.created_at).toBe("string");
  });

  test("an unknown org is not found (3), named in the error", async () => {
    const result = await runCli(["org", "info", "no-such-org"], as(undefined));
    expect(result.code).toBe(EXIT.NOT_FOUND);
    expect(result.stderr).toBe("Error: Organization not found: no-such-org\n");
    const json = await runCli(["--json", "org", "info", "no-such-org"], as(undefined));
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: "Organization not found",
      details: "no-such-org",
    });
  });
});

describe("org list", () => {
  test("the caller's orgs by default, with roles; another user's with --username/-u", async () => {
    const { owner, org } = await orgOwner();
    const other = await createUser(ctx.hub);
    await owner.client.addOrganizationMember({ org, username: other.username, role: "visitor" });
    const mine = await runCli(["org", "list"], as(owner));
    expect(mine).toMatchObject({ code: 0, stdout: `${org}\tsuper-admin\tAn org\n` });
    for (const flag of ["--username", "-u"]) {
      const theirs = await runCli(["org", "list", flag, other.username], as(undefined));
      expect(theirs).toMatchObject({ code: 0, stdout: `${org}\tvisitor\tAn org\n` });
    }
  });

  test("TTY: a table with a header; piped: TSV without one", async () => {
    const { owner, org } = await orgOwner();
    const second = uniqueName("org");
    await owner.client.createOrganization({ name: second });
    const tty = await runCli(["org", "list"], as(owner, { tty: { isOutTTY: true } }));
    const lines = tty.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME +ROLE +DESCRIPTION$/);
    expect(lines[1]).toMatch(new RegExp(`^${org} +super-admin +An org$`));
    expect(lines[2]).toMatch(new RegExp(`^${second} +super-admin +-$`));
    const piped = await runCli(["org", "list"], as(owner));
    expect(piped.stdout).toBe(`${org}\tsuper-admin\tAn org\n${second}\tsuper-admin\t\n`);
  });

  test("JSON and --quiet", async () => {
    const { owner, org } = await orgOwner();
    const json = await runCli(["--output", "json", "org", "list"], as(owner));
    expect(JSON.parse(json.stdout)).toEqual([{ name: org, role: "super-admin", description: "An org" }]);
    const quiet = await runCli(["org", "list", "-q"], as(owner));
    expect(quiet.stdout).toBe(`${org}\n`);
  });

  test("no orgs: nothing on stdout, a note on a TTY's stderr; JSON: []", async () => {
    const user = await createUser(ctx.hub);
    const text = await runCli(["org", "list"], as(user, { tty: { isOutTTY: true, isErrTTY: true } }));
    expect(text).toMatchObject({ code: 0, stdout: "", stderr: "You belong to no organization\n" });
    const json = await runCli(["--json", "org", "list"], as(user));
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  test("without a token and without --username: authentication required (4); unknown user (3)", async () => {
    const anon = await runCli(["org", "list"], as(undefined));
    expect(anon.code).toBe(EXIT.AUTH);
    const unknown = await runCli(["org", "list", "-u", "nobody-here"], as(undefined));
    expect(unknown.code).toBe(EXIT.NOT_FOUND);
    expect(unknown.stderr).toBe("Error: User not found: nobody-here\n");
  });
});

describe("org member", () => {
  test("add, list, update, remove (as the super-admin)", async () => {
    const { owner, org } = await orgOwner();
    const bob = await createUser(ctx.hub, "bob");
    const add = await runCli(["org", "member", "add", org, bob.username], as(owner));
    expect(add).toMatchObject({ code: 0, stdout: "" });
    let list = await runCli(["org", "member", "list", org], as(undefined));
    expect(list.stdout).toBe(`${owner.username}\tsuper-admin\n${bob.username}\tmember\n`);

    const update = await runCli(
      ["--json", "org", "member", "update", org, bob.username, "--role", "admin"],
      as(owner),
    );
    expect(update.code).toBe(0);
    expect(JSON.parse(update.stdout)).toEqual({ org, username: bob.username, role: "admin", updated: true });
    list = await runCli(["--json", "org", "member", "list", org], as(undefined));
    expect(JSON.parse(list.stdout)).toEqual([
      { username: owner.username, role: "super-admin" },
      { username: bob.username, role: "admin" },
    ]);

    const remove = await runCli(["org", "member", "remove", org, bob.username, "--yes"], as(owner));
    expect(remove.code).toBe(0);
    list = await runCli(["org", "member", "list", org, "-q"], as(undefined));
    expect(list.stdout).toBe(`${owner.username}\n`);
  });

  test("member list: TTY table with header", async () => {
    const { owner, org } = await orgOwner();
    const result = await runCli(["org", "member", "list", org], as(undefined, { tty: { isOutTTY: true } }));
    expect(result.stdout.split("\n")[0]).toMatch(/^USER +ROLE$/);
    expect(result.stdout).toContain(owner.username);
  });

  test("add with -r and JSON; adding twice is a conflict (6)", async () => {
    const { owner, org } = await orgOwner();
    const bob = await createUser(ctx.hub, "bob");
    const add = await runCli(
      ["--json", "org", "member", "add", org, bob.username, "-r", "visitor"],
      as(owner),
    );
    expect(JSON.parse(add.stdout)).toEqual({ org, username: bob.username, role: "visitor", added: true });
    const again = await runCli(["org", "member", "add", org, bob.username], as(owner));
    expect(again.code).toBe(EXIT.CONFLICT);
    expect(again.stderr).toContain("already a member");
  });

  test("an invalid role is a usage error before any request (2), for add and update", async () => {
    const { owner, org } = await orgOwner();
    const before = ctx.hub.requests.length;
    const add = await runCli(["org", "member", "add", org, "bob", "--role", "owner"], as(owner));
    expect(add.code).toBe(EXIT.USAGE);
    expect(add.stderr).toContain(
      'Invalid value "owner" for --role: expected one of visitor, member, admin, super-admin',
    );
    const typo = await runCli(["org", "member", "update", org, "bob", "--role", "admn"], as(owner));
    expect(typo.code).toBe(EXIT.USAGE);
    expect(typo.stderr).toContain('Did you mean "admin"?');
    const missing = await runCli(["org", "member", "update", org, "bob"], as(owner));
    expect(missing.code).toBe(EXIT.USAGE);
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("the roles are shown in help", async () => {
    for (const verb of ["add", "update"]) {
      const help = await runCli(["org", "member", verb, "--help"]);
      expect(help.stdout).toContain("-r, --role ROLE");
      expect(help.stdout).toContain("(visitor, member, admin, super-admin)");
    }
    const add = await runCli(["org", "member", "add", "--help"]);
    expect(add.stdout).toContain("[default: member]");
  });

  test("a plain member cannot change roles or add members (5)", async () => {
    const { owner, org } = await orgOwner();
    const bob = await createUser(ctx.hub, "bob");
    const carol = await createUser(ctx.hub, "carol");
    await owner.client.addOrganizationMember({ org, username: bob.username });
    await owner.client.addOrganizationMember({ org, username: carol.username });
    const update = await runCli(["org", "member", "update", org, carol.username, "--role", "admin"], as(bob));
    expect(update.code).toBe(EXIT.FORBIDDEN);
    expect(update.stderr).toContain("Not authorized to update member roles");
    const add = await runCli(["org", "member", "add", org, owner.username], as(bob));
    expect(add.code).toBe(EXIT.FORBIDDEN);
    const remove = await runCli(["org", "member", "remove", org, carol.username, "-y"], as(bob));
    expect(remove.code).toBe(EXIT.FORBIDDEN);
  });

  test("unknown org (3), unknown user (3), not a member (3)", async () => {
    const { owner, org } = await orgOwner();
    const list = await runCli(["org", "member", "list", "no-such-org"], as(undefined));
    expect(list.code).toBe(EXIT.NOT_FOUND);
    expect(list.stderr).toBe("Error: Organization not found: no-such-org\n");
    const add = await runCli(["org", "member", "add", "no-such-org", owner.username], as(owner));
    expect(add.code).toBe(EXIT.NOT_FOUND);
    expect(add.stderr).toContain("Organization not found");
    const ghost = await runCli(["org", "member", "add", org, "ghost-user"], as(owner));
    expect(ghost.code).toBe(EXIT.NOT_FOUND);
    expect(ghost.stderr).toContain("User not found");
    const stranger = await createUser(ctx.hub);
    const update = await runCli(
      ["org", "member", "update", org, stranger.username, "--role", "admin"],
      as(owner),
    );
    expect(update.code).toBe(EXIT.NOT_FOUND);
    expect(update.stderr).toContain("not a member");
  });

  test("remove without --yes off a terminal is a usage error (2), before any request", async () => {
    const { owner, org } = await orgOwner();
    const bob = await createUser(ctx.hub, "bob");
    await owner.client.addOrganizationMember({ org, username: bob.username });
    const before = ctx.hub.requests.length;
    const result = await runCli(["org", "member", "remove", org, bob.username], as(owner));
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain("pass --yes");
    expect(ctx.hub.requests.length).toBe(before);
  });

  test("remove on a terminal asks: no cancels (130), yes removes", async () => {
    const { owner, org } = await orgOwner();
    const bob = await createUser(ctx.hub, "bob");
    await owner.client.addOrganizationMember({ org, username: bob.username });
    const question = `Remove ${bob.username} from ${org}?`;
    const no = scriptedPrompter({ [question]: false });
    const before = ctx.hub.requests.length;
    const cancelled = await runCli(
      ["org", "member", "remove", org, bob.username],
      as(owner, { tty: { canPrompt: true }, prompter: no }),
    );
    expect(cancelled.code).toBe(EXIT.INTERRUPTED);
    expect(cancelled.stderr).toBe("Cancelled: nothing was changed\n");
    expect(no.asked).toEqual([question]);
    expect(ctx.hub.requests.length).toBe(before);

    const yes = scriptedPrompter({ [question]: true });
    const removed = await runCli(
      ["org", "member", "remove", org, bob.username],
      as(owner, { tty: { canPrompt: true }, prompter: yes }),
    );
    expect(removed.code).toBe(0);
    expect((await owner.client.listOrganizationMembers(org)).map((m) => m.user)).toEqual([owner.username]);
  });
});

describe("design document examples (subprocesses)", () => {
  test("org create / info / list / member add, update, remove", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const bob = await createUser(ctx.hub, "bob");
    const org = uniqueName("myorg");
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: alice.token };
    const configDir = tempConfigDir();
    const run = (argv: string[]) => spawnCli(argv, { env, configDir });

    const create = await run(["org", "create", org, "--description", "My organization"]);
    expect(create).toMatchObject({ code: 0, stdout: "" });
    expect(create.stderr).toBe(`✓ Created organization ${org}; you are its super-admin\n`);

    const info = await run(["org", "info", org]);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain(`Name\t${org}\n`);
    expect(info.stdout).toContain("Description\tMy organization\n");

    const list = await run(["org", "list"]);
    expect(list.stdout).toBe(`${org}\tsuper-admin\tMy organization\n`);
    const listAlice = await run(["--output", "json", "org", "list", "--username", alice.username]);
    expect(JSON.parse(listAlice.stdout)).toEqual([
      { name: org, role: "super-admin", description: "My organization" },
    ]);

    expect((await run(["org", "member", "add", org, bob.username, "--role", "member"])).code).toBe(0);
    const update = await run([
      "--output",
      "json",
      "org",
      "member",
      "update",
      org,
      bob.username,
      "--role",
      "admin",
    ]);
    expect(JSON.parse(update.stdout)).toMatchObject({ role: "admin", updated: true });

    // `org member remove my-org bob` without a terminal needs --yes.
    const refused = await run(["org", "member", "remove", org, bob.username]);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain("--yes");
    const removed = await run(["--output", "json", "org", "member", "remove", org, bob.username, "--yes"]);
    expect(JSON.parse(removed.stdout)).toEqual({ org, username: bob.username, removed: true });
  });

  test("JSON errors: unknown org, duplicate org", async () => {
    const alice = await createUser(ctx.hub, "alice");
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: alice.token };
    const info = await spawnCli(["--output", "json", "org", "info", "nonexistent-org"], { env });
    expect(info.code).toBe(EXIT.NOT_FOUND);
    expect(JSON.parse(info.stdout)).toMatchObject({
      error: "Organization not found",
      details: "nonexistent-org",
    });
    expect(info.stderr).toBe("");
  });
});
