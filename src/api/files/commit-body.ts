/**
 * The commit of an upload: its NDJSON body (a header line, then one line per operation, small files
 * inline in base64), built once from the operations and sent with an exact `Content-Length`: in memory
 * up to `commitLimits.inMemory` bytes, streamed a line at a time beyond, so memory stays bounded.
 *
 * @module
 */
import type { HttpClient, Query } from "../http.ts";
import type { RepoTarget } from "../refs.ts";
import { parseResponse } from "../schemas/common.ts";
import { type CommitResult, commitResponse } from "../schemas/transfer.ts";
import { checkRefName } from "../validate.ts";
import type { FilesContext } from "./context.ts";
import { mapAhead } from "./pool.ts";
import type { PhaseProgress } from "./progress.ts";

/** Commit bodies up to `inMemory` bytes are built whole before they are sent; longer ones are streamed. */
export const commitLimits = { inMemory: 16 * 1024 * 1024 };

/** Inline files read at once while the body is built. */
const READ_AHEAD = 8;

/** About how many bytes of a streamed body go to the request at a time. */
const SEND_PIECE = 256 * 1024;

/** An operation that is not an inline file: its line is known without reading anything. */
export type OtherOp =
  | { kind: "lfsFile"; path: string; oid: string; size: number }
  | { kind: "deletedFile"; path: string }
  | { kind: "deletedFolder"; path: string }
  | { kind: "copyFile"; path: string; srcPath: string; srcRevision?: string };

/** A commit operation. A `file` is inline: `read` gives its bytes (and refuses a file that changed). */
export type CommitOp = { kind: "file"; path: string; size: number; read(): Promise<Uint8Array> } | OtherOp;

/** The end of every file line, after its base64. */
const FILE_TAIL = `","encoding":"base64"}}\n`;

/** The start of a file's line, up to its base64. */
function fileHead(path: string): string {
  return `{"key":"file","value":{"path":${JSON.stringify(path)},"content":"`;
}

/** The line of an inline file. */
function fileLine(path: string, bytes: Uint8Array): string {
  return `${fileHead(path)}${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")}${FILE_TAIL}`;
}

/** The line of an operation other than a file. */
function otherLine(op: OtherOp): string {
  const { kind, ...value } = op;
  return `${JSON.stringify({ key: kind, value: kind === "lfsFile" ? { ...value, algo: "sha256" } : value })}\n`;
}

/** The first line of a commit body. */
function headerLine(message: CommitMessage): string {
  const { summary, description = "", parentCommit } = message;
  return `${JSON.stringify({ key: "header", value: parentCommit ? { summary, description, parentCommit } : { summary, description } })}\n`;
}

/** The body's length in bytes, known before any file is read. */
function bodyLength(header: string, ops: CommitOp[]): number {
  let length = Buffer.byteLength(header);
  for (const op of ops) {
    length +=
      op.kind === "file"
        ? Buffer.byteLength(fileHead(op.path)) + 4 * Math.ceil(op.size / 3) + FILE_TAIL.length
        : Buffer.byteLength(otherLine(op));
  }
  return length;
}

/** The body's lines in order, files read a few at a time ahead. */
async function* bodyLines(header: string, ops: CommitOp[], progress: PhaseProgress | undefined) {
  yield Buffer.from(header);
  yield* mapAhead(ops, READ_AHEAD, async (op) => {
    if (op.kind !== "file") return Buffer.from(otherLine(op));
    const bytes = await op.read();
    progress?.file(op.path, op.size).done();
    return Buffer.from(fileLine(op.path, bytes));
  });
}

/** What a commit says of itself (its header line). */
export interface CommitMessage {
  summary: string;
  description?: string;
  parentCommit?: string;
}

/** Sends a commit of `ops` to a branch of a repo (the upload engine's road to {@link postCommit}). */
export async function sendCommit(
  ctx: FilesContext,
  target: RepoTarget & { revision?: string },
  ops: CommitOp[],
  message: CommitMessage,
  progress: PhaseProgress | undefined,
  signal: AbortSignal | undefined,
): Promise<CommitResult> {
  const ref = await ctx.repoRef(target.repoId, target.type);
  const revision = checkRefName(target.revision ?? "main");
  const path = `${ctx.repoApiPath(ref)}/commit/${encodeURIComponent(revision)}`;
  return postCommit(ctx.api.http, path, message, ops, { progress, signal });
}

/**
 * POSTs a commit body to `path`. Errors of reading a file (it changed, it is gone) are thrown as they
 * are, not as the network error they cause.
 */
export async function postCommit(
  http: HttpClient,
  path: string,
  message: CommitMessage,
  ops: CommitOp[],
  options: { progress?: PhaseProgress; signal?: AbortSignal; query?: Query },
): Promise<CommitResult> {
  const header = headerLine(message);
  const length = bodyLength(header, ops);
  const failure: { err?: unknown } = {};
  const lines = bodyLines(header, ops, options.progress);
  const body =
    length <= commitLimits.inMemory
      ? Buffer.concat(await collect(lines))
      : streamOf(inPieces(lines, failure));
  let answer: unknown;
  try {
    answer = await http.json({
      method: "POST",
      path,
      query: options.query,
      body,
      headers: { "content-type": "application/x-ndjson", "content-length": String(length) },
      retry: false,
      signal: options.signal,
      // The server answers once it has stored every operation: allow for the body's size.
      timeoutMs: 120_000 + Math.ceil(length / 100),
    });
  } catch (err) {
    throw failure.err ?? err;
  }
  return parseResponse(commitResponse, answer, `POST ${path}`);
}

/** Every item of an async iterable, in order (what `Array.fromAsync` does; Node 20 has none). */
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** A byte stream of an async generator's chunks, pulled one at a time as the request sends them. */
function streamOf(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: async () => void (await chunks.return(undefined)),
  });
}

/**
 * The lines of a streamed body, joined into pieces of about {@link SEND_PIECE} bytes (a request pulled a
 * line at a time sends thousands of small writes); the error that stops them is kept (the request then
 * fails on its own).
 */
async function* inPieces(lines: AsyncGenerator<Buffer>, failure: { err?: unknown }): AsyncGenerator<Buffer> {
  let piece: Buffer[] = [];
  let size = 0;
  try {
    for await (const line of lines) {
      piece.push(line);
      size += line.byteLength;
      if (size < SEND_PIECE) continue;
      yield Buffer.concat(piece);
      [piece, size] = [[], 0];
    }
    if (piece.length > 0) yield Buffer.concat(piece);
  } catch (err) {
    failure.err = err;
    throw err;
  }
}
