/**
 * The command tree itself: names match registry keys, every command has a description and examples,
 * group entries describe their commands as the commands do, and docs/cli.md is up to date.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { flatten, loadTree, renderCliReference } from "../../scripts/cli-tree.ts";

const tree = await loadTree();
const nodes = flatten(tree).filter((n) => n.path.length > 0);

describe("command registry", () => {
  test.each(nodes.map((n) => [n.path.join(" "), n] as const))("%s", (_name, node) => {
    const key = node.path[node.path.length - 1];
    if (node.group) {
      expect(node.group.meta.name).toBe(key as string);
      expect(node.group.meta.description).toBe(node.entryDescription);
      expect(Object.keys(node.group.entries).length).toBeGreaterThan(0);
    } else {
      const leaf = node.leaf as NonNullable<typeof node.leaf>;
      expect(leaf.meta.name).toBe(key);
      expect(leaf.meta.description?.length).toBeGreaterThan(0);
      expect(node.entryDescription.length).toBeGreaterThan(0);
      expect(leaf.module.examples.length).toBeGreaterThan(0);
      for (const example of leaf.module.examples) expect(example).toStartWith(`kohub-cli `);
      for (const [name, def] of Object.entries(leaf.args)) {
        expect(def.description?.length, `${node.path.join(" ")} --${name} has a description`).toBeGreaterThan(
          0,
        );
      }
    }
  });

  test("docs/cli.md is up to date (run `npm run docs`)", async () => {
    const committed = readFileSync(join(import.meta.dir, "..", "..", "docs", "cli.md"), "utf8");
    expect(committed).toBe(await renderCliReference());
  });
});
