/** `kohub-cli user info NAME`: whether NAME is a user or an organization, and its public profile. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printRecord } from "../../output/print.ts";
import { profileFields } from "./_profile.ts";

export async function infoRun(ctx: Context, opts: { name: string }): Promise<void> {
  ctx.subject = opts.name;
  const client = await ctx.client();
  const { type, _source } = await client.namespaceType({ name: opts.name });
  if (ctx.quiet && !ctx.json) {
    ctx.io.out.write(`${type}\n`);
    return;
  }
  // A name the server only knows from an upstream source says so (its profile may be partial).
  const source = _source && _source !== "local" ? _source : undefined;
  if (type === "org") {
    // The organization profile endpoint has no upstream fallback: an upstream org has only its type.
    const org = await client.getOrganizationProfile(opts.name).catch((err: unknown) => {
      if (source && (err as { status?: number }).status === 404) return undefined;
      throw err;
    });
    printRecord(
      ctx,
      [
        ["Name", org?.name ?? opts.name],
        ["Type", "organization"],
        ["Description", org?.description || undefined],
        ...(org ? profileFields(org) : []),
        ["Members", org?.member_count, "number"],
        ["Created", org?.created_at, "date"],
        ["Source", source],
      ],
      { name: org?.name ?? opts.name, type, profile: org ?? null, source: _source ?? null },
    );
    return;
  }
  const user = await client.userProfile({ username: opts.name });
  printRecord(
    ctx,
    [
      ["Name", user.username],
      ["Type", "user"],
      ...profileFields(user),
      ["Joined", user.created_at ?? undefined, "date"],
      ["Source", source],
    ],
    { name: user.username, type, profile: user, source: _source ?? null },
  );
}

export const examples = [
  "kohub-cli user info alice",
  "kohub-cli user info my-org --quiet   # prints user or org",
  "kohub-cli --output json user info alice",
];

export default defineCommand({
  meta: { name: "info", description: "Show a user's (or an organization's) public profile" },
  args: { name: { type: "positional", required: true, description: "a user or organization name" } },
  run: ({ args, data }) => infoRun(data as Context, { name: args.name }),
});
