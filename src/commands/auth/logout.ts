/**
 * `kohub-cli auth logout`: revokes the token that login created and removes it from the config file.
 * It does not call the server's logout, which would end every browser session of the user.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { CliError, EXIT } from "../../errors.ts";

export async function logoutRun(ctx: Context): Promise<void> {
  const config = await ctx.config();
  if (!config.token) {
    throw new CliError("Not logged in: the config file holds no token", {
      code: "NotLoggedIn",
      exitCode: EXIT.AUTH,
    });
  }
  const client = await ctx.client();
  // The token in the config belongs to the config's server, whatever --endpoint / HF_ENDPOINT say now.
  const endpoint = typeof config.endpoint === "string" ? config.endpoint : client.endpoint;
  const tokenId = typeof config.token_id === "number" ? config.token_id : undefined;
  let revoked = false;
  if (tokenId !== undefined) {
    const { KohubClient } = await import("../../api/client.ts");
    const own = new KohubClient({ endpoint, token: config.token, config: false, env: {} });
    try {
      await own.revokeToken(tokenId);
      revoked = true;
    } catch (err) {
      const name = (err as Error).name;
      if (name !== "AuthenticationError" && name !== "NotFoundError") throw err;
      // Already revoked or unknown: removing it locally is all that is left to do.
    }
  }
  await ctx.saveConfig({ token: undefined, token_id: undefined });
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ logged_out: true, token_revoked: revoked })}\n`);
  if (ctx.env.HF_TOKEN) ctx.log.warn("HF_TOKEN is still set in your environment and will keep being used");
  ctx.log.success(
    revoked
      ? "Logged out: the API token was revoked and removed from the config file"
      : tokenId === undefined
        ? "Logged out: the token was removed from the config file (it was not created by 'auth login', so it was not revoked)"
        : "Logged out: the token was removed from the config file (the server no longer knew it: already revoked)",
  );
}

export const examples = ["kohub-cli auth logout"];

export default defineCommand({
  meta: {
    name: "logout",
    description:
      "Revoke the stored API token and remove it from the config file (browser sessions are not ended: the server's logout would end all of them)",
  },
  args: {},
  run: ({ data }) => logoutRun(data as Context),
});
