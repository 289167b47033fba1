/**
 * The CLI reference (docs/cli.md), rendered from the command tree. The tree walker itself lives in
 * src/commands/_tree.ts (shell completion uses it at run time); it is re-exported here for scripts and tests.
 */
import { groupHelp, leafHelp } from "../src/commands/_help.ts";
import { flatten, loadTree } from "../src/commands/_tree.ts";

export { flatten, loadTree, type TreeNode } from "../src/commands/_tree.ts";

/** docs/cli.md: every command's help, from the tree. */
export async function renderCliReference(): Promise<string> {
  const tree = await loadTree();
  const parts = [
    "# kohub-cli command reference",
    "",
    "Generated from the command tree by `npm run docs`; `tests/cli/registry.test.ts` fails when it is stale.",
    "",
  ];
  for (const node of flatten(tree)) {
    const title = ["kohub-cli", ...node.path].join(" ");
    parts.push(`## ${title}`, "");
    const help = node.group
      ? groupHelp(node.path, node.group)
      : leafHelp(
          node.path,
          node.leaf?.meta ?? {},
          node.leaf?.args ?? {},
          node.leaf?.module.examples ?? [],
          node.leaf?.module.variadic,
        );
    parts.push("```text", help.trimEnd(), "```", "");
  }
  return `${parts.join("\n").trimEnd()}\n`;
}
