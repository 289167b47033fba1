/**
 * `kohub-cli auth status`: every profile of the config file, its server, its user, and whether its token
 * still works. The profiles are checked at once, each with one request under its own deadline and no
 * retry, so a server that is down or silent costs at most that deadline and never holds up the others.
 */
import { defineCommand } from "citty";
import type { ProfileEntry } from "../../config/store.ts";
import type { Context } from "../../context.ts";
import { EXIT, explain, ReportedError } from "../../errors.ts";
import { printTable } from "../../output/print.ts";

/** How long one profile's check may take when `--timeout` does not say. */
const CHECK_TIMEOUT_MS = 10_000;

/** What `auth status` says of one profile. */
export interface ProfileStatus {
  profile: string;
  /** The profile in use: `--profile`, else `KOHUB_PROFILE`, else the config's active profile. */
  active: boolean;
  endpoint: string;
  user: string | null;
  /** The token, masked. */
  token: string | null;
  /** `ok`: the token works; `no-token`: not logged in; `refused`: the server refused it; `error`: no answer. */
  state: "ok" | "no-token" | "refused" | "error";
  /** Why the check failed, naming the host. */
  error?: string;
}

/** Checks one profile's token with one bounded request (whoami). */
async function checkProfile(entry: ProfileEntry, timeoutMs: number): Promise<ProfileStatus> {
  const { DEFAULT_ENDPOINT } = await import("../../api/base.ts");
  const { maskToken } = await import("../../api/http.ts");
  const endpoint = entry.endpoint ?? DEFAULT_ENDPOINT;
  const base = { profile: entry.name, active: entry.active, endpoint, user: null };
  if (!entry.token) return { ...base, token: null, state: "no-token" };
  const status: ProfileStatus = { ...base, token: maskToken(entry.token), state: "ok" };
  const { KohubClient } = await import("../../api/client.ts");
  const client = new KohubClient({
    endpoint,
    token: entry.token,
    config: false,
    env: {},
    retry: { retries: 0 },
    timeoutMs,
  });
  try {
    status.user = (await client.whoami()).username;
  } catch (err) {
    status.state = (err as Error).name === "AuthenticationError" ? "refused" : "error";
    status.error = explain(err).error;
  }
  return status;
}

const STATE_TEXT: Record<ProfileStatus["state"], string> = {
  ok: "ok",
  "no-token": "not logged in",
  refused: "token refused",
  error: "error",
};

export async function statusRun(ctx: Context): Promise<ProfileStatus[]> {
  const { listProfiles } = await import("../../config/store.ts");
  const profiles = listProfiles(await ctx.wholeConfig(), await ctx.profile());
  const timeoutMs = ctx.globals.timeout === undefined ? CHECK_TIMEOUT_MS : Number(ctx.globals.timeout) * 1000;
  const results = await Promise.all(profiles.map((p) => checkProfile(p, timeoutMs)));
  printTable(ctx, results, [
    { header: "", value: (r) => (r.active ? "*" : "") },
    { header: "PROFILE", value: (r) => r.profile, style: (s, c) => c.bold(s) },
    { header: "ENDPOINT", value: (r) => r.endpoint },
    { header: "USER", value: (r) => r.user },
    { header: "TOKEN", value: (r) => r.token },
    {
      header: "STATUS",
      value: (r) => (r.error ? `${STATE_TEXT[r.state]}: ${r.error}` : STATE_TEXT[r.state]),
      style: (s, c, r) => (r.state === "ok" ? c.green(s) : r.state === "no-token" ? c.dim(s) : c.red(s)),
    },
  ]);
  const overridden = ["HF_ENDPOINT", "HF_TOKEN"].filter((name) => ctx.env[name] !== undefined);
  if (overridden.length > 0) {
    ctx.log.warn(
      `${overridden.join(" and ")} set in the environment: commands use it instead of the profile's`,
    );
  }
  return results;
}

/** As gh auth status: a refused token or a server that failed is a failure (a profile without a token is not). */
async function exitCode(results: ProfileStatus[]): Promise<void> {
  const failed = results.filter((r) => r.state === "refused" || r.state === "error").map((r) => r.profile);
  if (failed.length === 0) return;
  throw new ReportedError(`auth status: ${failed.join(", ")} failed`, EXIT.ERROR);
}

export const examples = [
  "kohub-cli auth status",
  "kohub-cli auth status --output json",
  "kohub-cli auth status --timeout 3",
];

export default defineCommand({
  meta: {
    name: "status",
    description: "Show every profile: its server, its user, whether its token works, the active one",
  },
  args: {},
  run: async ({ data }) => exitCode(await statusRun(data as Context)),
});
