/** `kohub-cli extension remove NAME`: deletes the installed copy (its source is left alone). */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { extensionsDir } from "./_find.ts";
import { notInstalled } from "./_install.ts";

export async function removeRun(ctx: Context, opts: { name: string }): Promise<void> {
  const dir = join(extensionsDir(ctx.env), opts.name);
  if (!/^[\w.-]+$/.test(opts.name) || opts.name.startsWith(".") || !existsSync(dir))
    throw notInstalled(opts.name);
  rmSync(dir, { recursive: true, force: true });
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ name: opts.name, removed: true })}\n`);
  ctx.log.success(`Removed the extension ${opts.name}`);
}

export const examples = ["kohub-cli extension remove hello"];

export default defineCommand({
  meta: { name: "remove", description: "Remove an installed extension" },
  args: { name: { type: "positional", required: true, description: "the extension's name" } },
  run: ({ args, data }) => removeRun(data as Context, { name: args.name }),
});
