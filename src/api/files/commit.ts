/**
 * The commit of an upload: its NDJSON body generated one file at a time (small files inline, base64),
 * sent with an exact `Content-Length`.
 *
 * @module
 */
import type { RepoTarget } from "../content.ts";
import { type CommitResult, parseCommitAnswer } from "../schemas/transfer.ts";
import { checkRefName } from "../validate.ts";
import { base64DecodeInto, base64Into } from "./base64.ts";
import type { FilesContext } from "./context.ts";
import { LocalFileError, localError } from "./errors.ts";
import type { PhaseProgress } from "./progress.ts";
import { childController, runPool } from "./util.ts";

/**
 * `inMemory`: commits whose NDJSON body is at most this long are laid out in memory and sent in one piece
 * (a stream generated file by file costs more per file); longer ones are streamed. Tests lower it.
 */
export const commitLimits = { inMemory: 24 * 1024 * 1024 };

/** Files read at once while a commit body is built in memory. */
const READ_PARALLEL = 8;

/** The pieces an in-memory commit body is handed to fetch in (see {@link sendCommit}). */
const SEND_CHUNK = 1024 * 1024;

/** A commit operation of the NDJSON body. */
export type StreamOp =
  | { kind: "file"; path: string; blob: Blob; size: number; source: string }
  | { kind: "lfsFile"; path: string; oid: string; size: number }
  | { kind: "deletedFile"; path: string }
  | { kind: "deletedFolder"; path: string };

/** The end of every file line, after its base64. */
const FILE_TAIL = new TextEncoder().encode(`","encoding":"base64"}}\n`);

/**
 * A file line of the commit body, before its bytes are read: its start (up to the base64), and that
 * start's length in bytes. Kept as text: whoever writes the line encodes it in place (see ./prep.ts).
 */
interface FilePiece {
  op: StreamOp & { kind: "file" };
  head: string;
  headBytes: number;
}

/** The start of a file's line, up to its base64. */
function fileHead(path: string): string {
  return `{"key":"file","value":{"path":${JSON.stringify(path)},"content":"`;
}

/** The length of a file's line: its head, the base64 of its bytes, the tail. */
function fileLineLength(piece: FilePiece): number {
  return piece.headBytes + 4 * Math.ceil(piece.op.size / 3) + FILE_TAIL.byteLength;
}

/** A file's whole line, from its bytes. */
function fileLine(piece: FilePiece, bytes: Uint8Array): Uint8Array {
  const line = new Uint8Array(fileLineLength(piece));
  new TextEncoder().encodeInto(piece.head, line);
  const end = piece.headBytes + base64Into(bytes, line, piece.headBytes);
  line.set(FILE_TAIL, end);
  return line;
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
      const head = fileHead(op.path);
      const piece = { op, head, headBytes: Buffer.byteLength(head) };
      length += fileLineLength(piece);
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

/** Where a file's line goes in an {@link InlineBody}. */
export interface FileLineAt {
  headAt: number;
  head: string;
  at: number;
}

/**
 * A commit body laid out in memory, whole: the header and the other operations' lines are written at
 * once; each file's line (its head, base64 and tail) when its bytes are read, by {@link InlineBody.fill}
 * or by whoever writes at {@link InlineBody.lineOf} (see ./prep.ts). Writing a file's line where its
 * bytes are encoded spreads the first touch of the body's memory over those writers.
 */
export class InlineBody {
  private constructor(
    readonly buffer: Buffer<ArrayBufferLike>,
    /** Each operation's file line (none for other operations), see {@link InlineBody.lineOf}. */
    private readonly lines: Array<FileLineAt | undefined>,
    /** The operations it was laid out for. */
    readonly ops: StreamOp[],
  ) {}

  /** The end of every file line, after its base64. */
  static readonly tail = FILE_TAIL;

  /**
   * Lays out the body of `ops`; undefined when it would be longer than `commitLimits.inMemory`. `allocate`
   * gives the body its memory (by default its own; ./prep.ts's shared memory, for the threads that write
   * files into it).
   */
  static plan(
    ops: StreamOp[],
    summary: string,
    description: string | undefined,
    allocate: (length: number) => Buffer = Buffer.allocUnsafe,
  ): InlineBody | undefined {
    const { pieces, length } = layout(ops, summary, description);
    if (length > commitLimits.inMemory) return undefined;
    // Every byte is written: the other lines here, the file lines by fill() or at lineOf().
    const buffer = allocate(length);
    const lines: Array<FileLineAt | undefined> = [];
    let pos = 0;
    for (const [i, piece] of pieces.entries()) {
      if (piece instanceof Uint8Array) {
        buffer.set(piece, pos);
        pos += piece.byteLength;
        if (i > 0) lines.push(undefined); // a deletion or LFS line (piece 0 is the header)
        continue;
      }
      lines.push({ headAt: pos, head: piece.head, at: pos + piece.headBytes });
      pos += fileLineLength(piece);
    }
    return new InlineBody(buffer, lines, ops);
  }

  /**
   * File operation `index`'s line: its head (UTF-8) at `headAt`, the base64 of its bytes at `at` (where the
   * head ends), then {@link InlineBody.tail}. Undefined when the operation is not a file.
   */
  lineOf(index: number): FileLineAt | undefined {
    return this.lines[index];
  }

  /**
   * The SHA-256 of file operation `index`'s bytes, from its base64 in the body (once written): for files
   * whose hash was left for later (see `PrepFile.sha256` in ./prep.ts).
   */
  sha256Of(index: number): string {
    const op = this.ops[index];
    const line = this.lines[index];
    if (op?.kind !== "file" || !line) throw new Error(`Commit body: operation ${index} is not a file`);
    const base64 = this.buffer.subarray(line.at, line.at + 4 * Math.ceil(op.size / 3));
    if (!this.scratch || this.scratch.byteLength < op.size) this.scratch = Buffer.allocUnsafe(op.size);
    const n = base64DecodeInto(base64, this.scratch);
    return Bun.SHA256.hash(this.scratch.subarray(0, n), "hex");
  }

  /** Where {@link InlineBody.sha256Of} decodes (reused). */
  private scratch: Buffer | undefined;

  /** Writes file operation `index`'s line from its bytes. */
  fill(index: number, bytes: Uint8Array): void {
    const op = this.ops[index];
    const line = this.lines[index];
    if (op?.kind !== "file" || !line || bytes.byteLength !== op.size)
      throw new Error(`Commit body: operation ${index} is not a file of ${bytes.byteLength} bytes`);
    new TextEncoder().encodeInto(line.head, this.buffer.subarray(line.headAt));
    const end = line.at + base64Into(bytes, this.buffer, line.at);
    this.buffer.set(FILE_TAIL, end);
  }
}

/**
 * Sends a commit whose NDJSON body is generated one file at a time, with an exact `Content-Length`: laid
 * out in memory up to {@link commitLimits} bytes ({@link InlineBody}), streamed beyond, or given whole
 * (`prebuilt`: the {@link InlineBody} of the same operations, filled in).
 */
export async function sendCommit(
  ctx: FilesContext,
  target: RepoTarget & { revision?: string },
  ops: StreamOp[],
  summary: string,
  description: string | undefined,
  progress: PhaseProgress | undefined,
  signal: AbortSignal | undefined,
  prebuilt?: InlineBody,
): Promise<CommitResult> {
  const ref = await ctx.repoRef(target.repoId, target.type);
  const revision = checkRefName(target.revision ?? "main");
  /** A file's bytes, counted as sent; a file that cannot be read or changed size is a LocalFileError naming it. */
  const fileBytes = async (op: StreamOp & { kind: "file" }): Promise<Uint8Array> => {
    const counter = progress?.file(op.path, op.size);
    let bytes: Uint8Array;
    try {
      bytes = await op.blob.bytes();
    } catch (err) {
      throw localError(err, "read", op.source);
    }
    if (bytes.byteLength !== op.size) {
      throw new LocalFileError(`Cannot upload ${op.source}: it changed while being uploaded`, op.source);
    }
    counter?.done();
    return bytes;
  };
  let failure: unknown;
  let body: BodyInit;
  let length: number;
  const planned = prebuilt ?? InlineBody.plan(ops, summary, description);
  if (planned) {
    // Handed over as a stream of SEND_CHUNK pieces: a Buffer body is copied whole by fetch before anything
    // is sent (about 10 ms for 20 MB, most of it page faults of the copy); a stream's chunks are written
    // as they are. One chunk of 20 MB reaches the server at half curl's rate, 1 MiB pieces at curl's.
    const whole = planned.buffer;
    body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < whole.byteLength; at += SEND_CHUNK)
          controller.enqueue(whole.subarray(at, at + SEND_CHUNK));
        controller.close();
      },
    });
    length = whole.byteLength;
    if (prebuilt) {
      for (const op of ops) if (op.kind === "file") progress?.file(op.path, op.size).done();
    } else {
      // Each file has a known place in the body: readers fill it in, several files at a time.
      await runPool(
        ops.flatMap((op, i) => (op.kind === "file" ? [i] : [])),
        READ_PARALLEL,
        childController(signal),
        async (i) => planned.fill(i, await fileBytes(ops[i] as StreamOp & { kind: "file" })),
      );
    }
  } else {
    const laid = layout(ops, summary, description);
    const pieces = laid.pieces;
    length = laid.length;
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
          controller.enqueue(fileLine(piece, await fileBytes(piece.op)));
        } catch (err) {
          failure = err;
          controller.error(failure);
        }
      },
    });
  }
  const path = `${ctx.repoApiPath(ref)}/commit/${encodeURIComponent(revision)}`;
  let answer: unknown;
  try {
    answer = await ctx.api.http.json({
      method: "POST",
      path,
      body,
      headers: { "content-type": "application/x-ndjson", "content-length": String(length) },
      retry: false,
      signal,
      timeoutMs: 0,
    });
  } catch (err) {
    throw failure ?? err;
  }
  return parseCommitAnswer(answer, `POST ${path}`);
}
