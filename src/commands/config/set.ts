/**
 * `kohub-cli config set KEY VALUE`: into the profile in use (`--profile NEW` creates it); a key all
 * profiles share (`interactive_mode_default`) goes to the top level.
 */
import { defineCommand } from "citty";
import type { ConfigKey, KohubConfig } from "../../config/store.ts";
import type { Context } from "../../context.ts";
import type { Changes } from "../../history/types.ts";
import { type ConfigValue, checkKey, inProfile, parseValue } from "./_keys.ts";

export function toOptions(args: { key: string; value: string }): { key: ConfigKey; value: ConfigValue } {
  const key = checkKey(args.key);
  return { key, value: parseValue(key, args.value) };
}

export async function setRun(ctx: Context, opts: { key: ConfigKey; value: ConfigValue }): Promise<void> {
  const profile = await ctx.profile({ create: true });
  const { before } = await ctx.updateConfig(() => ({ [opts.key]: opts.value }));
  // A secret is never written to the history, so its previous value cannot come back.
  if (opts.key === "token")
    ctx.history.irreversible = "the previous token is not recorded (secrets never are)";
  else ctx.undo({ op: "config.set", key: opts.key, value: before[opts.key], now: opts.value });
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ key: opts.key, set: true })}\n`);
  ctx.log.success(`Set ${opts.key} in ${await ctx.configFile()}${inProfile(profile, opts.key)}`);
  if (opts.key === "token") warnReplacedLogin(ctx, before, opts.value);
}

/**
 * The config forgets the id of a token `auth login` created when another token replaces it, so logout
 * can no longer revoke that token: say so, and how to revoke it.
 */
function warnReplacedLogin(ctx: Context, before: KohubConfig, token: unknown): void {
  if (typeof before.token_id !== "number" || before.token === token) return;
  const id = before.token_id;
  ctx.log.warn(
    `The token of the previous 'auth login' (id ${id}) stays valid on the server: revoke it with 'kohub-cli auth token delete ${id}'`,
  );
}

/** Recorded; `kohub-cli undo` gives the key its previous value (except the token). */
export const changes: Changes = true;

export const examples = [
  "kohub-cli config set endpoint http://localhost:8000",
  "kohub-cli config set default_repo_type dataset",
  "kohub-cli config set interactive_mode_default false",
  "kohub-cli config set endpoint https://hub.lab.example --profile lab",
];

export default defineCommand({
  meta: { name: "set", description: "Set a config value" },
  args: {
    key: {
      type: "positional",
      required: true,
      description: "endpoint, token, default_repo_type or interactive_mode_default",
    },
    value: { type: "positional", required: true, description: "the value" },
  },
  run: ({ args, data }) => setRun(data as Context, toOptions(args)),
});
