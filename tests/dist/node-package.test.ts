/**
 * The npm package, as a Node.js user gets it: `npm pack` (whose prepack builds lib/), `npm install` of the
 * tarball into an empty project, then a plain `node` ESM script imports the library from "kohub-cli" and
 * talks to the local hub (repo create/info/list, a folder upload with an LFS file and an exclude pattern,
 * downloads to a folder and to the cache, a NotFoundError), and `tsc` type-checks a TypeScript consumer
 * against the installed types; the package's kohub-cli command runs with Bun. Skipped when node is missing.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../build.ts";
import pkg from "../../package.json" with { type: "json" };
import { createUser, useHub } from "../helpers/hub.ts";

const node = Bun.which("node");
const npm = Bun.which("npm");
if (!node || !npm)
  console.warn(`skipping tests/dist/node-package.test.ts: no ${node ? "npm" : "node"} on PATH`);

/** The script a Node.js user would write: every call goes to the hub the test started. */
const SCRIPT = `
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KohubClient, NotFoundError, VERSION } from "kohub-cli";

const [endpoint, token, user, work] = process.argv.slice(2);
const client = new KohubClient({ endpoint, token, config: false, env: { HF_HOME: join(work, "hf") } });
const repoId = user + "/from-node";
await client.createRepo({ repoId });
const info = await client.repoInfo({ repoId });
const listed = (await client.listRepos({ author: user })).map((r) => r.id);
const folder = join(work, "up");
mkdirSync(join(folder, "logs"), { recursive: true });
const weights = new Uint8Array(300_000).map((_, i) => i % 251);
writeFileSync(join(folder, "hello.txt"), "hello from node\\n");
writeFileSync(join(folder, "model.safetensors"), weights);
writeFileSync(join(folder, "logs", "run.log"), "not uploaded");
const up = await client.uploadFolder({ repoId, folder, exclude: "*.log" });
const text = await client.downloadFile({ repoId, path: "hello.txt", localDir: join(work, "down") });
const cached = await client.downloadFile({ repoId, path: "model.safetensors" });
let missing = "";
try {
  await client.repoInfo({ repoId: user + "/no-such-repo" });
} catch (err) {
  missing = err instanceof NotFoundError ? "NotFoundError " + err.status : String(err);
}
console.log(JSON.stringify({
  version: VERSION,
  id: info.id,
  listed,
  sent: up.files.map((f) => [f.path, f.lfs, f.status]),
  text: readFileSync(text, "utf8"),
  sameWeights: Buffer.compare(readFileSync(cached), weights) === 0,
  missing,
}));
`;

/** A TypeScript consumer: resolves the package's types, and a wrong call is an error. */
const CONSUMER = `
import { KohubClient, NotFoundError, type RepoInfo } from "kohub-cli";

const client = new KohubClient({ endpoint: "http://127.0.0.1:9", token: null, config: false });
export async function info(repoId: string): Promise<RepoInfo | undefined> {
  try {
    return await client.repoInfo({ repoId });
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}
// @ts-expect-error: repoId is required (unused if the types did not resolve and everything is any)
void client.repoInfo({});
`;

const TSCONFIG = {
  compilerOptions: {
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
  files: ["consumer.ts"],
};

/** Runs a command, without blocking (the hub answers from this process); its output, or an error with both. */
async function run(
  cmd: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ out: string; err: string }> {
  const p = Bun.spawn(cmd, {
    cwd,
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
    timeout: 100_000, // killed, never left hanging
  });
  const [out, err, code] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
    p.exited,
  ]);
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}\n${out}\n${err}`);
  return { out, err };
}

describe.skipIf(!node || !npm)("the npm package under Node.js", () => {
  const ctx = useHub();
  const work = mkdtempSync(join(tmpdir(), "kohub-node-package-")); // the run's folder: removed at its end
  const app = join(work, "app");
  // tests/setup.ts gives the run a temporary HOME: keep npm's real cache, so that installs stay offline.
  const npmEnv = { npm_config_cache: process.env.npm_config_cache ?? join(userInfo().homedir, ".npm") };

  beforeAll(async () => {
    const packs = join(work, "packs");
    mkdirSync(packs);
    await run([npm as string, "pack", "--silent", "--pack-destination", packs], ROOT, npmEnv);
    const tarball = join(packs, readdirSync(packs).find((f) => f.endsWith(".tgz")) as string);
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    await run(
      [npm as string, "install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball],
      app,
      npmEnv,
    );
  }, 120_000);

  test("a plain node script uses the library against the hub", async () => {
    const user = await createUser(ctx.hub, "node");
    writeFileSync(join(app, "check.mjs"), SCRIPT);
    const { out, err } = await run(
      [node as string, "check.mjs", ctx.hub.url, user.token, user.username, work],
      app,
    );
    expect(err).toBe(""); // no warning (an experimental API would print one)
    const result = JSON.parse(out);
    expect(result).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      id: `${user.username}/from-node`,
      listed: [`${user.username}/from-node`],
      sent: [
        ["hello.txt", false, "sent"],
        ["model.safetensors", true, "sent"],
      ],
      text: "hello from node\n",
      sameWeights: true,
      missing: "NotFoundError 404",
    });
  }, 60_000);

  test("the kohub-cli command runs with Bun on PATH (npx kohub-cli)", async () => {
    const PATH = `${join(ROOT, "node_modules", ".bin")}:${process.env.PATH}`;
    const { out } = await run([join(app, "node_modules", ".bin", "kohub-cli"), "--version"], app, { PATH });
    expect(out).toContain(pkg.version);
  }, 30_000);

  test("tsc type-checks a TypeScript consumer against the installed types", async () => {
    writeFileSync(join(app, "consumer.ts"), CONSUMER);
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify(TSCONFIG));
    await run([node as string, join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app);
  }, 60_000);
});
