/** `kohub-cli org invite accept LINK|TOKEN`: join the organization of an invitation, with its role. */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { printLines } from "../../../output/print.ts";
import { invitationToken, tokenHint } from "./_token.ts";

export async function acceptRun(ctx: Context, opts: { token: string }): Promise<void> {
  ctx.subject = tokenHint(opts.token);
  const client = await ctx.client();
  const result = await client.acceptInvitation(opts.token);
  if (ctx.json) {
    ctx.io.out.write(
      `${JSON.stringify({ accepted: true, org: result.org_name ?? null, role: result.role ?? null, message: result.message })}\n`,
    );
    return;
  }
  if (ctx.quiet && result.org_name) printLines(ctx, [result.org_name]);
  ctx.log.success(
    result.org_name ? `Joined ${result.org_name} as ${result.role ?? "member"}` : result.message,
  );
}

export const examples = [
  "kohub-cli org invite accept https://hub.example.com/invite/AbC123...",
  "kohub-cli org invite accept AbC123... --quiet",
];

export default defineCommand({
  meta: { name: "accept", description: "Accept an invitation: join its organization with its role" },
  args: {
    invitation: { type: "positional", required: true, description: "the invitation link or its token" },
  },
  run: ({ args, data }) => acceptRun(data as Context, { token: invitationToken(args.invitation) }),
});
