import { defineGroup } from "../../_define.ts";

export default defineGroup(
  { name: "invite", description: "Invite people to an organization with a link" },
  {
    create: ["Create an invitation link to join an organization (printed once)", () => import("./create.ts")],
    list: ["List an organization's invitations (admins only)", () => import("./list.ts")],
    show: ["Show an invitation: organization, role, expiry, whether it is usable", () => import("./show.ts")],
    accept: ["Accept an invitation: join its organization with its role", () => import("./accept.ts")],
    delete: ["Delete (cancel) an invitation (admins only)", () => import("./delete.ts")],
  },
  {
    examples: [
      "kohub-cli org invite create my-org --role member",
      "kohub-cli org invite accept https://hub.example.com/invite/AbC123...",
      "kohub-cli org invite list my-org --pending",
    ],
  },
);
