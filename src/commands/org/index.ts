import { defineGroup } from "../_define.ts";

export default defineGroup(
  { name: "org", description: "Create organizations and manage their members" },
  {
    create: [
      "Create an organization (you become its super-admin; cannot be undone)",
      () => import("./create.ts"),
    ],
    info: ["Show an organization: description, creation, repositories, members", () => import("./info.ts")],
    list: ["List the organizations of a user, with their role", () => import("./list.ts")],
    member: ["List, add, update and remove organization members", () => import("./member/index.ts")],
    invite: ["Invite people to an organization with a link", () => import("./invite/index.ts")],
    settings: [
      "Show or change an organization's description, bio, website, links",
      () => import("./settings.ts"),
    ],
    avatar: ["Set, save or delete an organization's avatar", () => import("./avatar/index.ts")],
  },
  {
    examples: [
      'kohub-cli org create my-org --description "My organization"',
      "kohub-cli org member add my-org bob --role member",
    ],
  },
);
