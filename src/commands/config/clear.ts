/**
 * `kohub-cli config clear`: delete the config file (confirmed on a terminal, --yes otherwise). Recorded as
 * not undoable: the file holds tokens, which the history never stores.
 */
import { rmSync } from "node:fs";
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import type { Changes } from "../../history/types.ts";
import { confirmDestructive, yesArg } from "../_args.ts";

export async function clearRun(ctx: Context, opts: { yes: boolean }): Promise<void> {
  const path = await ctx.configFile();
  await confirmDestructive(ctx, opts.yes, `Delete ${path} (${await whatGoes(ctx)}; this cannot be undone)?`);
  rmSync(path, { force: true });
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ path, cleared: true })}\n`);
  ctx.log.success(`Deleted ${path}`);
}

/** What the file holds, as the question names it: every profile when there are several. */
async function whatGoes(ctx: Context): Promise<string> {
  const { profileNames } = await import("../../config/store.ts");
  const names = profileNames(await ctx.wholeConfig().catch(() => ({})));
  if (names.length <= 1) return "endpoint, token and settings";
  return `every profile: ${names.join(", ")}, with their endpoints, tokens and settings`;
}

/** Recorded, and not undone: bringing the file back would need its tokens. */
export const changes: Changes = {
  irreversible: "it deleted the config file's tokens, which the history never stores",
};

export const examples = ["kohub-cli config clear", "kohub-cli config clear --yes"];

export default defineCommand({
  meta: { name: "clear", description: "Delete the config file (cannot be undone: it holds the tokens)" },
  args: { ...yesArg },
  run: ({ args, data }) => clearRun(data as Context, { yes: Boolean(args.yes) }),
});
