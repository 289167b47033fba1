/**
 * The inverse operations of history entries: what each says it will do, the check that it would not
 * destroy work done since (a branch that moved, a repo with new commits, a value changed again), and the
 * call that does it through the library.
 *
 * @module
 */
import type { KohubClient } from "../api/client.ts";
import type { RepoType } from "../api/validate.ts";
import { refHead } from "../commands/repo/_refs.ts";
import type { Context } from "../context.ts";
import type { UndoStep } from "./types.ts";
import { checkAccountStep, describeAccountStep, isAccountStep, runAccountStep } from "./undo-account.ts";
import { checkLocalStep, conflict, describeLocalStep, isLocalStep, runLocalStep } from "./undo-local.ts";

const short = (commit: string | undefined) => (commit ? commit.slice(0, 8) : "none");

/** What a step will do, in words. */
export function describeStep(step: UndoStep): string {
  if (isAccountStep(step)) return describeAccountStep(step);
  if (isLocalStep(step)) return describeLocalStep(step);
  switch (step.op) {
    case "repo.delete":
      return `delete ${step.type} repository ${step.repoId}`;
    case "repo.move":
      return `move ${step.type} repository ${step.repoId} back to ${step.to} (only main's files move)`;
    case "repo.like":
    case "repo.unlike":
      return `${step.op === "repo.like" ? "like" : "unlike"} ${step.type} repository ${step.repoId}`;
    case "repo.settings":
      return `set ${step.type} repository ${step.repoId}'s settings back to ${JSON.stringify(step.values)}`;
    case "branch.delete":
    case "tag.delete":
      return `delete ${step.op === "branch.delete" ? "branch" : "tag"} ${step.name} of ${step.repoId}`;
    case "branch.create":
    case "tag.create":
      return `recreate ${step.op === "branch.create" ? "branch" : "tag"} ${step.name} of ${step.repoId} at ${short(step.commit)}`;
    case "commit.revert":
      return `revert commit ${short(step.commit)} on ${step.repoId}@${step.branch}`;
    case "member.remove":
      return `remove ${step.username} from ${step.org}`;
    case "member.add":
      return `add ${step.username} back to ${step.org} as ${step.role}`;
    case "member.role":
      return `give ${step.username} back the role ${step.role} in ${step.org}`;
    case "token.revoke":
      return `revoke token ${step.id} ("${step.name}")`;
    case "config.set":
      return step.value === undefined
        ? `remove ${step.key} from the config`
        : `set ${step.key} back to ${JSON.stringify(step.value)} in the config`;
  }
}

async function memberRole(client: KohubClient, org: string, username: string): Promise<string | undefined> {
  return (await client.listOrganizationMembers(org)).find((m) => m.user === username)?.role;
}

/** Throws a conflict (exit 6) when the step would destroy or overwrite what changed since the entry. */
export async function checkStep(ctx: Context, step: UndoStep): Promise<void> {
  if (isAccountStep(step)) return checkAccountStep(ctx, step);
  if (isLocalStep(step)) return checkLocalStep(ctx, step);
  const client = await ctx.client();
  switch (step.op) {
    case "repo.delete":
    case "repo.move": {
      const head = await refHead(client, step, "branch", "main");
      if (step.head && head !== step.head) {
        throw conflict(
          `${step.repoId} has new commits since (main is at ${short(head)}, was ${short(step.head)}): undoing would lose them`,
          step.repoId,
        );
      }
      return;
    }
    case "branch.delete":
    case "tag.delete": {
      const kind = step.op === "branch.delete" ? "branch" : "tag";
      const head = await refHead(client, step, kind, step.name);
      if (head === undefined) throw conflict(`The ${kind} ${step.name} of ${step.repoId} no longer exists`);
      if (step.commit && head !== step.commit) {
        throw conflict(
          `The ${kind} ${step.name} of ${step.repoId} moved since (now at ${short(head)}, was ${short(step.commit)}): deleting it would lose that work`,
          `${step.repoId}@${step.name}`,
        );
      }
      return;
    }
    case "branch.create":
    case "tag.create": {
      const kind = step.op === "branch.create" ? "branch" : "tag";
      if ((await refHead(client, step, kind, step.name)) !== undefined) {
        throw conflict(
          `The ${kind} ${step.name} of ${step.repoId} exists again`,
          `${step.repoId}@${step.name}`,
        );
      }
      return;
    }
    case "member.add":
      if ((await memberRole(client, step.org, step.username)) !== undefined) {
        throw conflict(`${step.username} is a member of ${step.org} again`);
      }
      return;
    case "member.role": {
      const role = await memberRole(client, step.org, step.username);
      if (role !== step.now) {
        throw conflict(
          `${step.username}'s role in ${step.org} changed since (now ${role ?? "not a member"})`,
        );
      }
      return;
    }
    case "config.set": {
      const current = (await ctx.config())[step.key];
      if (JSON.stringify(current) !== JSON.stringify(step.now)) {
        throw conflict(`The config's ${step.key} changed since: undoing would overwrite the newer value`);
      }
      return;
    }
    default:
      return;
  }
}

/** Does a step. */
export async function runStep(ctx: Context, step: UndoStep): Promise<void> {
  if (isAccountStep(step)) return runAccountStep(ctx, step);
  if (isLocalStep(step)) return runLocalStep(ctx, step);
  const client = await ctx.client();
  switch (step.op) {
    case "repo.delete":
      await client.deleteRepo({ repoId: step.repoId, type: step.type });
      return;
    case "repo.move":
      await client.moveRepo({ fromRepo: step.repoId, toRepo: step.to, type: step.type });
      return;
    case "repo.like":
      await client.likeRepo({ repoId: step.repoId, type: step.type });
      return;
    case "repo.unlike":
      await client.unlikeRepo({ repoId: step.repoId, type: step.type });
      return;
    case "repo.settings":
      await client.updateRepoSettings({ repoId: step.repoId, type: step.type, ...step.values });
      return;
    case "branch.delete":
      await client.deleteBranch({ repoId: step.repoId, type: step.type, branch: step.name });
      return;
    case "tag.delete":
      await client.deleteTag({ repoId: step.repoId, type: step.type, tag: step.name });
      return;
    case "branch.create":
      await client.createBranch({
        repoId: step.repoId,
        type: step.type,
        branch: step.name,
        revision: step.commit,
      });
      return;
    case "tag.create":
      await client.createTag({ repoId: step.repoId, type: step.type, tag: step.name, revision: step.commit });
      return;
    case "commit.revert":
      await client.revertCommit({
        repoId: step.repoId,
        type: step.type,
        branch: step.branch,
        ref: step.commit,
      });
      return;
    case "member.remove":
      await client.removeOrganizationMember({ org: step.org, username: step.username });
      return;
    case "member.add":
      await client.addOrganizationMember({ org: step.org, username: step.username, role: step.role });
      return;
    case "member.role":
      await client.updateOrganizationMember({ org: step.org, username: step.username, role: step.role });
      return;
    case "token.revoke":
      await client.revokeToken(step.id);
      return;
    case "config.set":
      await ctx.updateConfig(() => ({ [step.key]: step.value }));
      return;
  }
}

/** The commit a branch points at now, for a step's later check (undefined when it cannot be read). */
export async function headNow(
  ctx: Context,
  target: { repoId: string; type: RepoType },
  kind: "branch" | "tag" = "branch",
  name = "main",
): Promise<string | undefined> {
  try {
    return await refHead(await ctx.client(), target, kind, name);
  } catch {
    return undefined;
  }
}
