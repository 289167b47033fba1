/**
 * Shared by `repo branch delete`, `repo tag delete/create` and undo: KohakuHub answers a 500 for a missing branch
 * or tag (and for an existing tag), so the refs are read first to give a real not-found / conflict error.
 *
 * @module
 */
import type { KohubClient } from "../../api/client.ts";
import type { RepoType } from "../../api/validate.ts";
import { CliError, EXIT } from "../../errors.ts";

/** The commit a branch or tag points at, undefined when there is none (throws RepoNotFound for a missing repo). */
export async function refHead(
  client: KohubClient,
  target: { repoId: string; type: RepoType },
  kind: "branch" | "tag",
  name: string,
): Promise<string | undefined> {
  const refs = await client.listRefs(target);
  return (kind === "branch" ? refs.branches : refs.tags).find((r) => r.name === name)?.targetCommit;
}

/** `Branch not found: my-org/my-model@dev` (exit 3). */
export function refNotFound(kind: "branch" | "tag", repoId: string, name: string): CliError {
  return new CliError(`${kind === "branch" ? "Branch" : "Tag"} not found`, {
    code: "RevisionNotFound",
    details: `${repoId}@${name}`,
    exitCode: EXIT.NOT_FOUND,
  });
}
