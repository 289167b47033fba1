/**
 * `kohub-cli auth ssh-key add FILE|-`: register an SSH public key (`<type> <base64> [comment]`, as in
 * `~/.ssh/id_ed25519.pub`). A private key is refused before anything is sent.
 */
import { basename } from "node:path";
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { CliError, explain, UsageError } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";
import { printJson, printLines, printRecord } from "../../../output/print.ts";
import { inputName, readTextInput } from "./_input.ts";

/** The key types the server accepts (KohakuHub's api/git/routers/ssh_keys.py); it does not list them itself. */
export const SERVER_KEY_TYPES = [
  "ssh-rsa",
  "ssh-dss",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "ssh-ed25519",
];

export interface AddOptions {
  file: string;
  title?: string | undefined;
}

/** The one key line of the input, and the title to register it under. */
export function parseKey(text: string, opts: AddOptions): { key: string; title: string } {
  const source = inputName(opts.file);
  if (/PRIVATE KEY/.test(text)) {
    const hint = opts.file === "-" ? "" : ` (${opts.file}.pub?)`;
    throw new UsageError(`${source} holds a private key: give the public key${hint}; nothing was sent`);
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  if (lines.length === 0) throw new UsageError(`${source} holds no SSH public key`);
  if (lines.length > 1) throw new UsageError(`${source} holds ${lines.length} keys: add them one at a time`);
  const key = lines[0] as string;
  const comment = key.split(/\s+/).slice(2).join(" ");
  const title = opts.title?.trim() || comment || (opts.file === "-" ? "" : basename(opts.file));
  if (!title) throw new UsageError("The key has no comment to use as its title: pass --title TITLE");
  return { key, title };
}

export async function addRun(ctx: Context, opts: AddOptions): Promise<void> {
  const { key, title } = parseKey(await readTextInput(opts.file), opts);
  const client = await ctx.client();
  const added = await client.addSshKey({ title, key }).catch((err: unknown) => {
    // The server names the refused type but not the accepted ones.
    if (err instanceof Error && /Unsupported key type/.test(err.message)) {
      const { code, exitCode } = explain(err);
      const message = `${err.message} (the server accepts ${SERVER_KEY_TYPES.join(", ")})`;
      throw new CliError(message, { code, exitCode });
    }
    throw err;
  });
  if (ctx.json) printJson(ctx, added);
  else if (ctx.quiet) printLines(ctx, [String(added.id)]);
  else if (ctx.io.isOutTTY) {
    printRecord(
      ctx,
      [
        ["ID", added.id],
        ["Title", added.title],
        ["Type", added.key_type],
        ["Fingerprint", added.fingerprint],
      ],
      added,
    );
  } else printLines(ctx, [`${added.id}\t${added.fingerprint}`]);
  ctx.log.success(`Added SSH key "${added.title}" (id ${added.id})`);
}

/** Recorded in the history; `kohub-cli undo` cannot undo it. */
export const changes: Changes = {
  irreversible: "undo does not delete SSH keys: use 'kohub-cli auth ssh-key delete ID'",
};

export const examples = [
  "kohub-cli auth ssh-key add ~/.ssh/id_ed25519.pub",
  "kohub-cli auth ssh-key add ~/.ssh/id_ed25519.pub --title laptop",
  "kohub-cli auth ssh-key add - --title agent < ~/.ssh/id_ed25519.pub",
];

export default defineCommand({
  meta: { name: "add", description: "Add an SSH public key from a file (or - for stdin)" },
  args: {
    file: { type: "positional", required: true, description: "the public key file (.pub), or - for stdin" },
    title: {
      type: "string",
      description: "a name for the key [default: the key's comment, else the file name]",
      valueHint: "TITLE",
    },
  },
  run: ({ args, data }) => addRun(data as Context, { file: args.file, title: args.title }),
});
