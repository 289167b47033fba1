/**
 * `kohub-cli interactive` against the local hub, answered by a scripted prompter on a pretend terminal:
 * every menu area performs its action through the commands' run functions (checked on the hub or in the
 * output), Escape inside a flow comes back to the menu without touching the config, Escape at the main
 * menu ends with exit code 130, and an error is shown as one line before the menu comes back.
 */
import { describe, expect, test } from "bun:test";
import { runCli } from "../helpers/cli.ts";
import { orgWithAdmin } from "../helpers/fixtures.ts";
import { anonClient, createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";
import { CANCEL, configText, loggedInDir, readConfig, session } from "./_session.ts";

const ctx = useHub();

async function withUser(): Promise<{ user: TestUser; dir: string }> {
  const user = await createUser(ctx.hub);
  return { user, dir: loggedInDir(ctx.hub.url, user) };
}

describe("the main menu", () => {
  test("Escape or Ctrl-C exits with 130; Quit with 0", async () => {
    const { dir } = await withUser();
    const cancelled = await session({ "Main menu": CANCEL }, { configDir: dir });
    expect(cancelled.code).toBe(130);
    expect(cancelled.stderr).toBe("Cancelled\n");
    const quit = await session({ "Main menu": "quit" }, { configDir: dir });
    expect(quit.code).toBe(0);
    expect(quit.stdout).toBe("");
  });

  test("without a terminal it is a usage error", async () => {
    const r = await runCli(["interactive"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("The interactive mode needs a terminal");
  });

  test("Escape in a sub-menu goes back to the main menu", async () => {
    const { dir } = await withUser();
    const r = await session(
      {
        "Main menu": ["repos", "orgs", "account", "config", "quit"],
        Repositories: CANCEL,
        Organizations: CANCEL,
        Account: CANCEL,
        Configuration: CANCEL,
      },
      { configDir: dir },
    );
    expect(r.code).toBe(0);
    expect(r.prompter.asked).toEqual([
      "Main menu",
      "Repositories",
      "Main menu",
      "Organizations",
      "Main menu",
      "Account",
      "Main menu",
      "Configuration",
      "Main menu",
    ]);
  });
});

describe("cancel and errors", () => {
  test("Escape inside a flow: back to the menu, nothing created, config untouched", async () => {
    const { user, dir } = await withUser();
    const before = configText(dir);
    const r = await session(
      {
        "Main menu": ["repos", "config", "quit"],
        Repositories: ["create", "back"],
        "Repository name": CANCEL,
        Configuration: ["set", "back"],
        "Which setting?": "endpoint",
        "New value of endpoint": CANCEL,
      },
      { configDir: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Cancelled: nothing was changed\nCancelled: nothing was changed\n");
    expect(configText(dir)).toBe(before);
    expect(await user.client.listNamespaceRepos({ namespace: user.username, type: "model" })).toEqual([]);
  });

  test("an error (a duplicate repository) is shown in one line and the menu comes back", async () => {
    const { user, dir } = await withUser();
    const create = {
      "Repository name": ["dup", "dup"],
      "Repository type": ["model", "model"],
      Visibility: ["public", "public"],
    };
    const r = await session(
      { "Main menu": ["repos", "quit"], Repositories: ["create", "create", "list", "back"], ...create },
      { configDir: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`✓ Created public model repository ${user.username}/dup\n`);
    expect(r.stderr).toContain(`Error: Repository ${user.username}/dup already exists\n`);
    // The menu came back: the list after the error ran.
    expect(r.stdout).toContain(`model  ${user.username}/dup`);
  });

  test("not logged in: the error says how to log in, and the menu comes back", async () => {
    const dir = loggedInDir(ctx.hub.url, { token: "" } as TestUser);
    const r = await session(
      { "Main menu": ["repos", "quit"], Repositories: ["list", "back"] },
      { configDir: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Error: Authentication required. Please login with 'kohub-cli auth login'\n");
  });
});

describe("Account", () => {
  test("register (and log in), who am I, tokens: create, list, revoke; log out, log in", async () => {
    const dir = loggedInDir(ctx.hub.url, { token: "" } as TestUser);
    const username = uniqueName("reg");
    const registered = await session(
      {
        "Main menu": ["account", "quit"],
        Account: ["register", "whoami", "back"],
        "New username": username,
        Email: `${username}@example.com`,
        "New password": "pw-123456",
        "Repeat the password": "pw-123456",
        [`Log in as ${username} now?`]: true,
      },
      { configDir: dir },
    );
    expect(registered.code).toBe(0);
    expect(registered.stderr).toContain(`✓ Logged in to ${ctx.hub.url} as ${username}`);
    expect(registered.stdout).toContain(`User:           ${username}`);
    const token = readConfig(dir)?.token as string;
    const client = anonClient(ctx.hub, { token });
    expect((await client.whoami()).username).toBe(username);

    const created = await session(
      {
        "Main menu": ["account", "quit"],
        Account: ["tokens", "back"],
        "API tokens": ["create", "list", "back"],
        "Token name": "ci",
      },
      { configDir: dir },
    );
    expect(created.code).toBe(0);
    const ci = (await client.listTokens()).find((t) => t.name === "ci");
    expect(ci).toBeDefined();
    expect(created.stdout).toContain(" ci ");

    const revoked = await session(
      {
        "Main menu": ["account", "quit"],
        Account: ["tokens", "logout", "whoami", "login", "back"],
        "API tokens": ["delete", "back"],
        "Which token?": String(ci?.id),
        [`Revoke API token ${ci?.id}? Programs using it will stop working (this cannot be undone)`]: true,
        "How do you want to log in?": "password",
        Username: username,
        Password: "pw-123456",
      },
      { configDir: dir },
    );
    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toContain(`✓ Revoked token ${ci?.id}\n`);
    expect(revoked.stderr).toContain(
      "✓ Logged out: the API token was revoked and removed from the config file\n",
    );
    expect(revoked.stderr).toContain(
      "Error: Authentication required. Please login with 'kohub-cli auth login'\n",
    );
    expect(revoked.stderr).toContain(`✓ Logged in to ${ctx.hub.url} as ${username}`);
    // Logging out revoked the first login's token; the new login stored another one.
    const again = readConfig(dir)?.token as string;
    expect(again).not.toBe(token);
    expect((await anonClient(ctx.hub, { token: again }).listTokens()).map((t) => t.name)).not.toContain("ci");
  });
});

describe("Repositories", () => {
  test("create, list, info, browse folders, settings, branches and tags, delete", async () => {
    const { user, dir } = await withUser();
    const id = `${user.username}/browse-me`;
    const repoMenu = `Repository ${id} (model)`;
    const created = await session(
      {
        "Main menu": ["repos", "quit"],
        Repositories: ["create", "back"],
        "Repository name": "browse-me",
        "Repository type": "model",
        Visibility: "public",
      },
      { configDir: dir },
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toBe(`${ctx.hub.url}/models/${id}\n`);
    await seedFiles(ctx.hub, id, {
      "README.md": "# hi",
      "configs/a.json": "{}",
      "configs/deep/b.json": "{}",
    });

    const r = await session(
      {
        "Main menu": ["repos", "quit"],
        Repositories: ["list", "open", "back"],
        "Which repository?": `model:${id}`,
        [repoMenu]: ["info", "files", "settings", "refs", "delete"],
        "Open a folder": ["configs", "configs/deep", "..", "done"],
        "New visibility": "private",
        "Branches and tags": ["create-branch", "create-tag", "list", "delete-tag", "delete-branch", "back"],
        "New branch name": "dev",
        "Start from (branch, tag or commit)": "main",
        "New tag name": "v1",
        "Tag what (branch, tag or commit)": "dev",
        "Which tag?": "v1",
        [`Delete tag v1 of model ${id}?`]: true,
        "Which branch?": "dev",
        [`Delete branch dev of model ${id}?`]: true,
        [`Delete model ${id} with all its files and history (this cannot be undone)?`]: true,
      },
      { configDir: dir },
    );
    expect(r.prompter.unused()).toEqual([]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain(`model  ${id}  public`); // list
    expect(out).toContain("Model repository\nID:"); // info
    expect(out).toContain("Files:         3"); // info
    expect(out).toMatch(/configs\/\s+-/); // the root folder
    expect(out).toContain("configs/a.json"); // inside configs
    expect(out).toContain("configs/deep/b.json"); // inside configs/deep
    expect(out).toContain("Visibility:             public"); // settings shown
    expect(out).toMatch(/branch {2}dev/); // refs list
    expect(out).toMatch(/tag {5}v1/);
    const err = r.stderr;
    expect(err).toContain(`✓ Updated model ${id}: private\n`);
    expect(err).toContain(`✓ Created branch dev of model ${id} at main\n`);
    expect(err).toContain(`✓ Created tag v1 of model ${id} at dev\n`);
    expect(err).toContain(`✓ Deleted tag v1 of model ${id}\n`);
    expect(err).toContain(`✓ Deleted branch dev of model ${id}\n`);
    expect(err).toContain(`✓ Deleted model ${id}\n`);
    expect(await user.client.repoExists({ repoId: id })).toBe(false);
    // After the deletion the repository's menu closed by itself: Repositories came back.
    expect(r.prompter.asked.slice(-4)).toEqual([
      repoMenu,
      `Delete model ${id} with all its files and history (this cannot be undone)?`,
      "Repositories",
      "Main menu",
    ]);
  });

  test("a repository by id, and a visibility left as it is", async () => {
    const { user, dir } = await withUser();
    await user.client.createRepo({ repoId: "ds", type: "dataset", private: true });
    const id = `${user.username}/ds`;
    const r = await session(
      {
        "Main menu": ["repos", "quit"],
        Repositories: ["open", "back"],
        "Which repository?": "other",
        "Repository id": id,
        "Repository type": "dataset",
        [`Repository ${id} (dataset)`]: ["settings", "back"],
        "New visibility": "private",
      },
      { configDir: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Unchanged: ${id} stays private\n`);
  });
});

describe("Organizations", () => {
  test("create, list, info, members: add, change role, remove", async () => {
    const { user, dir } = await withUser();
    const bob = await createUser(ctx.hub, "bob");
    const org = uniqueName("org");
    const r = await session(
      {
        "Main menu": ["orgs", "quit"],
        Organizations: ["create", "list", "open", "back"],
        "Organization name": org,
        "Description (optional)": "A lab",
        "Which organization?": `org:${org}`,
        [`Organization ${org}`]: ["info", "add", "update", "members", "remove", "back"],
        "Username to add": bob.username,
        Role: ["member", "admin"],
        "Which member?": [bob.username, bob.username],
        [`Remove ${bob.username} from ${org}?`]: true,
      },
      { configDir: dir },
    );
    expect(r.prompter.unused()).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`✓ Created organization ${org}; you are its super-admin\n`);
    expect(r.stderr).toContain(`✓ Added ${bob.username} to ${org} as member\n`);
    expect(r.stderr).toContain(`✓ ${bob.username} is now admin in ${org}\n`);
    expect(r.stderr).toContain(`✓ Removed ${bob.username} from ${org}\n`);
    expect(r.stdout).toMatch(new RegExp(`${org}\\s+super-admin\\s+A lab`)); // list
    expect(r.stdout).toContain("Description: A lab"); // info
    expect(r.stdout).toMatch(new RegExp(`${bob.username}\\s+admin`)); // members after the update
    expect((await user.client.listOrganizationMembers(org)).map((m) => m.user)).toEqual([user.username]);
  });

  test("an organization you are not an admin of: the server's refusal is shown", async () => {
    const { org } = await orgWithAdmin(ctx.hub);
    const { dir } = await withUser();
    const r = await session(
      {
        "Main menu": ["orgs", "quit"],
        Organizations: ["open", "back"],
        "Organization name": org,
        [`Organization ${org}`]: ["add", "back"],
        "Username to add": "somebody",
        Role: "member",
      },
      { configDir: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Error: .+\n$/);
  });
});

describe("Configuration", () => {
  test("show (token masked), set a value, run the wizard", async () => {
    const { user, dir } = await withUser();
    const r = await session(
      {
        "Main menu": ["config", "quit"],
        Configuration: ["set", "show", "wizard", "back"],
        "Which setting?": "default_repo_type",
        "Default repository type": ["space", "dataset"],
        "Server URL": ctx.hub.url,
        "How do you want to log in?": "token",
        "API token": user.token,
      },
      { configDir: dir },
    );
    expect(r.prompter.unused()).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${dir}/config.json\n`);
    expect(r.stdout).toMatch(/default_repo_type\s+space/);
    expect(r.stdout).not.toContain(user.token);
    expect(r.stderr).toContain(`✓ Set default_repo_type in ${dir}/config.json\n`);
    expect(readConfig(dir)).toEqual({
      endpoint: ctx.hub.url,
      token: user.token,
      default_repo_type: "dataset",
    });
    expect(r.prompter.notes[0]).toStartWith(`Wrote ${dir}/config.json`);
  });
});
