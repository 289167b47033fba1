/**
 * `kohub-cli auth external-token set URL`: store (or replace) your token for one upstream source. The token
 * is read from stdin, or asked on a terminal: never from the command line, where other users' `ps` sees it.
 */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { UsageError } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";
import { printJson } from "../../../output/print.ts";
import { stdinIsTerminal } from "../../_input.ts";

export interface SetOptions {
  url: string;
}

/** The token from stdin (first line) or a hidden prompt; an empty one is a usage error. */
async function readToken(ctx: Context, url: string): Promise<string> {
  let token: string;
  if (ctx.io.canPrompt) {
    await ctx.io.flush();
    token = await (await ctx.prompter()).password({ message: `Token for ${url}` });
  } else {
    if (stdinIsTerminal())
      throw new UsageError("Cannot ask for the token here (no terminal on stderr): pipe it on stdin");
    token = (await Bun.stdin.text()).split(/\r?\n/)[0] ?? "";
  }
  token = token.trim();
  if (!token) throw new UsageError("No token given: pipe it on stdin, or run on a terminal to be asked");
  return token;
}

export async function setRun(ctx: Context, opts: SetOptions): Promise<void> {
  ctx.subject = opts.url;
  const client = await ctx.client();
  const token = await readToken(ctx, opts.url);
  const { maskToken } = await import("../../../api/http.ts");
  await client.setExternalToken({ url: opts.url, token });
  // The server keeps a token for any http(s) URL, but uses it only for a source with exactly that URL.
  const sources = await client.listFallbackSources().catch(() => undefined);
  if (sources && !sources.some((s) => s.url === opts.url)) {
    const known = sources.map((s) => s.url).join(", ") || "none";
    ctx.log.warn(
      `${opts.url} is not one of the server's upstream sources (${known}): it is stored but unused`,
    );
  }
  if (ctx.json) printJson(ctx, { url: opts.url, token: maskToken(token), saved: true });
  ctx.log.success(`Stored the token for ${opts.url} (${maskToken(token)})`);
}

/** Recorded in the history; `kohub-cli undo` cannot undo it. */
export const changes: Changes = {
  irreversible: "the token it replaced is not kept anywhere: set that one again",
};

export const examples = [
  "kohub-cli auth external-token set https://huggingface.co < hf-token.txt",
  "kohub-cli auth external-token set https://huggingface.co   # asks for the token",
];

export default defineCommand({
  meta: {
    name: "set",
    description: "Store your token for one upstream source (read from stdin or asked; cannot be undone)",
  },
  args: {
    url: {
      type: "positional",
      required: true,
      description: "the source's URL, exactly as 'kohub-cli hub info' lists it",
    },
  },
  run: ({ args, data }) => setRun(data as Context, { url: args.url }),
});
