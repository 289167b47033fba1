/**
 * `kohub-cli repo check-name NAME`: is a repository name free in its namespace? The characters are checked
 * here; the server checks existing repositories and names that differ only by case or `-`/`_`. A taken name
 * is an error (exit 6), so `repo check-name x && repo create x` works in scripts.
 */
import { defineCommand } from "citty";
import { parseRepoId } from "../../api/validate.ts";
import type { Context } from "../../context.ts";
import { CliError, EXIT } from "../../errors.ts";
import { printRecord } from "../../output/print.ts";
import { repoType, typeArg } from "../_args.ts";
import type { RepoType } from "./_shared.ts";

export interface CheckNameOptions {
  namespace?: string | undefined;
  name: string;
  type?: RepoType | undefined;
}

export function toOptions(args: { repo_id: string; type?: string }): CheckNameOptions {
  const { namespace, name } = parseRepoId(args.repo_id);
  return { namespace, name, type: args.type as RepoType | undefined };
}

export async function checkNameRun(ctx: Context, opts: CheckNameOptions): Promise<void> {
  const type = await repoType(ctx, opts.type);
  const client = await ctx.client();
  const namespace = opts.namespace ?? (await client.whoami()).username;
  const id = `${namespace}/${opts.name}`;
  const check = await client.checkName({ name: opts.name, namespace, type });
  const json = { repo_id: id, type, ...check };
  if (!check.available) {
    throw new CliError(`${id} is not available: ${check.message}`, {
      code: "NameTaken",
      details: json,
      exitCode: EXIT.CONFLICT,
    });
  }
  if (ctx.quiet && !ctx.json) return;
  printRecord(
    ctx,
    [
      ["Name", id],
      ["Type", type],
      ["Available", true, "bool"],
      ["Message", check.message],
    ],
    json,
  );
}

export const examples = [
  "kohub-cli repo check-name my-org/my-model",
  "kohub-cli repo check-name my-data --type dataset && kohub-cli repo create my-data --type dataset",
  "kohub-cli --output json repo check-name my-org/my-model",
];

export default defineCommand({
  meta: { name: "check-name", description: "Check that a repository name is free (exit 6 when taken)" },
  args: {
    repo_id: {
      type: "positional",
      required: true,
      description: "namespace/name (a bare name means your own namespace)",
    },
    ...typeArg,
  },
  run: ({ args, data }) => checkNameRun(data as Context, toOptions(args)),
});
