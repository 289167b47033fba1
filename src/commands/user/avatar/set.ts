/** `kohub-cli user avatar set FILE`: upload your avatar; the server crops it to a square JPEG. */
import { defineCommand } from "citty";
import { AVATAR_MAX_BYTES, sniffImageType } from "../../../api/avatar.ts";
import type { Context } from "../../../context.ts";
import { UsageError } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";
import { formatBytes } from "../../../output/format.ts";
import { printJson } from "../../../output/print.ts";

/** The image's bytes, checked before sending: it exists, is small enough and is an image type the server takes. */
export async function readImage(path: string): Promise<Uint8Array> {
  let data: Uint8Array;
  try {
    data = await Bun.file(path).bytes();
  } catch (err) {
    throw new UsageError(
      `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  if (data.length > AVATAR_MAX_BYTES) {
    throw new UsageError(`${path} is ${formatBytes(data.length)}: the server takes at most 10 MB`);
  }
  if (!sniffImageType(data)) throw new UsageError(`${path} is not a JPEG, PNG, WebP or GIF image`);
  return data;
}

export async function setRun(ctx: Context, opts: { file: string }): Promise<void> {
  const data = await readImage(opts.file);
  const client = await ctx.client();
  const result = await client.uploadAvatar({ file: data });
  if (ctx.json) printJson(ctx, { file: opts.file, size_bytes: result.size_bytes, set: true });
  ctx.log.success(`Avatar set from ${opts.file} (the server stored ${formatBytes(result.size_bytes)})`);
}

/** Recorded in the history; `kohub-cli undo` cannot undo it. */
export const changes: Changes = { irreversible: "the server keeps no previous avatar" };

export const examples = [
  "kohub-cli user avatar set me.png",
  "kohub-cli --output json user avatar set me.jpg",
];

export default defineCommand({
  meta: {
    name: "set",
    description: "Upload your avatar (JPEG, PNG, WebP or GIF, at most 10 MB; cannot be undone)",
  },
  args: { file: { type: "positional", required: true, description: "the image file" } },
  run: ({ args, data }) => setRun(data as Context, { file: args.file }),
});
