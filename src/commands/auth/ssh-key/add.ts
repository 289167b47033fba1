/**
 * `kohub-cli auth ssh-key add FILE|-`: register an SSH public key (`<type> <base64> [comment]`, as in
 * `~/.ssh/id_ed25519.pub`). A private key is refused before anything is sent.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { defineCommand } from "citty";
import type { KohubClient } from "../../../api/client.ts";
import type { Context } from "../../../context.ts";
import { CliError, explain, UsageError } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";
import { printJson, printLines, printRecord } from "../../../output/print.ts";
import { inputName } from "../../_input.ts";
import { readTextInput } from "./_input.ts";

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

/** The server's fingerprint of a key line: SHA256 of its key blob, base64 without padding. */
export function fingerprintOf(key: string): string {
  const blob = Buffer.from(key.split(/\s+/)[1] ?? "", "base64");
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** The 409 of a key registered already, saying whether it is one of yours (and which) or someone else's. */
async function whoseKey(client: KohubClient, key: string, err: Error): Promise<CliError> {
  const fingerprint = fingerprintOf(key);
  const mine = (await client.listSshKeys().catch(() => [])).find((k) => k.fingerprint === fingerprint);
  const message = mine
    ? `This key is already yours: SSH key ${mine.id} "${mine.title}" (${fingerprint})`
    : `This key (${fingerprint}) is registered by another user: a key can belong to one account only`;
  return new CliError(message, { code: "ConflictError", exitCode: explain(err).exitCode });
}

export async function addRun(ctx: Context, opts: AddOptions): Promise<void> {
  const { key, title } = parseKey(await readTextInput(opts.file), opts);
  const client = await ctx.client();
  const added = await client.addSshKey({ title, key }).catch(async (err: unknown) => {
    // The server names the refused type but not the accepted ones.
    if (err instanceof Error && /Unsupported key type/.test(err.message)) {
      const { code, exitCode } = explain(err);
      const message = `${err.message} (the server accepts ${SERVER_KEY_TYPES.join(", ")})`;
      throw new CliError(message, { code, exitCode });
    }
    if (err instanceof Error && err.name === "ConflictError") throw await whoseKey(client, key, err);
    throw err;
  });
  ctx.undo({ op: "sshkey.delete", id: added.id, title: added.title, fingerprint: added.fingerprint });
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

/** Recorded; `kohub-cli undo` deletes the key it added (unless that id names another key by then). */
export const changes: Changes = true;

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
