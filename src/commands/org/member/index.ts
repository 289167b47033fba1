import { defineGroup } from "../../_define.ts";

export default defineGroup(
  { name: "member", description: "List, add, update and remove organization members" },
  {
    list: ["List the members of an organization and their roles", () => import("./list.ts")],
    add: ["Add a user to an organization (admins only)", () => import("./add.ts")],
    update: ["Change a member's role (admins only)", () => import("./update.ts")],
    remove: ["Remove a member from an organization (admins only)", () => import("./remove.ts")],
  },
  {
    examples: [
      "kohub-cli org member list my-org",
      "kohub-cli org member add my-org bob --role member",
      "kohub-cli org member update my-org bob --role admin",
    ],
  },
);
