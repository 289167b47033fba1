/** `kohub-cli org member remove ORG USER...`: remove members (confirmed on a terminal, --yes otherwise). */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import type { Changes } from "../../../history/types.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";
import { eachTarget } from "../../_batch-targets.ts";
import { aboutMember } from "./_role.ts";

export interface RemoveOptions {
  org: string;
  /** The members, in order, each once. */
  usernames: string[];
  yes: boolean;
}

export function toOptions(args: {
  org: string;
  username: string;
  more?: string[];
  yes?: boolean;
}): RemoveOptions {
  return {
    org: args.org,
    usernames: [...new Set([args.username, ...(args.more ?? [])])],
    yes: Boolean(args.yes),
  };
}

export async function removeRun(ctx: Context, opts: RemoveOptions): Promise<void> {
  const { usernames } = opts;
  const { org } = opts;
  await confirmDestructive(ctx, opts.yes, `Remove ${usernames.join(", ")} from ${org}?`);
  const client = await ctx.client();
  // The roles, for undo; when they cannot be read, the removal's own error says why.
  const roles = new Map(
    (await client.listOrganizationMembers(org).catch(() => [])).map((m) => [m.user, m.role]),
  );
  await eachTarget(
    ctx,
    usernames,
    (username) => ({ org, username }),
    async (username) => {
      await aboutMember(ctx, { org, username }, () => client.removeOrganizationMember({ org, username }));
      const role = roles.get(username);
      if (role) ctx.undo({ op: "member.add", org, username, role });
      return { json: { org, username, removed: true }, message: `Removed ${username} from ${org}` };
    },
  );
}

/** Recorded; `kohub-cli undo` adds the members back with the roles they had. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli org member remove my-org bob",
  "kohub-cli org member remove my-org bob --yes",
  "kohub-cli org member remove my-org bob carol --yes",
];

export const variadic = "more";

export default defineCommand({
  meta: { name: "remove", description: "Remove a member from an organization (admins only)" },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    username: { type: "positional", required: true, description: "the member to remove; more may follow" },
    ...yesArg,
  },
  run: ({ args, data }) => removeRun(data as Context, toOptions({ ...args, more: args._.slice(2) })),
});
