import { defineGroup } from "../_define.ts";

export default defineGroup(
  { name: "hub", description: "What the server is: version, site settings, upstream sources" },
  {
    info: [
      "Show the server's version, site config, upstream sources and dataset viewer",
      () => import("./info.ts"),
    ],
  },
  { examples: ["kohub-cli hub info", "kohub-cli --output json hub info"] },
);
