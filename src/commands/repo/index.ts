import { defineGroup } from "../_define.ts";

export default defineGroup(
  { name: "repo", description: "Create, inspect, list and manage repositories" },
  {
    create: ["Create a repository", () => import("./create.ts")],
    "check-name": [
      "Check that a repository name is free (exit 6 when taken)",
      () => import("./check-name.ts"),
    ],
    delete: ["Delete a repository (irreversible)", () => import("./delete.ts")],
    info: [
      "Show a repository: visibility, dates, commit, downloads, likes, files",
      () => import("./info.ts"),
    ],
    list: ["List repositories of a type (all visible to you)", () => import("./list.ts")],
    ls: ["List the repositories of a user or organization", () => import("./ls.ts")],
    files: ["List the files of a repository (LFS files and folders marked)", () => import("./files.ts")],
    clone: ["Clone a repository with git (main only; LFS files through git-lfs)", () => import("./clone.ts")],
    rm: ["Delete files or folders from a repository (one commit)", () => import("./rm.ts")],
    commits: ["List the commit history of a branch, newest first", () => import("./commits.ts")],
    commit: ["Show one commit: message, author, date, parents", () => import("./commit.ts")],
    "commit-diff": ["Show the files a commit changed (and the diffs)", () => import("./commit-diff.ts")],
    refs: ["List branches and tags with the commits they point to", () => import("./refs.ts")],
    branch: ["Create and delete branches", () => import("./branch/index.ts")],
    tag: ["Create and delete tags", () => import("./tag/index.ts")],
    settings: ["Show or change a repository's visibility and LFS settings", () => import("./settings.ts")],
    move: ["Rename or move a repository (keeps only main's files)", () => import("./move.ts")],
    squash: ["Squash a repository's history into one commit (irreversible)", () => import("./squash.ts")],
    reset: ["Reset a branch to an older commit's content (as a new commit)", () => import("./reset.ts")],
    revert: ["Undo a commit with a new commit on a branch", () => import("./revert.ts")],
    merge: ["Merge a branch, tag or commit into a branch", () => import("./merge.ts")],
    like: ["Like a repository", () => import("./like.ts")],
    unlike: ["Take back your like of a repository", () => import("./unlike.ts")],
    likers: ["List who likes a repository, newest first", () => import("./likers.ts")],
    stats: ["Show a repository's downloads and likes (and daily downloads)", () => import("./stats.ts")],
    trending: ["List the most downloaded repositories of the last days", () => import("./trending.ts")],
  },
  {
    examples: [
      "kohub-cli repo create my-org/my-model --type model --private",
      "kohub-cli repo info my-org/my-model",
      "kohub-cli repo files my-org/my-model --recursive",
      "kohub-cli --output json repo list --type dataset --author my-org",
    ],
  },
);
