/**
 * `kohub-cli org invite delete ORG ID|LINK|TOKEN`: cancel an invitation (admins only). The id is the one
 * `org invite list` shows, so an admin can cancel a link that was printed only once.
 */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";
import { findInvitation, tokenHint } from "./_token.ts";

export interface DeleteOptions {
  org: string;
  invitation: string;
  yes: boolean;
}

export async function deleteRun(ctx: Context, opts: DeleteOptions): Promise<void> {
  ctx.subject = opts.org;
  const found = await findInvitation(ctx, opts.org, opts.invitation);
  const name = found.id !== undefined ? `invitation ${found.id}` : `invitation ${tokenHint(found.token)}`;
  await confirmDestructive(ctx, opts.yes, `Delete ${name} of ${opts.org} (its link stops working)?`);
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

export const examples = [
  "kohub-cli org invite delete my-org 12",
  "kohub-cli org invite delete my-org https://hub.example.com/invite/AbC123... --yes",
];

export default defineCommand({
  meta: { name: "delete", description: "Delete (cancel) an invitation (admins only)" },
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
