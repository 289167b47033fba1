/** `kohub-cli org member add ORG USER... [--role R]`: add users directly (no invitation). */
import { defineCommand } from "citty";
import type { OrgRole } from "../../../api/validate.ts";
import type { Context } from "../../../context.ts";
import type { Changes } from "../../../history/types.ts";
import { eachTarget } from "../../_batch-targets.ts";
import { aboutMember, checkRole, roleArg } from "./_role.ts";

export interface AddOptions {
  org: string;
  /** The users, in order, each once. */
  usernames: string[];
  role: OrgRole;
}

export function toOptions(args: {
  org: string;
  username: string;
  more?: string[];
  role?: string;
}): AddOptions {
  return {
    org: args.org,
    usernames: [...new Set([args.username, ...(args.more ?? [])])],
    role: checkRole(args.role ?? "member"),
  };
}

export async function addRun(ctx: Context, opts: AddOptions): Promise<void> {
  const { usernames } = opts;
  const { org, role } = opts;
  const client = await ctx.client();
  await eachTarget(
    ctx,
    usernames,
    (username) => ({ org, username, role }),
    async (username) => {
      await aboutMember(ctx, { org, username }, () => client.addOrganizationMember({ org, username, role }));
      ctx.undo({ op: "member.remove", org, username });
      return {
        json: { org, username, role, added: true },
        message: `Added ${username} to ${org} as ${role}`,
      };
    },
  );
}

/** Recorded; `kohub-cli undo` removes the members it added. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli org member add my-org bob --role member",
  "kohub-cli org member add my-org carol -r admin",
  "kohub-cli org member add my-org bob carol dave --role visitor",
];

export const variadic = "more";

export default defineCommand({
  meta: { name: "add", description: "Add a user to an organization (admins only)" },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    username: { type: "positional", required: true, description: "the user to add; more may follow" },
    ...roleArg,
  },
  run: ({ args, data }) => addRun(data as Context, toOptions({ ...args, more: args._.slice(2) })),
});
