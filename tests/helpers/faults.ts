/**
 * Misbehaving storages for the transfer tests: answers of the local hub's fault injection (`hub.fault`)
 * that drop or hold a body, a raw-socket storage that stalls after its headers, and a bound on how long a
 * call may take (a hang fails the test with "hung" instead of running into the test's own timeout).
 */
import { join } from "node:path";
import type { Hub } from "../../hub/server.ts";
import { userRepo } from "./fixtures.ts";
import { createUser, type TestUser } from "./hub.ts";
import { seedFiles } from "./seed.ts";

/** A storage GET answer that sends `bytes` of `data`, then drops the connection (short of its length). */
export function dropAfter(data: Uint8Array, bytes: number): () => Response {
  return () =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(data.slice(0, bytes));
          setTimeout(() => controller.close(), 30); // shorter than its Content-Length: the connection drops
        },
      }),
      { headers: { "content-length": String(data.byteLength) } },
    );
}

/**
 * A storage GET answer that sends `bytes` of `data`, then nothing more for 10 s (it stalls). Bun.serve
 * sends such a stream body chunked, without a length: the client reads it chunk by chunk.
 */
export function sendThenHold(data: Uint8Array, bytes: number): () => Response {
  return () =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(data.slice(0, bytes));
        },
        pull: () => Bun.sleep(10_000),
      }),
    );
}

/** A storage on a raw socket (see {@link stallingStorage}). */
export interface RawStorage {
  /** The URL to send downloads to. */
  url: string;
  /** `127.0.0.1:<port>`: what an error about this storage should name. */
  host: string;
  /** Requests it received: the `Range` header of each (null without one). */
  ranges: Array<string | null>;
  stop(): void;
}

/**
 * A storage that sends the status line and headers, then stalls: on a request without a Range it announces
 * the whole length of `data` and sends its first `first` bytes; on a Range request it answers 206 for the
 * rest and sends nothing. It then holds the connection open. With `once`, only the first request is held
 * that way; later ones get a 403 (as an expired URL does), so the client resolves again and reaches the
 * hub's real storage.
 */
export function stallingStorage(data: Uint8Array, first: number, once = false): RawStorage {
  const ranges: Array<string | null> = [];
  const heads = new Map<object, string>();
  const server = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(socket, chunk) {
        const head = (heads.get(socket) ?? "") + new TextDecoder().decode(chunk);
        heads.set(socket, head);
        if (!head.includes("\r\n\r\n")) return;
        const range = /^range:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? null;
        ranges.push(range);
        if (once && ranges.length > 1) {
          socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
          return;
        }
        const from = range ? Number(/bytes=(\d+)-/.exec(range)?.[1] ?? 0) : 0;
        const size = data.byteLength;
        if (range) {
          socket.write(
            `HTTP/1.1 206 Partial Content\r\nContent-Length: ${size - from}\r\n` +
              `Content-Range: bytes ${from}-${size - 1}/${size}\r\n\r\n`,
          );
        } else {
          socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${size}\r\n\r\n`);
          socket.write(data.subarray(0, first));
        }
      },
      close(socket) {
        heads.delete(socket);
      },
    },
  });
  const host = `127.0.0.1:${server.port}`;
  return { url: `http://${host}/stalled`, host, ranges, stop: () => server.stop(true) };
}

/** The headers of resolve that describe the file (a client may read them off the redirect). */
const RESOLVE_METADATA = ["x-repo-commit", "x-linked-etag", "x-linked-size", "etag"];

/**
 * Sends `times` (default: every) later GETs of a resolve URL of the hub (of the file `file`, default: of
 * any file) to `location`: a 302 with the real answer's metadata (taken from a HEAD of the same URL, which
 * this fault leaves alone), only the storage swapped.
 */
export function redirectResolve(
  hub: Hub,
  location: string,
  options: { times?: number; file?: string } = {},
): void {
  const file = options.file?.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  hub.fault({
    method: "GET",
    path: file ? new RegExp(`/resolve/[^/]+/${file}$`) : /\/resolve\//,
    times: options.times,
    respond: async (req) => {
      const auth: Record<string, string> = {};
      for (const name of ["authorization", "cookie"]) {
        const value = req.headers.get(name);
        if (value) auth[name] = value;
      }
      const head = await fetch(req.url, { method: "HEAD", headers: auth, redirect: "manual" });
      if (head.status !== 200) return new Response(null, { status: head.status });
      const headers = new Headers({ location, "cache-control": "no-store" });
      for (const name of RESOLVE_METADATA) {
        const value = head.headers.get(name);
        if (value) headers.set(name, value);
      }
      return new Response(null, { status: 302, headers });
    },
  });
}

/**
 * Runs `work` and waits for it at most `ms`: past that, its signal is aborted (to stop what it left
 * running) and the call fails with "hung: <what> ...".
 */
export async function settles<T>(
  what: string,
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`hung: ${what} did not settle within ${ms / 1000} s`);
      reject(err);
      controller.abort(err);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** A repo of 20 small files seeded on `hub`, for downloads where one file fails: `f07.txt`'s bytes as `broken`. */
export async function twentyFiles(hub: Hub): Promise<{ user: TestUser; repoId: string; broken: Uint8Array }> {
  const user = await createUser(hub);
  const { repoId } = userRepo(hub, user);
  const files: Record<string, string> = {};
  for (let i = 0; i < 20; i++) files[`f${String(i).padStart(2, "0")}.txt`] = `file ${i} ${Math.random()}\n`;
  await seedFiles(hub, repoId, files);
  return { user, repoId, broken: new TextEncoder().encode(files["f07.txt"]) };
}

/** The cache folder of a model repo, as huggingface_hub names it. */
export function repoCache(cacheDir: string, repoId: string): string {
  return join(cacheDir, `models--${repoId.replace("/", "--")}`);
}

/** A port that accepts connections and never answers a byte; it counts the connections. */
export function silentPort(): { url: string; connections: () => number; stop(): void } {
  let connections = 0;
  const server = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open() {
        connections++;
      },
      data() {},
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    connections: () => connections,
    stop: () => server.stop(true),
  };
}
