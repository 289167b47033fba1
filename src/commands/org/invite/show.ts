/** `kohub-cli org invite show LINK|TOKEN`: what an invitation offers and whether it can still be used (no login). */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { printRecord } from "../../../output/print.ts";
import { invitationToken, tokenHint, usesOf } from "./_token.ts";

export async function showRun(ctx: Context, opts: { token: string }): Promise<void> {
  ctx.subject = tokenHint(opts.token);
  const client = await ctx.client();
  const inv = await client.getInvitation(opts.token);
  const status = inv.is_available ? "available" : (inv.error_message ?? "not available");
  printRecord(
    ctx,
    [
      ["Action", inv.action === "join_org" ? "join an organization" : inv.action],
      ["Organization", inv.org_name ?? undefined],
      ["Role", inv.role ?? undefined],
      ["Email", inv.email ?? undefined],
      ["Invited by", inv.inviter_username],
      ["Status", status],
      ["Uses", usesOf(inv)],
      ["Expires", inv.expires_at, "date"],
    ],
    inv,
  );
}

export const examples = [
  "kohub-cli org invite show https://hub.example.com/invite/AbC123...",
  "kohub-cli --json org invite show AbC123...",
];

export default defineCommand({
  meta: { name: "show", description: "Show an invitation: organization, role, expiry, whether it is usable" },
  args: {
    invitation: { type: "positional", required: true, description: "the invitation link or its token" },
  },
  run: ({ args, data }) => showRun(data as Context, { token: invitationToken(args.invitation) }),
});
