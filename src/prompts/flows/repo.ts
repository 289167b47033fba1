/** Asking about repositories: a new one, which one, a branch or tag, a folder to open. */
import type { RepoType } from "../../api/validate.ts";
import type { CreateOptions } from "../../commands/repo/create.ts";
import { CancelError } from "../../errors.ts";
import type { Choice, Prompter } from "../prompter.ts";
import { required, validRef, validRepoId, validRepoName } from "./_validate.ts";

/** A repository as the menus know it. */
export interface RepoChoice {
  repoId: string;
  type: RepoType;
}

const TYPES: Choice<RepoType>[] = [
  { value: "model", label: "Model" },
  { value: "dataset", label: "Dataset" },
  { value: "space", label: "Space" },
];

/** Asks the repo type (the config's default first). */
export function askRepoType(
  prompter: Prompter,
  initial: RepoType,
  message = "Repository type",
): Promise<RepoType> {
  return prompter.select({ message, options: TYPES, initialValue: initial });
}

/** Asks what `repo create` needs: owner (you or one of your organizations), name, type, visibility. */
export async function askCreateRepo(
  prompter: Prompter,
  options: { namespaces: string[]; defaultType: RepoType },
): Promise<CreateOptions> {
  let namespace: string | undefined;
  if (options.namespaces.length > 1) {
    namespace = await prompter.select({
      message: "Owner",
      options: options.namespaces.map((n, i) => ({
        value: n,
        label: n,
        hint: i === 0 ? "you" : "organization",
      })),
    });
  } else namespace = options.namespaces[0];
  const name = await prompter.text({
    message: "Repository name",
    placeholder: "my-model",
    validate: namespace ? validRepoName : validRepoId,
  });
  const type = await askRepoType(prompter, options.defaultType);
  const visibility = await prompter.select<"public" | "private">({
    message: "Visibility",
    options: [
      { value: "public", label: "Public", hint: "anyone can see it" },
      { value: "private", label: "Private", hint: "only you and your organization" },
    ],
  });
  return { repoId: namespace ? `${namespace}/${name}` : name, type, private: visibility === "private" };
}

/** Picks one of `known` repositories, or any other by id. */
export async function pickRepo(
  prompter: Prompter,
  known: RepoChoice[],
  defaultType: RepoType,
): Promise<RepoChoice> {
  if (known.length) {
    const value = await prompter.select({
      message: "Which repository?",
      options: [
        ...known.map((r) => ({ value: `${r.type}:${r.repoId}`, label: r.repoId, hint: r.type })),
        { value: "other", label: "Another repository…", hint: "type its id" },
      ],
    });
    if (value !== "other") {
      const [type, repoId] = value.split(/:(.*)/s) as [RepoType, string];
      return { repoId, type };
    }
  }
  const repoId = await prompter.text({
    message: "Repository id",
    placeholder: "namespace/name",
    validate: validRepoId,
  });
  return { repoId, type: await askRepoType(prompter, defaultType) };
}

/** Asks a new branch or tag name and where it starts. */
export async function askNewRef(
  prompter: Prompter,
  kind: "branch" | "tag",
): Promise<{ name: string; revision?: string }> {
  const name = await prompter.text({ message: `New ${kind} name`, validate: validRef(kind) });
  const revision = await prompter.text({
    message: kind === "branch" ? "Start from (branch, tag or commit)" : "Tag what (branch, tag or commit)",
    initialValue: "main",
    validate: validRef("revision"),
  });
  return { name, revision: revision === "main" ? undefined : revision };
}

/** Picks one of `names` (branches or tags). */
export function pickRef(prompter: Prompter, kind: "branch" | "tag", names: string[]): Promise<string> {
  return prompter.select({
    message: kind === "branch" ? "Which branch?" : "Which tag?",
    options: names.map((n) => ({ value: n, label: n })),
  });
}

/** A folder entry of the file browser. */
export interface FolderEntry {
  path: string;
  type: "file" | "directory";
}

/**
 * Asks where to go from `path`: a sub-folder, `..` (the parent) or done. Returns the new path, or
 * undefined when done.
 */
export async function pickFolder(
  prompter: Prompter,
  path: string,
  entries: FolderEntry[],
): Promise<string | undefined> {
  const folders = entries.filter((e) => e.type === "directory");
  const options: Choice<string>[] = [];
  if (path) options.push({ value: "..", label: "..", hint: `up from /${path}` });
  for (const f of folders) options.push({ value: f.path, label: `${f.path.split("/").pop()}/` });
  options.push({ value: "done", label: "Done" });
  const choice = await prompter.select({ message: "Open a folder", options });
  if (choice === "done") return undefined;
  if (choice === "..") return path.split("/").slice(0, -1).join("/");
  return choice;
}

/** Asks the confirmation of something that cannot be undone; "no" cancels (nothing is changed). */
export async function confirmDanger(prompter: Prompter, message: string): Promise<void> {
  if (!(await prompter.confirm({ message, initialValue: false }))) throw new CancelError();
}

/** A required text. */
export function askText(prompter: Prompter, message: string, what: string): Promise<string> {
  return prompter.text({ message, validate: required(what) });
}

/** Asks what `repo merge` needs: what to merge, into which branch, and who wins where both changed a file. */
export async function askMerge(
  prompter: Prompter,
  refs: { branches: string[]; tags: string[] },
): Promise<{ source: string; into: string; strategy?: "source-wins" | "dest-wins" }> {
  const source = await prompter.select({
    message: "Merge what?",
    options: [
      ...refs.branches.map((b) => ({ value: b, label: b, hint: "branch" })),
      ...refs.tags.map((t) => ({ value: t, label: t, hint: "tag" })),
    ],
  });
  const into = await prompter.select({
    message: "Into which branch?",
    options: refs.branches.filter((b) => b !== source).map((b) => ({ value: b, label: b })),
  });
  const strategy = await prompter.select<"none" | "source-wins" | "dest-wins">({
    message: "A file changed on both sides",
    options: [
      { value: "none", label: "Stop: it is a conflict" },
      { value: "source-wins", label: `Take ${source}'s version` },
      { value: "dest-wins", label: `Keep ${into}'s version` },
    ],
  });
  return { source, into, strategy: strategy === "none" ? undefined : strategy };
}

/** Picks one of a branch's recent commits (newest first). */
export function pickCommit(
  prompter: Prompter,
  commits: Array<{ id: string; title: string; date: string | null }>,
): Promise<string> {
  return prompter.select({
    message: "Which commit?",
    options: commits.map((c) => ({
      value: c.id,
      label: `${c.id.slice(0, 8)} ${c.title}`,
      hint: c.date ?? undefined,
    })),
  });
}
