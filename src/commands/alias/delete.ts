/** `kohub-cli alias delete NAME`. */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { CliError, EXIT, UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";
import { aliasesPath } from "./_file.ts";
import { updateAliases } from "./_write.ts";
import { noteAliasUndo } from "./set.ts";

export interface DeleteOptions {
  names: string[];
  all: boolean;
}

export function toOptions(args: { name?: string; all?: boolean }): DeleteOptions {
  if (args.all && args.name) throw new UsageError("Give an alias's name or --all, not both");
  if (!args.all && !args.name) throw new UsageError("Which alias? Give its name, or --all");
  return { names: args.name ? [args.name] : [], all: Boolean(args.all) };
}

export async function deleteRun(ctx: Context, opts: DeleteOptions): Promise<void> {
  const before: Record<string, string> = {};
  const deleted = updateAliases(aliasesPath(ctx.env), (aliases) => {
    const names = opts.all ? Object.keys(aliases) : opts.names;
    Object.assign(before, aliases);
    for (const name of names) {
      if (aliases[name] === undefined) {
        throw new CliError(`No alias named "${name}" (see 'kohub-cli alias list')`, {
          code: "AliasNotFound",
          exitCode: EXIT.NOT_FOUND,
        });
      }
      delete aliases[name];
    }
    return names;
  });
  await noteAliasUndo(ctx, before, Object.fromEntries(deleted.map((name) => [name, undefined])));
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ deleted })}\n`);
  ctx.log.success(deleted.length ? `Deleted ${deleted.join(", ")}` : "There were no aliases");
}

/** Recorded; `kohub-cli undo` sets the deleted aliases back. */
export const changes: Changes = true;

export const examples = ["kohub-cli alias delete ri", "kohub-cli alias delete --all"];

export default defineCommand({
  meta: { name: "delete", description: "Delete an alias" },
  args: {
    name: { type: "positional", required: false, description: "the alias to delete" },
    all: { type: "boolean", description: "delete every alias" },
  },
  run: ({ args, data }) => deleteRun(data as Context, toOptions(args)),
});
