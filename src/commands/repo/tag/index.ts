import { defineGroup } from "../../_define.ts";

export default defineGroup(
  { name: "tag", description: "Create and delete tags" },
  {
    create: ["Tag main or another revision", () => import("./create.ts")],
    delete: ["Delete a tag", () => import("./delete.ts")],
  },
  {
    examples: [
      'kohub-cli repo tag create my-org/my-model v1.0 --type model --revision main --message "Release v1.0"',
      "kohub-cli repo tag delete my-org/my-model v1.0 --yes",
    ],
  },
);
