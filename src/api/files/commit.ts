/**
 * The commit of an upload: its NDJSON body generated one file at a time (small files inline, base64),
 * sent with an exact `Content-Length`.
 *
 * @module
 */
import type { RepoTarget } from "../content.ts";
import { type CommitResult, commitResponse } from "../schemas/transfer.ts";
import { checkRefName } from "../validate.ts";
import type { FilesContext } from "./context.ts";
import { LocalFileError, localError } from "./errors.ts";
import type { PhaseProgress } from "./progress.ts";

/**
 * `inMemory`: commits whose NDJSON body is at most this long are built in memory and sent in one piece (a
 * stream generated file by file costs more per file); longer ones are streamed. Uploads also keep the
 * bytes they hashed, up to this much, so that such a body needs no second read. Tests lower it.
 */
export const commitLimits = { inMemory: 32 * 1024 * 1024 };

/** Files read at once while a commit body is built in memory. */
const READ_PARALLEL = 8;

/** A commit operation of the streamed NDJSON body; `data` is the file's bytes when already read. */
export type StreamOp =
  | { kind: "file"; path: string; blob: Blob; size: number; source: string; data?: Uint8Array }
  | { kind: "lfsFile"; path: string; oid: string; size: number }
  | { kind: "deletedFile"; path: string }
  | { kind: "deletedFolder"; path: string };

/** A file line of the commit body, before its bytes are read. */
interface FilePiece {
  op: StreamOp & { kind: "file" };
  prefix: string;
  suffix: string;
}

/**
 * Sends a commit whose NDJSON body is generated one file at a time, with an exact `Content-Length`: built
 * in memory up to {@link commitLimits} bytes, streamed beyond.
 */
export async function sendCommit(
  ctx: FilesContext,
  target: RepoTarget & { revision?: string },
  ops: StreamOp[],
  summary: string,
  description: string | undefined,
  progress: PhaseProgress | undefined,
  signal: AbortSignal | undefined,
): Promise<CommitResult> {
  const ref = await ctx.repoRef(target.repoId, target.type);
  const revision = checkRefName(target.revision ?? "main");
  const encoder = new TextEncoder();
  const header = `${JSON.stringify({ key: "header", value: { summary, description: description ?? "" } })}\n`;
  const first = encoder.encode(header);
  const pieces: Array<Uint8Array | FilePiece> = [first];
  let length = first.byteLength;
  for (const op of ops) {
    if (op.kind === "file") {
      const prefix = `{"key":"file","value":{"path":${JSON.stringify(op.path)},"content":"`;
      const suffix = `","encoding":"base64"}}\n`;
      length +=
        encoder.encode(prefix).byteLength + encoder.encode(suffix).byteLength + 4 * Math.ceil(op.size / 3);
      pieces.push({ op, prefix, suffix });
      continue;
    }
    const value =
      op.kind === "lfsFile"
        ? { path: op.path, algo: "sha256", oid: op.oid, size: op.size }
        : { path: op.path };
    const line = encoder.encode(`${JSON.stringify({ key: op.kind, value })}\n`);
    length += line.byteLength;
    pieces.push(line);
  }
  /** A file's line; a file that cannot be read or changed size is a LocalFileError naming it. */
  const fileLine = async (piece: FilePiece): Promise<Uint8Array> => {
    const { op, prefix, suffix } = piece;
    const counter = progress?.file(op.path, op.size);
    let bytes: Uint8Array;
    try {
      bytes = op.data ?? (await op.blob.bytes());
    } catch (err) {
      throw localError(err, "read", op.source);
    }
    if (bytes.byteLength !== op.size) {
      throw new LocalFileError(`Cannot upload ${op.source}: it changed while being uploaded`, op.source);
    }
    const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
    const line = encoder.encode(prefix + b64 + suffix);
    counter?.add(op.size);
    counter?.done();
    return line;
  };
  let failure: unknown;
  let body: BodyInit;
  if (length <= commitLimits.inMemory) {
    const lines: Uint8Array[] = new Array(pieces.length);
    let next = 0;
    const reader = async () => {
      while (next < pieces.length) {
        const i = next++;
        const piece = pieces[i] as Uint8Array | FilePiece;
        try {
          lines[i] = piece instanceof Uint8Array ? piece : await fileLine(piece);
        } catch (err) {
          next = pieces.length; // the other readers stop too
          throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: READ_PARALLEL }, reader));
    body = Buffer.concat(lines, length);
  } else {
    let index = 0;
    body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const piece = pieces[index++];
        if (piece === undefined) {
          controller.close();
          return;
        }
        if (piece instanceof Uint8Array) {
          controller.enqueue(piece);
          return;
        }
        try {
          controller.enqueue(await fileLine(piece));
        } catch (err) {
          failure = err;
          controller.error(failure);
        }
      },
    });
  }
  try {
    return await ctx.call(
      {
        method: "POST",
        path: `${ctx.repoApiPath(ref)}/commit/${encodeURIComponent(revision)}`,
        body,
        headers: { "content-type": "application/x-ndjson", "content-length": String(length) },
        retry: false,
        signal,
        timeoutMs: 0,
      },
      commitResponse,
    );
  } catch (err) {
    throw failure ?? err;
  }
}
