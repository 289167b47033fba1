import { defineGroup } from "../_define.ts";

export default defineGroup(
  { name: "auth", description: "Log in and out, show who you are, manage API tokens" },
  {
    login: ["Log in and store an API token in the config file", () => import("./login.ts")],
    logout: ["Revoke the stored API token and remove it from the config file", () => import("./logout.ts")],
    whoami: ["Show the logged-in user and their organizations", () => import("./whoami.ts")],
    status: [
      "Show every profile: its server, its user, whether its token works, the active one",
      () => import("./status.ts"),
    ],
    switch: ["Make a profile the active one (see 'auth status')", () => import("./switch.ts")],
    register: ["Create a user account on the server", () => import("./register.ts")],
    token: ["Create, list and delete API tokens", () => import("./token/index.ts")],
    "setup-git": [
      "Configure git to use kohub-cli's token for the hub's git URLs",
      () => import("./setup-git.ts"),
    ],
    "git-credential": [
      "git credential helper: give git the token for the hub (used by auth setup-git)",
      () => import("./git-credential.ts"),
    ],
    "ssh-key": [
      "List, add, show and delete your SSH public keys (git over SSH)",
      () => import("./ssh-key/index.ts"),
    ],
    "external-token": [
      "Your tokens for the server's upstream sources (e.g. huggingface.co)",
      () => import("./external-token/index.ts"),
    ],
  },
  { examples: ["kohub-cli auth login --username alice", "kohub-cli auth whoami"] },
);
