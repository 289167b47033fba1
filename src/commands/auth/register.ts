/**
 * `kohub-cli auth register`: create a user account (registration does not log in). Recorded as not
 * undoable: KohakuHub lets only its admins delete an account.
 */
import { defineCommand } from "citty";
import { checkNamespace } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";

export interface RegisterOptions {
  username?: string;
  email?: string;
  password?: string;
  passwordStdin: boolean;
  invitationToken?: string;
}

export function toOptions(args: {
  username?: string;
  email?: string;
  password?: string;
  "password-stdin"?: boolean;
  invitation?: string;
}): RegisterOptions {
  if (args.password !== undefined && args["password-stdin"]) {
    throw new UsageError("Use either --password or --password-stdin, not both");
  }
  if (args.username) checkNamespace(args.username, "username");
  if (args.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(args.email)) {
    throw new UsageError(`Invalid email address "${args.email}"`);
  }
  return {
    username: args.username || undefined,
    email: args.email || undefined,
    password: args.password,
    passwordStdin: Boolean(args["password-stdin"]),
    invitationToken: args.invitation || undefined,
  };
}

export async function registerRun(ctx: Context, opts: RegisterOptions): Promise<void> {
  const client = await ctx.client();
  const prompter = await ctx.prompter();
  const { namespaceProblem } = await import("../../api/validate.ts");
  const username =
    opts.username ??
    (await prompter.text({
      message: "Username",
      validate: (v) => {
        const p = namespaceProblem(v, "username");
        return p ? `The username ${p}` : undefined;
      },
    }));
  const email =
    opts.email ??
    (await prompter.text({
      message: "Email",
      validate: (v) => (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? undefined : "Enter a valid email address"),
    }));
  let password: string;
  if (opts.passwordStdin) password = (await Bun.stdin.text()).replace(/\r?\n$/, "");
  else if (opts.password !== undefined) password = opts.password;
  else {
    password = await prompter.password({
      message: "Password",
      validate: (v) =>
        new TextEncoder().encode(v).length > 72
          ? "At most 72 bytes (the server hashes with bcrypt)"
          : undefined,
    });
  }
  if (new TextEncoder().encode(password).length > 72) {
    throw new UsageError("The password is longer than 72 bytes, which the server cannot hash");
  }
  const result = await client.register({ username, email, password, invitationToken: opts.invitationToken });
  if (ctx.json) ctx.io.out.write(`${JSON.stringify({ username, ...result })}\n`);
  else if (ctx.quiet) ctx.io.out.write(`${username}\n`);
  ctx.log.success(`${result.message}. Log in with 'kohub-cli auth login --username ${username}'`);
}

/** Recorded, and not undone: KohakuHub lets only its admins delete an account. */
export const changes: Changes = { irreversible: "only the server's admins can delete an account" };

export const examples = [
  "kohub-cli auth register",
  "kohub-cli auth register --username alice --email alice@example.com --password-stdin < pw.txt",
];

export default defineCommand({
  meta: {
    name: "register",
    description:
      "Create a user account on the server (cannot be undone: only the server's admins delete accounts)",
  },
  args: {
    username: { type: "string", alias: ["u"], description: "the new username" },
    email: { type: "string", description: "your email address" },
    password: {
      type: "string",
      alias: ["p"],
      description: "the password (prefer --password-stdin or the prompt)",
    },
    "password-stdin": { type: "boolean", description: "read the password from standard input" },
    invitation: {
      type: "string",
      description: "invitation token, on invitation-only servers",
      valueHint: "TOKEN",
    },
  },
  run: ({ args, data }) => registerRun(data as Context, toOptions(args)),
});
