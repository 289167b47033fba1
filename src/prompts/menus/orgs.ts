/** The Organizations menu: yours, create one, accept an invitation, and one organization's info, members, invitations and quota. */

import type { OrgRole } from "../../api/validate.ts";
import { createRun } from "../../commands/org/create.ts";
import { infoRun } from "../../commands/org/info.ts";
import { invitationToken } from "../../commands/org/invite/_token.ts";
import { acceptRun } from "../../commands/org/invite/accept.ts";
import { createRun as inviteRun } from "../../commands/org/invite/create.ts";
import { deleteRun as uninviteRun } from "../../commands/org/invite/delete.ts";
import { listRun as invitationsRun } from "../../commands/org/invite/list.ts";
import { listRun } from "../../commands/org/list.ts";
import { addRun } from "../../commands/org/member/add.ts";
import { listRun as membersRun } from "../../commands/org/member/list.ts";
import { removeRun } from "../../commands/org/member/remove.ts";
import { updateRun } from "../../commands/org/member/update.ts";
import { showRun as quotaRun } from "../../commands/quota/show.ts";
import {
  askCreateOrg,
  askInvitation,
  askInvitationLink,
  askNewMember,
  askRole,
  pickInvitation,
  pickMember,
  pickOrg,
} from "../flows/org.ts";
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
      value: "accept",
      label: "Accept an invitation",
      hint: "paste its link",
      run: async () => {
        const token = invitationToken(await askInvitationLink(s.prompter));
        await s.act("Joining", (ctx) => acceptRun(ctx, { token }));
      },
    },
    {
      value: "open",
      label: "Open an organization…",
      hint: "info, members, invitations, quota",
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
    {
      value: "invitations",
      label: "Invitations",
      hint: "create, list, delete",
      run: () => invitesMenu(s, org),
    },
    {
      value: "quota",
      label: "Storage and quota",
      run: async () => void (await s.act("Loading", (ctx) => quotaRun(ctx, { namespace: org }))),
    },
  ]);
}

/** The invitations of one organization (admins only: the server says so otherwise). */
function invitesMenu(s: Session, org: string): Promise<void> {
  return s.menu(`Invitations of ${org}`, [
    {
      value: "list",
      label: "List",
      run: async () => void (await s.act("Loading", (ctx) => invitationsRun(ctx, { org, pending: false }))),
    },
    {
      value: "create",
      label: "Create an invitation link",
      hint: "shown once",
      run: async () => {
        const opts = await askInvitation(s.prompter, org);
        await s.act("Creating the invitation", (ctx) => inviteRun(ctx, opts));
      },
    },
    {
      value: "delete",
      label: "Delete an invitation",
      run: async () => {
        const all = await s.load("Loading invitations", async (ctx) =>
          (await ctx.client()).listOrganizationInvitations(org),
        );
        if (!all.length) {
          s.base.io.err.write(`${org} has no invitations\n`);
          return;
        }
        const id = await pickInvitation(s.prompter, all);
        await confirmDanger(s.prompter, `Delete invitation ${id} of ${org} (its link stops working)?`);
        await s.act("Deleting", (ctx) => uninviteRun(ctx, { org, invitation: id, yes: true }));
      },
    },
  ]);
}
