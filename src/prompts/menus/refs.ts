/** The Branches and tags menu of a repository: list, create, delete, merge, revert a commit. */

import type { RepoType } from "../../api/validate.ts";
import * as branchCreate from "../../commands/repo/branch/create.ts";
import * as branchDelete from "../../commands/repo/branch/delete.ts";
import * as merge from "../../commands/repo/merge.ts";
import { refsRun } from "../../commands/repo/refs.ts";
import * as revert from "../../commands/repo/revert.ts";
import * as tagCreate from "../../commands/repo/tag/create.ts";
import * as tagDelete from "../../commands/repo/tag/delete.ts";
import type { Context } from "../../context.ts";
import { runRecorded } from "../../history/run-recorded.ts";
import type { Changes } from "../../history/types.ts";
import { askMerge, askNewRef, confirmDanger, pickCommit, pickRef, type RepoChoice } from "../flows/repo.ts";
import type { Session } from "../session.ts";

/** `--type TYPE` for the recorded command line (none for the default, model). */
export function typeWords(type: RepoType | undefined): string[] {
  return type && type !== "model" ? ["--type", type] : [];
}

export function refsMenu(s: Session, repo: RepoChoice): Promise<void> {
  const target = { repoId: repo.repoId, type: repo.type };
  /** Runs a `repo ...` command's run function, recorded as `kohub-cli repo PATH REPO WORDS`. */
  const recorded = (
    label: string,
    mod: { changes: Changes },
    path: string[],
    words: string[],
    run: (ctx: Context) => Promise<unknown>,
  ) =>
    s.act(label, (ctx) =>
      runRecorded(
        ctx,
        {
          path: ["repo", ...path],
          rest: [repo.repoId, ...words, ...typeWords(repo.type)],
          changes: mod.changes,
        },
        run,
      ),
    );
  const names = (kind: "branch" | "tag", withMain = false) =>
    s.load("Loading branches and tags", async (ctx) => {
      const refs = await (await ctx.client()).listRefs(target);
      return (kind === "branch" ? refs.branches.filter((b) => withMain || b.name !== "main") : refs.tags).map(
        (r) => r.name,
      );
    });
  const remove = async (kind: "branch" | "tag") => {
    const list = await names(kind);
    if (!list.length) {
      s.base.io.err.write(kind === "branch" ? "No branch to delete besides main\n" : "No tags\n");
      return;
    }
    const name = await pickRef(s.prompter, kind, list);
    await confirmDanger(s.prompter, `Delete ${kind} ${name} of ${repo.type} ${repo.repoId}?`);
    await recorded(
      `Deleting ${kind} ${name}`,
      kind === "branch" ? branchDelete : tagDelete,
      [kind, "delete"],
      [name, "--yes"],
      (ctx) =>
        kind === "branch"
          ? branchDelete.branchDeleteRun(ctx, { ...target, branches: [name], yes: true })
          : tagDelete.tagDeleteRun(ctx, { ...target, tags: [name], yes: true }),
    );
  };
  return s.menu("Branches and tags", [
    {
      value: "list",
      label: "List",
      run: async () => void (await s.act("Loading", (ctx) => refsRun(ctx, target))),
    },
    {
      value: "create-branch",
      label: "Create a branch",
      run: async () => {
        const { name, revision } = await askNewRef(s.prompter, "branch");
        const words = revision ? [name, "--revision", revision] : [name];
        await recorded("Creating the branch", branchCreate, ["branch", "create"], words, (ctx) =>
          branchCreate.branchCreateRun(ctx, { ...target, branch: name, revision }),
        );
      },
    },
    { value: "delete-branch", label: "Delete a branch", run: () => remove("branch") },
    {
      value: "create-tag",
      label: "Create a tag",
      run: async () => {
        const { name, revision } = await askNewRef(s.prompter, "tag");
        const words = revision ? [name, "--revision", revision] : [name];
        await recorded("Creating the tag", tagCreate, ["tag", "create"], words, (ctx) =>
          tagCreate.tagCreateRun(ctx, { ...target, tag: name, revision }),
        );
      },
    },
    { value: "delete-tag", label: "Delete a tag", run: () => remove("tag") },
    {
      value: "merge",
      label: "Merge",
      hint: "a branch or tag into a branch",
      run: async () => {
        const refs = await s.load("Loading branches and tags", async (ctx) =>
          (await ctx.client()).listRefs(target),
        );
        const names = { branches: refs.branches.map((b) => b.name), tags: refs.tags.map((t) => t.name) };
        if (names.branches.length < 2) {
          s.base.io.err.write("Only one branch: create another to merge\n");
          return;
        }
        const { source, into, strategy } = await askMerge(s.prompter, names);
        const opts = { ...target, source, into, strategy, squash: false, allowEmpty: false, force: false };
        const words = strategy ? [source, into, "--strategy", strategy] : [source, into];
        await recorded(`Merging ${source} into ${into}`, merge, ["merge"], words, (ctx) =>
          merge.mergeRun(ctx, opts),
        );
      },
    },
    {
      value: "revert",
      label: "Revert a commit",
      hint: "undo it with a new commit",
      run: async () => {
        const branch = await pickRef(s.prompter, "branch", await names("branch", true));
        const page = await s.load("Loading commits", async (ctx) =>
          (await ctx.client()).listCommits({ ...target, revision: branch, limit: 20 }),
        );
        const commit = await pickCommit(s.prompter, page.commits);
        const opts = { ...target, commit, branch, allowEmpty: false, force: false };
        await recorded(
          `Reverting ${commit.slice(0, 8)} on ${branch}`,
          revert,
          ["revert"],
          [commit, "--branch", branch],
          (ctx) => revert.revertRun(ctx, opts),
        );
      },
    },
  ]);
}
