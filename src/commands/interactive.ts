/**
 * `kohub-cli interactive` (and `kohub-cli` with no arguments on a terminal): a menu over the commands.
 * It only asks: every action is a command's run function (src/prompts/menus), so results print as the
 * commands print them. Escape or Ctrl-C goes back one menu; at the main menu it ends with exit code 130.
 */
import { defineCommand } from "citty";
import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import type { Choice } from "../prompts/prompter.ts";
import { VERSION } from "../version.ts";

export interface InteractiveOptions {
  /** Run the setup wizard before the menu (first run). */
  setup: boolean;
}

type Area = "repos" | "orgs" | "account" | "config" | "history" | "quit";

/** `http://localhost:8000, logged in` (from the config and environment; no request). */
async function status(ctx: Context): Promise<string> {
  try {
    const client = await ctx.client();
    return `${client.endpoint}, ${client.token ? "logged in" : "not logged in"}`;
  } catch (err) {
    return (err as Error).message;
  }
}

export async function interactiveRun(ctx: Context, opts: InteractiveOptions): Promise<void> {
  if (!ctx.io.canPrompt) {
    throw new UsageError("The interactive mode needs a terminal: run 'kohub-cli --help' to see the commands");
  }
  const { Session } = await import("../prompts/session.ts");
  const s = await Session.start(ctx);
  s.prompter.intro(`kohub-cli ${VERSION}`);
  if (opts.setup) {
    const { wizardRun } = await import("./config/wizard.ts");
    await s.runItem({
      value: "setup",
      label: "Setup",
      run: async () => void (await wizardRun(ctx, { framed: false })),
    });
  }
  const menus = {
    repos: async () => (await import("../prompts/menus/repos.ts")).reposMenu(s),
    orgs: async () => (await import("../prompts/menus/orgs.ts")).orgsMenu(s),
    account: async () => (await import("../prompts/menus/account.ts")).accountMenu(s),
    config: async () => (await import("../prompts/menus/config.ts")).configMenu(s),
    history: async () => (await import("../prompts/menus/history.ts")).historyMenu(s),
  };
  for (;;) {
    await s.flush();
    const options: Choice<Area>[] = [
      {
        value: "repos",
        label: "Repositories",
        hint: "list, create, info, files, settings, branches, tags, delete",
      },
      { value: "orgs", label: "Organizations", hint: "create, info, members and roles" },
      { value: "account", label: "Account", hint: await status(await s.context()) },
      { value: "config", label: "Configuration", hint: "show, set, setup wizard" },
      { value: "history", label: "History", hint: "recent changes, undo" },
      { value: "quit", label: "Quit" },
    ];
    // Escape or Ctrl-C here throws CancelError: the command ends with exit code 130.
    const area = await s.prompter.select({ message: "Main menu", options });
    if (area === "quit") break;
    await s.runItem({ value: area, label: area, run: menus[area] });
  }
  s.prompter.outro("Bye");
}

export const examples = ["kohub-cli interactive", "kohub-cli interactive --setup"];

export default defineCommand({
  meta: { name: "interactive", description: "Menus over every command (the default on a terminal)" },
  args: {
    setup: { type: "boolean", description: "run the setup wizard before the menu (as on first run)" },
  },
  run: ({ args, data }) => interactiveRun(data as Context, { setup: Boolean(args.setup) }),
});
