/** Asking about organizations: a new one, which one, a member and a role. */
import { ORG_ROLES, type OrgRole } from "../../api/validate.ts";
import type { CreateOptions } from "../../commands/org/create.ts";
import type { Prompter } from "../prompter.ts";
import { validOrgName, validUsername } from "./_validate.ts";

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
