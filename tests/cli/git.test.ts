/**
 * git over the local hub, with the real `git` binary: `repo clone`, fetch, push (which KohakuHub does not
 * apply), the credential helper and `auth setup-git`. Every git command runs with a temporary global git
 * config (GIT_CONFIG_GLOBAL) and no system config, never the developer's.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commitObject, gitObject, nestedTrees } from "../../hub/git/objects.ts";
import { parseDescription } from "../../src/commands/auth/git-credential.ts";
import { toOptions as cloneOptions, NO_PUSH_URL } from "../../src/commands/repo/clone.ts";
import { basicHeader, withGitConfig } from "../../src/git/hosts.ts";
import { type CliOptions, runCli, spawnCli, spawnText } from "../helpers/cli.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";

const hasGit = Bun.spawnSync(["git", "--version"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
if (!hasGit) console.warn("tests/cli/git.test.ts: skipped, git is not installed (or not on PATH)");
/** With git-lfs, clones get the LFS files; without it, their pointers (both are checked). */
const hasLfs =
  hasGit && Bun.spawnSync(["git", "lfs", "version"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
const gitTest = hasGit ? test : test.skip;

const ctx = useHub();

/** A temporary folder with a global git config file of its own. */
function gitHome(): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), "kohub-git-"));
  const env = {
    HOME: dir,
    GIT_CONFIG_GLOBAL: join(dir, "gitconfig"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    PATH: process.env.PATH ?? "/usr/bin:/bin",
  };
  writeFileSync(env.GIT_CONFIG_GLOBAL, "[user]\n\tname = Test\n\temail = test@example.com\n");
  return { dir, env };
}

/** Runs git without blocking: the hub answers from this same process. */
async function git(
  args: string[],
  options: { cwd?: string; env: Record<string, string | undefined>; stdin?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return spawnText(["git", ...args], options);
}

function as(user: TestUser, home: { env: Record<string, string> }, extra: CliOptions = {}): CliOptions {
  return { ...extra, env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token, ...home.env, ...extra.env } };
}

/** Every file under a folder, recursively. */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile());
}

/** A user with a repo holding a text file, a nested file and an LFS file (by suffix), uploaded by the CLI. */
async function seeded(options: { private?: boolean } = {}) {
  const user = await createUser(ctx.hub, "git");
  const home = gitHome();
  const repoId = `${user.username}/${uniqueName("repo")}`;
  const src = join(home.dir, "src");
  mkdirSync(join(src, "sub"), { recursive: true });
  writeFileSync(join(src, "README.md"), "# hello\n");
  writeFileSync(join(src, "sub", "config.json"), '{"a": 1}\n');
  const weights = new Uint8Array(3000).map((_, i) => (i * 7) % 256);
  writeFileSync(join(src, "model.safetensors"), weights);
  // Regular (not LFS) and barely compressible: its pack spans several side-band packets of 65,500 bytes.
  writeFileSync(
    join(src, "sub", "table.csv"),
    new Uint8Array(300_000).map(() => Math.floor(Math.random() * 256)),
  );
  await user.client.createRepo({ repoId, private: Boolean(options.private) });
  expect((await runCli(["upload", repoId, src], as(user, home))).code).toBe(0);
  return { user, home, repoId, src, weights };
}

describe("argument checks", () => {
  test("repo clone serves main only; the directory is optional", () => {
    expect(cloneOptions({ repo_id: "a/b" })).toEqual({ repoId: "a/b", type: undefined });
    expect(cloneOptions({ repo_id: "a/b", directory: "d", revision: "main" }).directory).toBe("d");
    expect(() => cloneOptions({ repo_id: "a/b", revision: "dev" })).toThrow("serves only the main branch");
    expect(() => cloneOptions({ repo_id: "a/b/c" })).toThrow('Invalid repo id "a/b/c"');
  });

  test("a credential description is read up to its blank line", () => {
    const fields = parseDescription("protocol=http\nhost=h:1\r\n\nhost=ignored\n");
    expect([...fields]).toEqual([
      ["protocol", "http"],
      ["host", "h:1"],
    ]);
  });

  test("git config entries go after those the environment already has", () => {
    expect(withGitConfig({ GIT_CONFIG_COUNT: "1" }, [["a.b", "c"]])).toMatchObject({
      GIT_CONFIG_COUNT: "2",
      GIT_CONFIG_KEY_1: "a.b",
      GIT_CONFIG_VALUE_1: "c",
    });
  });
});

describe("the local hub's git answers, as KohakuHub's", () => {
  test("tree and commit ids are those KohakuHub's objects.py computes for the same files", () => {
    // Ids printed by the server's build_nested_trees and create_commit_object for these files.
    const files = {
      "README.md": "hi\n",
      "a/b/c.txt": "x",
      "a/b.txt": "y",
      "a-b/z": "z",
      "a.b": "q",
      "ü/é.txt": "u",
    };
    const flat = Object.entries({ ...files, "other/dup.md": "hi\n" }).map(
      ([path, text]) => ["100644", path, gitObject("blob", text).sha1] as [string, string, string],
    );
    const { root, trees } = nestedTrees(flat);
    expect(root).toBe("8f4a12f7e823c0d9e451cc25fe92b4cbb1be8e5c");
    expect(trees).toHaveLength(6);
    const commit = commitObject(root, "alice", "noreply@kohakuhub.local", 1700000000, "Upload folder");
    expect(commit.sha1).toBe("9cc924db1d8a3eac4db66a8711024ffe32fb1b49");
  });

  test("status codes and headers of info/refs and HEAD", async () => {
    const { user, repoId } = await seeded({ private: true });
    const base = `${ctx.hub.url}/${repoId}.git`;
    const basic = { authorization: `Basic ${btoa(`anyone:${user.token}`)}` };
    const push = await fetch(`${base}/info/refs?service=git-receive-pack`);
    expect(push.status).toBe(401);
    expect(push.headers.get("www-authenticate")).toBeNull();
    expect(await push.json()).toEqual({ detail: "Authentication required for push" });
    const anonymous = await fetch(`${base}/info/refs?service=git-upload-pack`);
    expect(anonymous.status).toBe(404);
    expect(anonymous.headers.get("x-error-code")).toBe("RepoNotFound");
    const refs = await fetch(`${base}/info/refs?service=git-upload-pack`, { headers: basic });
    expect(refs.status).toBe(200);
    expect(refs.headers.get("content-type")).toBe("application/x-git-upload-pack-advertisement");
    expect(await refs.text()).toMatch(/^001e# service=git-upload-pack\n0000[0-9a-f]{4}[0-9a-f]{40} HEAD\0/);
    expect((await fetch(`${base}/info/refs?service=git-x`, { headers: basic })).status).toBe(400);
    expect((await fetch(`${base}/info/refs`)).status).toBe(422);
    expect(await (await fetch(`${base}/HEAD`, { headers: basic })).text()).toBe("ref: refs/heads/main\n");
    const missing = await fetch(
      `${ctx.hub.url}/${user.username}/nothing.git/info/refs?service=git-upload-pack`,
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: "Repository not found" });
  });
});

describe("repo clone", () => {
  gitTest("clones what upload sent: files byte for byte, the LFS file as its pointer in git", async () => {
    const { user, home, repoId, src, weights } = await seeded();
    const dir = join(home.dir, "clone");
    const result = await runCli(["--json", "repo", "clone", repoId, dir], as(user, home));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      repo_id: repoId,
      type: "model",
      url: `${ctx.hub.url}/${repoId}.git`,
      directory: dir,
      lfs: hasLfs ? "fetched" : "pointers",
    });
    for (const file of ["README.md", "sub/config.json", "sub/table.csv"]) {
      expect(readFileSync(join(dir, file))).toEqual(readFileSync(join(src, file)));
    }
    const oid = new Bun.CryptoHasher("sha256").update(weights).digest("hex");
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 3000\n`;
    expect((await git(["show", "HEAD:model.safetensors"], { cwd: dir, env: home.env })).stdout).toBe(pointer);
    if (hasLfs) expect(readFileSync(join(dir, "model.safetensors"))).toEqual(Buffer.from(weights));
    else {
      expect(result.stderr).toContain("git-lfs is not installed");
      expect(readFileSync(join(dir, "model.safetensors"), "utf8")).toBe(pointer);
    }
    expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toContain(
      "model.safetensors filter=lfs diff=lfs merge=lfs -text",
    );
    expect(readFileSync(join(dir, ".lfsconfig"), "utf8")).toContain(
      `${ctx.hub.baseUrl}/${repoId}.git/info/lfs`,
    );
    expect((await git(["fsck", "--strict"], { cwd: dir, env: home.env })).code).toBe(0);
    expect((await git(["status", "--porcelain"], { cwd: dir, env: home.env })).stdout).toBe("");
  });

  gitTest("a private repo: clones with the token, not with plain git or with a helper alone", async () => {
    const { user, home, repoId, weights } = await seeded({ private: true });
    const url = `${ctx.hub.url}/${repoId}.git`;
    const plain = await git(["clone", url, join(home.dir, "plain")], { env: home.env });
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toContain("not found");
    // KohakuHub answers 404, not a challenge: git never asks the helper.
    const helper = `!f() { echo username=x; echo password=${user.token}; }; f`;
    const helped = await git(["-c", `credential.helper=${helper}`, "clone", url, join(home.dir, "h")], {
      env: home.env,
    });
    expect(helped.code).not.toBe(0);

    const dir = join(home.dir, "clone");
    // GIT_TRACE shows the command lines git runs (its own, the helper's, remote-http's) in its output.
    const result = await runCli(["repo", "clone", repoId, dir], as(user, home, { env: { GIT_TRACE: "1" } }));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("trace: built-in: git clone");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("# hello\n");
    // git-lfs's batch request takes the token as Bearer (KohakuHub's LFS API reads no Basic).
    if (hasLfs) expect(readFileSync(join(dir, "model.safetensors"))).toEqual(Buffer.from(weights));
    // The token is nowhere in the clone's .git, its remote URL, git's command lines or what was printed.
    const secrets = [user.token, basicHeader(user.token).slice("Authorization: Basic ".length)];
    for (const file of allFiles(join(dir, ".git"))) {
      const text = readFileSync(file, "latin1");
      for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    }
    expect((await git(["remote", "get-url", "origin"], { cwd: dir, env: home.env })).stdout).toBe(`${url}\n`);
    for (const secret of secrets) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  gitTest("without access, a private repo is not found (exit 3) and git is not run", async () => {
    const { repoId } = await seeded({ private: true });
    const stranger = await createUser(ctx.hub, "stranger");
    const home = gitHome();
    const result = await runCli(["repo", "clone", repoId, join(home.dir, "x")], as(stranger, home));
    expect(result.code).toBe(3);
    expect(readdirSync(home.dir)).not.toContain("x");
  });

  gitTest("a dataset whose git URL serves a model of the same name is refused", async () => {
    const { user, home, repoId } = await seeded();
    await user.client.createRepo({ repoId, type: "dataset" });
    const result = await runCli(["repo", "clone", repoId, "--type", "dataset"], as(user, home));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`its git URL serves the model ${repoId}`);
  });
});

describe("fetch and push", () => {
  gitTest("git fetch after a new upload brings it (as a new, unrelated commit)", async () => {
    const { user, home, repoId } = await seeded();
    const dir = join(home.dir, "clone");
    expect((await runCli(["repo", "clone", repoId, dir], as(user, home))).code).toBe(0);
    writeFileSync(join(home.dir, "new.txt"), "new file\n");
    expect((await runCli(["upload", repoId, join(home.dir, "new.txt")], as(user, home))).code).toBe(0);
    const fetched = await git(["fetch"], { cwd: dir, env: home.env });
    expect(fetched.code).toBe(0);
    expect((await git(["show", "origin/main:new.txt"], { cwd: dir, env: home.env })).stdout).toBe(
      "new file\n",
    );
  });

  gitTest("git push: refused without credentials sent up front, and never applied with them", async () => {
    const { user, home, repoId } = await seeded();
    const dir = join(home.dir, "clone");
    expect((await runCli(["repo", "clone", repoId, dir], as(user, home))).code).toBe(0);
    writeFileSync(join(dir, "pushed.txt"), "from git\n");
    expect((await git(["add", "pushed.txt"], { cwd: dir, env: home.env })).code).toBe(0);
    expect((await git(["commit", "-qm", "from git"], { cwd: dir, env: home.env })).code).toBe(0);
    // repo clone set a push URL that stops git before it reaches the server.
    const sent = ctx.hub.requests.length;
    const guarded = await git(["push"], { cwd: dir, env: home.env });
    expect(guarded.code).not.toBe(0);
    expect(guarded.stderr).toContain(NO_PUSH_URL);
    expect(ctx.hub.requests.length).toBe(sent);
    expect(
      (await git(["config", "--unset", "remote.origin.pushurl"], { cwd: dir, env: home.env })).code,
    ).toBe(0);
    // A 401 without WWW-Authenticate: git asks the helper, but curl never sends what it answered.
    const helper = `!f() { echo username=x; echo password=${user.token}; }; f`;
    const helped = await git(["-c", `credential.helper=${helper}`, "push"], { cwd: dir, env: home.env });
    expect(helped.code).not.toBe(0);
    expect(helped.stderr).toContain("Authentication failed");
    // With the token on the first request the server takes the push, applies nothing, and git fails.
    const env = withGitConfig(home.env, [[`http.${ctx.hub.url}/.extraHeader`, basicHeader(user.token)]]);
    const pushed = await git(["push"], { cwd: dir, env });
    expect(pushed.code).not.toBe(0);
    expect(pushed.stderr).toContain("the remote end hung up unexpectedly");
    const files = await runCli(["repo", "files", repoId], as(user, home));
    expect(files.code).toBe(0);
    expect(files.stdout).toContain("README.md");
    expect(files.stdout).not.toContain("pushed.txt");
  });
});

describe("credential helper and setup-git", () => {
  gitTest("get answers for the hub's host only; store and erase do nothing", async () => {
    const user = await createUser(ctx.hub, "cred");
    const host = new URL(ctx.hub.url).host;
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token };
    const get = await spawnCli(["auth", "git-credential", "get"], {
      env,
      stdin: `protocol=http\nhost=${host}\npath=x/y.git\n\n`,
    });
    expect(get).toMatchObject({
      code: 0,
      stdout: `username=kohub-cli\npassword=${user.token}\n`,
      stderr: "",
    });
    for (const other of [`protocol=https\nhost=${host}\n\n`, "protocol=http\nhost=example.com\n\n"]) {
      expect(await spawnCli(["auth", "git-credential", "get"], { env, stdin: other })).toMatchObject({
        code: 0,
        stdout: "",
      });
    }
    const store = `protocol=http\nhost=${host}\nusername=u\npassword=p\n\n`;
    for (const op of ["store", "erase"]) {
      expect(await spawnCli(["auth", "git-credential", op], { env, stdin: store })).toMatchObject({
        code: 0,
        stdout: "",
        stderr: "",
      });
    }
  });

  gitTest("every profile's host gets its own token; setup-git configures each", async () => {
    const configDir = mkdtempSync(join(tmpdir(), "kohub-git-profiles-"));
    const config = {
      endpoint: "http://127.0.0.1:8000",
      token: "token-default",
      profiles: { lab: { endpoint: "https://lab.example.com", token: "token-lab" }, none: {} },
    };
    writeFileSync(join(configDir, "config.json"), JSON.stringify(config), { mode: 0o600 });
    const get = (host: string, protocol = "http") =>
      spawnCli(["auth", "git-credential", "get"], {
        configDir,
        stdin: `protocol=${protocol}\nhost=${host}\n\n`,
      });
    expect((await get("127.0.0.1:8000")).stdout).toBe("username=kohub-cli\npassword=token-default\n");
    expect((await get("lab.example.com", "https")).stdout).toBe("username=kohub-cli\npassword=token-lab\n");
    expect((await get("lab.example.com")).stdout).toBe("");
    const home = gitHome();
    const setup = await spawnCli(["--json", "auth", "setup-git"], { configDir, env: home.env });
    expect(JSON.parse(setup.stdout).hosts).toEqual(["http://127.0.0.1:8000", "https://lab.example.com"]);
  });

  gitTest("setup-git configures git (once however often it runs); --unset removes only that", async () => {
    const user = await createUser(ctx.hub, "setup");
    const home = gitHome();
    const origin = ctx.hub.url;
    await git(["config", "--global", "credential.helper", "store"], { env: home.env });
    await git(["config", "--global", "--add", `credential.${origin}.helper`, "mine"], { env: home.env });
    const env = { HF_ENDPOINT: origin, HF_TOKEN: user.token, ...home.env };
    for (let i = 0; i < 2; i++) {
      const setup = await spawnCli(["--json", "auth", "setup-git"], { env });
      expect(setup.code).toBe(0);
      expect(JSON.parse(setup.stdout)).toMatchObject({ hosts: [origin], configured: true });
    }
    const helpers = await git(["config", "--global", "--get-all", `credential.${origin}.helper`], {
      env: home.env,
    });
    expect(helpers.stdout.split("\n").slice(0, -1)).toEqual([
      "mine",
      "",
      expect.stringMatching(/auth git-credential$/),
    ]);
    expect(
      (await git(["config", "--global", `http.${origin}.proactiveAuth`], { env: home.env })).stdout,
    ).toBe("basic\n");
    // git itself gets the token from kohub-cli through the configured helper.
    const host = new URL(origin).host;
    const fill = await git(["credential", "fill"], { env, stdin: `protocol=http\nhost=${host}\n\n` });
    expect(fill.stdout).toContain(`password=${user.token}\n`);
    expect(readFileSync(join(home.dir, "gitconfig"), "utf8")).not.toContain(user.token);

    const unset = await spawnCli(["auth", "setup-git", "--unset"], { env });
    expect(unset.code).toBe(0);
    const after = readFileSync(join(home.dir, "gitconfig"), "utf8");
    expect(after).not.toContain("git-credential");
    expect(after).not.toContain("proactiveAuth");
    expect(
      (await git(["config", "--global", "--get-all", `credential.${origin}.helper`], { env: home.env }))
        .stdout,
    ).toBe("mine\n");
    expect((await git(["config", "--global", "credential.helper"], { env: home.env })).stdout).toBe(
      "store\n",
    );
  });
});
