/**
 * `kohub-cli auth login`: username and password (flags, stdin or prompts), or an existing token; creates an
 * API token named after this machine and stores endpoint and token in the config file, in the profile in
 * use (`--profile NAME` creates that profile).
 */
import { hostname } from "node:os";
import { defineCommand } from "citty";
import { ConfigError } from "../../api/errors.ts";
import type { KohubConfig } from "../../config/store.ts";
import type { Context } from "../../context.ts";
import { CliError, EXIT, UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";

export interface LoginOptions {
  username?: string;
  password?: string;
  passwordStdin: boolean;
  tokenName: string;
}

export function toOptions(args: {
  username?: string;
  password?: string;
  "password-stdin"?: boolean;
  name?: string;
}): LoginOptions {
  if (args.password !== undefined && args["password-stdin"]) {
    throw new UsageError("Use either --password or --password-stdin, not both");
  }
  return {
    username: args.username || undefined,
    password: args.password,
    passwordStdin: Boolean(args["password-stdin"]),
    tokenName: args.name || `kohub-cli@${hostname()}`,
  };
}

/** Revokes a token with itself; false when the server refused or could not be reached. */
async function revokeQuietly(endpoint: string, token: string, id: number): Promise<boolean> {
  const { KohubClient } = await import("../../api/client.ts");
  const client = new KohubClient({ endpoint, token, config: false, env: {}, retry: { retries: 0 } });
  try {
    await client.revokeToken(id);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stores endpoint and token. When that fails, the token this login created is revoked: nothing would know
 * it otherwise.
 *
 * @returns the config as this write found it.
 */
async function storeLogin(ctx: Context, endpoint: string, token: string, tokenId?: number) {
  try {
    return (await ctx.updateConfig(() => ({ endpoint, token, token_id: tokenId }))).before;
  } catch (err) {
    if (tokenId === undefined) throw err;
    const undone = (await revokeQuietly(endpoint, token, tokenId))
      ? "the new API token was revoked"
      : `the new API token (id ${tokenId}) could not be revoked: revoke it with 'kohub-cli auth token delete ${tokenId}'`;
    throw new ConfigError(`${(err as Error).message}; ${undone}`, { cause: err });
  }
}

/**
 * Revokes the token of the login this one replaced (best effort), so that logging in again leaves no
 * forgotten token alive. `before` is what this login's write replaced, read under the config's lock: of
 * two logins at once, the second revokes the first's token.
 */
async function revokeReplaced(ctx: Context, before: KohubConfig, endpoint: string, token: string) {
  const id = before.token_id;
  if (typeof id !== "number" || !before.token || before.token === token) return;
  const where = before.endpoint ?? endpoint;
  if (where !== endpoint) {
    ctx.log.warn(
      `The token of the previous login on ${where} (id ${id}) was not revoked: log in there and run 'kohub-cli auth token delete ${id}'`,
    );
  } else if (await revokeQuietly(endpoint, before.token, id)) {
    ctx.log.info(`Revoked the token of the previous login (id ${id})`);
  }
}

async function readPasswordFromStdin(): Promise<string> {
  const text = await Bun.stdin.text();
  return text.replace(/\r?\n$/, "");
}

export async function loginRun(ctx: Context, opts: LoginOptions): Promise<void> {
  const profile = await ctx.profile({ create: true });
  // Before asking anything or creating a token that a failed write would leave orphaned on the server.
  await ctx.checkConfigWritable();
  const client = await ctx.client();
  let username: string;
  let token: string;
  let tokenId: number | undefined;
  if (ctx.globals.token) {
    // An existing token: check it, then store it.
    const me = await client.whoami();
    username = me.username;
    token = ctx.globals.token;
  } else {
    const prompter = await ctx.prompter();
    username =
      opts.username ??
      (await prompter.text({
        message: "Username",
        validate: (v) => (v.trim() ? undefined : "Enter your username"),
      }));
    const password = opts.passwordStdin
      ? await readPasswordFromStdin()
      : (opts.password ?? (await prompter.password({ message: "Password" })));
    client.setToken(undefined);
    try {
      await client.login({ username, password });
    } catch (err) {
      // Keep the server's reason ("Invalid username or password"), not the generic "please log in".
      if ((err as Error).name === "AuthenticationError") {
        throw new CliError((err as Error).message, { code: "InvalidCredentials", exitCode: EXIT.AUTH });
      }
      throw err;
    }
    const created = await client.createToken(opts.tokenName);
    token = created.token;
    tokenId = Number(created.token_id);
  }
  const before = await storeLogin(ctx, client.endpoint, token, tokenId);
  await revokeReplaced(ctx, before, client.endpoint, token);
  if (ctx.json) {
    const tokenName = tokenId ? opts.tokenName : undefined;
    ctx.io.out.write(
      `${JSON.stringify({ username, endpoint: client.endpoint, token_name: tokenName, profile })}\n`,
    );
  } else if (ctx.quiet) {
    ctx.io.out.write(`${username}\n`);
  }
  const stored = profile === "default" ? "" : ` (profile ${profile})`;
  ctx.log.success(
    `Logged in to ${client.endpoint} as ${username}; token stored in ${await ctx.configFile()}${stored}`,
  );
  await hintInactive(ctx, profile);
}

/** A login into a profile that is not the active one says how to use it. */
async function hintInactive(ctx: Context, profile: string): Promise<void> {
  const active = (await ctx.wholeConfig()).active_profile ?? "default";
  if (profile !== active) {
    ctx.log.info(
      `Use it with --profile ${profile}, or make it the active profile: kohub-cli auth switch ${profile}`,
    );
  }
}

/**
 * Recorded (the password masked, the token never on the line) as what `kohub-cli undo` cannot undo: that
 * would need the token it replaced, and secrets are never recorded.
 */
export const changes: Changes = {
  irreversible: "the token it replaced is never recorded: run 'kohub-cli auth logout' (and log in again)",
};

export const examples = [
  "kohub-cli auth login",
  "kohub-cli auth login --username alice --password-stdin < password.txt",
  "kohub-cli --endpoint http://hub.example.com auth login --token $HF_TOKEN",
  "kohub-cli auth login --profile lab --endpoint https://hub.lab.example --username alice",
];

export default defineCommand({
  meta: {
    name: "login",
    description: "Log in and store an API token in the config file (cannot be undone: use auth logout)",
  },
  args: {
    username: {
      type: "string",
      alias: ["u"],
      description: "your username (asked when missing on a terminal)",
    },
    password: {
      type: "string",
      alias: ["p"],
      description: "your password (prefer --password-stdin or the prompt)",
    },
    "password-stdin": { type: "boolean", description: "read the password from standard input" },
    name: {
      type: "string",
      alias: ["n"],
      description: "name of the API token to create [default: kohub-cli@<hostname>]",
    },
  },
  run: ({ args, data }) => loginRun(data as Context, toOptions(args)),
});
