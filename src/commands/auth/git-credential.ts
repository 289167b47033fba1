/**
 * `kohub-cli auth git-credential get|store|erase`: git's credential helper protocol (gitcredentials(7)).
 * `get` answers with the token kohub-cli holds for the asked host, and nothing for other hosts; `store` and
 * `erase` do nothing: the token lives in kohub-cli's config only.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { hubHosts } from "../../git/hosts.ts";

export interface GitCredentialOptions {
  operation: string;
}

export function toOptions(args: { operation?: string }): GitCredentialOptions {
  return { operation: args.operation ?? "" };
}

/** The `key=value` lines of a credential description (up to a blank line). */
export function parseDescription(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const clean = line.replace(/\r$/, "");
    if (clean === "") break;
    const eq = clean.indexOf("=");
    if (eq > 0) fields.set(clean.slice(0, eq), clean.slice(eq + 1));
  }
  return fields;
}

/** Reads stdin up to a blank line or its end (git closes it after the description). */
async function readDescription(): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  const reader = Bun.stdin.stream().getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    text += decoder.decode(r.value, { stream: true });
    if (/(^|\n)\r?\n/.test(text)) break;
  }
  reader.releaseLock();
  return text;
}

/** The answer to `get` for a description: `username`/`password` lines, or "" (not our host). */
export async function credentialFor(ctx: Context, fields: Map<string, string>): Promise<string> {
  const protocol = fields.get("protocol");
  const host = fields.get("host");
  if (!protocol || !host) return "";
  const origin = `${protocol}://${host}`.toLowerCase();
  const hub = (await hubHosts(ctx)).find((h) => h.origin.toLowerCase() === origin);
  if (!hub?.token) return "";
  return `username=${fields.get("username") || "kohub-cli"}\npassword=${hub.token}\n`;
}

export async function gitCredentialRun(
  ctx: Context,
  opts: GitCredentialOptions,
  input: () => Promise<string> = readDescription,
): Promise<void> {
  // git ignores a helper's answer to anything but `get`; unknown operations are skipped as git asks.
  if (opts.operation !== "get") return;
  ctx.io.out.write(await credentialFor(ctx, parseDescription(await input())));
}

export const examples = [
  "kohub-cli auth setup-git                 # configures git to run this helper",
  "kohub-cli auth git-credential get < description.txt   # protocol=http, host=localhost:8000, a blank line",
];

export default defineCommand({
  meta: {
    name: "git-credential",
    description: "git credential helper: give git the token for the hub (used by auth setup-git)",
  },
  args: {
    operation: { type: "positional", required: false, description: "get, store or erase (sent by git)" },
  },
  run: ({ args, data }) => gitCredentialRun(data as Context, toOptions(args)),
});
