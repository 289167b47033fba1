/**
 * The Repositories menu: list, create, the ones you like, and one repository's info, files, likes, quota,
 * settings, refs, deletion.
 */

import type { RepoType } from "../../api/validate.ts";
import { showRun as quotaRun } from "../../commands/quota/show.ts";
import { changes as createChanges, createRun } from "../../commands/repo/create.ts";
import { changes as deleteChanges, deleteRun } from "../../commands/repo/delete.ts";
import { filesRun } from "../../commands/repo/files.ts";
import { infoRun } from "../../commands/repo/info.ts";
import { changes as likeChanges, likeRun } from "../../commands/repo/like.ts";
import { lsRun } from "../../commands/repo/ls.ts";
import { changes as settingsChanges, settingsRun } from "../../commands/repo/settings.ts";
import { statsRun } from "../../commands/repo/stats.ts";
import { changes as unlikeChanges, unlikeRun } from "../../commands/repo/unlike.ts";
import type { Context } from "../../context.ts";
import { runRecorded } from "../../history/run-recorded.ts";
import { askCreateRepo, confirmDanger, pickFolder, pickRepo, type RepoChoice } from "../flows/repo.ts";
import { askDownload, askUpload } from "../flows/transfer.ts";
import type { Session } from "../session.ts";
import { defaultType, loadMe, loadRepos, namespaces } from "./_load.ts";
import { refsMenu, typeWords } from "./refs.ts";

export function reposMenu(s: Session): Promise<void> {
  return s.menu("Repositories", [
    {
      value: "list",
      label: "List my repositories",
      hint: "yours and your organizations'",
      run: async () => {
        const me = await loadMe(s);
        for (const namespace of namespaces(me)) {
          await s.act(`Repositories of ${namespace}`, (ctx) => lsRun(ctx, { namespace }));
        }
      },
    },
    {
      value: "create",
      label: "Create a repository",
      run: async () => {
        const me = await loadMe(s);
        const opts = await askCreateRepo(s.prompter, {
          namespaces: namespaces(me),
          defaultType: await defaultType(s),
        });
        const rest = [opts.repoId, ...typeWords(opts.type), ...(opts.private ? ["--private"] : [])];
        await s.act("Creating the repository", (ctx) =>
          runRecorded(ctx, { path: ["repo", "create"], rest, changes: createChanges }, (c) =>
            createRun(c, opts),
          ),
        );
      },
    },
    {
      value: "open",
      label: "Open a repository…",
      hint: "info, files, settings, branches and tags, delete",
      run: async () => {
        const me = await loadMe(s).catch(() => undefined);
        const known = me ? await loadRepos(s, me) : [];
        const repo = await pickRepo(s.prompter, known, await defaultType(s));
        await repoMenu(s, repo);
      },
    },
    {
      value: "liked",
      label: "Repositories I like…",
      hint: "open one",
      run: async () => {
        const liked = await s.load("Loading your likes", async (ctx) => {
          const client = await ctx.client();
          return client.listLikedRepos({ username: (await client.whoami()).username });
        });
        if (!liked.length) {
          s.base.io.err.write("You like no repositories yet\n");
          return;
        }
        const known = liked.map((l) => ({ repoId: l.repo.name, type: l.repo.type as RepoType }));
        await repoMenu(s, await pickRepo(s.prompter, known, known[0]?.type ?? "model"));
      },
    },
  ]);
}

/** The menu of one repository (its message names it: `Repository alice/my-model (model)`). */
export function repoMenu(s: Session, repo: RepoChoice): Promise<void> {
  const target = { repoId: repo.repoId, type: repo.type };
  return s.menu(`Repository ${repo.repoId} (${repo.type})`, [
    {
      value: "info",
      label: "Info",
      run: async () => void (await s.act("Loading", (ctx) => infoRun(ctx, target))),
    },
    { value: "files", label: "Browse files", run: () => browse(s, repo) },
    {
      value: "upload",
      label: "Upload",
      hint: "a file or a folder",
      run: async () => {
        const answers = await askUpload(s.prompter);
        const { uploadRun, changes } = await import("../../commands/upload.ts");
        const { localPath, pathInRepo, commitMessage } = answers;
        const rest = [repo.repoId, localPath, ...(pathInRepo ? [pathInRepo] : []), ...typeWords(repo.type)];
        if (commitMessage) rest.push("-m", commitMessage);
        await transfer(s, (ctx) =>
          runRecorded(ctx, { path: ["upload"], rest, changes }, (c) =>
            uploadRun(c, { ...target, ...answers, private: false, followSymlinks: false }),
          ),
        );
      },
    },
    {
      value: "download",
      label: "Download",
      hint: "the whole repository",
      run: async () => {
        const localDir = await askDownload(s.prompter);
        const { downloadRun } = await import("../../commands/download.ts");
        await transfer(s, (ctx) => downloadRun(ctx, { ...target, files: [], localDir, force: false }));
      },
    },
    { value: "like", label: "Like or unlike", hint: "your like, switched", run: () => toggleLike(s, repo) },
    {
      value: "stats",
      label: "Downloads and likes",
      hint: "the last 30 days",
      run: async () => void (await s.act("Loading", (ctx) => statsRun(ctx, { ...target, recent: 30 }))),
    },
    {
      value: "quota",
      label: "Storage and quota",
      run: async () => void (await s.act("Loading", (ctx) => quotaRun(ctx, target))),
    },
    { value: "settings", label: "Settings", hint: "visibility", run: () => settings(s, repo) },
    { value: "refs", label: "Branches and tags", run: () => refsMenu(s, repo) },
    {
      value: "delete",
      label: "Delete this repository",
      hint: "cannot be undone",
      run: async () => {
        await confirmDanger(
          s.prompter,
          `Delete ${repo.type} ${repo.repoId} with all its files and history (this cannot be undone)?`,
        );
        const rest = [repo.repoId, ...typeWords(repo.type), "--yes"];
        const deleted = await s.act("Deleting", (ctx) =>
          runRecorded(ctx, { path: ["repo", "delete"], rest, changes: deleteChanges }, (c) =>
            deleteRun(c, { repoIds: [target.repoId], type: target.type, yes: true }),
          ),
        );
        return deleted ? "back" : undefined;
      },
    },
  ]);
}

/** Likes the repository, or takes the like back when you already like it. */
async function toggleLike(s: Session, repo: RepoChoice): Promise<void> {
  const target = { repoId: repo.repoId, type: repo.type };
  const liked = await s.load("Loading", async (ctx) => (await ctx.client()).isRepoLiked(target));
  const rest = [repo.repoId, ...typeWords(repo.type)];
  if (liked) {
    await s.act("Unliking", (ctx) =>
      runRecorded(ctx, { path: ["repo", "unlike"], rest, changes: unlikeChanges }, (c) =>
        unlikeRun(c, target),
      ),
    );
  } else {
    await s.act("Liking", (ctx) =>
      runRecorded(ctx, { path: ["repo", "like"], rest, changes: likeChanges }, (c) => likeRun(c, target)),
    );
  }
}

/** Folder by folder: the listing of `repo files`, then a choice of sub-folder, `..` or done. */
async function browse(s: Session, repo: RepoChoice): Promise<void> {
  let path = "";
  for (;;) {
    const opts = { repoId: repo.repoId, type: repo.type, path: path || undefined, recursive: false };
    if (!(await s.act(`Files in /${path}`, (ctx) => filesRun(ctx, opts)))) return;
    const entries = await s.load("Reading folders", async (ctx) => (await ctx.client()).listRepoTree(opts));
    const next = await pickFolder(s.prompter, path, entries);
    if (next === undefined) return;
    path = next;
  }
}

/** Shows the settings (`repo settings`), then offers to change the visibility. */
async function settings(s: Session, repo: RepoChoice): Promise<void> {
  const target = { repoId: repo.repoId, type: repo.type };
  if (!(await s.act("Loading settings", (ctx) => settingsRun(ctx, { ...target, changes: {} })))) return;
  const info = await s.load("Loading", async (ctx) => (await ctx.client()).repoInfo(target));
  const visibility = await s.prompter.select<"public" | "private">({
    message: "New visibility",
    options: [
      { value: "public", label: "Public", hint: info.private ? undefined : "now" },
      { value: "private", label: "Private", hint: info.private ? "now" : undefined },
    ],
    initialValue: info.private ? "private" : "public",
  });
  const isPrivate = visibility === "private";
  if (isPrivate === info.private) {
    s.base.io.err.write(`Unchanged: ${repo.repoId} stays ${visibility}\n`);
    return;
  }
  const rest = [repo.repoId, ...typeWords(repo.type), isPrivate ? "--private" : "--public"];
  await s.act("Updating", (ctx) =>
    runRecorded(ctx, { path: ["repo", "settings"], rest, changes: settingsChanges }, (c) =>
      settingsRun(c, { ...target, changes: { private: isPrivate } }),
    ),
  );
}

/** Runs an upload or a download in the session's terminal (no spinner: the command draws its progress bars). */
async function transfer(s: Session, run: (ctx: Context) => Promise<unknown>): Promise<void> {
  await s.flush();
  const ctx = await s.context();
  try {
    await run(ctx);
  } catch (err) {
    await s.showError(err, ctx);
  }
  await s.flush();
}
