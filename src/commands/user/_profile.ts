/** What `user info` and `user settings` share: how profile fields are shown. */
import type { Field } from "../../output/print.ts";

/** A profile's social links as `key=value, ...` (undefined when there are none). */
export function socialText(social: Record<string, unknown> | null | undefined): string | undefined {
  const entries = Object.entries(social ?? {}).filter(([, v]) => v !== null && v !== "");
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(", ") : undefined;
}

/** The profile fields every user has, as record lines. */
export function profileFields(p: {
  full_name?: string | null | undefined;
  bio?: string | null | undefined;
  website?: string | null | undefined;
  social_media?: Record<string, unknown> | null | undefined;
}): Field[] {
  return [
    ["Full name", p.full_name || undefined],
    ["Bio", p.bio || undefined],
    ["Website", p.website || undefined],
    ["Social", socialText(p.social_media)],
  ];
}
