/** `kohub-cli config clear`: delete the config file (confirmed on a terminal, --yes otherwise). */
import { rmSync } from "node:fs";
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { confirmDestructive, yesArg } from "../_args.ts";

export async function clearRun(ctx: Context, opts: { yes: boolean }): Promise<void> {
  const path = await ctx.configFile();
  await confirmDestructive(ctx, opts.yes, `Delete ${path} (endpoint, token and settings)?`);
  rmSync(path, { force: true });
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ path, cleared: true })}\n`);
  ctx.log.success(`Deleted ${path}`);
}

export const examples = ["kohub-cli config clear", "kohub-cli config clear --yes"];

export default defineCommand({
  meta: { name: "clear", description: "Delete the config file" },
  args: { ...yesArg },
  run: ({ args, data }) => clearRun(data as Context, { yes: Boolean(args.yes) }),
});
