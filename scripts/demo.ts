/**
 * `npm run demo`: the CLI's main job, end to end. Starts the local hub (unless --endpoint or HF_ENDPOINT
 * names a server), then runs kohub-cli itself: register a user, log in, create an organization and two
 * repositories, and list them. The config goes to a temporary KOHUB_CONFIG_DIR: nothing of yours is touched.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startHub } from "../hub/server.ts";
import { shellLine } from "./shell-quote.ts";

const { values } = parseArgs({ options: { endpoint: { type: "string" } } });
const external = values.endpoint ?? process.env.HF_ENDPOINT;
// Announced as localhost, as `npm run hub` and the CLI's default endpoint do: one host in a session.
const hub = external ? undefined : await startHub({ publicHostname: "localhost" });
const endpoint = (external ?? hub?.baseUrl) as string;
const configDir = mkdtempSync(join(tmpdir(), "kohub-demo-"));
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
  console.log(
    "\nDone: the CLI registered, logged in, created an organization and repositories, and listed them.",
  );
} catch (err) {
  console.error(`\ndemo failed: ${(err as Error).message}`);
  failed = true;
} finally {
  await hub?.stop();
  // With the local hub gone, its token is worth nothing: the config goes too. Against a real server it
  // stays, for the account the demo made there.
  if (hub) rmSync(configDir, { recursive: true, force: true });
  else console.log(`\nThe demo account's config stays in ${configDir}`);
}
process.exit(failed ? 1 : 0);
