/**
 * `kohub-cli user settings`: show your email and profile fields; with flags, change them. Changing the email
 * marks it unverified on the server.
 */
import { defineCommand } from "citty";
import type { UserSettingsUpdate } from "../../api/account.ts";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";
import { printRecord } from "../../output/print.ts";
import { mergeSocial, socialFlags } from "../_args.ts";
import { profileFields } from "./_profile.ts";

export interface SettingsOptions {
  /** The fields to change (none: show). */
  update: Omit<UserSettingsUpdate, "socialMedia">;
  /** `--social KEY=VALUE` links to set (an empty value removes the key). */
  social: Record<string, string>;
}

type SettingsArgs = { email?: string; "full-name"?: string; bio?: string; website?: string };

export function toOptions(args: SettingsArgs, rawArgs: string[] = []): SettingsOptions {
  const update: SettingsOptions["update"] = {};
  if (args.email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+$/.test(args.email)) throw new UsageError(`Invalid email "${args.email}"`);
    update.email = args.email;
  }
  if (args["full-name"] !== undefined) update.fullName = args["full-name"];
  if (args.bio !== undefined) update.bio = args.bio;
  if (args.website !== undefined) update.website = args.website;
  return { update, social: socialFlags(rawArgs) ?? {} };
}

/** Prints your settings as the server has them now. */
async function show(ctx: Context): Promise<void> {
  const client = await ctx.client();
  const me = await client.whoami();
  const profile = await client.userProfile({ username: me.username });
  printRecord(
    ctx,
    [
      ["User", me.username],
      ["Email", me.email],
      ["Email verified", me.email_verified, "bool"],
      ...profileFields(profile),
      ["Joined", me.created_at, "date"],
    ],
    {
      username: me.username,
      email: me.email,
      email_verified: me.email_verified,
      full_name: profile.full_name ?? null,
      bio: profile.bio ?? null,
      website: profile.website ?? null,
      social_media: profile.social_media ?? null,
    },
  );
}

export async function settingsRun(ctx: Context, opts: SettingsOptions): Promise<void> {
  const changes = Object.keys(opts.update).length + Object.keys(opts.social).length;
  if (changes === 0) {
    ctx.history.read = true; // only shown: nothing to record
    return show(ctx);
  }
  const client = await ctx.client();
  const me = await client.whoami();
  const profile = await client.userProfile({ username: me.username });
  const update: UserSettingsUpdate = { ...opts.update };
  // The server marks the email unverified whenever it is sent, even unchanged: send it only when it changes.
  if (update.email === me.email) delete update.email;
  if (Object.keys(opts.social).length) {
    // The server stores the links as one object: merge with the current ones, drop those set to "".
    update.socialMedia = mergeSocial(profile.social_media, opts.social);
  }
  await client.updateUserSettings(update);
  const before: Record<string, unknown> = {
    email: me.email,
    fullName: profile.full_name ?? "",
    bio: profile.bio ?? "",
    website: profile.website ?? "",
    socialMedia: profile.social_media ?? {},
  };
  const keys = Object.keys(update) as (keyof UserSettingsUpdate)[];
  if (keys.length) {
    const values = Object.fromEntries(keys.map((k) => [k, before[k]]));
    ctx.undo({ op: "user.settings", values, now: { ...update } });
  }
  if (update.email !== undefined) {
    ctx.log.warn(`Your email is now ${update.email}: the server marked it unverified`);
  }
  ctx.log.success("Updated your settings");
  if (!ctx.quiet || ctx.json) await show(ctx);
}

/**
 * Recorded; `kohub-cli undo` sets the previous values back (refused when they changed again since). An
 * email set back is sent again, so the server marks it unverified once more.
 */
export const changes: Changes = true;

export const examples = [
  "kohub-cli user settings",
  'kohub-cli user settings --full-name "Alice A." --website https://alice.example.org',
  "kohub-cli user settings --social github=alice --social twitter_x=   # sets one link, removes another",
  "kohub-cli user settings --email alice@new.example.org   # the new email is unverified",
];

export default defineCommand({
  meta: { name: "settings", description: "Show or change your email and profile fields" },
  args: {
    email: {
      type: "string",
      description: "a new email address (the server marks it unverified; so does undoing it)",
      valueHint: "EMAIL",
    },
    "full-name": { type: "string", description: 'your full name ("" clears it)', valueHint: "NAME" },
    bio: { type: "string", description: 'a short bio ("" clears it)', valueHint: "TEXT" },
    website: { type: "string", description: 'your website ("" clears it)', valueHint: "URL" },
    social: {
      type: "string",
      description: "a social link, repeatable (KEY= removes it)",
      valueHint: "KEY=VALUE",
    },
  },
  run: ({ args, rawArgs, data }) => settingsRun(data as Context, toOptions(args, rawArgs)),
});
