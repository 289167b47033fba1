/**
 * `kohub-cli extension install SOURCE`: a local folder `kohub-cli-NAME` (copied), or a hub repository
 * `namespace/kohub-cli-NAME` (downloaded), into the extensions folder. Then `kohub-cli NAME` runs it.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { CliError, EXIT, UsageError } from "../../errors.ts";
import { repoType, revisionArg, typeArg } from "../_args.ts";
import { extensionsDir, type FoundExtension } from "./_find.ts";
import { extensionName, installHub, installLocal, type Source } from "./_install.ts";

export interface InstallOptions {
  source: Source;
  force: boolean;
}

export function toOptions(args: {
  source: string;
  type?: string;
  revision?: string;
  force?: boolean;
}): InstallOptions {
  const force = Boolean(args.force);
  if (existsSync(args.source)) {
    if (!statSync(args.source).isDirectory()) throw new UsageError(`${args.source} is not a folder`);
    return { source: { type: "local", path: args.source }, force };
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(args.source)) {
    throw new UsageError(
      `No folder ${args.source}, and it is not a repository id (namespace/kohub-cli-NAME)`,
    );
  }
  // The repo type is settled in installRun, where the config's default_repo_type can be read.
  const source = {
    type: "hub",
    repo: args.source,
    repoType: args.type ?? "",
    revision: args.revision ?? "main",
  };
  return { source: source as Source, force };
}

export async function installRun(ctx: Context, opts: InstallOptions): Promise<void> {
  const name = extensionName(opts.source.type === "local" ? opts.source.path : opts.source.repo);
  if (!opts.force && existsSync(join(extensionsDir(ctx.env), name))) {
    throw new CliError(`The extension "${name}" is installed already: upgrade it, or pass --force`, {
      code: "ExtensionExists",
      exitCode: EXIT.CONFLICT,
    });
  }
  ctx.log.warn(
    "An extension is a program that runs with your endpoint and token: install only code you trust",
  );
  const source = opts.source;
  let found: FoundExtension & { commit?: string };
  if (source.type === "local") found = installLocal(ctx.env, source.path, name);
  else {
    source.repoType = await repoType(ctx, source.repoType || undefined);
    found = await installHub(ctx.env, await ctx.client(), source, name);
  }
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ ...found, source })}\n`);
  ctx.log.success(`Installed ${name} (${found.kind}): run it with 'kohub-cli ${name}'`);
}

export const examples = [
  "kohub-cli extension install ./kohub-cli-hello",
  "kohub-cli extension install alice/kohub-cli-report",
];

export default defineCommand({
  meta: {
    name: "install",
    description: [
      "Install an extension from a folder or a hub repository",
      "",
      "SOURCE is a folder named kohub-cli-NAME (copied), or a repository namespace/kohub-cli-NAME on the",
      "hub (downloaded). It must hold an executable kohub-cli-NAME, a script kohub-cli-NAME.ts/.js, or",
      "main.ts. Installing runs nothing; 'kohub-cli NAME' runs it with your endpoint and token.",
    ].join("\n"),
  },
  args: {
    source: { type: "positional", required: true, description: "a folder, or a repository id on the hub" },
    ...typeArg,
    ...revisionArg,
    force: { type: "boolean", description: "replace an installed extension of the same name" },
  },
  run: ({ args, data }) => installRun(data as Context, toOptions(args)),
});
