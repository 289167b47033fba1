/**
 * `kohub-cli extension create NAME`: a folder `kohub-cli-NAME` in the current directory holding a working
 * extension (a `#!/usr/bin/env sh` script, or with `--ts` a TypeScript file the CLI runs itself) and its
 * manifest, ready for `kohub-cli extension install ./kohub-cli-NAME`.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { CliError, EXIT } from "../../errors.ts";
import { checkExtensionName, writeManifest } from "./_install.ts";

export interface CreateOptions {
  name: string;
  ts: boolean;
}

export function toOptions(args: { name: string; ts?: boolean }): CreateOptions {
  return { name: checkExtensionName(args.name.replace(/^kohub-cli-/, "")), ts: Boolean(args.ts) };
}

function shellScript(name: string): string {
  return `#!/usr/bin/env sh
# kohub-cli-${name}: a kohub-cli extension. 'kohub-cli ${name} ARGS...' runs this script with ARGS, and
# HF_ENDPOINT / HF_TOKEN hold the endpoint and token kohub-cli would use.
set -eu
echo "Hello from kohub-cli-${name}!"
echo "endpoint: \${HF_ENDPOINT}"
echo "arguments: $*"
# For example, ask the hub who you are:
#   curl -fsS -H "Authorization: Bearer \${HF_TOKEN:-}" "\${HF_ENDPOINT}/api/whoami-v2"
`;
}

function tsScript(name: string): string {
  return `// kohub-cli-${name}: a kohub-cli extension that kohub-cli runs itself ('kohub-cli ${name} ARGS...').
// "kohub-cli" is the library built into the CLI; the client finds HF_ENDPOINT / HF_TOKEN set by it.
import { KohubClient } from "kohub-cli";

const client = new KohubClient();
console.log(\`Hello from kohub-cli-${name}!\`);
console.log(\`endpoint: \${client.endpoint}\`);
console.log(\`arguments: \${process.argv.slice(2).join(" ")}\`);
// For example: console.log((await client.whoami()).username);
`;
}

export async function createRun(ctx: Context, opts: CreateOptions): Promise<void> {
  const dir = resolve(`kohub-cli-${opts.name}`);
  if (existsSync(dir)) {
    throw new CliError(`${dir} exists already`, { code: "AlreadyExists", exitCode: EXIT.CONFLICT });
  }
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `kohub-cli-${opts.name}${opts.ts ? ".ts" : ""}`);
  writeFileSync(file, opts.ts ? tsScript(opts.name) : shellScript(opts.name));
  if (!opts.ts) chmodSync(file, 0o755);
  writeManifest(dir, { name: opts.name, source: { type: "local", path: dir } });
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ name: opts.name, path: dir, entry: file })}\n`);
  ctx.log.success(`Created ${dir}: install it with 'kohub-cli extension install ${dir}'`);
}

export const examples = ["kohub-cli extension create hello", "kohub-cli extension create report --ts"];

export default defineCommand({
  meta: { name: "create", description: "Create a new extension's folder, ready to run" },
  args: {
    name: {
      type: "positional",
      required: true,
      description: "the extension's name (kohub-cli NAME runs it)",
    },
    ts: { type: "boolean", description: "a TypeScript extension, run by kohub-cli itself" },
  },
  run: ({ args, data }) => createRun(data as Context, toOptions(args)),
});
