import { defineGroup } from "../_define.ts";

export default defineGroup(
  { name: "alias", description: "Shortcuts for kohub-cli command lines (or shell commands)" },
  {
    set: ["Create a shortcut for a command line", () => import("./set.ts")],
    list: ["List the aliases", () => import("./list.ts")],
    delete: ["Delete an alias", () => import("./delete.ts")],
    import: ["Add aliases from a file (name: expansion lines, or JSON)", () => import("./import.ts")],
  },
  { examples: ["kohub-cli alias set ri 'repo info $1'", "kohub-cli alias list"] },
);
