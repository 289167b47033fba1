/**
 * `kohub-cli repo clone REPO [DIR]`: `git clone` of the hub's git URL (`<endpoint>/<ns>/<name>.git`), with
 * the token sent on git's first request through its environment (see ../../git/hosts.ts) and the kohub-cli
 * credential helper for that one run: nothing with the token lands in `.git/config`, a remote URL or argv.
 *
 * KohakuHub's git serves `main` only, as one parentless commit of its current files (a later fetch brings
 * a new, unrelated commit), LFS files as pointers, and applies no push: the clone's push URL says so.
 */
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { defineCommand } from "citty";
import { NotFoundError } from "../../api/errors.ts";
import { REPO_TYPES } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import { CliError, UsageError } from "../../errors.ts";
import { basicHeader, gitOutput, helperCommand, originOf, runGit, withGitConfig } from "../../git/hosts.ts";
import { printJson, printLines } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import { checkRepoId, label, type RepoType, repoIdArg } from "./_shared.ts";

export interface CloneOptions {
  repoId: string;
  directory?: string;
  type?: RepoType;
  revision?: string;
}

export function toOptions(args: { repo_id: string; directory?: string; type?: string; revision?: string }) {
  if (args.revision !== undefined && args.revision !== "main") {
    throw new UsageError(`KohakuHub's git serves only the main branch, not "${args.revision}"`);
  }
  const opts: CloneOptions = { repoId: checkRepoId(args.repo_id), type: args.type as RepoType | undefined };
  if (args.directory) opts.directory = args.directory;
  return opts;
}

/**
 * The clone's push URL: a path that names the reason when git reports it missing. KohakuHub takes a push
 * and applies nothing; the real server's receive-pack was seen looping on the pack and growing past 10 GB.
 */
export const NO_PUSH_URL = "./KohakuHub-takes-no-git-push--use-kohub-cli-upload";

/** The git URL has no type: the server takes the first of model, dataset, space with that id. */
async function checkNotShadowed(ctx: Context, repoId: string, type: RepoType): Promise<void> {
  const client = await ctx.client();
  for (const other of REPO_TYPES.slice(0, REPO_TYPES.indexOf(type))) {
    try {
      await client.repoInfo({ repoId, type: other });
    } catch (err) {
      if (err instanceof NotFoundError) continue;
      throw err;
    }
    throw new CliError(
      `Cannot clone ${label(type, repoId)} with git: its git URL serves the ${other} ${repoId} (KohakuHub's git URLs carry no type); use kohub-cli download instead`,
      { code: "GitUrlShadowed" },
    );
  }
}

/** After the clone: fetch LFS files with git-lfs, or say that they are pointers. */
async function lfsStep(ctx: Context, dir: string, env: Record<string, string | undefined>): Promise<string> {
  if (!existsSync(resolve(dir, ".lfsconfig"))) return "none";
  if (gitOutput(["lfs", "version"], env) === undefined) {
    ctx.log.warn(
      `The LFS files of this repository are pointer files: git-lfs is not installed. Install it and run \`git lfs pull\` in ${dir}, or use kohub-cli download`,
    );
    return "pointers";
  }
  const onOutput = (text: string) => ctx.io.err.write(text);
  // Without git-lfs's filter in the user's config, `git lfs pull` downloads but leaves the pointers.
  const steps = gitOutput(["config", "filter.lfs.process"], env, dir) ? [] : [["lfs", "install", "--local"]];
  for (const args of [...steps, ["lfs", "pull"]]) {
    const code = await runGit(args, { env, cwd: dir, onOutput });
    if (code !== 0)
      throw new CliError(`git ${args.join(" ")} failed in ${dir} (exit ${code})`, { code: "GitFailed" });
  }
  return "fetched";
}

export async function cloneRun(ctx: Context, opts: CloneOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  ctx.subject = opts.repoId;
  const client = await ctx.client();
  const info = await client.repoInfo({ repoId: opts.repoId, type });
  await checkNotShadowed(ctx, info.id, type);
  const origin = originOf(client.endpoint);
  const url = `${client.endpoint}/${info.id}.git`;
  const dir = opts.directory ?? basename(info.id);
  const entries: Array<[string, string]> = [];
  if (client.token) {
    // git's requests take Basic; git-lfs's batch requests (KohakuHub's LFS API) take only Bearer.
    entries.push([`http.${origin}/.extraHeader`, basicHeader(client.token)]);
    entries.push([`http.${url}/info/lfs.extraHeader`, `Authorization: Bearer ${client.token}`]);
  }
  const env = withGitConfig({ ...process.env, ...ctx.env, GIT_TERMINAL_PROMPT: "0" }, entries);
  const helper = `credential.${origin}.helper`;
  const quiet = ctx.quiet ? ["--quiet"] : [];
  const args = ["-c", `${helper}=`, "-c", `${helper}=${helperCommand()}`, "clone", ...quiet, "--", url, dir];
  const code = await runGit(args, { env, onOutput: (text) => ctx.io.err.write(text) });
  if (code !== 0) throw new CliError(`git clone of ${url} failed (exit ${code})`, { code: "GitFailed" });
  const onOutput = (text: string) => ctx.io.err.write(text);
  if ((await runGit(["config", "remote.origin.pushurl", NO_PUSH_URL], { env, cwd: dir, onOutput })) !== 0) {
    throw new CliError(`git config in ${dir} failed`, { code: "GitFailed" });
  }
  const lfs = await lfsStep(ctx, dir, env);
  const directory = resolve(dir);
  if (ctx.json) printJson(ctx, { repo_id: info.id, type, url, directory, lfs });
  else if (ctx.quiet) printLines(ctx, [directory]);
  ctx.log.success(`Cloned ${label(type, info.id)} into ${dir}`);
  if (info.private) {
    ctx.log.info(
      "git fetch in a clone of a private repo needs `kohub-cli auth setup-git` and git 2.46 or later",
    );
  }
}

export const examples = [
  "kohub-cli repo clone my-org/my-model",
  "kohub-cli repo clone my-org/my-dataset data --type dataset",
  "kohub-cli --output json repo clone my-org/my-model /tmp/my-model",
];

export default defineCommand({
  meta: { name: "clone", description: "Clone a repository with git (main only; LFS files through git-lfs)" },
  args: {
    ...repoIdArg,
    directory: {
      type: "positional",
      required: false,
      description: "where to clone [default: the repo's name]",
    },
    ...typeArg,
    revision: {
      type: "string",
      alias: ["r"],
      description: "branch to clone: KohakuHub's git serves only main",
      valueHint: "BRANCH",
    },
  },
  run: ({ args, data }) => cloneRun(data as Context, toOptions(args)),
});
