/** `kohub-cli org invite accept LINK|TOKEN`: join the organization of an invitation, with its role. */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import type { Changes } from "../../../history/types.ts";
import { printLines } from "../../../output/print.ts";
import { invitationToken, tokenHint } from "./_token.ts";

export async function acceptRun(ctx: Context, opts: { token: string }): Promise<void> {
  ctx.subject = tokenHint(opts.token);
  const client = await ctx.client();
  const result = await client.acceptInvitation(opts.token);
  // Only an admin may remove members, yourself included: an admin can undo joining, a member cannot.
  if (result.org_name && result.role === "admin") {
    const me = await client.whoami().catch(() => undefined);
    if (me) ctx.undo({ op: "member.remove", org: result.org_name, username: me.username });
  }
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

/**
 * Recorded; `kohub-cli undo` leaves the organization only when the invitation made you an admin (KohakuHub
 * lets admins alone remove members, and has no way to leave).
 */
export const changes: Changes = {
  irreversible: "KohakuHub has no way to leave an organization: ask one of its admins to remove you",
};

export const examples = [
  "kohub-cli org invite accept https://hub.example.com/invite/AbC123...",
  "kohub-cli org invite accept AbC123... --quiet",
];

export default defineCommand({
  meta: {
    name: "accept",
    description: "Accept an invitation: join its organization with its role (undone only as admin)",
  },
  args: {
    invitation: { type: "positional", required: true, description: "the invitation link or its token" },
  },
  run: ({ args, data }) => acceptRun(data as Context, { token: invitationToken(args.invitation) }),
});
