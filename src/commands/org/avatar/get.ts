/**
 * `kohub-cli org avatar get ORG [FILE]`: save an organization's avatar to a file (ORG.jpg by default).
 * An existing file is kept unless --force: a typo must not destroy another file. (FILE is a positional:
 * `-o` is the global `--output`.)
 */
import { existsSync } from "node:fs";
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { CliError, EXIT, UsageError } from "../../../errors.ts";

export interface GetOptions {
  org: string;
  output: string;
  force: boolean;
}

export function toOptions(args: { org: string; file?: string; force?: boolean }): GetOptions {
  return { org: args.org, output: args.file || `${args.org}.jpg`, force: Boolean(args.force) };
}

export async function getRun(ctx: Context, opts: GetOptions): Promise<void> {
  ctx.subject = opts.org;
  if (!opts.force && existsSync(opts.output)) {
    throw new UsageError(`${opts.output} already exists: pass --force to overwrite it, or name another file`);
  }
  const client = await ctx.client();
  const avatar = await client.getOrganizationAvatar(opts.org);
  try {
    await Bun.write(opts.output, avatar.data);
  } catch (err) {
    throw new CliError(`Cannot write ${opts.output}: ${(err as Error).message}`, {
      code: "LocalFileError",
      exitCode: EXIT.ERROR,
    });
  }
  if (ctx.json) {
    ctx.io.out.write(
      `${JSON.stringify({ org: opts.org, path: opts.output, content_type: avatar.contentType, size_bytes: avatar.data.length })}\n`,
    );
  } else if (ctx.quiet) {
    ctx.io.out.write(`${opts.output}\n`);
  }
  ctx.log.success(`Saved the avatar of ${opts.org} to ${opts.output} (${avatar.data.length} bytes)`);
}

export const examples = [
  "kohub-cli org avatar get my-org",
  "kohub-cli org avatar get my-org logo.jpg --force",
];

export default defineCommand({
  meta: { name: "get", description: "Save an organization's avatar to a file" },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    file: { type: "positional", required: false, description: "where to save it [default: ORG.jpg]" },
    force: { type: "boolean", description: "overwrite the file if it exists" },
  },
  run: ({ args, data }) => getRun(data as Context, toOptions(args)),
});
