/**
 * `kohub-cli auth switch NAME`: makes a profile of the config file the active one, used by every command
 * that `--profile` and `KOHUB_PROFILE` do not point elsewhere. `default` is the top-level keys.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import type { Changes } from "../../history/types.ts";

export async function switchRun(ctx: Context, opts: { profile: string }): Promise<void> {
  const { selectProfile, updateConfig } = await import("../../config/store.ts");
  const path = await ctx.configFile();
  let previous: string | undefined;
  // Checked under the lock, against the file as it is written: a profile deleted meanwhile is refused.
  updateConfig((current) => {
    const name = selectProfile(current, opts.profile);
    if ((current.active_profile ?? "default") === name) return {};
    previous = current.active_profile ?? "default";
    // The default profile is the file without the key, as an older kohub-cli wrote it.
    return { active_profile: name === "default" ? undefined : name };
  }, path);
  if (previous === undefined)
    ctx.history.read = true; // already the active one: nothing to record
  else ctx.undo({ op: "profile.switch", to: previous, now: opts.profile });
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ active_profile: opts.profile })}\n`);
  ctx.log.success(`Active profile: ${opts.profile}`);
  // The active profile is only the fallback: say when this command line (or session) chooses another.
  const chosen = ctx.globals.profile ?? (ctx.env.KOHUB_PROFILE || undefined);
  if (chosen !== undefined && chosen !== opts.profile) {
    const by = ctx.globals.profile !== undefined ? `--profile ${chosen}` : `KOHUB_PROFILE=${chosen}`;
    ctx.log.warn(`${by} still chooses the profile where it is given, not the active one`);
  }
}

/** Recorded when it changes the active profile; `kohub-cli undo` makes the previous one active again. */
export const changes: Changes = true;

export const examples = ["kohub-cli auth switch lab", "kohub-cli auth switch default"];

export default defineCommand({
  meta: { name: "switch", description: "Make a profile the active one (see 'auth status')" },
  args: {
    profile: {
      type: "positional",
      required: true,
      description: "the profile's name ('default' for the top-level keys)",
    },
  },
  run: ({ args, data }) => switchRun(data as Context, { profile: args.profile }),
});
