/** `kohub-cli auth whoami`: the logged-in user, their organizations, and the server. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printRecord } from "../../output/print.ts";

export async function whoamiRun(ctx: Context): Promise<void> {
  const client = await ctx.client();
  const me = await client.whoamiV2();
  const orgs = (me.orgs ?? []).map((o) => ({ name: o.name, role: o.roleInOrg }));
  if (ctx.quiet && !ctx.json) {
    ctx.io.out.write(`${me.name}\n`);
    return;
  }
  printRecord(
    ctx,
    [
      ["User", me.name],
      ["Email", me.email],
      ["Email verified", me.emailVerified, "bool"],
      ["Organizations", orgs.length ? orgs.map((o) => `${o.name} (${o.role})`).join(", ") : "none"],
      ["Endpoint", client.endpoint],
    ],
    { username: me.name, email: me.email, email_verified: me.emailVerified, orgs, endpoint: client.endpoint },
  );
}

export const examples = ["kohub-cli auth whoami", "kohub-cli --output json auth whoami"];

export default defineCommand({
  meta: { name: "whoami", description: "Show the logged-in user and their organizations" },
  args: {},
  run: ({ data }) => whoamiRun(data as Context),
});
