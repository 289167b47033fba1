/** The Organizations menu: yours, create one, and one organization's info and members. */

import type { OrgRole } from "../../api/validate.ts";
import { createRun } from "../../commands/org/create.ts";
import { infoRun } from "../../commands/org/info.ts";
import { listRun } from "../../commands/org/list.ts";
import { addRun } from "../../commands/org/member/add.ts";
import { listRun as membersRun } from "../../commands/org/member/list.ts";
import { removeRun } from "../../commands/org/member/remove.ts";
import { updateRun } from "../../commands/org/member/update.ts";
import { askCreateOrg, askNewMember, askRole, pickMember, pickOrg } from "../flows/org.ts";
import { confirmDanger } from "../flows/repo.ts";
import type { Session } from "../session.ts";
import { loadMe } from "./_load.ts";

export function orgsMenu(s: Session): Promise<void> {
  return s.menu("Organizations", [
    {
      value: "list",
      label: "My organizations",
      run: async () => void (await s.act("Loading", (ctx) => listRun(ctx, {}))),
    },
    {
      value: "create",
      label: "Create an organization",
      run: async () => {
        const opts = await askCreateOrg(s.prompter);
        await s.act("Creating the organization", (ctx) => createRun(ctx, opts));
      },
    },
    {
      value: "open",
      label: "Open an organization…",
      hint: "info, members and roles",
      run: async () => {
        const me = await loadMe(s).catch(() => undefined);
        const org = await pickOrg(s.prompter, me?.orgs ?? []);
        await orgMenu(s, org);
      },
    },
  ]);
}

/** The menu of one organization. */
export function orgMenu(s: Session, org: string): Promise<void> {
  const members = () =>
    s.load("Loading members", async (ctx) => (await ctx.client()).listOrganizationMembers(org));
  return s.menu(`Organization ${org}`, [
    {
      value: "info",
      label: "Info",
      run: async () => void (await s.act("Loading", (ctx) => infoRun(ctx, { name: org }))),
    },
    {
      value: "members",
      label: "Members",
      run: async () => void (await s.act("Loading members", (ctx) => membersRun(ctx, { org }))),
    },
    {
      value: "add",
      label: "Add a member",
      run: async () => {
        const { username, role } = await askNewMember(s.prompter);
        await s.act("Adding", (ctx) => addRun(ctx, { org, username, role }));
      },
    },
    {
      value: "update",
      label: "Change a member's role",
      run: async () => {
        const list = await members();
        const username = await pickMember(s.prompter, list);
        const current = list.find((m) => m.user === username)?.role as OrgRole | undefined;
        const role = await askRole(s.prompter, current);
        await s.act("Updating", (ctx) => updateRun(ctx, { org, username, role }));
      },
    },
    {
      value: "remove",
      label: "Remove a member",
      run: async () => {
        const username = await pickMember(s.prompter, await members());
        await confirmDanger(s.prompter, `Remove ${username} from ${org}?`);
        await s.act("Removing", (ctx) => removeRun(ctx, { org, username, yes: true }));
      },
    },
  ]);
}
