/**
 * `kohub-cli config get KEY`: the stored value (the token masked unless --show-token); exit 1 when unset,
 * 2 for an unknown key.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { CliError } from "../../errors.ts";
import { checkKey, inProfile, KEYS, shown } from "./_keys.ts";

export async function getRun(ctx: Context, opts: { key: string; showToken: boolean }): Promise<void> {
  const value = (await ctx.config())[opts.key];
  if (value === undefined) {
    // An unknown key is the user's input (exit 2, as for `config set`); an unset known key is an answer (1).
    if (!(KEYS as string[]).includes(opts.key)) checkKey(opts.key);
    const where = `${await ctx.configFile()}${inProfile(await ctx.profile())}`;
    throw new CliError(`${opts.key} is not set in ${where}`, { code: "NotSet" });
  }
  const out = shown(opts.key, value, opts.showToken);
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ key: opts.key, value: out })}\n`);
  else ctx.io.out.write(`${typeof out === "string" ? out : JSON.stringify(out)}\n`);
}

export const examples = [
  "kohub-cli config get endpoint",
  "kohub-cli config get token --show-token",
  "kohub-cli config get endpoint --profile lab",
];

export default defineCommand({
  meta: { name: "get", description: "Print a config value" },
  args: {
    key: { type: "positional", required: true, description: "the key (any key in the file, known or not)" },
    "show-token": { type: "boolean", description: "print the token in full instead of masked" },
  },
  run: ({ args, data }) => getRun(data as Context, { key: args.key, showToken: Boolean(args["show-token"]) }),
});
