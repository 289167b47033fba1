import { defineGroup } from "../_define.ts";

export default defineGroup(
  { name: "quota", description: "Storage used and allowed, per namespace and per repository" },
  {
    show: ["Show the storage used and allowed in a namespace or a repository", () => import("./show.ts")],
    set: [
      "Set the quota of your namespace, an org you administer, or a repository",
      () => import("./set.ts"),
    ],
    recalculate: [
      "Measure the storage used again (namespace or repository)",
      () => import("./recalculate.ts"),
    ],
    repos: ["List the storage used by each repository of a namespace", () => import("./repos.ts")],
  },
  {
    examples: [
      "kohub-cli quota show my-org",
      "kohub-cli quota repos my-org",
      "kohub-cli quota set --repo my-org/my-model 5GB",
    ],
  },
);
