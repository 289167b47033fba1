/**
 * `kohub-cli org settings ORG`: show an organization's public settings, or change them with flags (admins
 * only). The server replaces `social_media` whole, so `--social` merges into the current links first.
 */
import { defineCommand } from "citty";
import type { OrganizationProfile } from "../../api/orgs.ts";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";
import { printLines, printRecord } from "../../output/print.ts";
import { mergeSocial, socialFlags } from "../_args.ts";

export interface SettingsChanges {
  description?: string;
  bio?: string;
  website?: string;
  /** Links to set (`""` removes one). */
  social?: Record<string, string>;
}

export interface SettingsOptions {
  org: string;
  /** Empty: show the settings. */
  changes: SettingsChanges;
}

export function toOptions(
  args: { org: string; description?: string; bio?: string; website?: string },
  rawArgs: string[] = [],
): SettingsOptions {
  const changes: SettingsChanges = {};
  if (args.description !== undefined) changes.description = args.description;
  if (args.bio !== undefined) changes.bio = args.bio;
  if (args.website !== undefined) {
    const site = args.website.trim();
    if (site && !/^https?:\/\/\S+$/.test(site)) {
      throw new UsageError(`Invalid --website "${site}": expected an http(s) URL, or "" to blank it`);
    }
    changes.website = site;
  }
  const social = socialFlags(rawArgs);
  if (social) changes.social = social;
  return { org: args.org, changes };
}

function show(ctx: Context, profile: OrganizationProfile): void {
  if (ctx.quiet && !ctx.json) {
    printLines(ctx, [profile.name]);
    return;
  }
  const social = Object.entries(profile.social_media ?? {}).filter(([, v]) => v !== null && v !== "");
  printRecord(
    ctx,
    [
      ["Name", profile.name],
      ["Description", profile.description || null],
      ["Bio", profile.bio || null],
      ["Website", profile.website || null],
      ...social.map(([k, v]): [string, unknown] => [`Social ${k}`, String(v)]),
      ["Members", profile.member_count, "number"],
      ["Created", profile.created_at, "date"],
    ],
    profile,
  );
}

export async function settingsRun(ctx: Context, opts: SettingsOptions): Promise<void> {
  ctx.subject = opts.org;
  const client = await ctx.client();
  const { social, ...fields } = opts.changes;
  if (!social && Object.keys(fields).length === 0) {
    ctx.history.read = true; // only shown: nothing to record
    show(ctx, await client.getOrganizationProfile(opts.org));
    return;
  }
  // Read first: `--social` merges into the current links, and undo sets back what was there.
  const before = await client.getOrganizationProfile(opts.org);
  let socialMedia: Record<string, unknown> | undefined;
  if (social) {
    socialMedia = mergeSocial(before.social_media, social);
  }
  const now: Record<string, unknown> = socialMedia ? { ...fields, socialMedia } : { ...fields };
  await client.updateOrganizationSettings({ org: opts.org, ...now });
  const previous: Record<string, unknown> = {
    description: before.description ?? "",
    bio: before.bio ?? "",
    website: before.website ?? "",
    socialMedia: before.social_media ?? {},
  };
  const values = Object.fromEntries(Object.keys(now).map((k) => [k, previous[k]]));
  ctx.undo({ op: "org.settings", org: opts.org, values, now });
  const after = await client.getOrganizationProfile(opts.org);
  if (ctx.json || !ctx.quiet) show(ctx, after);
  ctx.log.success(`Updated the settings of ${opts.org}`);
}

/** Recorded when it changes something; `kohub-cli undo` sets the previous values back. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli org settings my-org",
  'kohub-cli org settings my-org --description "Vision models" --website https://example.com',
  "kohub-cli org settings my-org --social github=my-org --social twitter_x=",
];

export default defineCommand({
  meta: {
    name: "settings",
    description: "Show or change an organization's description, bio, website, links",
  },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    description: { type: "string", alias: ["d"], description: 'a new description ("" blanks it)' },
    bio: { type: "string", description: 'a new bio ("" blanks it)' },
    website: { type: "string", description: 'a new website URL ("" blanks it)', valueHint: "URL" },
    social: {
      type: "string",
      description: "a social link, NAME=VALUE (repeatable; NAME= removes it), e.g. github=my-org",
      valueHint: "NAME=VALUE",
    },
  },
  run: ({ args, rawArgs, data }) => settingsRun(data as Context, toOptions(args, rawArgs)),
});
