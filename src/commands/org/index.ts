import { defineGroup } from "../_define.ts";

export default defineGroup({ name: "org", description: "Create organizations and manage their members" }, {});
