/**
 * `kohub-cli auth login`: username and password (flags, stdin or prompts), or an existing token; creates an
 * API token named after this machine and stores endpoint and token in the config file.
 */
import { hostname } from "node:os";
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { CliError, EXIT, UsageError } from "../../errors.ts";

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

/**
 * Revokes the token a previous `auth login` stored for the same server (best effort), so that logging in
 * again does not leave a forgotten token alive.
 */
async function revokePrevious(ctx: Context, endpoint: string, newToken: string): Promise<void> {
  let config: Awaited<ReturnType<Context["config"]>>;
  try {
    config = await ctx.config();
  } catch {
    return;
  }
  if (typeof config.token_id !== "number" || !config.token || config.token === newToken) return;
  if ((config.endpoint ?? endpoint) !== endpoint) return;
  const { KohubClient } = await import("../../api/client.ts");
  const old = new KohubClient({
    endpoint,
    token: config.token,
    config: false,
    env: {},
    retry: { retries: 0 },
  });
  try {
    await old.revokeToken(config.token_id);
    ctx.log.info(`Revoked the token of the previous login (id ${config.token_id})`);
  } catch {
    // Already revoked, or the old token no longer works: nothing to clean up.
  }
}

async function readPasswordFromStdin(): Promise<string> {
  const text = await Bun.stdin.text();
  return text.replace(/\r?\n$/, "");
}

export async function loginRun(ctx: Context, opts: LoginOptions): Promise<void> {
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
  await revokePrevious(ctx, client.endpoint, token);
  await ctx.saveConfig({ endpoint: client.endpoint, token, token_id: tokenId });
  if (ctx.json) {
    ctx.io.out.write(
      `${JSON.stringify({ username, endpoint: client.endpoint, token_name: tokenId ? opts.tokenName : undefined })}\n`,
    );
  } else if (ctx.quiet) {
    ctx.io.out.write(`${username}\n`);
  }
  ctx.log.success(
    `Logged in to ${client.endpoint} as ${username}; token stored in ${await ctx.configFile()}`,
  );
}

export const examples = [
  "kohub-cli auth login",
  "kohub-cli auth login --username alice --password-stdin < password.txt",
  "kohub-cli --endpoint http://hub.example.com auth login --token $HF_TOKEN",
];

export default defineCommand({
  meta: { name: "login", description: "Log in and store an API token in the config file" },
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
