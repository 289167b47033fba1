/** The namespace a command is about: the one named, else the logged-in user's (quota, user likes, avatars). */
import type { Context } from "../context.ts";

/** The namespace asked for, or the logged-in user's; it becomes the subject of errors. */
export async function namespaceOf(ctx: Context, namespace: string | undefined): Promise<string> {
  const name = namespace ?? (await (await ctx.client()).whoami()).username;
  ctx.subject = name;
  return name;
}
