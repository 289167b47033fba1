/**
 * git smart HTTP (protocol v0, stateless), as KohakuHub serves it (api/git/routers/http.py): no repo type
 * in the URL (model, then dataset, then space), Basic auth with any non-empty user name and an API token as
 * the password, `main` only, the whole snapshot in every pack (haves ignored, NAK always).
 *
 * Two of the server's behaviours are kept on purpose, because clients must cope with them:
 * - its 401s carry no `WWW-Authenticate`, so git (with curl's "any" auth) never sends the credentials it
 *   got from a helper: a push without credentials sent up front fails with "Authentication failed";
 * - receive-pack parses the ref updates, applies nothing and answers a status report that begins with a
 *   flush packet, which git reads as a hung-up remote: a push never lands.
 */
import { hashToken } from "../auth.ts";
import type { UserRow } from "../db.ts";
import { detail, repoNotFound, validationError } from "../http.ts";
import { canRead, canWrite, REPO_TYPES } from "../repo-access.ts";
import type { Ctx, Router } from "../router.ts";
import { findRepo, type RepoRow } from "../storage.ts";
import { packFile, parsePktLines, pktLine } from "./objects.ts";
import { snapshot } from "./snapshot.ts";

const UPLOAD_CAPS = "multi_ack multi_ack_detailed side-band-64k thin-pack ofs-delta agent=kohakuhub/0.0.1";
const RECEIVE_CAPS = "report-status side-band-64k delete-refs ofs-delta agent=kohakuhub/0.0.1";
/** Pack bytes per side-band packet (the server's MAX_CHUNK_SIZE, under pkt-line's limit). */
const CHUNK = 65500;
const EMPTY_PACK = packFile([]);

function gitRepo(ctx: Ctx): RepoRow {
  const { ns = "", name = "" } = ctx.params;
  for (const type of REPO_TYPES) {
    const repo = findRepo(ctx.db, type, ns, name);
    if (repo) return repo;
  }
  throw detail(404, "Repository not found");
}

/** The user of `Authorization: Basic base64(user:token)`; undefined when absent or not a live token. */
function gitUser(ctx: Ctx): UserRow | undefined {
  const header = ctx.req.headers.get("authorization");
  if (!header?.startsWith("Basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  const row = ctx.db
    .query(
      "SELECT u.*, t.id AS token_row_id FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.is_active = 1",
    )
    .get(hashToken(decoded.slice(colon + 1))) as (UserRow & { token_row_id: number }) | null;
  if (!row) return undefined;
  ctx.db.query("UPDATE tokens SET last_used = ? WHERE id = ?").run(Date.now(), row.token_row_id);
  return row;
}

function checkRead(ctx: Ctx, repo: RepoRow, user: UserRow | undefined): void {
  const caller = user ? { user, via: "token" as const, externalTokens: [] } : undefined;
  if (!canRead(ctx, repo, caller)) throw repoNotFound(repo.type, repo.namespace, repo.name);
}

/** 401 without WWW-Authenticate (the server's HTTPException), then 403. */
function checkWrite(ctx: Ctx, repo: RepoRow, user: UserRow | undefined): void {
  if (!user) throw detail(401, "Authentication required for push");
  if (!canWrite(ctx, repo, { user, via: "token", externalTokens: [] })) {
    throw detail(403, `You don't have permission to modify repository '${repo.namespace}/${repo.name}'`);
  }
}

function gitResponse(body: Uint8Array, type: string): Response {
  return new Response(new Uint8Array(body), {
    headers: { "content-type": type, "cache-control": "no-cache" },
  });
}

function infoRefs(ctx: Ctx): Response {
  const service = ctx.query.get("service");
  if (service === null) {
    throw validationError([
      { type: "missing", loc: ["query", "service"], msg: "Field required", input: null },
    ]);
  }
  const repo = gitRepo(ctx);
  const user = gitUser(ctx);
  if (service === "git-upload-pack") checkRead(ctx, repo, user);
  else if (service === "git-receive-pack") checkWrite(ctx, repo, user);
  else throw detail(400, `Unknown service: ${service}`);
  const head = snapshot(ctx.db, ctx.hub.dataDir, ctx.hub.baseUrl, repo)?.commit.sha1;
  const caps = service === "git-upload-pack" ? UPLOAD_CAPS : RECEIVE_CAPS;
  const lines = [`# service=${service}\n`, null];
  if (head) lines.push(`${head} HEAD\0${caps}\n`, `${head} refs/heads/main\n`);
  else lines.push(`${"0".repeat(40)} capabilities^{}\0${caps}\n`);
  lines.push(null);
  return gitResponse(Buffer.concat(lines.map(pktLine)), `application/x-${service}-advertisement`);
}

async function uploadPack(ctx: Ctx): Promise<Response> {
  const repo = gitRepo(ctx);
  checkRead(ctx, repo, gitUser(ctx));
  await ctx.req.arrayBuffer();
  const snap = snapshot(ctx.db, ctx.hub.dataDir, ctx.hub.baseUrl, repo);
  const pack = snap ? packFile(snap.objects) : EMPTY_PACK;
  const parts = [pktLine("NAK\n")];
  for (let at = 0; at < pack.byteLength; at += CHUNK) {
    parts.push(pktLine(Buffer.concat([Uint8Array.of(1), pack.subarray(at, at + CHUNK)])));
  }
  parts.push(pktLine(null));
  return gitResponse(Buffer.concat(parts), "application/x-git-upload-pack-result");
}

/** The server's stub: ref names are split on whitespace (so the first keeps its `\0capabilities`). */
async function receivePack(ctx: Ctx): Promise<Response> {
  const repo = gitRepo(ctx);
  checkWrite(ctx, repo, gitUser(ctx));
  const body = new Uint8Array(await ctx.req.arrayBuffer());
  const lines: Array<Uint8Array | string | null> = [null, "\x01unpack ok\n"];
  for (const line of parsePktLines(body)) {
    if (line === null) break;
    const parts = new TextDecoder().decode(line).trim().split(/\s+/);
    if (parts.length >= 3) lines.push(`\x01ok ${parts[2]}\n`);
  }
  lines.push(null);
  return gitResponse(Buffer.concat(lines.map(pktLine)), "application/x-git-receive-pack-result");
}

function head(ctx: Ctx): Response {
  const repo = gitRepo(ctx);
  checkRead(ctx, repo, gitUser(ctx));
  return new Response("ref: refs/heads/main\n", { headers: { "content-type": "text/plain; charset=utf-8" } });
}

export function register(r: Router): void {
  r.get("/{ns}/{name}.git/info/refs", infoRefs);
  r.post("/{ns}/{name}.git/git-upload-pack", uploadPack);
  r.post("/{ns}/{name}.git/git-receive-pack", receivePack);
  r.get("/{ns}/{name}.git/HEAD", head);
}
