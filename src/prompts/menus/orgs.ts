/** The Organizations menu: yours, create one, accept an invitation, and one organization's info, members, invitations and quota. */

import type { OrgRole } from "../../api/validate.ts";
import { changes as createChanges, createRun } from "../../commands/org/create.ts";
import { infoRun } from "../../commands/org/info.ts";
import { invitationToken } from "../../commands/org/invite/_token.ts";
import { changes as acceptChanges, acceptRun } from "../../commands/org/invite/accept.ts";
import {
  type CreateOptions as InviteOptions,
  changes as inviteChanges,
  createRun as inviteRun,
} from "../../commands/org/invite/create.ts";
import { changes as uninviteChanges, deleteRun as uninviteRun } from "../../commands/org/invite/delete.ts";
import { listRun as invitationsRun } from "../../commands/org/invite/list.ts";
import { listRun } from "../../commands/org/list.ts";
import { changes as addChanges, addRun } from "../../commands/org/member/add.ts";
import { listRun as membersRun } from "../../commands/org/member/list.ts";
import { changes as removeChanges, removeRun } from "../../commands/org/member/remove.ts";
import { changes as updateChanges, updateRun } from "../../commands/org/member/update.ts";
import { showRun as quotaRun } from "../../commands/quota/show.ts";
import { runRecorded } from "../../history/run-recorded.ts";
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

/** `org invite create`'s words for what the invitation flow answered (as the history records it). */
function inviteWords(opts: InviteOptions): string[] {
  const words = [opts.org, "--role", opts.role];
  if (opts.email) words.push("--email", opts.email);
  if (opts.maxUses !== undefined)
    words.push("--max-uses", opts.maxUses < 0 ? "unlimited" : String(opts.maxUses));
  if (opts.expiresDays !== undefined) words.push("--expires-days", String(opts.expiresDays));
  return words;
}

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
        const rest = opts.description ? [opts.name, "--description", opts.description] : [opts.name];
        await s.act("Creating the organization", (ctx) =>
          runRecorded(ctx, { path: ["org", "create"], rest, changes: createChanges }, (c) =>
            createRun(c, opts),
          ),
        );
      },
    },
    {
      value: "accept",
      label: "Accept an invitation",
      hint: "paste its link",
      run: async () => {
        const token = invitationToken(await askInvitationLink(s.prompter));
        await s.act("Joining", (ctx) =>
          runRecorded(
            ctx,
            { path: ["org", "invite", "accept"], rest: [token], changes: acceptChanges },
            (c) => acceptRun(c, { token }),
          ),
        );
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
        const rest = [org, username, "--role", role];
        await s.act("Adding", (ctx) =>
          runRecorded(ctx, { path: ["org", "member", "add"], rest, changes: addChanges }, (c) =>
            addRun(c, { org, usernames: [username], role }),
          ),
        );
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
        const rest = [org, username, "--role", role];
        await s.act("Updating", (ctx) =>
          runRecorded(ctx, { path: ["org", "member", "update"], rest, changes: updateChanges }, (c) =>
            updateRun(c, { org, username, role }),
          ),
        );
      },
    },
    {
      value: "remove",
      label: "Remove a member",
      run: async () => {
        const username = await pickMember(s.prompter, await members());
        await confirmDanger(s.prompter, `Remove ${username} from ${org}?`);
        const rest = [org, username, "--yes"];
        await s.act("Removing", (ctx) =>
          runRecorded(ctx, { path: ["org", "member", "remove"], rest, changes: removeChanges }, (c) =>
            removeRun(c, { org, usernames: [username], yes: true }),
          ),
        );
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
        await s.act("Creating the invitation", (ctx) =>
          runRecorded(
            ctx,
            { path: ["org", "invite", "create"], rest: inviteWords(opts), changes: inviteChanges },
            (c) => inviteRun(c, opts),
          ),
        );
      },
    },
    {
      value: "delete",
      label: "Delete an invitation",
      hint: "cannot be undone",
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
        const rest = [org, String(id), "--yes"];
        await s.act("Deleting", (ctx) =>
          runRecorded(ctx, { path: ["org", "invite", "delete"], rest, changes: uninviteChanges }, (c) =>
            uninviteRun(c, { org, invitation: id, yes: true }),
          ),
        );
      },
    },
  ]);
}
