import { defineGroup } from "../_define.ts";

export default defineGroup(
  { name: "repo", description: "Create, inspect, list and manage repositories" },
  {},
);
