/** `kohub-cli config path`. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";

export async function pathRun(ctx: Context): Promise<void> {
  const path = await ctx.configFile();
  ctx.io.out.write(ctx.json ? `${JSON.stringify({ path })}\n` : `${path}\n`);
}

export const examples = ["kohub-cli config path"];

export default defineCommand({
  meta: { name: "path", description: "Print the path of the config file" },
  args: {},
  run: ({ data }) => pathRun(data as Context),
});
