import { defineGroup } from "../../_define.ts";

export default defineGroup(
  { name: "avatar", description: "Set, save or delete an organization's avatar" },
  {
    set: ["Upload an organization's avatar (admins only)", () => import("./set.ts")],
    get: ["Save an organization's avatar to a file", () => import("./get.ts")],
    delete: ["Delete an organization's avatar (admins only)", () => import("./delete.ts")],
  },
  { examples: ["kohub-cli org avatar set my-org logo.png", "kohub-cli org avatar get my-org logo.jpg"] },
);
