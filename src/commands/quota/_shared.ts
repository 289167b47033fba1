/** What the quota commands share: sizes as people write them (10GB), and the `--repo` flag. */
import { UsageError } from "../../errors.ts";
import { typeArg } from "../_args.ts";
import { checkNamespaceName, checkRepoId } from "../repo/_shared.ts";

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50,
};

/** `10GB` → 10,000,000,000 (decimal units, as sizes are shown; KiB, MiB, GiB... are binary). */
export function parseSize(value: string, flag = "size"): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const factor = m ? UNITS[(m[2] ?? "").toLowerCase()] : undefined;
  if (!m || factor === undefined) {
    throw new UsageError(`Invalid ${flag} "${value}": expected a size such as 500MB, 10GB or 1TB`);
  }
  const bytes = Math.round(Number(m[1]) * factor);
  if (!Number.isSafeInteger(bytes)) throw new UsageError(`Invalid ${flag} "${value}": too large`);
  return bytes;
}

/** `--repo` and `--type`, for the commands that work on a namespace or on one repository. */
export const repoFlagArgs = {
  repo: {
    type: "string" as const,
    description: "a repository (namespace/name) instead of a namespace",
    valueHint: "REPO",
  },
  type: {
    ...typeArg.type,
    description: "the type of --repo [default: model, or the config's default_repo_type]",
  },
};

/** A namespace or a repo, from `NAMESPACE` or `--repo REPO` (not both); neither: your own namespace. */
export type QuotaTarget = { namespace?: string } | { repoId: string; type?: "model" | "dataset" | "space" };

export function quotaTarget(args: { namespace?: string; repo?: string; type?: string }): QuotaTarget {
  if (args.repo !== undefined) {
    if (args.namespace) throw new UsageError("Give a namespace or --repo, not both");
    return { repoId: checkRepoId(args.repo), type: args.type as "model" | "dataset" | "space" | undefined };
  }
  if (args.type !== undefined) throw new UsageError("--type goes with --repo");
  return { namespace: args.namespace ? checkNamespaceName(args.namespace, "namespace") : undefined };
}
