/**
 * What the git commands share: the hubs kohub-cli holds a token for, the command line git runs as the
 * credential helper, and how git is run with a token that stays out of argv, files and output.
 *
 * KohakuHub answers a request that lacks credentials with a 404 (private repo) or a 401 without
 * `WWW-Authenticate` (push), and git's curl never sends credentials before such a challenge. So a helper
 * alone is never asked; the token must go with the first request, as an `http.<url>.extraHeader` that we
 * pass through git's environment (`GIT_CONFIG_COUNT`): only the user's own processes can read it.
 *
 * @module
 */
import type { Context } from "../context.ts";
import { CliError } from "../errors.ts";
import { singleQuoted } from "../output/shell.ts";

/** The error when git cannot be run. */
export function gitMissing(): CliError {
  return new CliError("git is not installed (or not on PATH): install git and try again", {
    code: "GitMissing",
  });
}
/** A hub kohub-cli can authenticate to: its `protocol://host[:port]` and the token for it. */
export interface HubHost {
  origin: string;
  token?: string;
}

/** `protocol://host[:port]` of an endpoint (git's credential `protocol` and `host`). */
export function originOf(endpoint: string): string {
  return new URL(endpoint).origin;
}

/**
 * The active endpoint and token first, then each profile's of the config file; one entry per origin, the
 * first token found winning.
 */
export async function hubHosts(ctx: Context): Promise<HubHost[]> {
  const client = await ctx.client();
  const found: HubHost[] = [{ origin: originOf(client.endpoint), token: client.token }];
  const { listProfiles } = await import("../config/store.ts");
  for (const p of listProfiles(await ctx.wholeConfig())) {
    if (!p.endpoint) continue;
    const origin = originOf(p.endpoint);
    const known = found.find((h) => h.origin === origin);
    if (!known) found.push({ origin, token: p.token });
    else known.token ??= p.token;
  }
  return found;
}

/**
 * The helper value git runs: `!'<binary>' auth git-credential` for the compiled kohub-cli, or
 * `!'<runtime>' '<script>' auth git-credential` when run from source or from the npm package.
 */
export function helperCommand(): string {
  const script = process.argv[1];
  const compiled = !script || script.startsWith("/$bunfs/") || script.includes("~BUN");
  const words = compiled ? [process.execPath] : [process.execPath, script];
  return `!${words.map(singleQuoted).join(" ")} auth git-credential`;
}

/** `Authorization: Basic ...` with the token as the password (KohakuHub ignores the user name). */
export function basicHeader(token: string): string {
  return `Authorization: Basic ${Buffer.from(`kohub-cli:${token}`).toString("base64")}`;
}

/** `env` plus config entries through `GIT_CONFIG_COUNT`, after any the caller's environment already has. */
export function withGitConfig(
  env: Record<string, string | undefined>,
  entries: Array<[key: string, value: string]>,
): Record<string, string | undefined> {
  const start = Number(env.GIT_CONFIG_COUNT) || 0;
  const out: Record<string, string | undefined> = {
    ...env,
    GIT_CONFIG_COUNT: String(start + entries.length),
  };
  entries.forEach(([key, value], i) => {
    out[`GIT_CONFIG_KEY_${start + i}`] = key;
    out[`GIT_CONFIG_VALUE_${start + i}`] = value;
  });
  return out;
}

/** Runs git, its output going to `onOutput` (stderr of kohub-cli); resolves with git's exit code. */
export async function runGit(
  args: string[],
  options: { env: Record<string, string | undefined>; cwd?: string; onOutput: (text: string) => void },
): Promise<number> {
  let proc: ReturnType<typeof Bun.spawn>;
  try {
    proc = Bun.spawn(["git", ...args], {
      cwd: options.cwd,
      env: options.env,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
  } catch {
    throw gitMissing();
  }
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      options.onOutput(decoder.decode(r.value, { stream: true }));
    }
  };
  await Promise.all([
    pump(proc.stdout as ReadableStream<Uint8Array>),
    pump(proc.stderr as ReadableStream<Uint8Array>),
  ]);
  return await proc.exited;
}

/** The output of a short git command, or undefined when git fails or is missing. */
export function gitOutput(
  args: string[],
  env: Record<string, string | undefined>,
  cwd?: string,
): string | undefined {
  try {
    const result = Bun.spawnSync(["git", ...args], { env, cwd, stdin: "ignore", timeout: 10_000 });
    return result.exitCode === 0 ? result.stdout.toString() : undefined;
  } catch {
    return undefined;
  }
}
