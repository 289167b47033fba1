/**
 * `kohub-cli config profile delete NAME`: removes a profile from the config file (confirmed on a terminal,
 * `--yes` otherwise). A profile still holding the token its login created is refused unless `--force`:
 * deleting it would leave that token valid on the server with nothing left to revoke it. Recorded: undo puts
 * it back, unless it held a token (the history never stores one).
 */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { CliError } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";

export interface DeleteOptions {
  name: string;
  yes: boolean;
  force: boolean;
}

export async function deleteRun(ctx: Context, opts: DeleteOptions): Promise<void> {
  const { checkDeletable, deleteProfile, loadConfig, profileConfig } = await import(
    "../../../config/store.ts"
  );
  const whole = await ctx.wholeConfig();
  checkDeletable(whole, opts.name); // before asking; checked again under the lock
  const { token, token_id } = profileConfig(whole, opts.name);
  if (token && typeof token_id === "number" && !opts.force) {
    throw new CliError(
      `Profile ${opts.name} is still logged in: run 'kohub-cli auth logout --profile ${opts.name}' first (it revokes the token), or pass --force to leave the token valid on the server`,
      { code: "ProfileLoggedIn" },
    );
  }
  const undoable = token ? " (this cannot be undone: the history never stores its token)" : "";
  await confirmDestructive(
    ctx,
    opts.yes,
    `Delete the profile ${opts.name} (its endpoint, token and settings)${undoable}?`,
  );
  const inUse = (await ctx.profile().catch(() => undefined)) === opts.name;
  const { removed, wasActive } = deleteProfile(opts.name, await ctx.configFile());
  // The entry belongs to the profile in use from now on: undo could not run at a deleted one.
  if (inUse) ctx.history.profile = loadConfig(await ctx.configFile()).active_profile ?? "default";
  noteUndo(ctx, opts.name, removed, wasActive);
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ profile: opts.name, deleted: true })}\n`);
  ctx.log.success(
    `Deleted the profile ${opts.name}${wasActive ? "; the active profile is default again" : ""}`,
  );
  if (removed.token && typeof removed.token_id === "number") {
    ctx.log.warn(
      `The token of its login (id ${removed.token_id}) stays valid on ${removed.endpoint ?? "its server"}`,
    );
  }
}

/** Hands history the profile's values to put back, or why they cannot be: it held a token. */
function noteUndo(ctx: Context, name: string, removed: Record<string, unknown>, active: boolean): void {
  if (removed.token !== undefined) {
    ctx.history.irreversible = "the profile held a token, which the history never stores";
    return;
  }
  const { token_id: _unused, ...values } = removed;
  ctx.undo({ op: "profile.restore", name, values, active });
}

/** Recorded; `kohub-cli undo` puts a profile without a token back. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli config profile delete lab",
  "kohub-cli auth logout --profile lab && kohub-cli config profile delete lab --yes",
];

export default defineCommand({
  meta: {
    name: "delete",
    description: "Delete a profile from the config file (undo puts it back unless it held a token)",
  },
  args: {
    name: { type: "positional", required: true, description: "the profile's name" },
    ...yesArg,
    force: {
      type: "boolean",
      description: "delete it even though its login's token would stay valid on the server",
    },
  },
  run: ({ args, data }) =>
    deleteRun(data as Context, { name: args.name, yes: Boolean(args.yes), force: Boolean(args.force) }),
});
