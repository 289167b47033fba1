/** Asking about organizations: a new one, which one, a member and a role, an invitation. */
import type { InvitationRole, OrgInvitation } from "../../api/orgs.ts";
import { ORG_ROLES, type OrgRole } from "../../api/validate.ts";
import type { CreateOptions } from "../../commands/org/create.ts";
import {
  INVITATION_ROLES,
  invitationStatus,
  invitationToken,
  tokenHint,
  usesOf,
} from "../../commands/org/invite/_token.ts";
import type { Prompter } from "../prompter.ts";
import { problemOf, validOrgName, validUsername } from "./_validate.ts";

const ROLE_HINTS: Record<OrgRole, string> = {
  visitor: "read private repositories",
  member: "also write to repositories",
  admin: "also manage members",
  "super-admin": "also delete the organization",
};

/** Asks what `org create` needs. */
export async function askCreateOrg(prompter: Prompter): Promise<CreateOptions> {
  const name = await prompter.text({ message: "Organization name", validate: validOrgName });
  const description = await prompter.text({ message: "Description (optional)" });
  return { name, description: description.trim() || undefined };
}

/** Picks one of `orgs`, or any other by name. */
export async function pickOrg(
  prompter: Prompter,
  orgs: Array<{ name: string; role?: string | null }>,
): Promise<string> {
  if (orgs.length) {
    const value = await prompter.select({
      message: "Which organization?",
      options: [
        ...orgs.map((o) => ({ value: `org:${o.name}`, label: o.name, hint: o.role ?? undefined })),
        { value: "other", label: "Another organization…", hint: "type its name" },
      ],
    });
    if (value !== "other") return value.slice(4);
  }
  return prompter.text({ message: "Organization name", validate: validOrgName });
}

/** Asks a role (the current one first). */
export function askRole(prompter: Prompter, initial: OrgRole = "member"): Promise<OrgRole> {
  return prompter.select({
    message: "Role",
    options: ORG_ROLES.map((r) => ({ value: r, label: r, hint: ROLE_HINTS[r] })),
    initialValue: initial,
  });
}

/** Asks the user to add and their role. */
export async function askNewMember(prompter: Prompter): Promise<{ username: string; role: OrgRole }> {
  const username = await prompter.text({ message: "Username to add", validate: validUsername });
  return { username, role: await askRole(prompter) };
}

/** Picks one of the members. */
export function pickMember(
  prompter: Prompter,
  members: Array<{ user: string; role: string }>,
): Promise<string> {
  return prompter.select({
    message: "Which member?",
    options: members.map((m) => ({ value: m.user, label: m.user, hint: m.role })),
  });
}

/** Asks what `org invite create` needs: the role, how many may use the link, for how long. */
export async function askInvitation(
  prompter: Prompter,
  org: string,
): Promise<{ org: string; role: InvitationRole; maxUses?: number; expiresDays: number }> {
  const role = await prompter.select<InvitationRole>({
    message: "Role the invitation gives",
    options: INVITATION_ROLES.map((r) => ({ value: r, label: r, hint: ROLE_HINTS[r] })),
    initialValue: "member",
  });
  const uses = await prompter.select<"1" | "unlimited" | "n">({
    message: "Who may use the link?",
    options: [
      { value: "1", label: "One person" },
      { value: "n", label: "Up to a number of people" },
      { value: "unlimited", label: "Anyone holding it", hint: "until it expires" },
    ],
  });
  let maxUses: number | undefined;
  if (uses === "unlimited") maxUses = -1;
  else if (uses === "n")
    maxUses = Number(await prompter.text({ message: "How many people?", validate: count }));
  const days = await prompter.text({ message: "Days until it expires", initialValue: "7", validate: count });
  return { org, role, maxUses, expiresDays: Number(days) };
}

function count(value: string): string | undefined {
  return /^[1-9]\d{0,3}$/.test(value.trim()) ? undefined : "Enter a whole number from 1 to 9999";
}

/** Asks an invitation's link (or token), checked as `org invite accept` checks it. */
export function askInvitationLink(prompter: Prompter): Promise<string> {
  return prompter.text({ message: "Invitation link", validate: problemOf(invitationToken) });
}

/** Picks one of an organization's invitations (never showing a whole token). */
export function pickInvitation(prompter: Prompter, invitations: OrgInvitation[]): Promise<string> {
  return prompter.select({
    message: "Which invitation?",
    options: invitations.map((i) => ({
      value: String(i.id),
      label: `#${i.id} ${i.role ?? ""} ${tokenHint(i.token)}`,
      hint: `${invitationStatus(i)}, ${usesOf(i)} uses${i.email ? `, ${i.email}` : ""}`,
    })),
  });
}
