import { defineGroup } from "../../_define.ts";

export default defineGroup(
  {
    name: "external-token",
    description: "Your tokens for the server's upstream sources (e.g. huggingface.co)",
  },
  {
    list: ["List your stored upstream tokens (masked)", () => import("./list.ts")],
    set: ["Store your token for one upstream source (read from stdin or asked)", () => import("./set.ts")],
    delete: ["Delete your stored token for one upstream source", () => import("./delete.ts")],
    import: [
      "Replace all your upstream tokens with those of a JSON file (not atomic)",
      () => import("./import.ts"),
    ],
  },
  {
    examples: [
      "kohub-cli auth external-token list",
      "kohub-cli auth external-token set https://huggingface.co < hf-token.txt",
    ],
  },
);
