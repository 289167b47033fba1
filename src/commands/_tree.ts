/**
 * Walks the command tree, loading every command: for the things generated from it (shell completion at
 * run time; docs/cli.md and the registry test from scripts/).
 *
 * Only `kohub-cli completion` loads this at run time; nothing on the startup path imports it.
 *
 * @module
 */
import type { ArgsDef } from "citty";
import { type AnyCommand, type GroupCommand, isGroup, type LeafModule } from "./_define.ts";
import root from "./index.ts";

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

/** Loads the whole tree (every command module). */
export async function loadTree(
  group: GroupCommand = root,
  path: string[] = [],
  description = group.meta.description,
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
