import { defineGroup } from "../../_define.ts";

export default defineGroup(
  { name: "profile", description: "List and delete the config file's profiles (one per hub)" },
  {
    list: ["List the profiles, without asking their servers", () => import("./list.ts")],
    delete: ["Delete a profile from the config file", () => import("./delete.ts")],
  },
  { examples: ["kohub-cli config profile list", "kohub-cli config profile delete lab"] },
);
