/**
 * `kohub-cli auth external-token import FILE|-`: replace the whole set of your upstream tokens with those of
 * a JSON file (the server's bulk endpoint): URLs left out are deleted. The server applies it step by step,
 * so a refused URL can leave the set partly changed.
 */
import { defineCommand } from "citty";
import type { Context } from "../../../context.ts";
import { UsageError } from "../../../errors.ts";
import type { Changes } from "../../../history/types.ts";
import { printJson, printTable } from "../../../output/print.ts";
import { confirmDestructive, yesArg } from "../../_args.ts";
import { inputName } from "../../_input.ts";
import { readTextInput } from "../ssh-key/_input.ts";

export interface ImportOptions {
  file: string;
  yes: boolean;
}

type Pair = { url: string; token: string };

/**
 * The pairs of a file: `{"URL": "TOKEN", ...}`, `[{"url", "token"}, ...]`, or the bulk body
 * `{"tokens": [...]}`. Every entry is checked before anything is sent.
 */
export function parseTokens(text: string, source: string): Pair[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  if (data && typeof data === "object" && !Array.isArray(data) && "tokens" in data) {
    data = (data as { tokens: unknown }).tokens;
  }
  if (data === null || typeof data !== "object") {
    throw new UsageError(`${source}: expected {"URL": "TOKEN", ...} or [{"url": ..., "token": ...}]`);
  }
  const entries: unknown[] = Array.isArray(data)
    ? data
    : Object.entries(data).map(([url, token]) => ({ url, token }));
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const { url, token } = (entry ?? {}) as Partial<Record<string, unknown>>;
    const where = `${source}, entry ${i + 1}`;
    if (typeof url !== "string" || !/^https?:\/\//.test(url)) {
      throw new UsageError(`${where}: the URL must be an http(s) URL`);
    }
    if (typeof token !== "string" || !token.trim()) throw new UsageError(`${where}: no token for ${url}`);
    if (seen.has(url)) throw new UsageError(`${where}: ${url} is given twice`);
    seen.add(url);
    return { url, token: token.trim() };
  });
}

export async function importRun(ctx: Context, opts: ImportOptions): Promise<void> {
  const source = inputName(opts.file);
  const tokens = parseTokens(await readTextInput(opts.file), source);
  await confirmDestructive(
    ctx,
    opts.yes,
    `Replace all your upstream tokens with the ${tokens.length} of ${source} (tokens for other URLs are deleted; this cannot be undone)?`,
  );
  const client = await ctx.client();
  const { maskToken } = await import("../../../api/http.ts");
  try {
    await client.replaceExternalTokens({ tokens });
  } catch (err) {
    // The server is not atomic here: say so before the error itself.
    ctx.log.warn(
      "The server may have changed part of your tokens: check 'kohub-cli auth external-token list'",
    );
    throw err;
  }
  const rows = tokens.map((t) => ({ url: t.url, token: maskToken(t.token) }));
  if (ctx.json) printJson(ctx, { replaced: true, tokens: rows });
  else if (!ctx.quiet) {
    printTable(ctx, rows, [
      { header: "URL", value: (r) => r.url },
      { header: "TOKEN", value: (r) => r.token },
    ]);
  }
  ctx.log.success(`Your upstream tokens are now the ${tokens.length} of ${source}`);
}

/** Recorded in the history; `kohub-cli undo` cannot undo it. */
export const changes: Changes = {
  irreversible: "the tokens it replaced are not kept anywhere: import them again",
};

export const examples = [
  "kohub-cli auth external-token import tokens.json --yes",
  "kohub-cli auth external-token import - --yes < tokens.json",
];

export default defineCommand({
  meta: {
    name: "import",
    description: "Replace all your upstream tokens with those of a JSON file (not atomic; cannot be undone)",
  },
  args: {
    file: {
      type: "positional",
      required: true,
      description: 'JSON: {"URL": "TOKEN", ...} or [{"url": ..., "token": ...}]; - for stdin',
    },
    ...yesArg,
  },
  run: ({ args, data }) => importRun(data as Context, { file: args.file, yes: Boolean(args.yes) }),
});
