/** `kohub-cli health`: does the server answer, which version, and who am I on it. */
import { defineCommand } from "citty";
import type { Context } from "../context.ts";
import { printRecord } from "../output/print.ts";

export async function healthRun(ctx: Context): Promise<void> {
  const client = await ctx.client();
  const [health, version] = await Promise.all([client.health(), client.version()]);
  let user: string | undefined;
  let authError: string | undefined;
  if (client.token) {
    try {
      user = (await client.whoami()).username;
    } catch (err) {
      if ((err as Error).name !== "AuthenticationError") throw err;
      authError = (err as Error).message;
    }
  }
  const auth = user
    ? `authenticated as ${user}`
    : authError
      ? `token refused (${authError})`
      : "not logged in";
  printRecord(
    ctx,
    [
      ["API", health.status === "ok" ? "healthy" : String(health.status)],
      ["Site", version.name],
      ["Version", version.version],
      ["Endpoint", client.endpoint],
      ["Auth", auth],
    ],
    {
      api: {
        status: health.status,
        site: version.name,
        version: version.version,
        kohakuhub: version.api === "kohakuhub",
      },
      endpoint: client.endpoint,
      authenticated: Boolean(user),
      user: user ?? null,
      token_refused: Boolean(authError),
      ...(authError ? { auth_error: authError } : {}),
    },
  );
}

export const examples = ["kohub-cli health", "kohub-cli --output json health"];

export default defineCommand({
  meta: { name: "health", description: "Check that the server answers and who you are on it" },
  args: {},
  run: ({ data }) => healthRun(data as Context),
});
