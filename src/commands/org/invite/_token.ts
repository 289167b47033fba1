/**
 * What the invitation commands share: reading a token from a token or an invitation link, and showing
 * an invitation without its whole token (the list never shows whole tokens).
 */
import type { OrgInvitation } from "../../../api/orgs.ts";
import { UsageError } from "../../../errors.ts";

/** The roles an invitation can carry (the library's INVITATION_ROLES, here so `--help` loads no schema). */
export const INVITATION_ROLES = ["visitor", "member", "admin"] as const;

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
