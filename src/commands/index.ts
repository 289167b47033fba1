/**
 * The command tree. Only descriptions and `import()` thunks: nothing here is loaded until used.
 *
 * @module
 */
import { defineGroup } from "./_define.ts";

export default defineGroup(
  { name: "kohub-cli", description: "the command line for KohakuHub, the self-hosted Hugging Face Hub" },
  {
    auth: ["Log in and out, show who you are, manage API tokens", () => import("./auth/index.ts")],
    repo: ["Create, inspect, list and manage repositories", () => import("./repo/index.ts")],
    upload: ["Upload a file or a folder to a repository (one commit)", () => import("./upload.ts")],
    download: [
      "Download files or a whole revision (HF cache, or --local-dir)",
      () => import("./download.ts"),
    ],
    org: ["Create organizations and manage their members", () => import("./org/index.ts")],
    quota: ["Storage used and allowed, per namespace and per repository", () => import("./quota/index.ts")],
    user: [
      "Profiles, your settings and avatar, and the repositories a user liked",
      () => import("./user/index.ts"),
    ],
    hub: ["What the server is: version, site settings, upstream sources", () => import("./hub/index.ts")],
    config: ["Read and write the config file (~/.kohub/config.json)", () => import("./config/index.ts")],
    history: [
      "List the commands that changed something (and how to undo them)",
      () => import("./history/index.ts"),
    ],
    undo: ["Undo a command of the history (the last one by default)", () => import("./undo.ts")],
    health: ["Check that the server answers and who you are on it", () => import("./health.ts")],
    api: ["Send a request to the KohakuHub API with your endpoint and token", () => import("./api.ts")],
    batch: ["Run kohub-cli commands from a file or stdin, one per line", () => import("./batch.ts")],
    alias: ["Shortcuts for kohub-cli command lines (or shell commands)", () => import("./alias/index.ts")],
    extension: [
      "Install, list, upgrade and create extensions (kohub-cli-NAME programs)",
      () => import("./extension/index.ts"),
    ],
    interactive: ["Menus over every command (the default on a terminal)", () => import("./interactive.ts")],
    completion: [
      "Print the shell completion script (bash, zsh, fish, powershell)",
      () => import("./completion.ts"),
    ],
  },
  {
    examples: [
      "kohub-cli auth login",
      "kohub-cli repo create my-model --type model",
      "kohub-cli --output json repo list --author my-org",
    ],
  },
);
