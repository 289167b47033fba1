import { defineGroup } from "../_define.ts";

export default defineGroup(
  { name: "user", description: "Profiles, your settings and avatar, and the repositories a user liked" },
  {
    info: ["Show a user's (or an organization's) public profile", () => import("./info.ts")],
    settings: ["Show or change your email and profile fields", () => import("./settings.ts")],
    avatar: ["Set, download or delete an avatar", () => import("./avatar/index.ts")],
    likes: ["List the repositories a user liked", () => import("./likes.ts")],
  },
  {
    examples: [
      "kohub-cli user info alice",
      'kohub-cli user settings --full-name "Alice A." --bio "Trains small models"',
      "kohub-cli user avatar set me.png",
    ],
  },
);
