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
import { base64Into } from "./util.ts";

/**
 * `inMemory`: commits whose NDJSON body is at most this long are built in memory and sent in one piece (a
 * stream generated file by file costs more per file); longer ones are streamed. Uploads also keep the
 * bytes they hashed, up to this much, so that such a body needs no second read. Tests lower it.
 */
export const commitLimits = { inMemory: 24 * 1024 * 1024 };

/** Files read at once while a commit body is built in memory. */
const READ_PARALLEL = 8;

/** A commit operation of the NDJSON body; `data` is the file's bytes when already read. */
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

/** The length of a file's line: its prefix, the base64 of its bytes, its suffix. */
function fileLineLength(piece: FilePiece, encoder: TextEncoder): number {
  return (
    encoder.encode(piece.prefix).byteLength +
    encoder.encode(piece.suffix).byteLength +
    4 * Math.ceil(piece.op.size / 3)
  );
}

/** The base64 of bytes. */
function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** A commit body laid out: the header and operation lines (file lines still to be read), and the exact length. */
function layout(
  ops: StreamOp[],
  summary: string,
  description: string | undefined,
): { pieces: Array<Uint8Array | FilePiece>; length: number } {
  const encoder = new TextEncoder();
  const header = `${JSON.stringify({ key: "header", value: { summary, description: description ?? "" } })}\n`;
  const first = encoder.encode(header);
  const pieces: Array<Uint8Array | FilePiece> = [first];
  let length = first.byteLength;
  for (const op of ops) {
    if (op.kind === "file") {
      const prefix = `{"key":"file","value":{"path":${JSON.stringify(op.path)},"content":"`;
      const suffix = `","encoding":"base64"}}\n`;
      const piece = { op, prefix, suffix };
      length += fileLineLength(piece, encoder);
      pieces.push(piece);
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
  return { pieces, length };
}

/**
 * The whole NDJSON body of a commit whose file operations all carry their bytes (`data`), when it fits
 * `commitLimits.inMemory`; undefined otherwise. Synchronous, so that an upload can build it while the
 * server answers the preupload, then hand it to {@link sendCommit} as `prebuilt`.
 */
export function inlineCommitBody(
  ops: StreamOp[],
  summary: string,
  description: string | undefined,
): Buffer<ArrayBuffer> | undefined {
  const { pieces, length } = layout(ops, summary, description);
  if (length > commitLimits.inMemory) return undefined;
  const buffer = Buffer.allocUnsafe(length);
  let at = 0;
  for (const piece of pieces) {
    if (piece instanceof Uint8Array) {
      buffer.set(piece, at);
      at += piece.byteLength;
      continue;
    }
    if (piece.op.data === undefined || piece.op.data.byteLength !== piece.op.size) return undefined;
    at += buffer.write(piece.prefix, at);
    at += base64Into(piece.op.data, buffer, at);
    at += buffer.write(piece.suffix, at);
  }
  return buffer;
}

/**
 * Sends a commit whose NDJSON body is generated one file at a time, with an exact `Content-Length`: built
 * in memory up to {@link commitLimits} bytes, streamed beyond, or given whole (`prebuilt`, from
 * {@link inlineCommitBody} for the same operations).
 */
export async function sendCommit(
  ctx: FilesContext,
  target: RepoTarget & { revision?: string },
  ops: StreamOp[],
  summary: string,
  description: string | undefined,
  progress: PhaseProgress | undefined,
  signal: AbortSignal | undefined,
  prebuilt?: Buffer<ArrayBuffer>,
): Promise<CommitResult> {
  const ref = await ctx.repoRef(target.repoId, target.type);
  const revision = checkRefName(target.revision ?? "main");
  const encoder = new TextEncoder();
  const { pieces, length } = layout(ops, summary, description);
  /** A file's bytes, counted as sent; a file that cannot be read or changed size is a LocalFileError naming it. */
  const fileBytes = async (piece: FilePiece): Promise<Uint8Array> => {
    const { op } = piece;
    const counter = progress?.file(op.path, op.size);
    let bytes = op.data;
    if (bytes === undefined) {
      try {
        bytes = await op.blob.bytes();
      } catch (err) {
        throw localError(err, "read", op.source);
      }
      if (bytes.byteLength !== op.size) {
        throw new LocalFileError(`Cannot upload ${op.source}: it changed while being uploaded`, op.source);
      }
    }
    counter?.add(op.size);
    counter?.done();
    return bytes;
  };
  let failure: unknown;
  let body: BodyInit;
  if (prebuilt) {
    if (prebuilt.byteLength !== length)
      throw new Error("The prebuilt commit body does not match its operations");
    body = prebuilt;
    for (const piece of pieces) {
      if (piece instanceof Uint8Array) continue;
      const counter = progress?.file(piece.op.path, piece.op.size);
      counter?.add(piece.op.size);
      counter?.done();
    }
  } else if (length <= commitLimits.inMemory) {
    // Each piece has a known place in the body: readers fill it in directly, several files at a time.
    const buffer = Buffer.allocUnsafe(length);
    const offsets: number[] = [];
    let offset = 0;
    for (const piece of pieces) {
      offsets.push(offset);
      offset += piece instanceof Uint8Array ? piece.byteLength : fileLineLength(piece, encoder);
    }
    let next = 0;
    const reader = async () => {
      while (next < pieces.length) {
        const i = next++;
        const piece = pieces[i] as Uint8Array | FilePiece;
        let at = offsets[i] as number;
        try {
          if (piece instanceof Uint8Array) buffer.set(piece, at);
          else {
            const bytes = await fileBytes(piece);
            at += buffer.write(piece.prefix, at);
            at += base64Into(bytes, buffer, at);
            buffer.write(piece.suffix, at);
          }
        } catch (err) {
          next = pieces.length; // the other readers stop too
          throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: READ_PARALLEL }, reader));
    body = buffer;
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
          const b64 = base64(await fileBytes(piece));
          controller.enqueue(encoder.encode(piece.prefix + b64 + piece.suffix));
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
