/** `kohub-cli org list`: the organizations of a user (the caller by default) and the user's role in each. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printLines, printTable } from "../../output/print.ts";

export interface ListOptions {
  username?: string;
}

export function toOptions(args: { username?: string }): ListOptions {
  return { username: args.username || undefined };
}

export async function listRun(ctx: Context, opts: ListOptions): Promise<void> {
  if (opts.username) ctx.subject = opts.username;
  const client = await ctx.client();
  const orgs = await client.listUserOrganizations(opts.username);
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      orgs.map((o) => o.name),
    );
    return;
  }
  printTable(
    ctx,
    orgs,
    [
      { header: "NAME", value: (o) => o.name, style: (s, c) => c.bold(s) },
      { header: "ROLE", value: (o) => o.role },
      { header: "DESCRIPTION", value: (o) => o.description },
    ],
    {
      json: orgs.map((o) => ({ name: o.name, role: o.role, description: o.description ?? null })),
      empty: opts.username ? `${opts.username} belongs to no organization` : "You belong to no organization",
    },
  );
}

export const examples = [
  "kohub-cli org list",
  "kohub-cli org list --username alice",
  "kohub-cli --output json org list",
];

export default defineCommand({
  meta: { name: "list", description: "List the organizations of a user, with their role" },
  args: {
    username: {
      type: "string",
      alias: ["u"],
      description: "whose organizations [default: you]",
      valueHint: "USER",
    },
  },
  run: ({ args, data }) => listRun(data as Context, toOptions(args)),
});
