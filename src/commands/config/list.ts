/**
 * `kohub-cli config list`: every key of the profile in use, as an older config file held them (the token
 * masked unless --show-token). `auth status` lists the profiles.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { printTable } from "../../output/print.ts";
import { inProfile, shown } from "./_keys.ts";

export async function listRun(ctx: Context, opts: { showToken: boolean }): Promise<void> {
  const config = await ctx.config();
  const entries = Object.entries(config).map(([key, value]) => ({
    key,
    value: shown(key, value, opts.showToken),
  }));
  printTable(
    ctx,
    entries,
    [
      { header: "KEY", value: (e) => e.key, style: (s, c) => c.bold(s) },
      { header: "VALUE", value: (e) => (typeof e.value === "string" ? e.value : JSON.stringify(e.value)) },
    ],
    {
      json: Object.fromEntries(entries.map((e) => [e.key, e.value])),
      empty: `The config file is empty or missing${inProfile(await ctx.profile())}`,
    },
  );
}

export const examples = [
  "kohub-cli config list",
  "kohub-cli config list --output json",
  "kohub-cli config list --profile lab",
];

export default defineCommand({
  meta: { name: "list", description: "Show the config of the profile in use" },
  args: { "show-token": { type: "boolean", description: "print the token in full instead of masked" } },
  run: ({ args, data }) => listRun(data as Context, { showToken: Boolean(args["show-token"]) }),
});
