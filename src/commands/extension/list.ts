/** `kohub-cli extension list`: the installed extensions, what they are, and where they came from. */
import { dirname } from "node:path";
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printTable } from "../../output/print.ts";
import { installedExtensions } from "./_find.ts";
import { readManifest, sourceText } from "./_install.ts";

export async function listRun(ctx: Context): Promise<void> {
  const rows = installedExtensions(ctx.env).map((e) => {
    const manifest = readManifest(dirname(e.path));
    return { name: e.name, kind: e.kind, path: e.path, source: manifest?.source, commit: manifest?.commit };
  });
  printTable(
    ctx,
    rows,
    [
      { header: "NAME", value: (r) => r.name, style: (s, c) => c.bold(s) },
      { header: "KIND", value: (r) => r.kind },
      { header: "SOURCE", value: (r) => (r.source ? sourceText(r.source) : "") },
      { header: "PATH", value: (r) => r.path },
    ],
    { empty: "No extensions: see 'kohub-cli extension install --help'" },
  );
}

export const examples = ["kohub-cli extension list", "kohub-cli extension list --json"];

export default defineCommand({
  meta: { name: "list", description: "List the installed extensions" },
  args: {},
  run: ({ data }) => listRun(data as Context),
});
