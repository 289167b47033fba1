/** `kohub-cli repo settings`: show or change a repository's visibility and LFS rules. */
import { defineCommand } from "citty";
import type { KohubClient } from "../../api/client.ts";
import type { RepoSettingsUpdate } from "../../api/repos.ts";
import type { Context } from "../../context.ts";
import { UsageError } from "../../errors.ts";
import type { Changes } from "../../history/types.ts";
import { printJson, printLines, printRecord } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import {
  checkRepoId,
  intFlag,
  label,
  type RepoType,
  repeatedFlag,
  repoIdArg,
  visibility,
} from "./_shared.ts";

export type SettingsChanges = Omit<RepoSettingsUpdate, "repoId" | "type" | "visibility">;

export interface SettingsOptions {
  repoId: string;
  type?: RepoType;
  /** Empty: show the settings. */
  changes: SettingsChanges;
}

export interface SettingsArgs {
  repo_id: string;
  type?: string;
  private?: boolean;
  public?: boolean;
  gated?: string;
  "lfs-threshold"?: string;
  "lfs-keep-versions"?: string;
  /** Every `--lfs-suffix` value (repeatable, each may be comma-separated). */
  "lfs-suffix"?: string | string[];
}

export function toOptions(args: SettingsArgs): SettingsOptions {
  const changes: SettingsChanges = {};
  if (args.private && args.public) throw new UsageError("--private and --public cannot be used together");
  if (args.private !== undefined || args.public !== undefined) {
    changes.private = args.private === true || args.public === false;
  }
  if (args.gated !== undefined) changes.gated = args.gated as "auto" | "manual";
  changes.lfsThresholdBytes = intFlag(args["lfs-threshold"], "lfs-threshold", 1_000_000);
  changes.lfsKeepVersions = intFlag(args["lfs-keep-versions"], "lfs-keep-versions", 2);
  const raw = args["lfs-suffix"];
  const given = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (given.length) {
    const rules = given
      .flatMap((v) => v.split(","))
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = rules.find((s) => !/^\.[^\s./\\]+(\.[^\s./\\]+)*$/.test(s));
    if (bad)
      throw new UsageError(`Invalid --lfs-suffix "${bad}": expected a file suffix such as .safetensors`);
    changes.lfsSuffixRules = rules;
  }
  for (const key of Object.keys(changes) as Array<keyof SettingsChanges>) {
    if (changes[key] === undefined) delete changes[key];
  }
  return { repoId: checkRepoId(args.repo_id), type: args.type as RepoType | undefined, changes };
}

/** `private, gated auto, LFS threshold 5000000 bytes` */
function describe(changes: SettingsChanges): string {
  const parts: string[] = [];
  if (changes.private !== undefined) parts.push(visibility(changes.private));
  if (changes.gated) parts.push(`gated ${changes.gated}`);
  if (changes.lfsThresholdBytes !== undefined) parts.push(`LFS threshold ${changes.lfsThresholdBytes} bytes`);
  if (changes.lfsKeepVersions !== undefined) parts.push(`LFS keep versions ${changes.lfsKeepVersions}`);
  if (changes.lfsSuffixRules) parts.push(`LFS suffixes [${changes.lfsSuffixRules.join(", ")}]`);
  return parts.join(", ");
}

/**
 * The values a change replaces, for undo. The LFS values are the effective ones: the server cannot go
 * back to "no repository setting", so undo sets the value that applied before.
 */
async function previousValues(
  client: KohubClient,
  target: { repoId: string; type: RepoType },
  changes: SettingsChanges,
): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  if (changes.private !== undefined) values.private = (await client.repoInfo(target)).private;
  const { lfsThresholdBytes, lfsKeepVersions, lfsSuffixRules } = changes;
  if (lfsThresholdBytes === undefined && lfsKeepVersions === undefined && !lfsSuffixRules) return values;
  const lfs = await client.getRepoLfsSettings(target);
  if (lfsThresholdBytes !== undefined) values.lfsThresholdBytes = lfs.lfs_threshold_bytes_effective;
  if (lfsKeepVersions !== undefined) values.lfsKeepVersions = lfs.lfs_keep_versions_effective;
  if (lfsSuffixRules) values.lfsSuffixRules = lfs.lfs_suffix_rules ?? [];
  return values;
}

export async function settingsRun(ctx: Context, opts: SettingsOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  ctx.subject = opts.repoId;
  const client = await ctx.client();
  const target = { repoId: opts.repoId, type };
  if (Object.keys(opts.changes).length) {
    const values = await previousValues(client, target, opts.changes);
    await client.updateRepoSettings({ ...target, ...opts.changes });
    if (Object.keys(values).length) ctx.undo({ op: "repo.settings", ...target, values });
    if (ctx.json) printJson(ctx, { repo_id: opts.repoId, type, updated: opts.changes });
    else if (ctx.quiet) printLines(ctx, [opts.repoId]);
    ctx.log.success(`Updated ${label(type, opts.repoId)}: ${describe(opts.changes)}`);
    return;
  }
  ctx.history.read = true;
  const info = await client.repoInfo(target);
  const lfs = await client.getRepoLfsSettings(target);
  if (ctx.quiet && !ctx.json) {
    printLines(ctx, [visibility(info.private)]);
    return;
  }
  printRecord(
    ctx,
    [
      ["Repository", info.id],
      ["Visibility", visibility(info.private)],
      ["LFS threshold", lfs.lfs_threshold_bytes_effective, "bytes"],
      ["LFS threshold from", lfs.lfs_threshold_bytes_source],
      ["LFS keep versions", lfs.lfs_keep_versions_effective, "number"],
      ["LFS keep versions from", lfs.lfs_keep_versions_source],
      ["LFS suffix rules", lfs.lfs_suffix_rules_effective.join(", ") || "none"],
      ["LFS suffix rules from", lfs.lfs_suffix_rules_source],
      ["Server threshold", lfs.server_defaults.lfs_threshold_bytes, "bytes"],
      ["Server keep versions", lfs.server_defaults.lfs_keep_versions, "number"],
    ],
    { repo_id: info.id, type, private: info.private, gated: info.gated ?? null, lfs },
  );
}

/** A change is recorded; `kohub-cli undo` sets the previous values back. */
export const changes: Changes = true;

export const examples = [
  "kohub-cli repo settings my-org/my-model --type model",
  "kohub-cli repo settings my-org/my-model --type model --private",
  "kohub-cli repo settings my-org/my-model --type model --public",
  "kohub-cli repo settings my-org/my-model --lfs-threshold 5000000 --lfs-keep-versions 10",
  "kohub-cli repo settings my-org/my-model --lfs-suffix .safetensors --lfs-suffix .bin,.gguf",
];

export default defineCommand({
  meta: { name: "settings", description: "Show or change a repository's visibility and LFS settings" },
  args: {
    ...repoIdArg,
    ...typeArg,
    private: { type: "boolean", description: "make the repository private" },
    public: { type: "boolean", description: "make the repository public" },
    gated: {
      type: "enum",
      options: ["auto", "manual"],
      description: "access requests (ignored by KohakuHub)",
    },
    "lfs-threshold": {
      type: "string",
      description: "files this large or larger go to LFS (≥ 1000000)",
      valueHint: "BYTES",
    },
    "lfs-keep-versions": { type: "string", description: "LFS versions kept per file (≥ 2)", valueHint: "N" },
    "lfs-suffix": {
      type: "string",
      description: "suffix always stored in LFS (repeatable or comma-separated; replaces the list)",
      valueHint: ".EXT",
    },
  },
  run: ({ args, rawArgs, data }) =>
    settingsRun(data as Context, toOptions({ ...args, "lfs-suffix": lfsSuffixes(args, rawArgs) })),
});

/** Every `--lfs-suffix` of the command line (citty keeps only the last one). */
function lfsSuffixes(args: { "lfs-suffix"?: string }, rawArgs: string[]): string[] | undefined {
  if (args["lfs-suffix"] === undefined) return undefined;
  return repeatedFlag(rawArgs, ["lfs-suffix", "lfsSuffix"]);
}
