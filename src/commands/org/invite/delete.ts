/**
 * `kohub-cli org invite delete ORG ID|LINK|TOKEN`: cancel an invitation (admins only). The id is the one
 * `org invite list` shows, so an admin can cancel a link that was printed only once.
 */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { CliError, EXIT, UsageError } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";
import { invitationToken, tokenHint } from "./_token.ts";

export interface DeleteOptions {
  org: string;
  invitation: string;
  yes: boolean;
}

/** The invitation an argument names: a numeric id of the org's list, else a token or link (of that org). */
async function findInvitation(
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

export async function deleteRun(ctx: Context, opts: DeleteOptions): Promise<void> {
  ctx.subject = opts.org;
  const found = await findInvitation(ctx, opts.org, opts.invitation);
  const name = found.id !== undefined ? `invitation ${found.id}` : `invitation ${tokenHint(found.token)}`;
  await confirmDestructive(
    ctx,
    opts.yes,
    `Delete ${name} of ${opts.org} (its link stops working; this cannot be undone)?`,
  );
  const client = await ctx.client();
  ctx.subject = name;
  await client.deleteInvitation(found.token);
  if (ctx.json) {
    ctx.io.out.write(
      `${JSON.stringify({ org: opts.org, id: found.id ?? null, token_hint: tokenHint(found.token), deleted: true })}\n`,
    );
  }
  ctx.log.success(`Deleted ${name} of ${opts.org}`);
}

/** Recorded as what `kohub-cli undo` cannot undo: a new invitation would have a new link. */
export const changes: Changes = {
  irreversible: "a deleted invitation's link cannot work again: create a new invitation",
};

export const examples = [
  "kohub-cli org invite delete my-org 12",
  "kohub-cli org invite delete my-org https://hub.example.com/invite/AbC123... --yes",
];

export default defineCommand({
  meta: { name: "delete", description: "Delete (cancel) an invitation (admins only; cannot be undone)" },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    invitation: {
      type: "positional",
      required: true,
      description: "the id shown by `org invite list`, or the link or token",
    },
    ...yesArg,
  },
  run: ({ args, data }) =>
    deleteRun(data as Context, { org: args.org, invitation: args.invitation, yes: Boolean(args.yes) }),
});
