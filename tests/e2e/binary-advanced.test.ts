/**
 * The advanced features from the compiled binary, run as a user would against the local hub: aliases
 * (global flags around one, a `!` shell alias), extensions (create, install, run, list, remove; a shell one
 * and a TypeScript one that the binary runs itself), `batch -` from stdin, `history` and `undo`, `repo
 * clone` through the real git, and `--jq` / `--template`. Each test checks what changed on the hub or on
 * disk, not only exit codes.
 *
 * The binary runs in a folder of its own with PATH holding only the system's folders and a `kohub-cli`
 * link to it: neither this repository (its node_modules, its package.json) nor the Bun running the tests
 * can stand in for what the binary lacks.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compiledBinary } from "../helpers/binary.ts";
import { type CliResult, spawnText } from "../helpers/cli.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();
const hasGit = Bun.spawnSync(["git", "--version"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
if (!hasGit) console.warn("tests/e2e/binary-advanced.test.ts: repo clone skipped, git is not on PATH");
/** With git-lfs, the clone gets the LFS file; without it, its pointer. */
const hasLfs =
  hasGit && Bun.spawnSync(["git", "lfs", "version"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;

let binary = "";
let user: TestUser;
/** The user's home: the config folder (endpoint and token in config.json), a git config, a work folder. */
let home = "";
let configDir = "";
let work = "";
let binDir = "";

beforeAll(async () => {
  binary = await compiledBinary();
  user = await createUser(ctx.hub, "adv");
  home = mkdtempSync(join(tmpdir(), "kohub-adv-"));
  configDir = join(home, ".kohub");
  work = join(home, "work");
  binDir = join(home, "bin");
  for (const dir of [configDir, work, binDir]) mkdirSync(dir);
  // Logged in through the config file, not the environment: what extensions get comes from the CLI.
  writeFileSync(join(configDir, "config.json"), JSON.stringify({ endpoint: ctx.hub.url, token: user.token }));
  writeFileSync(join(home, "gitconfig"), "[user]\n\tname = Test\n\temail = test@example.com\n");
  symlinkSync(binary, join(binDir, "kohub-cli"));
}, 120_000);

/** Runs the binary in the work folder (or `cwd`), as the user, with stdin when given. */
async function run(args: string[], options: { stdin?: string; cwd?: string } = {}): Promise<CliResult> {
  return spawnText([binary, ...args], {
    cwd: options.cwd ?? work,
    env: {
      PATH: `${binDir}:/usr/local/bin:/usr/bin:/bin`,
      HOME: home,
      KOHUB_CONFIG_DIR: configDir,
      NO_COLOR: "1",
      GIT_CONFIG_GLOBAL: join(home, "gitconfig"),
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_TERMINAL_PROMPT: "0",
    },
    stdin: options.stdin,
  });
}

const exists = (repoId: string) => user.client.repoExists({ repoId });

describe("compiled binary: aliases", () => {
  test("an alias with global flags around it, and a ! shell alias running kohub-cli with the user's token", async () => {
    const repoId = `${user.username}/${uniqueName("alias")}`;
    await user.client.createRepo({ repoId, private: true });
    expect((await run(["alias", "set", "ri", "repo info $1"])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(configDir, "aliases.json"), "utf8"))).toMatchObject({
      ri: "repo info $1",
    });
    for (const args of [
      ["--json", "ri", repoId],
      ["ri", repoId, "-o", "json"],
    ]) {
      const shown = await run(args);
      expect(shown.stderr).toBe("");
      expect(JSON.parse(shown.stdout)).toMatchObject({ id: repoId, private: true });
    }

    // sh -c with the arguments as $1...; the kohub-cli it runs gets HF_ENDPOINT and HF_TOKEN.
    const name = uniqueName("sh");
    expect(
      (await run(["alias", "set", "mk", '!kohub-cli repo create "$1" --private -q && echo "made $1"'])).code,
    ).toBe(0);
    const made = await run(["mk", name]);
    expect(made).toMatchObject({ code: 0, stdout: `${user.username}/${name}\nmade ${name}\n` });
    expect(await exists(`${user.username}/${name}`)).toBe(true);
  });
});

describe("compiled binary: extensions", () => {
  test("create, install and run a shell extension (HF_ENDPOINT, HF_TOKEN from the config) and a TypeScript one; list; remove", async () => {
    // The shell skeleton, with a line that writes the token it was given to the file named by its argument.
    expect((await run(["extension", "create", "hello"])).code).toBe(0);
    const script = join(work, "kohub-cli-hello", "kohub-cli-hello");
    writeFileSync(script, `${readFileSync(script, "utf8")}printf %s "$HF_TOKEN" > "$1"\n`);
    expect((await run(["extension", "install", join(work, "kohub-cli-hello")])).code).toBe(0);
    const tokenFile = join(home, "token.txt");
    const hello = await run(["hello", tokenFile]);
    expect(hello).toMatchObject({
      code: 0,
      stdout: `Hello from kohub-cli-hello!\nendpoint: ${ctx.hub.url}\narguments: ${tokenFile}\n`,
    });
    expect(readFileSync(tokenFile, "utf8")).toBe(user.token);

    // The TypeScript skeleton runs as created; then a version that uses the library, a module beside it and
    // a dynamic import of "kohub-cli", creates a repo and sets the exit code.
    expect((await run(["extension", "create", "rep", "--ts"])).code).toBe(0);
    const dir = join(work, "kohub-cli-rep");
    expect((await run(["extension", "install", dir])).code).toBe(0);
    expect((await run(["rep", "a", "b"])).stdout).toBe(
      `Hello from kohub-cli-rep!\nendpoint: ${ctx.hub.url}\narguments: a b\n`,
    );
    writeFileSync(join(dir, "name.ts"), 'export const repoName = (arg: string): string => "ext-" + arg;\n');
    writeFileSync(
      join(dir, "kohub-cli-rep.ts"),
      [
        'import { KohubClient } from "kohub-cli";',
        'import { repoName } from "./name.ts";',
        "const client = new KohubClient();",
        "const me = await client.whoami();",
        "const created = await client.createRepo({ repoId: me.username + '/' + repoName(process.argv[2] ?? '') });",
        'const lib = await import("kohub-cli");',
        "console.log(created.repo_id, typeof lib.NotFoundError);",
        "process.exitCode = 5;",
      ].join("\n"),
    );
    expect((await run(["extension", "upgrade", "rep"])).code).toBe(0);
    const name = uniqueName("x");
    const rep = await run(["rep", name]);
    expect(rep).toMatchObject({ code: 5, stdout: `${user.username}/ext-${name} function\n`, stderr: "" });
    expect(await exists(`${user.username}/ext-${name}`)).toBe(true);

    const listed = JSON.parse((await run(["extension", "list", "--json"])).stdout);
    expect(listed.map((e: { name: string; kind: string }) => [e.name, e.kind])).toEqual([
      ["hello", "executable"],
      ["rep", "script"],
    ]);
    expect((await run(["extension", "remove", "hello"])).code).toBe(0);
    expect(readdirSync(join(configDir, "extensions"))).toEqual(["rep"]);
    const gone = await run(["hello"]);
    expect(gone.code).toBe(2);
    expect(gone.stdout).toBe("");
  });
});

describe("compiled binary: batch, history, undo", () => {
  test("batch - from stdin: a repo, its branch, a failing line with --continue-on-error; one JSON document", async () => {
    const name = uniqueName("batch");
    const repoId = `${user.username}/${name}`;
    const lines = [
      `repo create ${name} --private`,
      `repo branch create ${repoId} dev`,
      `repo branch create ${repoId}-nope dev`,
    ];
    const result = await run(["--json", "batch", "-", "--continue-on-error"], {
      stdin: `${lines.join("\n")}\n`,
    });
    expect(result.code).toBe(3);
    const doc = JSON.parse(result.stdout);
    expect(doc.summary).toEqual({ total: 3, done: 2, failed: 1, skipped: 0 });
    expect(doc.results.map((r: { status: string }) => r.status)).toEqual(["done", "done", "failed"]);
    expect(doc.results[2].error).toMatchObject({ code: "RepoNotFound" });
    expect(await user.client.repoInfo({ repoId })).toMatchObject({ id: repoId, private: true });
    expect(await user.client.revisionExists({ repoId, revision: "dev" })).toBe(true);
  });

  test("history lists a repo create; undo --yes deletes the repo on the hub and marks the entry undone", async () => {
    const name = uniqueName("undo");
    const repoId = `${user.username}/${name}`;
    expect((await run(["repo", "create", name, "-q"])).code).toBe(0);
    expect(await exists(repoId)).toBe(true);
    const entries = JSON.parse((await run(["history", "--json"])).stdout) as {
      id: string;
      command: string;
    }[];
    const entry = entries.find((e) => e.command.startsWith(`kohub-cli repo create ${name}`));
    if (!entry) throw new Error(`no history entry for ${name}`);
    const undone = await run(["undo", entry.id, "--yes", "--json"]);
    expect(undone.code).toBe(0);
    expect(JSON.parse(undone.stdout)).toMatchObject({ undone: entry.id });
    expect(await exists(repoId)).toBe(false);
    const after = JSON.parse((await run(["history", "show", entry.id, "--json"])).stdout);
    expect(after).toMatchObject({ id: entry.id, undone: true });
  });
});

describe("compiled binary: git and output filters", () => {
  test.skipIf(!hasGit)(
    "repo clone of a private repo through git: its files byte for byte, the token in no file under .git",
    async () => {
      const name = uniqueName("clone");
      const repoId = `${user.username}/${name}`;
      const src = join(home, name);
      mkdirSync(src);
      // A regular file, random so that git's pack carries it whole, and an LFS one (by its suffix).
      const data = crypto.getRandomValues(new Uint8Array(20_000));
      const weights = crypto.getRandomValues(new Uint8Array(3_000));
      writeFileSync(join(src, "data.bin"), data);
      writeFileSync(join(src, "model.safetensors"), weights);
      expect((await run(["repo", "create", name, "--private", "-q"])).code).toBe(0);
      expect((await run(["upload", repoId, src, "-q"])).code).toBe(0);
      const cloned = await run(["--json", "repo", "clone", repoId, "clone"]);
      expect(cloned.code).toBe(0);
      expect(JSON.parse(cloned.stdout)).toMatchObject({
        repo_id: repoId,
        lfs: hasLfs ? "fetched" : "pointers",
      });
      const dir = join(work, "clone");
      expect(new Uint8Array(readFileSync(join(dir, "data.bin")))).toEqual(data);
      if (hasLfs) expect(new Uint8Array(readFileSync(join(dir, "model.safetensors")))).toEqual(weights);
      else
        expect(readFileSync(join(dir, "model.safetensors"), "utf8")).toStartWith("version https://git-lfs");
      const token = Buffer.from(user.token);
      const gitFiles = readdirSync(join(dir, ".git"), { recursive: true, encoding: "utf8" })
        .map((p) => join(dir, ".git", p))
        .filter((p) => statSync(p).isFile());
      expect(gitFiles.length).toBeGreaterThan(0);
      expect(gitFiles.filter((p) => readFileSync(p).includes(token))).toEqual([]);
      expect(`${cloned.stdout}${cloned.stderr}`).not.toContain(user.token);
    },
  );

  test("--jq and --template on repo list", async () => {
    const author = await createUser(ctx.hub, "lst");
    await author.client.createRepo({ repoId: `${author.username}/a`, private: true });
    await author.client.createRepo({ repoId: `${author.username}/b` });
    // As that user (a global flag): only the owner sees the private one.
    const list = ["--token", author.token, "repo", "list", "--author", author.username];
    const jq = await run([...list, "--jq", ".[] | select(.private) | .id"]);
    expect(jq).toMatchObject({ code: 0, stdout: `${author.username}/a\n` });
    const template = '{{range .}}{{.id}}={{if .private}}private{{else}}public{{end}}{{"\\n"}}{{end}}';
    const listed = await run([...list, "--template", template]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split("\n").filter(Boolean).sort()).toEqual([
      `${author.username}/a=private`,
      `${author.username}/b=public`,
    ]);
  });
});
