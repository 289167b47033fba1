/**
 * `kohub-cli hub info`: the server's name and version, its public site settings, the upstream (fallback)
 * sources it can ask, and whether its dataset viewer runs. A part the server does not offer is shown as
 * unavailable; only a server that cannot be reached at all is an error.
 */
import { defineCommand } from "citty";
import type { Context } from "../../context.ts";
import { type ColumnKind, type Field, printRecord } from "../../output/print.ts";

type Part<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A part's answer, or why it is unavailable. An error without an HTTP status (no answer at all) is thrown. */
async function part<T>(request: Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await request };
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (typeof status !== "number") throw err;
    return { ok: false, reason: `${status}: ${(err as Error).message}` };
  }
}

/** A record line from a part: the picked value, or why the part is unavailable. */
function line<T>(label: string, p: Part<T>, pick: (value: T) => unknown, kind?: ColumnKind): Field {
  return p.ok ? [label, pick(p.value), kind] : [label, `unavailable (${p.reason})`];
}

export async function infoRun(ctx: Context): Promise<void> {
  const client = await ctx.client();
  const [server, version, site, sources, viewer] = await Promise.all([
    part(client.serverInfo()),
    part(client.version()),
    part(client.siteConfig()),
    part(client.listFallbackSources()),
    part(client.datasetViewerHealth()),
  ]);
  const fields: Field[] = [
    ["Endpoint", client.endpoint],
    line("Server", server, (v) => v.name),
    line("Version", version, (v) => v.version),
    line("KohakuHub API", version, (v) => v.api === "kohakuhub", "bool"),
    line("Site name", site, (v) => v.site_name),
    line("Invitation only", site, (v) => v.invitation_only, "bool"),
    line("Email verification", site, (v) => v.require_email_verification, "bool"),
    line("Upstream sources", sources, (v) => v.map((s) => `${s.name} (${s.url})`).join(", ") || "none"),
    line("Dataset viewer", viewer, (v) => v.status),
  ];
  const value = <T>(p: Part<T>) => (p.ok ? p.value : null);
  const reasons = Object.fromEntries(
    Object.entries({ server, version, site_config: site, fallback_sources: sources, dataset_viewer: viewer })
      .filter(([, p]) => !p.ok)
      .map(([name, p]) => [name, (p as { reason: string }).reason]),
  );
  printRecord(ctx, fields, {
    endpoint: client.endpoint,
    server: value(server),
    version: value(version),
    site_config: value(site),
    fallback_sources: value(sources),
    dataset_viewer: value(viewer),
    unavailable: reasons,
  });
}

export const examples = ["kohub-cli hub info", "kohub-cli --output json hub info"];

export default defineCommand({
  meta: {
    name: "info",
    description: "Show the server's version, site config, upstream sources and dataset viewer",
  },
  args: {},
  run: ({ data }) => infoRun(data as Context),
});
