import { defineGroup } from "../../_define.ts";

export default defineGroup(
  { name: "token", description: "Create, list and delete API tokens" },
  {
    create: ["Create an API token (printed once)", () => import("./create.ts")],
    list: ["List your API tokens", () => import("./list.ts")],
    delete: ["Revoke an API token (cannot be undone)", () => import("./delete.ts")],
  },
  { examples: ['kohub-cli auth token create --name "ci"', "kohub-cli auth token list"] },
);
