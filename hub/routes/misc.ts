/**
 * Server information and validation helpers: `/`, `/health`, `/api/version`, `/api/site-config`,
 * `/api/validate-yaml`, `/api/validate/check-name` (auth-users-orgs.md §6.3, §15). The dataset viewer is
 * disabled in the local hub, so `/api/dataset-viewer/health` is not registered and answers 404 Not Found.
 */
import type { Database } from "bun:sqlite";
import { json, readBody } from "../http.ts";
import type { Router } from "../router.ts";
import { isReserved, normalizeName } from "./account.ts";

export const VERSION = "0.0.1";

/**
 * `yaml.safe_load` accepts exactly one document and no Python-specific tags. Bun's YAML parser is used for
 * the syntax; the two PyYAML refusals it does not share are checked here.
 */
export function yamlIsValid(content: string): boolean {
  if (/!!python\//.test(content)) return false;
  let documents = 0;
  let implicit = false;
  for (const line of content.split(/\r?\n/)) {
    if (/^---(\s|$)/.test(line)) documents++;
    else if (documents === 0 && line.trim() !== "" && !/^\s*#/.test(line) && !line.startsWith("%"))
      implicit = true;
  }
  if (documents + (implicit ? 1 : 0) > 1) return false;
  try {
    Bun.YAML.parse(content);
    return true;
  } catch {
    return false;
  }
}

/** Names of the repos of one type in a namespace (the `repos` table of ../storage.ts). */
function repoNames(db: Database, type: string, namespace: string): string[] {
  const rows = db
    .query("SELECT name FROM repos WHERE type = ? AND namespace = ?")
    .all(type, namespace) as Array<{
    name: string;
  }>;
  return rows.map((r) => r.name);
}

interface NameCheck {
  available: boolean;
  normalized_name: string;
  conflict_with: string | null;
  message: string;
}

function checkName(db: Database, rawName: string, namespace: string | null, type: string | null): NameCheck {
  const name = rawName.trim();
  const normalized = normalizeName(name);
  const answer = (available: boolean, message: string, conflict: string | null = null): NameCheck => ({
    available,
    normalized_name: normalized,
    conflict_with: conflict,
    message,
  });
  if (namespace && type) {
    const names = repoNames(db, type, namespace);
    if (names.includes(name)) {
      return answer(false, `Repository ${namespace}/${name} already exists`, `${namespace}/${name}`);
    }
    const clash = names.find((n) => normalizeName(n) === normalized);
    if (clash !== undefined) {
      return answer(
        false,
        `Repository name conflicts with existing repository: ${clash} (case-insensitive)`,
        `${namespace}/${clash}`,
      );
    }
    return answer(true, "Repository name is available");
  }
  if (isReserved(name)) return answer(false, `Name '${name}' is reserved and cannot be used`, name);
  if (db.query("SELECT 1 FROM users WHERE username = ?").get(name)) {
    return answer(false, `Username ${name} is already taken`, name);
  }
  const user = db
    .query("SELECT username FROM users WHERE normalized_name = ? ORDER BY id")
    .get(normalized) as {
    username: string;
  } | null;
  if (user) {
    return answer(
      false,
      `Username conflicts with existing user: ${user.username} (case-insensitive)`,
      user.username,
    );
  }
  return answer(true, "Name is available");
}

export function register(r: Router): void {
  r.get("/", () =>
    json({
      name: "Kohaku Hub",
      version: VERSION,
      description: "HuggingFace-compatible hub with LakeFS and S3 storage",
      endpoints: { api: "/api", auth: "/api/auth", docs: "/docs", redoc: "/redoc" },
    }),
  );
  r.get("/health", () => json({ status: "ok" }));
  r.get("/api/version", (ctx) =>
    json({ api: "kohakuhub", version: VERSION, name: ctx.hub.options.siteName }),
  );
  r.get("/api/site-config", (ctx) =>
    json({
      site_name: ctx.hub.options.siteName,
      invitation_only: ctx.hub.options.invitationOnly,
      require_email_verification: ctx.hub.options.requireEmailVerification,
    }),
  );
  r.post("/api/validate-yaml", async (ctx) => {
    const body = await readBody<{ content: string }>(ctx.req, {
      content: { type: "str", required: true },
      repo_type: { type: "str" },
    });
    return json({ valid: yamlIsValid(body.content) });
  });
  r.post("/api/validate/check-name", async (ctx) => {
    const body = await readBody<{ name: string; namespace?: string | null; type?: string | null }>(ctx.req, {
      name: { type: "str", required: true },
      namespace: { type: "str", nullable: true },
      type: { type: "str", nullable: true },
    });
    return json(checkName(ctx.db, body.name, body.namespace ?? null, body.type ?? null));
  });
}
