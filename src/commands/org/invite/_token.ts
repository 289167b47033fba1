/**
 * What the invitation commands share: reading a token from a token or an invitation link, and finding an
 * organization's invitation by the id that `org invite list` shows (the list never shows whole tokens).
 */
import type { OrgInvitation } from "../../../api/orgs.ts";
import type { Context } from "../../../context.ts";
import { CliError, EXIT, UsageError } from "../../../errors.ts";

/** The token of an invitation given as the token itself or as its link (`https://hub/invite/TOKEN`). */
export function invitationToken(value: string): string {
  const text = value.trim();
  const fromLink = /\/invite\/([^/?#]+)\/?(?:[?#].*)?$/.exec(text)?.[1];
  const token = fromLink ?? text;
  if (!/^[A-Za-z0-9_-]{8,}$/.test(token)) {
    throw new UsageError(`Invalid invitation "${value}": expected its link (…/invite/TOKEN) or its token`);
  }
  return token;
}

/** A token shown in part: its first 6 characters (enough to tell invitations apart, not to use one). */
export function tokenHint(token: string): string {
  return `${token.slice(0, 6)}…`;
}

/** `pending`, `active` (used, not used up), `used`, `expired` or `unavailable`: what an invitation of the list can still do. */
export function invitationStatus(inv: OrgInvitation, now = Date.now()): string {
  if (inv.is_pending) return "pending";
  if (inv.is_available) return "active";
  if (inv.expires_at && Date.parse(inv.expires_at) < now) return "expired";
  return inv.usage_count > 0 ? "used" : "unavailable";
}

/** `1/1`, `3/10`, `2/unlimited` */
export function usesOf(inv: { usage_count: number; max_usage: number | null }): string {
  const max = inv.max_usage === null ? 1 : inv.max_usage < 0 ? "unlimited" : inv.max_usage;
  return `${inv.usage_count}/${max}`;
}

/** The invitation an argument names: a numeric id of the org's list, else a token or link (of that org). */
export async function findInvitation(
  ctx: Context,
  org: string,
  idOrToken: string,
): Promise<{ token: string; id?: string | number }> {
  const client = await ctx.client();
  ctx.subject = org;
  if (!/^\d+$/.test(idOrToken)) {
    // A token names its own org: check it is this one, so that what is reported is what was deleted.
    const token = invitationToken(idOrToken);
    const details = await client.getInvitation(token);
    if (details.org_name && details.org_name !== org) {
      throw new UsageError(`That invitation is for ${details.org_name}, not ${org}`);
    }
    return { token };
  }
  const found = (await client.listOrganizationInvitations(org)).find((inv) => String(inv.id) === idOrToken);
  if (!found) {
    throw new CliError(`No invitation ${idOrToken} in ${org} (see kohub-cli org invite list ${org})`, {
      code: "InvitationNotFound",
      exitCode: EXIT.NOT_FOUND,
    });
  }
  return { token: found.token, id: found.id };
}
