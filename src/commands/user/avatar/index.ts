import { defineGroup } from "../../_define.ts";

export default defineGroup(
  { name: "avatar", description: "Set, download or delete an avatar" },
  {
    set: ["Upload your avatar (JPEG, PNG, WebP or GIF, at most 10 MB)", () => import("./set.ts")],
    get: ["Download a user's avatar to a file", () => import("./get.ts")],
    delete: ["Remove your avatar", () => import("./delete.ts")],
  },
  { examples: ["kohub-cli user avatar set me.png", "kohub-cli user avatar get alice --file alice.jpg"] },
);
