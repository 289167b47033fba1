/**
 * `kohub-cli auth logout`: revokes the token that login created and removes it from the config file (from
 * the profile in use only). It does not call the server's logout, which would end every browser session of
 * the user.
 */
import { defineCommand } from "citty";
import type { KohubClient } from "../../api/client.ts";
import type { KohubConfig } from "../../config/store.ts";
import type { Context } from "../../context.ts";
import { CliError, EXIT } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";

/** What logout did with the stored token on the server. */
type Revocation = "revoked" | "not-ours" | "gone" | "other-id";

const MESSAGES: Record<Revocation, string> = {
  revoked: "Logged out: the API token was revoked and removed from the config file",
  "not-ours":
    "Logged out: the token was removed from the config file (it was not created by 'auth login', so it was not revoked: if nothing else uses it, revoke it with 'kohub-cli auth token delete')",
  gone: "Logged out: the token was removed from the config file (the server no longer knew it: already revoked)",
  "other-id":
    "Logged out: the token was removed from the config file but it is still valid (its stored id named another token, which was revoked): revoke it with 'kohub-cli auth token delete'",
};

export async function logoutRun(ctx: Context): Promise<void> {
  const config = await ctx.config();
  const profile = await ctx.profile();
  const named = profile === "default" ? "" : ` (profile ${profile})`;
  if (!config.token) {
    throw new CliError(`Not logged in${named}: the config file holds no token`, {
      code: "NotLoggedIn",
      exitCode: EXIT.AUTH,
    });
  }
  const result = await revokeStored(ctx, config);
  await ctx.updateConfig((current) =>
    // Only the token examined goes: one that another process stored meanwhile stays.
    current.token === config.token ? { token: undefined, token_id: undefined } : {},
  );
  if (ctx.json) {
    const out = { logged_out: true, token_revoked: result === "revoked", profile };
    ctx.io.out.write(`${JSON.stringify(out)}\n`);
  }
  if (ctx.env.HF_TOKEN) ctx.log.warn("HF_TOKEN is still set in your environment and will keep being used");
  ctx.log.success(MESSAGES[result].replace(/^Logged out/, `Logged out${named}`));
}

/**
 * Revokes the stored token by the id `auth login` stored with it. A config written by an older version
 * may pair a token with another token's id, so the token is tried afterwards: if it still works, the
 * server revoked some other token, and logout must not claim this one is gone.
 */
async function revokeStored(ctx: Context, config: KohubConfig): Promise<Revocation> {
  if (typeof config.token_id !== "number") return "not-ours";
  const client = await ctx.client();
  // The token in the config belongs to the config's server, whatever --endpoint / HF_ENDPOINT say now.
  const endpoint = typeof config.endpoint === "string" ? config.endpoint : client.endpoint;
  const { KohubClient } = await import("../../api/client.ts");
  const own = new KohubClient({ endpoint, token: config.token, config: false, env: {} });
  try {
    await own.revokeToken(config.token_id);
  } catch (err) {
    if (isRefused(err)) return "gone"; // already revoked or unknown: removing it locally is what is left
    throw err;
  }
  // Revoked by id; if the token still works, the id was another token's (a config from an older version).
  return (await stillWorks(own)) ? "other-id" : "revoked";
}

/** Whether a token still authenticates. Any failure counts as no: the server has confirmed the revocation. */
async function stillWorks(client: KohubClient): Promise<boolean> {
  try {
    await client.whoami();
    return true;
  } catch {
    return false;
  }
}

function isRefused(err: unknown): boolean {
  const name = (err as Error).name;
  return name === "AuthenticationError" || name === "NotFoundError";
}

/** Recorded as what `kohub-cli undo` cannot undo: the token is revoked, or at least forgotten. */
export const changes: Changes = {
  irreversible: "the token is revoked or forgotten: run 'kohub-cli auth login'",
};

export const examples = ["kohub-cli auth logout", "kohub-cli auth logout --profile lab"];

export default defineCommand({
  meta: {
    name: "logout",
    description:
      "Revoke the stored API token and remove it from the config file (browser sessions are not ended: the server's logout would end all of them; cannot be undone)",
  },
  args: {},
  run: ({ data }) => logoutRun(data as Context),
});
