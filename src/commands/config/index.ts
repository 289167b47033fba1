import { defineGroup } from "../_define.ts";

export default defineGroup(
  { name: "config", description: "Read and write the config file (~/.kohub/config.json)" },
  {
    set: ["Set a config value", () => import("./set.ts")],
    get: ["Print a config value", () => import("./get.ts")],
    list: ["Show the config of the profile in use", () => import("./list.ts")],
    clear: ["Delete the config file", () => import("./clear.ts")],
    path: ["Print the path of the config file", () => import("./path.ts")],
    profile: ["List and delete the config file's profiles (one per hub)", () => import("./profile/index.ts")],
    history: [
      "List the commands that changed something (and how to undo them)",
      () => import("../history/index.ts"),
    ],
    "clear-history": [
      "Delete the history of commands (as 'history clear')",
      () => import("../history/clear.ts"),
    ],
    wizard: [
      "Set up the CLI step by step: server URL (checked), login, default repository type",
      () => import("./wizard.ts"),
    ],
  },
  { examples: ["kohub-cli config set endpoint http://localhost:8000", "kohub-cli config list"] },
);
