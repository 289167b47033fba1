/**
 * `kohub-cli org invite list ORG`: every invitation of an organization, used and expired ones included
 * (admins only). Tokens are shown in part only, in every mode: the full link was printed once, at creation.
 */
import { defineCommand } from "citty";
import type { OrgInvitation } from "../../../api/orgs.ts";
import type { Context } from "../../../context.ts";
import { printLines, printTable } from "../../../output/print.ts";
import { invitationStatus, tokenHint, usesOf } from "./_token.ts";

export interface ListOptions {
  org: string;
  /** Only the invitations that can still be used. */
  pending: boolean;
}

/** An invitation as printed: everything but the whole token. */
function shown(inv: OrgInvitation) {
  const { token, ...rest } = inv;
  return { ...rest, token_hint: tokenHint(token), status: invitationStatus(inv) };
}

export async function listRun(ctx: Context, opts: ListOptions): Promise<void> {
  ctx.subject = opts.org;
  const client = await ctx.client();
  const all = await client.listOrganizationInvitations(opts.org);
  const rows = (opts.pending ? all.filter((i) => i.is_available) : all).map(shown);
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      rows.map((i) => String(i.id)),
    );
    return;
  }
  printTable(
    ctx,
    rows,
    [
      { header: "ID", value: (i) => i.id, kind: "number" },
      { header: "TOKEN", value: (i) => i.token_hint, style: (s, c) => c.dim(s) },
      { header: "ROLE", value: (i) => i.role },
      { header: "STATUS", value: (i) => i.status, style: (s, c) => (s === "pending" ? c.green(s) : s) },
      { header: "USES", value: (i) => usesOf(i) },
      { header: "EMAIL", value: (i) => i.email ?? "" },
      { header: "CREATED BY", value: (i) => i.created_by },
      { header: "EXPIRES", value: (i) => i.expires_at, kind: "date" },
    ],
    { empty: opts.pending ? `${opts.org} has no usable invitations` : `${opts.org} has no invitations` },
  );
}

export const examples = [
  "kohub-cli org invite list my-org",
  "kohub-cli org invite list my-org --pending",
  "kohub-cli --json org invite list my-org",
];

export default defineCommand({
  meta: { name: "list", description: "List an organization's invitations (admins only)" },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    pending: { type: "boolean", description: "only the invitations that can still be used" },
  },
  run: ({ args, data }) => listRun(data as Context, { org: args.org, pending: Boolean(args.pending) }),
});
