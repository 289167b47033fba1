/**
 * `kohub-cli config wizard`: the setup wizard (also run by `kohub-cli` on first run). Asks the server URL
 * (checked against its `/api/version` before it is accepted), how to log in, and the default repo type;
 * only then writes the config file (a cancelled wizard leaves it as it was), checks it, and says what
 * it wrote. Recorded: undo gives the endpoint and repo type their previous values, unless a token was
 * stored or removed (the history never stores one).
 */
import { defineCommand } from "citty";
import type { KohubConfig } from "../../config/store.ts";
import type { Context } from "../../context.ts";
import { CancelError, UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";
import { printJson } from "../../output/print.ts";
import type { askLogin } from "../../prompts/flows/login.ts";
import type { Session } from "../../prompts/session.ts";
import { inProfile } from "./_keys.ts";

/** What the wizard wrote. */
export interface WizardResult {
  path: string;
  endpoint: string;
  user: string | null;
  token: string | null;
  default_repo_type: string;
}

/** Why `url` is not a KohakuHub server, or undefined when it answers as one. */
async function serverProblem(url: string): Promise<string | undefined> {
  const { KohubClient } = await import("../../api/client.ts");
  const client = new KohubClient({
    endpoint: url,
    token: null,
    config: false,
    env: {},
    retry: { retries: 0 },
    timeoutMs: 10_000,
  });
  try {
    const v = await client.version();
    return v.api === "kohakuhub" ? undefined : `it answered as "${v.api}", not "kohakuhub"`;
  } catch (err) {
    const { explain } = await import("../../errors.ts");
    const e = explain(err);
    return e.error.replace(/\.$/, "");
  }
}

export async function wizardRun(ctx: Context, opts: { framed?: boolean } = {}): Promise<WizardResult> {
  if (!ctx.io.canPrompt) {
    throw new UsageError(
      "The setup wizard needs a terminal: use 'kohub-cli config set endpoint URL' and 'kohub-cli auth login' instead",
    );
  }
  // `--profile NEW config wizard` sets up a new profile, as `auth login --profile NEW` does.
  const profile = await ctx.profile({ create: true });
  const { Session } = await import("../../prompts/session.ts");
  const { askEndpoint } = await import("../../prompts/flows/endpoint.ts");
  const { askLogin } = await import("../../prompts/flows/login.ts");
  const { askRepoType } = await import("../../prompts/flows/repo.ts");
  const { DEFAULT_ENDPOINT } = await import("../../api/base.ts");
  const session = await Session.start(ctx);
  const { prompter } = session;
  const framed = opts.framed ?? true;
  if (framed) prompter.intro("kohub-cli setup");
  try {
    const before = await ctx.config();
    const initial = ctx.globals.endpoint ?? ctx.env.HF_ENDPOINT ?? before.endpoint ?? DEFAULT_ENDPOINT;
    const endpoint = await askEndpoint(prompter, initial, async (url) => {
      const spin = prompter.spinner();
      spin.start(`Checking ${url}`);
      const problem = await serverProblem(url);
      if (problem) spin.clear();
      else spin.stop(`${url} is a KohakuHub server`);
      return problem;
    });
    let login = await askLogin(prompter, { allowSkip: true });
    const type = await askRepoType(prompter, before.default_repo_type ?? "model", "Default repository type");
    // Everything is asked: now write. A failed login asks the credentials again (nothing written yet).
    login = await writeLogin(ctx, session, { endpoint, login, before });
    const saved = await ctx.saveConfig({ default_repo_type: type });
    noteUndo(ctx, before, { endpoint, default_repo_type: type }, login.method !== "skip");
    const result = await summary(ctx, session, {
      endpoint: saved.endpoint ?? endpoint,
      saved,
      type,
      profile,
    });
    if (ctx.json) printJson(ctx, result);
    if (framed) prompter.outro("Setup done. Run 'kohub-cli' for the menu, or 'kohub-cli --help'");
    return result;
  } catch (err) {
    if (err instanceof CancelError) throw new CancelError("Setup cancelled: the config file was not changed");
    throw err;
  }
}

type Login = Awaited<ReturnType<typeof askLogin>>;

/** Logs in as answered (asking again after a failure), or with "skip" stores the endpoint alone. */
async function writeLogin(
  ctx: Context,
  session: Session,
  answers: { endpoint: string; login: Login; before: KohubConfig },
): Promise<Login> {
  const { askLogin } = await import("../../prompts/flows/login.ts");
  const { loginRun, toOptions: loginOptions } = await import("../auth/login.ts");
  const { endpoint, before } = answers;
  let login = answers.login;
  for (;;) {
    if (login.method === "skip") {
      const otherServer = before.endpoint !== undefined && before.endpoint !== endpoint;
      await ctx.saveConfig({ endpoint, ...(otherServer ? { token: undefined, token_id: undefined } : {}) });
      return login;
    }
    const answer = login;
    const ok = await session.act(
      "Logging in",
      (c) =>
        loginRun(
          c,
          answer.method === "password"
            ? { ...loginOptions({}), username: answer.username, password: answer.password }
            : loginOptions({}),
        ),
      { endpoint, token: answer.method === "token" ? answer.token : undefined, output: "text", quiet: false },
    );
    if (ok) return login;
    login = await askLogin(session.prompter, { allowSkip: true });
  }
}

/** What the wizard wrote (the token masked, the user checked with it), shown in a note. */
async function summary(
  ctx: Context,
  session: Session,
  written: { endpoint: string; saved: KohubConfig; type: string; profile: string },
): Promise<WizardResult> {
  const { saved, profile } = written;
  const result: WizardResult = {
    path: await ctx.configFile(),
    endpoint: written.endpoint,
    user: null,
    token: null,
    default_repo_type: written.type,
  };
  if (saved.token) {
    const { maskToken } = await import("../../api/http.ts");
    const { KohubClient } = await import("../../api/client.ts");
    const check = new KohubClient({ endpoint: result.endpoint, token: saved.token, config: false, env: {} });
    result.user = (await session.load("Checking the new config", () => check.whoami())).username;
    result.token = maskToken(saved.token);
  }
  session.prompter.note(
    [
      `endpoint           ${result.endpoint}`,
      `user               ${result.user ?? "(not logged in)"}`,
      `token              ${result.token ?? "(none)"}`,
      `default_repo_type  ${result.default_repo_type}`,
    ].join("\n"),
    `Wrote ${result.path}${inProfile(profile)}`,
  );
  return result;
}

/**
 * Hands history how to give the keys the wizard set their previous values, or why it cannot: it logged in
 * (a new token) or, pointed at another server, removed the token.
 */
function noteUndo(ctx: Context, before: KohubConfig, set: KohubConfig, loggedIn: boolean): void {
  const otherServer = before.endpoint !== undefined && before.endpoint !== set.endpoint;
  const tokenRemoved = otherServer && before.token !== undefined;
  if (loggedIn || tokenRemoved) {
    ctx.history.irreversible = loggedIn
      ? "it logged in: the token is never recorded (use 'kohub-cli auth logout')"
      : "it removed the previous server's token, which the history never stores";
    return;
  }
  const changed = Object.entries(set).filter(([key, now]) => before[key] !== now);
  for (const [key, now] of changed) ctx.undo({ op: "config.set", key, value: before[key], now });
  // The same answers as before: nothing changed, nothing to record.
  if (changed.length === 0) ctx.history.read = true;
}

/** Recorded; `kohub-cli undo` puts the endpoint and default repo type back, unless a token was involved. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli config wizard",
  "kohub-cli --endpoint http://hub.example.com config wizard",
  "kohub-cli --profile lab config wizard",
];

export default defineCommand({
  meta: {
    name: "wizard",
    description: "Set up the CLI step by step: server URL (checked), login, default repository type",
  },
  args: {},
  run: async ({ data }) => {
    await wizardRun(data as Context);
  },
});
