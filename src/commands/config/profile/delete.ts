/**
 * `kohub-cli config profile delete NAME`: removes a profile from the config file (confirmed on a terminal,
 * `--yes` otherwise). A profile still holding the token its login created is refused unless `--force`:
 * deleting it would leave that token valid on the server with nothing left to revoke it.
 */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { CliError } from "../../../errors.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";

export interface DeleteOptions {
  name: string;
  yes: boolean;
  force: boolean;
}

export async function deleteRun(ctx: Context, opts: DeleteOptions): Promise<void> {
  const { checkDeletable, deleteProfile, profileConfig } = await import("../../../config/store.ts");
  const whole = await ctx.wholeConfig();
  checkDeletable(whole, opts.name); // before asking; checked again under the lock
  const { token, token_id } = profileConfig(whole, opts.name);
  if (token && typeof token_id === "number" && !opts.force) {
    throw new CliError(
      `Profile ${opts.name} is still logged in: run 'kohub-cli auth logout --profile ${opts.name}' first (it revokes the token), or pass --force to leave the token valid on the server`,
      { code: "ProfileLoggedIn" },
    );
  }
  await confirmDestructive(
    ctx,
    opts.yes,
    `Delete the profile ${opts.name} (its endpoint, token and settings)?`,
  );
  const { removed, wasActive } = deleteProfile(opts.name, await ctx.configFile());
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

export const examples = [
  "kohub-cli config profile delete lab",
  "kohub-cli auth logout --profile lab && kohub-cli config profile delete lab --yes",
];

export default defineCommand({
  meta: { name: "delete", description: "Delete a profile from the config file" },
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
