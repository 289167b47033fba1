/**
 * Walks the command tree (loading every command) for the things generated from it: docs/cli.md,
 * shell completion, and the registry test.
 */
import type { ArgsDef } from "citty";
import { type AnyCommand, type GroupCommand, isGroup, type LeafModule } from "../src/commands/_define.ts";
import { groupHelp, leafHelp } from "../src/commands/_help.ts";
import root from "../src/commands/index.ts";

/** A node of the loaded tree. */
export interface TreeNode {
  path: string[];
  /** The description given in the parent group's entry. */
  entryDescription: string;
  group?: GroupCommand;
  leaf?: {
    command: AnyCommand;
    module: LeafModule;
    args: ArgsDef;
    meta: { name?: string; description?: string };
  };
  children: TreeNode[];
}

async function resolve<T>(
  value: T | (() => T | Promise<T>) | Promise<T> | undefined,
): Promise<T | undefined> {
  return typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;
}

/** Loads the whole tree. */
export async function loadTree(
  group: GroupCommand = root,
  path: string[] = [],
  description = root.meta.description,
): Promise<TreeNode> {
  const node: TreeNode = { path, entryDescription: description, group, children: [] };
  for (const [name, [entryDescription, load]] of Object.entries(group.entries)) {
    const mod = await load();
    const cmd = mod.default;
    if (isGroup(cmd)) node.children.push(await loadTree(cmd, [...path, name], entryDescription));
    else {
      const module = mod as LeafModule;
      node.children.push({
        path: [...path, name],
        entryDescription,
        leaf: {
          command: cmd,
          module,
          args: ((await resolve(cmd.args)) ?? {}) as ArgsDef,
          meta: ((await resolve(cmd.meta)) ?? {}) as { name?: string; description?: string },
        },
        children: [],
      });
    }
  }
  return node;
}

/** Every node, depth first. */
export function flatten(node: TreeNode): TreeNode[] {
  return [node, ...node.children.flatMap(flatten)];
}

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
