/** `kohub-cli config clear`: delete the config file (confirmed on a terminal, --yes otherwise). */
import { rmSync } from "node:fs";
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { confirmDestructive, yesArg } from "../_args.ts";

export async function clearRun(ctx: Context, opts: { yes: boolean }): Promise<void> {
  const path = await ctx.configFile();
  await confirmDestructive(ctx, opts.yes, `Delete ${path} (${await whatGoes(ctx)})?`);
  rmSync(path, { force: true });
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ path, cleared: true })}\n`);
  ctx.log.success(`Deleted ${path}`);
}

/** What the file holds, as the question names it: every profile when there are several. */
async function whatGoes(ctx: Context): Promise<string> {
  const { listProfiles } = await import("../../config/store.ts");
  const names = listProfiles(await ctx.wholeConfig().catch(() => ({}))).map((p) => p.name);
  if (names.length <= 1) return "endpoint, token and settings";
  return `every profile: ${names.join(", ")}, with their endpoints, tokens and settings`;
}

export const examples = ["kohub-cli config clear", "kohub-cli config clear --yes"];

export default defineCommand({
  meta: { name: "clear", description: "Delete the config file" },
  args: { ...yesArg },
  run: ({ args, data }) => clearRun(data as Context, { yes: Boolean(args.yes) }),
});
