/**
 * The examples of the design document's repository sections (docs/CLI.md: Repository Operations, Commit
 * History, Repository Settings, Branch and Tag Management, Error Handling), each run as a subprocess of the
 * real entry point against the local hub, in text and in JSON mode. The `settings repo ...` spellings of the
 * document are `repo settings|move|squash|branch|tag` here.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { type CliResult, spawnCli } from "../helpers/cli.ts";
import { createUser, type TestUser, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();
let alice: TestUser;
let env: Record<string, string>;
/** A real commit of my-org/my-model, shortened as in the document's `abc1234`. */
let short: string;

function kohub(argv: string[]): Promise<CliResult> {
  return spawnCli(argv, { env });
}

/** Parses the one JSON document of stdout. */
function jsonOf(result: CliResult): unknown {
  expect(result.stdout.trim().split("\n")).toHaveLength(1);
  return JSON.parse(result.stdout);
}

/** `key\tvalue` lines of a piped record. */
function record(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t") as [string, string]),
  );
}

beforeAll(async () => {
  alice = await createUser(ctx.hub, "alice");
  env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: alice.token };
  await alice.client.createOrganization({ name: "my-org", description: "docs examples" });
});

describe("Repository Operations", () => {
  test("repo create (bare name and org, text and JSON)", async () => {
    const [mine, org] = await Promise.all([
      kohub(["repo", "create", "my-model", "--type", "model"]),
      kohub(["--output", "json", "repo", "create", "my-org/my-model", "--type", "model", "--private"]),
    ]);
    expect(mine).toEqual({
      code: 0,
      stdout: `${ctx.hub.url}/models/${alice.username}/my-model\n`,
      stderr: `✓ Created public model repository ${alice.username}/my-model\n`,
    });
    expect(org.code).toBe(0);
    expect(org.stderr).toBe("");
    expect(jsonOf(org)).toEqual({
      repo_id: "my-org/my-model",
      url: `${ctx.hub.url}/models/my-org/my-model`,
      type: "model",
      private: true,
    });
    const id = await seedFiles(ctx.hub, "my-org/my-model", {
      "README.md": "# my model\n",
      "configs/base.json": '{"layers": 2}\n',
      "configs/extra/large.json": "{}\n",
      "model.safetensors": "weights",
    });
    short = id.slice(0, 7);
  });

  test("repo info (text record, JSON at a tag)", async () => {
    await alice.client.createTag({ repoId: "my-org/my-model", tag: "v1.0" });
    const [text, json] = await Promise.all([
      kohub(["repo", "info", "my-org/my-model", "--type", "model"]),
      kohub(["--output", "json", "repo", "info", "my-org/my-model", "--type", "model", "--revision", "v1.0"]),
    ]);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe("");
    expect(record(text.stdout)).toMatchObject({
      ID: "my-org/my-model",
      Author: "my-org",
      Type: "model",
      Visibility: "private",
      Downloads: "0",
      Likes: "0",
      Files: "4",
    });
    expect(json.code).toBe(0);
    expect(jsonOf(json)).toMatchObject({ id: "my-org/my-model", private: true, revision: "v1.0" });
  });

  test("repo list (TSV, and JSON filtered by author)", async () => {
    const [text, json] = await Promise.all([
      kohub(["repo", "list", "--type", "model"]),
      kohub(["--output", "json", "repo", "list", "--type", "model", "--author", "my-org", "--limit", "100"]),
    ]);
    expect(text.code).toBe(0);
    const rows = text.stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));
    expect(rows.map((r) => r[0]).sort()).toEqual([`${alice.username}/my-model`, "my-org/my-model"]);
    expect(rows.find((r) => r[0] === "my-org/my-model")?.slice(1, 4)).toEqual(["private", "0", "0"]);
    expect(jsonOf(json)).toEqual([expect.objectContaining({ id: "my-org/my-model", private: true })]);
  });

  test("repo ls (grouped by type, and one type in JSON)", async () => {
    const [text, json] = await Promise.all([
      kohub(["repo", "ls", "my-org"]),
      kohub(["--output", "json", "repo", "ls", "my-org", "--type", "model"]),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^model\tmy-org\/my-model\tprivate\t0\t0\t\d{4}-\d\d-\d\dT[\d:]+Z\n$/);
    expect((jsonOf(json) as Array<{ id: string }>).map((r) => r.id)).toEqual(["my-org/my-model"]);
  });

  test("repo files (root with LFS marker and folders; a folder recursively in JSON)", async () => {
    const [text, json] = await Promise.all([
      kohub(["repo", "files", "my-org/my-model"]),
      kohub([
        "--output",
        "json",
        "repo",
        "files",
        "my-org/my-model",
        "--revision",
        "main",
        "--path",
        "configs/",
        "--recursive",
      ]),
    ]);
    expect(text).toEqual({
      code: 0,
      stdout: "README.md\t11\t\nconfigs/\t\t\nmodel.safetensors\t7\tLFS\n",
      stderr: "",
    });
    expect((jsonOf(json) as Array<{ path: string; type: string }>).map((e) => [e.type, e.path])).toEqual([
      ["file", "configs/base.json"],
      ["file", "configs/extra/large.json"],
    ]);
  });
});

describe("Commit History", () => {
  test("repo commits (TSV, JSON on a branch with a limit)", async () => {
    const [text, json] = await Promise.all([
      kohub(["repo", "commits", "my-org/my-model", "--type", "model"]),
      kohub([
        "--output",
        "json",
        "repo",
        "commits",
        "my-org/my-model",
        "--type",
        "model",
        "--branch",
        "main",
        "--limit",
        "50",
      ]),
    ]);
    expect(text.code).toBe(0);
    const rows = text.stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));
    expect(rows).toHaveLength(2);
    expect(rows[0]?.[0]?.startsWith(short)).toBe(true);
    expect(rows[0]?.[3]).toBe("Seed files");
    const commits = jsonOf(json) as Array<{ id: string; title: string }>;
    expect(commits.map((c) => c.title)).toEqual(["Seed files", "Repository created"]);
  });

  test("repo commit and repo commit-diff (with and without --show-diff)", async () => {
    const [commit, diff, shown] = await Promise.all([
      kohub(["repo", "commit", "my-org/my-model", short, "--type", "model"]),
      kohub(["--output", "json", "repo", "commit-diff", "my-org/my-model", short, "--type", "model"]),
      kohub(["repo", "commit-diff", "my-org/my-model", short, "--type", "model", "--show-diff"]),
    ]);
    expect(commit.code).toBe(0);
    const fields = record(commit.stdout);
    expect(fields.Commit?.startsWith(short)).toBe(true);
    expect(fields.Message).toBe("Seed files");
    expect(diff.code).toBe(0);
    const parsed = jsonOf(diff) as { files: Array<{ path: string; type: string; is_lfs: boolean }> };
    expect(parsed.files.map((f) => [f.type, f.path, f.is_lfs])).toEqual([
      ["added", "README.md", false],
      ["added", "configs/base.json", false],
      ["added", "configs/extra/large.json", false],
      ["added", "model.safetensors", true],
    ]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(
      "added README.md\n--- a/README.md\n+++ b/README.md\n@@ -0,0 +1 @@\n+# my model\n\n",
    );
    expect(shown.stdout).toContain("added model.safetensors\n(no text diff: LFS file)\n");
  });
});

describe("Branch and Tag Management", () => {
  test("repo branch create / delete", async () => {
    const [dev, feature] = await Promise.all([
      kohub(["repo", "branch", "create", "my-org/my-model", "dev", "--type", "model"]),
      kohub([
        "--output",
        "json",
        "repo",
        "branch",
        "create",
        "my-org/my-model",
        "feature-x",
        "--type",
        "model",
        "--revision",
        "main",
      ]),
    ]);
    expect(dev).toEqual({
      code: 0,
      stdout: "",
      stderr: "✓ Created branch dev of model my-org/my-model at main\n",
    });
    expect(jsonOf(feature)).toEqual({
      repo_id: "my-org/my-model",
      type: "model",
      branch: "feature-x",
      revision: "main",
    });
    const deleted = await kohub([
      "repo",
      "branch",
      "delete",
      "my-org/my-model",
      "dev",
      "--type",
      "model",
      "--yes",
    ]);
    expect(deleted).toEqual({
      code: 0,
      stdout: "",
      stderr: "✓ Deleted branch dev of model my-org/my-model\n",
    });
    const refs = await alice.client.listRefs({ repoId: "my-org/my-model" });
    expect(refs.branches.map((b) => b.name)).toEqual(["feature-x", "main"]);
  });

  test("repo tag create / delete / create with a message", async () => {
    const created = await kohub(["repo", "tag", "create", "my-org/my-model", "v2.0", "--type", "model"]);
    expect(created).toEqual({
      code: 0,
      stdout: "",
      stderr: "✓ Created tag v2.0 of model my-org/my-model at main\n",
    });
    const deleted = await kohub([
      "repo",
      "tag",
      "delete",
      "my-org/my-model",
      "v1.0",
      "--type",
      "model",
      "--yes",
    ]);
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toBe("✓ Deleted tag v1.0 of model my-org/my-model\n");
    const again = await kohub([
      "--output",
      "json",
      "repo",
      "tag",
      "create",
      "my-org/my-model",
      "v1.0",
      "--type",
      "model",
      "--revision",
      "main",
      "--message",
      "Release v1.0",
    ]);
    expect(jsonOf(again)).toEqual({
      repo_id: "my-org/my-model",
      type: "model",
      tag: "v1.0",
      revision: "main",
    });
    const refs = await alice.client.listRefs({ repoId: "my-org/my-model" });
    expect(refs.tags.map((t) => t.name)).toEqual(["v1.0", "v2.0"]);
  });
});

describe("Repository Settings", () => {
  test("repo settings --private / --public", async () => {
    const priv = await kohub(["repo", "settings", "my-org/my-model", "--type", "model", "--private"]);
    expect(priv).toEqual({ code: 0, stdout: "", stderr: "✓ Updated model my-org/my-model: private\n" });
    const pub = await kohub([
      "--output",
      "json",
      "repo",
      "settings",
      "my-org/my-model",
      "--type",
      "model",
      "--public",
    ]);
    expect(jsonOf(pub)).toEqual({
      repo_id: "my-org/my-model",
      type: "model",
      updated: { private: false },
    });
    expect((await alice.client.repoInfo({ repoId: "my-org/my-model" })).private).toBe(false);
  });

  test("repo squash, then repo move (org rename, user to org)", async () => {
    await alice.client.createRepo({ repoId: "my-org/old-name" });
    const squash = await kohub(["repo", "squash", "my-org/my-model", "--type", "model", "--yes"]);
    expect(squash).toEqual({
      code: 0,
      stdout: "",
      stderr: "✓ Squashed the history of model my-org/my-model\n",
    });
    const rename = await kohub([
      "repo",
      "move",
      "my-org/old-name",
      "my-org/new-name",
      "--type",
      "model",
      "--yes",
    ]);
    expect(rename).toEqual({
      code: 0,
      stdout: `${ctx.hub.url}/models/my-org/new-name\n`,
      stderr: "✓ Moved model my-org/old-name to my-org/new-name\n",
    });
    const refused = await kohub(["repo", "delete", "my-org/my-model", "--type", "model"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      "Error: Delete model my-org/my-model with all its files and history (this cannot be undone): pass --yes to confirm when not running interactively\n",
    );
    const deleted = await kohub([
      "--output",
      "json",
      "repo",
      "delete",
      "my-org/my-model",
      "--type",
      "model",
      "--yes",
    ]);
    expect(jsonOf(deleted)).toEqual({ repo_id: "my-org/my-model", type: "model", deleted: true });
    const moved = await kohub([
      "--output",
      "json",
      "repo",
      "move",
      `${alice.username}/my-model`,
      "my-org/my-model",
      "--type",
      "model",
      "--yes",
    ]);
    expect(jsonOf(moved)).toEqual({
      from: `${alice.username}/my-model`,
      to: "my-org/my-model",
      type: "model",
      url: `${ctx.hub.url}/models/my-org/my-model`,
    });
  });
});

describe("Error Handling", () => {
  test("no token, a missing repo in text and in JSON", async () => {
    const [anon, text, json] = await Promise.all([
      spawnCli(["repo", "create", "my-repo", "--type", "model"], { env: { HF_ENDPOINT: ctx.hub.url } }),
      kohub(["repo", "info", "nonexistent/repo", "--type", "model"]),
      kohub(["--output", "json", "repo", "info", "nonexistent/repo", "--type", "model"]),
    ]);
    expect(anon).toEqual({
      code: 4,
      stdout: "",
      stderr: "Error: Authentication required. Please login with 'kohub-cli auth login'\n",
    });
    expect(text).toEqual({ code: 3, stdout: "", stderr: "Error: Repository not found: nonexistent/repo\n" });
    expect(json).toEqual({
      code: 3,
      stdout: '{"error":"Repository not found","code":"RepoNotFound","details":"nonexistent/repo"}\n',
      stderr: "",
    });
  });
});
