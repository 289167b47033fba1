/** `kohub-cli org avatar set ORG FILE`: upload an organization's avatar (JPEG, PNG, WebP or GIF; admins only). */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { CliError, EXIT } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";

export interface SetOptions {
  org: string;
  file: string;
}

export async function setRun(ctx: Context, opts: SetOptions): Promise<void> {
  ctx.subject = opts.org;
  const file = Bun.file(opts.file);
  if (!(await file.exists())) {
    throw new CliError(`Cannot read ${opts.file}: no such file`, {
      code: "LocalFileError",
      exitCode: EXIT.USAGE,
    });
  }
  const data = await file.bytes().catch((err: Error) => {
    throw new CliError(`Cannot read ${opts.file}: ${err.message}`, { code: "LocalFileError" });
  });
  const client = await ctx.client();
  const result = await client.uploadOrganizationAvatar({
    org: opts.org,
    data,
    filename: opts.file.split(/[\\/]/).pop(),
  });
  if (ctx.json) {
    ctx.io.out.write(`${JSON.stringify({ org: opts.org, uploaded: true, size_bytes: result.size_bytes })}\n`);
  }
  ctx.log.success(`Set the avatar of ${opts.org} (${result.size_bytes} bytes stored)`);
}

/** Recorded as what `kohub-cli undo` cannot undo: the server keeps no previous avatar. */
export const changes: Changes = { irreversible: "the server keeps no previous avatar" };

export const examples = ["kohub-cli org avatar set my-org logo.png"];

export default defineCommand({
  meta: { name: "set", description: "Upload an organization's avatar (admins only; cannot be undone)" },
  args: {
    org: { type: "positional", required: true, description: "the organization's name" },
    file: {
      type: "positional",
      required: true,
      description: "a JPEG, PNG, WebP or GIF image of at most 10 MB (cropped to a square)",
    },
  },
  run: ({ args, data }) => setRun(data as Context, { org: args.org, file: args.file }),
});
