/**
 * `kohub-cli config profile list`: the config file's profiles, their servers, whether each holds a token,
 * and the active one, read from the file alone (`auth status` asks each server whether the token works).
 */
import { defineCommand } from "citty";
import { maskToken } from "../../../api/http.ts";
import { listProfiles } from "../../../config/store.ts";
import type { Context } from "../../../context.ts";
import { printLines, printTable } from "../../../output/print.ts";

export async function listRun(ctx: Context): Promise<void> {
  const profiles = listProfiles(await ctx.wholeConfig(), await ctx.profile()).map((p) => ({
    name: p.name,
    active: p.active,
    endpoint: p.endpoint ?? null,
    token: p.token ? maskToken(p.token) : null,
  }));
  if (ctx.quiet && !ctx.json) {
    printLines(
      ctx,
      profiles.map((p) => p.name),
    );
    return;
  }
  printTable(ctx, profiles, [
    { header: "", value: (p) => (p.active ? "*" : "") },
    { header: "PROFILE", value: (p) => p.name, style: (s, c) => c.bold(s) },
    { header: "ENDPOINT", value: (p) => p.endpoint },
    { header: "TOKEN", value: (p) => p.token },
  ]);
}

export const examples = ["kohub-cli config profile list", "kohub-cli config profile list -q"];

export default defineCommand({
  meta: { name: "list", description: "List the profiles, without asking their servers" },
  args: {},
  run: ({ data }) => listRun(data as Context),
});
