/** The Configuration menu: show, set a key, the profiles and which one is active, run the setup wizard. */
import { statusRun } from "../../commands/auth/status.ts";
import { changes as switchChanges, switchRun } from "../../commands/auth/switch.ts";
import { listRun } from "../../commands/config/list.ts";
import { pathRun } from "../../commands/config/path.ts";
import { changes as setChanges, setRun } from "../../commands/config/set.ts";
import { wizardRun } from "../../commands/config/wizard.ts";
import type { KohubConfig } from "../../config/store.ts";
import { runRecorded } from "../../history/run-recorded.ts";
import { askConfigValue } from "../flows/config.ts";
import type { Session } from "../session.ts";

/** Asks which profile to make the active one. */
async function askProfile(s: Session, config: KohubConfig, inUse: string): Promise<string> {
  const { DEFAULT_ENDPOINT } = await import("../../api/base.ts");
  const { listProfiles } = await import("../../config/store.ts");
  return s.prompter.select({
    message: "Which profile?",
    options: listProfiles(config).map((p) => ({
      value: p.name,
      label: p.name,
      hint: `${p.endpoint ?? DEFAULT_ENDPOINT}${p.active ? " (active)" : ""}${p.token ? "" : ", not logged in"}`,
    })),
    initialValue: inUse,
  });
}

export async function configMenu(s: Session): Promise<void> {
  // The profile shown beside "Switch profile"; undefined while the config file cannot be read.
  let inUse = await (await s.context()).profile().catch(() => undefined);
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
        await s.act("Saving", (ctx) =>
          runRecorded(
            ctx,
            { path: ["config", "set"], rest: [key, String(value)], changes: setChanges },
            (c) => setRun(c, { key, value }),
          ),
        );
      },
    },
    {
      value: "profiles",
      label: "Show the profiles",
      hint: "server, user, whether the token works",
      run: () => s.act("Checking the profiles", (ctx) => statusRun(ctx).then(() => undefined)),
    },
    {
      value: "switch",
      label: "Switch profile",
      get hint() {
        return inUse && `in use: ${inUse}`;
      },
      run: async () => {
        const ctx = await s.context();
        const profile = await askProfile(s, await ctx.wholeConfig(), await ctx.profile());
        const switched = await s.act("Switching", (c) =>
          runRecorded(c, { path: ["auth", "switch"], rest: [profile], changes: switchChanges }, (c2) =>
            switchRun(c2, { profile }),
          ),
        );
        if (switched) inUse = await (await s.context()).profile();
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
