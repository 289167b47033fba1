/**
 * `npm run demo`: the CLI's main job, end to end. Starts the local hub (unless --endpoint or HF_ENDPOINT
 * names a server), then runs kohub-cli itself: register a user, log in, create an organization and two
 * repositories, list them, upload a small model folder (a config and LFS weights) and download it back,
 * checked byte for byte. The config and the files go to temporary folders: nothing of yours is touched.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startHub } from "../hub/server.ts";
import { shellLine } from "../src/output/shell.ts";

const { values } = parseArgs({ options: { endpoint: { type: "string" } } });
const external = values.endpoint ?? process.env.HF_ENDPOINT;
// Announced as localhost, as `npm run hub` and the CLI's default endpoint do: one host in a session.
const hub = external ? undefined : await startHub({ publicHostname: "localhost" });
const endpoint = (external ?? hub?.baseUrl) as string;
const configDir = mkdtempSync(join(tmpdir(), "kohub-demo-"));
const filesDir = mkdtempSync(join(tmpdir(), "kohub-demo-files-"));
const entry = join(import.meta.dir, "..", "src", "main.ts");
const suffix = Math.random().toString(36).slice(2, 7);
const user = `demo${suffix}`;
const org = `demo-org-${suffix}`;
const password = `demo-password-${suffix}`;

async function kohub(args: string[], stdin?: string): Promise<void> {
  // Quoted as a shell needs it, so that a line pasted from the demo runs as it did here.
  console.log(`\n$ kohub-cli ${shellLine(args)}`);
  const proc = Bun.spawn([process.execPath, entry, ...args], {
    env: { ...process.env, KOHUB_CONFIG_DIR: configDir, HF_ENDPOINT: endpoint, HF_TOKEN: undefined },
    stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin),
    stdout: "inherit",
    stderr: "inherit",
  });
  const code = await proc.exited;
  if (code !== 0) throw new Error(`kohub-cli ${shellLine(args)} exited with ${code}`);
}

/** A small model folder: a config, and 1 MB of weights (`.safetensors`: the hub sends them through LFS). */
function modelFolder(): string {
  const dir = join(filesDir, "demo-model");
  mkdirSync(dir);
  writeFileSync(join(dir, "config.json"), `${JSON.stringify({ hidden_size: 8, demo: suffix })}\n`);
  const weights = new Uint8Array(1_000_000);
  for (let at = 0; at < weights.length; at += 65536) crypto.getRandomValues(weights.subarray(at, at + 65536));
  writeFileSync(join(dir, "model.safetensors"), weights);
  return dir;
}

let failed = false;
try {
  console.log(`KohakuHub at ${endpoint}${hub ? " (the local hub, started for this demo)" : ""}`);
  console.log(`config in ${configDir}`);
  await kohub(
    ["auth", "register", "--username", user, "--email", `${user}@example.com`, "--password-stdin"],
    password,
  );
  await kohub(["auth", "login", "--username", user, "--password-stdin"], password);
  await kohub(["auth", "whoami"]);
  await kohub(["org", "create", org, "--description", "Created by npm run demo"]);
  await kohub(["repo", "create", "demo-model", "--type", "model"]);
  await kohub(["repo", "create", `${org}/demo-data`, "--type", "dataset", "--private"]);
  await kohub(["repo", "list", "--author", user]);
  await kohub(["repo", "list", "--type", "dataset", "--author", org]);
  await kohub(["org", "list"]);
  await kohub(["--output", "json", "repo", "info", `${user}/demo-model`]);
  const model = modelFolder();
  await kohub(["upload", `${user}/demo-model`, model, "-m", "Add a small model"]);
  await kohub(["repo", "files", `${user}/demo-model`]);
  const copy = join(filesDir, "downloaded");
  await kohub(["download", `${user}/demo-model`, "--local-dir", copy]);
  for (const name of ["config.json", "model.safetensors"]) {
    if (!readFileSync(join(model, name)).equals(readFileSync(join(copy, name))))
      throw new Error(`the downloaded ${name} differs from the uploaded one`);
  }
  console.log(
    "\nDone: the CLI registered, logged in, created an organization and repositories, listed them, and uploaded and downloaded a model folder (byte-identical).",
  );
} catch (err) {
  console.error(`\ndemo failed: ${(err as Error).message}`);
  failed = true;
} finally {
  await hub?.stop();
  rmSync(filesDir, { recursive: true, force: true });
  // With the local hub gone, its token is worth nothing: the config goes too. Against a real server it
  // stays, for the account the demo made there.
  if (hub) rmSync(configDir, { recursive: true, force: true });
  else console.log(`\nThe demo account's config stays in ${configDir}`);
}
process.exit(failed ? 1 : 0);
