/**
 * The inverse operations of the account, organization, quota and profile commands (SSH keys, your
 * settings, an org's settings, invitations, quotas, the active profile): what each says, its check that
 * nothing changed since, and its call. undo.ts hands these steps here.
 *
 * @module
 */
import type { UserSettingsUpdate } from "../api/account.ts";
import type { Context } from "../context.ts";
import type { UndoStep } from "./types.ts";
import { conflict } from "./undo-local.ts";

/** What updateOrganizationSettings takes besides the org. */
type OrgSettings = Omit<UserSettingsUpdate, "email" | "fullName"> & { description?: string };

/** The steps this module handles. */
export type AccountStep = Extract<
  UndoStep,
  {
    op:
      | "profile.switch"
      | "sshkey.delete"
      | "user.settings"
      | "org.settings"
      | "invite.delete"
      | "quota.set"
      | "quota.repo";
  }
>;

const ACCOUNT_OPS = new Set<string>([
  "profile.switch",
  "sshkey.delete",
  "user.settings",
  "org.settings",
  "invite.delete",
  "quota.set",
  "quota.repo",
]);

export function isAccountStep(step: UndoStep): step is AccountStep {
  return ACCOUNT_OPS.has(step.op);
}

/** Values compared as the server gives them back: null, "" and {} alike, objects by their sorted entries. */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): string => {
    if (v === null || v === undefined) return '""';
    if (typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== "");
      return entries.length ? JSON.stringify(entries.sort(([x], [y]) => x.localeCompare(y))) : '""';
    }
    return JSON.stringify(v);
  };
  return norm(a) === norm(b);
}

const size = (bytes: number | null) => (bytes === null ? "its namespace's (inherit)" : `${bytes} bytes`);

/** What a step will do, in words. */
export function describeAccountStep(step: AccountStep): string {
  switch (step.op) {
    case "profile.switch":
      return `make profile ${step.to} the active one again`;
    case "sshkey.delete":
      return `delete SSH key ${step.id} ("${step.title}")`;
    case "user.settings": {
      const email = "email" in step.values ? " (the email is marked unverified again)" : "";
      return `set your settings back to ${JSON.stringify(step.values)}${email}`;
    }
    case "org.settings":
      return `set ${step.org}'s settings back to ${JSON.stringify(step.values)}`;
    case "invite.delete":
      return `delete invitation ${step.id} of ${step.org}`;
    case "quota.set":
      return `set both quotas of ${step.namespace} back to ${step.bytes} bytes`;
    case "quota.repo":
      return `set the quota of ${step.repoId} back to ${size(step.bytes)}`;
  }
}

/** The current values of the keys a settings step set (library names). */
async function currentSettings(ctx: Context, step: AccountStep): Promise<Record<string, unknown>> {
  const client = await ctx.client();
  if (step.op === "org.settings") {
    const p = await client.getOrganizationProfile(step.org);
    return { description: p.description, bio: p.bio, website: p.website, socialMedia: p.social_media };
  }
  const me = await client.whoami();
  const p = await client.userProfile({ username: me.username });
  return {
    email: me.email,
    fullName: p.full_name,
    bio: p.bio,
    website: p.website,
    socialMedia: p.social_media,
  };
}

/** Throws a conflict (exit 6) when the step would overwrite or delete what changed since the entry. */
export async function checkAccountStep(ctx: Context, step: AccountStep): Promise<void> {
  const client = await ctx.client();
  switch (step.op) {
    case "profile.switch": {
      const { loadConfig, selectProfile } = await import("../config/store.ts");
      const file = loadConfig(await ctx.configFile());
      const active = file.active_profile ?? "default";
      if (active !== step.now) throw conflict(`The active profile changed since (now ${active})`);
      selectProfile(file, step.to); // a profile deleted since is an error naming the known ones
      return;
    }
    case "sshkey.delete": {
      const key = await client.getSshKey(step.id).catch(() => undefined);
      if (!key || key.fingerprint !== step.fingerprint) {
        throw conflict(`SSH key ${step.id} ("${step.title}") no longer exists`);
      }
      return;
    }
    case "user.settings":
    case "org.settings": {
      const current = await currentSettings(ctx, step);
      const changed = Object.keys(step.now).filter((k) => !same(current[k], step.now[k]));
      if (changed.length) {
        const whose = step.op === "org.settings" ? `${step.org}'s` : "Your";
        throw conflict(`${whose} ${changed.join(", ")} changed since: undoing would overwrite it`);
      }
      return;
    }
    case "invite.delete": {
      const all = await client.listOrganizationInvitations(step.org);
      if (!all.some((i) => String(i.id) === String(step.id))) {
        throw conflict(`Invitation ${step.id} of ${step.org} no longer exists (used, expired or deleted)`);
      }
      return;
    }
    case "quota.set": {
      const q = await client.getPublicQuota({ namespace: step.namespace });
      if (q.public_quota_bytes !== step.now || (q.private_quota_bytes ?? step.now) !== step.now) {
        throw conflict(`The quota of ${step.namespace} changed since: undoing would overwrite it`);
      }
      return;
    }
    case "quota.repo": {
      const q = await client.getRepoQuota({ repoId: step.repoId, type: step.type });
      if (q.quota_bytes !== step.now) {
        throw conflict(`The quota of ${step.repoId} changed since: undoing would overwrite it`);
      }
      return;
    }
  }
}

/** Does a step. */
export async function runAccountStep(ctx: Context, step: AccountStep): Promise<void> {
  const client = await ctx.client();
  switch (step.op) {
    case "profile.switch": {
      const { updateConfig } = await import("../config/store.ts");
      updateConfig(
        () => ({ active_profile: step.to === "default" ? undefined : step.to }),
        await ctx.configFile(),
      );
      return;
    }
    case "sshkey.delete":
      await client.deleteSshKey(step.id);
      return;
    case "user.settings":
      await client.updateUserSettings(step.values as UserSettingsUpdate);
      return;
    case "org.settings":
      await client.updateOrganizationSettings({ org: step.org, ...(step.values as OrgSettings) });
      return;
    case "invite.delete": {
      const found = (await client.listOrganizationInvitations(step.org)).find(
        (i) => String(i.id) === String(step.id),
      );
      if (!found) throw conflict(`Invitation ${step.id} of ${step.org} no longer exists`);
      await client.deleteInvitation(found.token);
      return;
    }
    case "quota.set":
      await client.setQuota({ namespace: step.namespace, quotaBytes: step.bytes });
      return;
    case "quota.repo":
      await client.setRepoQuota({ repoId: step.repoId, type: step.type, quotaBytes: step.bytes });
      return;
  }
}
