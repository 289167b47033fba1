/**
 * `kohub-cli extension upgrade NAME|--all`: fetches installed extensions again from the source their
 * manifest records: a local folder is copied again, a hub repository is downloaded again when its
 * revision points to a newer commit.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import { printTable } from "../../output/print.ts";
import { extensionsDir, installedExtensions } from "./_find.ts";
import { installHub, installLocal, type Manifest, notInstalled, readManifest } from "./_install.ts";

export interface UpgradeOptions {
  names: string[];
  all: boolean;
}

export function toOptions(args: { name?: string; all?: boolean }): UpgradeOptions {
  if (args.all && args.name) throw new UsageError("Give an extension's name or --all, not both");
  if (!args.all && !args.name) throw new UsageError("Which extension? Give its name, or --all");
  return { names: args.name ? [args.name] : [], all: Boolean(args.all) };
}

interface Outcome {
  name: string;
  status: "upgraded" | "up to date";
  commit?: string;
}

async function upgradeOne(ctx: Context, name: string): Promise<Outcome> {
  const dir = join(extensionsDir(ctx.env), name);
  if (!/^[\w.-]+$/.test(name) || !existsSync(dir)) throw notInstalled(name);
  const manifest: Manifest | undefined = readManifest(dir);
  if (!manifest) {
    throw new UsageError(`The extension ${name} has no manifest: install it again with 'extension install'`);
  }
  if (manifest.source.type === "local") {
    installLocal(ctx.env, manifest.source.path, name);
    return { name, status: "upgraded" };
  }
  const client = await ctx.client();
  const { repo, repoType, revision } = manifest.source;
  const latest = await client.repoInfo({ repoId: repo, type: repoType, revision });
  if (latest.sha === manifest.commit) return { name, status: "up to date", commit: latest.sha };
  const installed = await installHub(ctx.env, client, manifest.source, name);
  return { name, status: "upgraded", commit: installed.commit };
}

export async function upgradeRun(ctx: Context, opts: UpgradeOptions): Promise<void> {
  const names = opts.all ? installedExtensions(ctx.env).map((e) => e.name) : opts.names;
  const outcomes: Outcome[] = [];
  for (const name of names) outcomes.push(await upgradeOne(ctx, name));
  printTable(
    ctx,
    outcomes,
    [
      { header: "NAME", value: (o) => o.name, style: (s, c) => c.bold(s) },
      { header: "STATUS", value: (o) => o.status },
      { header: "COMMIT", value: (o) => o.commit?.slice(0, 12) },
    ],
    { json: outcomes, empty: "No extensions are installed" },
  );
}

export const examples = ["kohub-cli extension upgrade hello", "kohub-cli extension upgrade --all"];

export default defineCommand({
  meta: { name: "upgrade", description: "Fetch installed extensions again from their source" },
  args: {
    name: { type: "positional", required: false, description: "the extension to upgrade" },
    all: { type: "boolean", description: "upgrade every installed extension" },
  },
  run: ({ args, data }) => upgradeRun(data as Context, toOptions(args)),
});
