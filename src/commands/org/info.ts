/** `kohub-cli org info NAME`: description, creation, repository counts and member count. */
import { defineCommand } from "citty";
import type { OrganizationProfile } from "../../api/orgs.ts";
import type { Context } from "../../context.ts";
import { printRecord } from "../../output/print.ts";

export async function infoRun(ctx: Context, opts: { name: string }): Promise<void> {
  ctx.subject = opts.name;
  const client = await ctx.client();
  // The profile only adds the member count: it is asked in parallel and may be missing (upstream orgs).
  const [org, profile] = await Promise.all([
    client.getOrganization(opts.name),
    client.getOrganizationProfile(opts.name).catch((): OrganizationProfile | undefined => undefined),
  ]);
  const name = org.name ?? opts.name;
  const counts = org.repo_count;
  if (ctx.quiet && !ctx.json) {
    ctx.io.out.write(`${name}\n`);
    return;
  }
  printRecord(
    ctx,
    [
      ["Name", name],
      ["Description", org.description ?? null],
      ["Created", org.created_at ?? profile?.created_at, "date"],
      ["Models", counts?.model, "number"],
      ["Datasets", counts?.dataset, "number"],
      ["Spaces", counts?.space, "number"],
      ["Members", profile?.member_count, "number"],
    ],
    {
      name,
      description: org.description ?? null,
      created_at: org.created_at ?? profile?.created_at ?? null,
      repo_count: counts ?? null,
      member_count: profile?.member_count ?? null,
    },
  );
}

export const examples = ["kohub-cli org info my-org", "kohub-cli --output json org info my-org"];

export default defineCommand({
  meta: { name: "info", description: "Show an organization: description, creation, repositories, members" },
  args: { name: { type: "positional", required: true, description: "the organization's name" } },
  run: ({ args, data }) => infoRun(data as Context, { name: args.name }),
});
