/** The Configuration menu: show, set a key, run the setup wizard. */
import { listRun } from "../../commands/config/list.ts";
import { pathRun } from "../../commands/config/path.ts";
import { setRun } from "../../commands/config/set.ts";
import { wizardRun } from "../../commands/config/wizard.ts";
import { askConfigValue } from "../flows/config.ts";
import type { Session } from "../session.ts";

export function configMenu(s: Session): Promise<void> {
  return s.menu("Configuration", [
    {
      value: "show",
      label: "Show the config",
      run: async () => {
        await s.act("Reading", (ctx) => pathRun(ctx));
        await s.act("Reading", (ctx) => listRun(ctx, { showToken: false }));
      },
    },
    {
      value: "set",
      label: "Set a value",
      run: async () => {
        const current = await (await s.context()).config();
        const { key, value } = await askConfigValue(s.prompter, current);
        await s.act("Saving", (ctx) => setRun(ctx, { key, value }));
      },
    },
    {
      value: "wizard",
      label: "Run the setup wizard",
      hint: "server, login, default type",
      run: async () => {
        await s.flush();
        await wizardRun(await s.context(), { framed: false });
      },
    },
  ]);
}
