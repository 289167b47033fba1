/** `kohub-cli auth token create`: the only place a full token is ever printed. */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { UsageError } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";

export function toOptions(args: { name?: string }): { name: string } {
  const name = args.name?.trim();
  if (!name) throw new UsageError("A token name is required: --name NAME");
  return { name };
}

export async function createRun(ctx: Context, opts: { name: string }): Promise<void> {
  const client = await ctx.client();
  const created = await client.createToken(opts.name);
  ctx.undo({ op: "token.revoke", id: created.token_id, name: opts.name });
  if (ctx.json) {
    ctx.io.out.write(`${JSON.stringify({ id: created.token_id, name: opts.name, token: created.token })}\n`);
    return;
  }
  ctx.io.out.write(`${created.token}\n`);
  ctx.log.success(
    `Created token "${opts.name}" (id ${created.token_id}). It is shown only once: store it now.`,
  );
}

/** Recorded (never the token itself); `kohub-cli undo` revokes the token. */
export const changes: Changes = true;

export const examples = [
  'kohub-cli auth token create --name "ci"',
  "kohub-cli auth token create -n laptop --quiet",
];

export default defineCommand({
  meta: { name: "create", description: "Create an API token (printed once)" },
  args: {
    name: { type: "string", alias: ["n"], description: "a name to recognise the token by", required: true },
  },
  run: ({ args, data }) => createRun(data as Context, toOptions(args)),
});
