import { defineGroup } from "../_define.ts";

export default defineGroup(
  {
    name: "extension",
    description: "Install, list, upgrade and create extensions (kohub-cli-NAME programs)",
  },
  {
    install: ["Install an extension from a folder or a hub repository", () => import("./install.ts")],
    list: ["List the installed extensions", () => import("./list.ts")],
    remove: ["Remove an installed extension", () => import("./remove.ts")],
    upgrade: ["Fetch installed extensions again from their source", () => import("./upgrade.ts")],
    create: ["Create a new extension's folder, ready to run", () => import("./create.ts")],
  },
  {
    examples: [
      "kohub-cli extension create hello && kohub-cli extension install ./kohub-cli-hello",
      "kohub-cli hello",
    ],
  },
);
