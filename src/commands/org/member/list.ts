/** `kohub-cli org member list ORG`: the members of an organization and their roles (public). */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { printLines, printTable } from "../../../output/print.ts";

export async function listRun(ctx: Context, opts: { org: string }): Promise<void> {
  ctx.subject = opts.org;
  const client = await ctx.client();
  const members = await client.listOrganizationMembers(opts.org);
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      members.map((m) => m.user),
    );
    return;
  }
  printTable(
    ctx,
    members,
    [
      { header: "USER", value: (m) => m.user, style: (s, c) => c.bold(s) },
      { header: "ROLE", value: (m) => m.role },
    ],
    {
      json: members.map((m) => ({ username: m.user, role: m.role })),
      empty: `${opts.org} has no members`,
    },
  );
}

export const examples = [
  "kohub-cli org member list my-org",
  "kohub-cli --output json org member list my-org",
];

export default defineCommand({
  meta: { name: "list", description: "List the members of an organization and their roles" },
  args: { org: { type: "positional", required: true, description: "the organization's name" } },
  run: ({ args, data }) => listRun(data as Context, { org: args.org }),
});
