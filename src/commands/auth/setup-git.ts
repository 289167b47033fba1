/**
 * `kohub-cli auth setup-git [--unset]`: make git ask kohub-cli for the token of each hub it knows, in the
 * user's global git config (as `gh auth setup-git` does). For each hub origin it writes
 * `credential.<origin>.helper` twice: empty (so no other helper, such as `store`, answers or saves the
 * token for that host) and `!kohub-cli auth git-credential`; and `http.<origin>.proactiveAuth basic`,
 * which makes git 2.46 and later send the credentials with the first request (KohakuHub never asks for
 * them). `--unset` removes exactly these values and leaves any other.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { CliError } from "../../errors.ts";
import { gitMissing, gitOutput, helperCommand, hubHosts } from "../../git/hosts.ts";
import { printJson, printLines } from "../../output/print.ts";

export interface SetupGitOptions {
  unset: boolean;
}

export function toOptions(args: { unset?: boolean }): SetupGitOptions {
  return { unset: Boolean(args.unset) };
}

/** A value escaped for a `git config` value-pattern (an extended regular expression). */
function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Runs `git config --global ...`; `--unset-all` of nothing (exit 5) is fine when `allowMissing`. */
function gitConfig(ctx: Context, args: string[], allowMissing = false): void {
  const result = Bun.spawnSync(["git", "config", "--global", ...args], {
    env: { ...process.env, ...ctx.env },
    stdin: "ignore",
    timeout: 10_000,
  });
  if (result.exitCode === 0 || (allowMissing && result.exitCode === 5)) return;
  const why = result.stderr.toString().trim().split("\n")[0] || `exit ${result.exitCode}`;
  throw new CliError(`git config --global ${args[0]} ${args[1]} failed: ${why}`, { code: "GitConfigFailed" });
}

export async function setupGitRun(ctx: Context, opts: SetupGitOptions): Promise<void> {
  if (gitOutput(["--version"], { ...process.env, ...ctx.env }) === undefined) throw gitMissing();
  const helper = helperCommand();
  const origins = (await hubHosts(ctx)).map((h) => h.origin);
  for (const origin of origins) {
    const key = `credential.${origin}.helper`;
    const proactive = `http.${origin}.proactiveAuth`;
    // Remove ours first in both modes, so running setup-git twice leaves one copy.
    gitConfig(ctx, ["--unset-all", key, `^(${escapeRegex(helper)})?$`], true);
    gitConfig(ctx, ["--unset-all", proactive, "^basic$"], true);
    if (opts.unset) continue;
    gitConfig(ctx, ["--add", key, ""]);
    gitConfig(ctx, ["--add", key, helper]);
    gitConfig(ctx, ["--add", proactive, "basic"]);
  }
  const done = opts.unset ? "Removed the kohub-cli git credential helper for" : "git now asks kohub-cli for";
  if (ctx.json) printJson(ctx, { hosts: origins, helper, configured: !opts.unset });
  else if (ctx.quiet) printLines(ctx, origins);
  ctx.log.success(`${done} ${origins.join(", ")}`);
}

export const examples = [
  "kohub-cli auth setup-git",
  "kohub-cli auth setup-git --unset",
  "kohub-cli auth setup-git --endpoint http://localhost:8000",
];

export default defineCommand({
  meta: { name: "setup-git", description: "Configure git to use kohub-cli's token for the hub's git URLs" },
  args: {
    unset: { type: "boolean", description: "remove what setup-git added to the global git config" },
  },
  run: ({ args, data }) => setupGitRun(data as Context, toOptions(args)),
});
