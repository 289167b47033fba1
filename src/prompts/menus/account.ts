/** The Account menu: whoami, log in and out, register, API tokens, SSH keys. */
import { changes as loginChanges, toOptions as loginOptions, loginRun } from "../../commands/auth/login.ts";
import { changes as logoutChanges, logoutRun } from "../../commands/auth/logout.ts";
import { registerRun } from "../../commands/auth/register.ts";
import { changes as sshKeyAddChanges, addRun as sshKeyAddRun } from "../../commands/auth/ssh-key/add.ts";
import {
  changes as sshKeyDeleteChanges,
  deleteRun as sshKeyDeleteRun,
} from "../../commands/auth/ssh-key/delete.ts";
import { listRun as sshKeyListRun } from "../../commands/auth/ssh-key/list.ts";
import {
  changes as tokenCreateChanges,
  createRun as tokenCreateRun,
} from "../../commands/auth/token/create.ts";
import {
  changes as tokenDeleteChanges,
  deleteRun as tokenDeleteRun,
} from "../../commands/auth/token/delete.ts";
import { listRun as tokenListRun } from "../../commands/auth/token/list.ts";
import { whoamiRun } from "../../commands/auth/whoami.ts";
import { runRecorded } from "../../history/run-recorded.ts";
import { askTokenName, pickToken } from "../flows/account.ts";
import { askLogin, type LoginAnswer } from "../flows/login.ts";
import { askRegister } from "../flows/register.ts";
import { confirmDanger } from "../flows/repo.ts";
import { askKeyFile, pickSshKey } from "../flows/ssh-key.ts";
import type { Session } from "../session.ts";

/** Logs in with what the login flow returned (through `auth login`). */
export function logIn(s: Session, answer: Exclude<LoginAnswer, { method: "skip" }>): Promise<boolean> {
  return s.act(
    "Logging in",
    (ctx) =>
      // Recorded as `auth login --username NAME` (or with --token): the password and token never are.
      runRecorded(
        ctx,
        {
          path: ["auth", "login"],
          rest: answer.method === "password" ? ["--username", answer.username] : [],
          changes: loginChanges,
        },
        (c) =>
          loginRun(
            c,
            answer.method === "password"
              ? { ...loginOptions({}), username: answer.username, password: answer.password }
              : loginOptions({}),
          ),
      ),
    { token: answer.method === "token" ? answer.token : undefined },
  );
}

export function accountMenu(s: Session): Promise<void> {
  return s.menu("Account", [
    {
      value: "whoami",
      label: "Who am I",
      run: async () => void (await s.act("Asking the server", whoamiRun)),
    },
    {
      value: "login",
      label: "Log in",
      run: async () => {
        const answer = await askLogin(s.prompter);
        if (answer.method !== "skip") await logIn(s, answer);
      },
    },
    {
      value: "register",
      label: "Register a new account",
      run: async () => {
        const opts = await askRegister(s.prompter);
        if (!(await s.act("Registering", (ctx) => registerRun(ctx, opts)))) return;
        await s.flush();
        if (await s.prompter.confirm({ message: `Log in as ${opts.username} now?`, initialValue: true })) {
          await logIn(s, { method: "password", username: opts.username, password: opts.password });
        }
      },
    },
    { value: "tokens", label: "API tokens", hint: "list, create, delete", run: () => tokensMenu(s) },
    { value: "ssh-keys", label: "SSH keys", hint: "for git over SSH", run: () => sshKeysMenu(s) },
    {
      value: "logout",
      label: "Log out",
      run: async () =>
        void (await s.act("Logging out", (ctx) =>
          runRecorded(ctx, { path: ["auth", "logout"], rest: [], changes: logoutChanges }, logoutRun),
        )),
    },
  ]);
}

function tokensMenu(s: Session): Promise<void> {
  return s.menu("API tokens", [
    {
      value: "list",
      label: "List my tokens",
      run: async () => void (await s.act("Loading tokens", tokenListRun)),
    },
    {
      value: "create",
      label: "Create a token",
      hint: "shown once",
      run: async () => {
        const name = await askTokenName(s.prompter);
        await s.act("Creating the token", (ctx) =>
          runRecorded(
            ctx,
            { path: ["auth", "token", "create"], rest: ["--name", name], changes: tokenCreateChanges },
            (c) => tokenCreateRun(c, { name }),
          ),
        );
      },
    },
    {
      value: "delete",
      label: "Revoke a token",
      run: async () => {
        const tokens = await s.load("Loading tokens", async (ctx) => (await ctx.client()).listTokens());
        if (!tokens.length) {
          s.base.io.err.write("No API tokens\n");
          return;
        }
        const id = await pickToken(s.prompter, tokens);
        await confirmDanger(
          s.prompter,
          `Revoke API token ${id}? Programs using it will stop working (this cannot be undone)`,
        );
        await s.act("Revoking the token", (ctx) =>
          runRecorded(
            ctx,
            { path: ["auth", "token", "delete"], rest: [String(id), "--yes"], changes: tokenDeleteChanges },
            (c) => tokenDeleteRun(c, { id, yes: true }),
          ),
        );
      },
    },
  ]);
}

function sshKeysMenu(s: Session): Promise<void> {
  return s.menu("SSH keys", [
    {
      value: "list",
      label: "List my SSH keys",
      run: async () => void (await s.act("Loading SSH keys", sshKeyListRun)),
    },
    {
      value: "add",
      label: "Add a public key from a file",
      hint: "its comment becomes the title",
      run: async () => {
        const file = await askKeyFile(s.prompter);
        await s.act("Adding the key", (ctx) =>
          runRecorded(
            ctx,
            { path: ["auth", "ssh-key", "add"], rest: [file], changes: sshKeyAddChanges },
            (c) => sshKeyAddRun(c, { file }),
          ),
        );
      },
    },
    {
      value: "delete",
      label: "Delete an SSH key",
      hint: "cannot be undone",
      run: async () => {
        const keys = await s.load("Loading SSH keys", async (ctx) => (await ctx.client()).listSshKeys());
        if (!keys.length) {
          s.base.io.err.write("No SSH keys\n");
          return;
        }
        const id = await pickSshKey(s.prompter, keys);
        await confirmDanger(s.prompter, `Delete SSH key ${id}? git over SSH with it will stop working`);
        await s.act("Deleting the key", (ctx) =>
          runRecorded(
            ctx,
            {
              path: ["auth", "ssh-key", "delete"],
              rest: [String(id), "--yes"],
              changes: sshKeyDeleteChanges,
            },
            (c) => sshKeyDeleteRun(c, { id, yes: true }),
          ),
        );
      },
    },
  ]);
}
