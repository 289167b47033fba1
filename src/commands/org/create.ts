/** `kohub-cli org create NAME`: create an organization; the caller becomes its super-admin. */
import { defineCommand } from "citty";
import { checkNamespace } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import type { Changes } from "../../history/types.ts";

export interface CreateOptions {
  name: string;
  description?: string;
}

export function toOptions(args: { name: string; description?: string }): CreateOptions {
  return { name: checkNamespace(args.name, "organization"), description: args.description || undefined };
}

export async function createRun(ctx: Context, opts: CreateOptions): Promise<void> {
  ctx.subject = opts.name;
  const client = await ctx.client();
  const created = await client.createOrganization({ name: opts.name, description: opts.description });
  if (ctx.json) {
    ctx.io.out.write(`${JSON.stringify({ name: created.name, description: opts.description ?? null })}\n`);
  } else if (ctx.quiet) ctx.io.out.write(`${created.name}\n`);
  ctx.log.success(`Created organization ${created.name}; you are its super-admin`);
}

/** Recorded as what `kohub-cli undo` cannot undo. */
export const changes: Changes = { irreversible: "KohakuHub has no way to delete an organization" };

export const examples = [
  'kohub-cli org create my-org --description "My organization"',
  "kohub-cli org create my-org --quiet",
];

export default defineCommand({
  meta: {
    name: "create",
    description: "Create an organization (you become its super-admin; cannot be undone)",
  },
  args: {
    name: {
      type: "positional",
      required: true,
      description: "the organization's name (letters, digits, '_', '-'; 2-64 characters)",
    },
    description: { type: "string", alias: ["d"], description: "a one-line description", valueHint: "TEXT" },
  },
  run: ({ args, data }) => createRun(data as Context, toOptions(args)),
});
