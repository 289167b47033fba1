import { defineGroup } from "../../_define.ts";

export default defineGroup(
  { name: "ssh-key", description: "List, add, show and delete your SSH public keys (git over SSH)" },
  {
    list: ["List your SSH public keys", () => import("./list.ts")],
    add: ["Add an SSH public key from a file (or - for stdin)", () => import("./add.ts")],
    show: ["Show one of your SSH keys", () => import("./show.ts")],
    delete: ["Delete one of your SSH keys", () => import("./delete.ts")],
  },
  {
    examples: [
      "kohub-cli auth ssh-key add ~/.ssh/id_ed25519.pub --title laptop",
      "kohub-cli auth ssh-key list",
    ],
  },
);
