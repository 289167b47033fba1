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

/** A commit operation of the streamed NDJSON body. */
export type StreamOp =
  | { kind: "file"; path: string; blob: Blob; size: number; source: string }
  | { kind: "lfsFile"; path: string; oid: string; size: number }
  | { kind: "deletedFile"; path: string }
  | { kind: "deletedFolder"; path: string };

/** Sends a commit whose NDJSON body is generated one file at a time, with an exact `Content-Length`. */
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
  const pieces: Array<Uint8Array | { op: StreamOp & { kind: "file" }; prefix: string; suffix: string }> = [
    first,
  ];
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
  let index = 0;
  let failure: unknown;
  const body = new ReadableStream<Uint8Array>({
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
      const { op, prefix, suffix } = piece;
      const counter = progress?.file(op.path, op.size);
      try {
        const bytes = await op.blob.bytes();
        if (bytes.byteLength !== op.size) {
          throw new LocalFileError(`Cannot upload ${op.source}: it changed while being uploaded`, op.source);
        }
        const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
        controller.enqueue(encoder.encode(prefix + b64 + suffix));
        counter?.add(op.size);
        counter?.done();
      } catch (err) {
        failure = localError(err, "read", op.source);
        controller.error(failure);
      }
    },
  });
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
