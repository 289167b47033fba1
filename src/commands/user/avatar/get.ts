/**
 * `kohub-cli user avatar get [NAME] [--file FILE]`: download a user's avatar, to NAME.jpg by default (never over
 * an existing file unless it is named with --file), or to stdout with `--file -`. (`-o` is the global --output.)
 */
import { existsSync } from "node:fs";
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { UsageError } from "../../../errors.ts";
import { formatBytes } from "../../../output/format.ts";
import { printJson, printLines } from "../../../output/print.ts";
import { namespaceOf } from "../../_namespace.ts";

export interface GetOptions {
  name?: string | undefined;
  file?: string | undefined;
}

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/webp": "webp", "image/gif": "gif" };

export async function getRun(ctx: Context, opts: GetOptions): Promise<void> {
  if (opts.file === "-" && ctx.io.isOutTTY) {
    throw new UsageError("Not writing an image to the terminal: pipe it, or give --file FILE");
  }
  if (opts.file === "-" && ctx.json) {
    throw new UsageError("--file - writes the image itself to stdout: it cannot go with --output json");
  }
  const client = await ctx.client();
  const username = await namespaceOf(ctx, opts.name);
  const avatar = await client.getAvatar({ username });
  if (opts.file === "-") {
    await ctx.io.flush();
    await Bun.write(Bun.stdout, avatar.data);
    return;
  }
  let path = opts.file;
  if (path === undefined) {
    path = `${username}.${EXTENSIONS[avatar.contentType] ?? "jpg"}`;
    if (existsSync(path))
      throw new UsageError(`${path} exists: give --file FILE to write over it or elsewhere`);
  }
  await Bun.write(path, avatar.data);
  if (ctx.json) {
    printJson(ctx, { username, path, bytes: avatar.data.length, content_type: avatar.contentType });
  } else if (ctx.quiet) printLines(ctx, [path]);
  ctx.log.success(`Saved the avatar of ${username} to ${path} (${formatBytes(avatar.data.length)})`);
}

export const examples = [
  "kohub-cli user avatar get            # yours, to USERNAME.jpg",
  "kohub-cli user avatar get alice --file alice.jpg",
  "kohub-cli user avatar get alice -f - > alice.jpg",
];

export default defineCommand({
  meta: { name: "get", description: "Download a user's avatar to a file" },
  args: {
    name: { type: "positional", required: false, description: "the user [default: you]" },
    file: {
      type: "string",
      alias: ["f"],
      description: "where to write it (- for stdout) [default: NAME.jpg]",
      valueHint: "FILE",
    },
  },
  run: ({ args, data }) => getRun(data as Context, { name: args.name, file: args.file }),
});
