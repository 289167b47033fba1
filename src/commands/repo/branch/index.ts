import { defineGroup } from "../../_define.ts";

export default defineGroup(
  { name: "branch", description: "Create and delete branches" },
  {
    create: ["Create a branch from main or another revision", () => import("./create.ts")],
    delete: ["Delete a branch", () => import("./delete.ts")],
  },
  {
    examples: [
      "kohub-cli repo branch create my-org/my-model dev --type model",
      "kohub-cli repo branch delete my-org/my-model dev --yes",
    ],
  },
);
