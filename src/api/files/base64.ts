/**
 * Base64 into memory, with no string in between: a commit body of small files is mostly their base64.
 * The encoder is a small WebAssembly module (./base64.wat, 16 characters per step), which writes into a
 * shared WebAssembly memory: the runtime's own base64 makes a string per file, and the string's bytes are
 * then copied into the body (for a folder of 2,000 small files, ~20 MB of garbage strings and their page
 * faults, and twice the memory traffic).
 *
 * Every memory the encoder works in starts with the alphabet (at 0, {@link MEMORY_START} bytes). The same
 * module decodes (its own output), for {@link base64DecodeInto}.
 *
 * @module
 */
import { BASE64_WASM } from "./base64-wasm.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** Where a memory's own bytes start, after the alphabet. */
export const MEMORY_START = 64;
const PAGE = 65_536;

/**
 * One of the module's two functions on its memory: the `n` bytes (to encode) or characters (to decode) at
 * `src`, an address in the memory, turned into the other form at `dst`; returns the length written.
 */
export type Coder = (src: number, n: number, dst: number) => number;

let compiled: WebAssembly.Module | undefined;

/** The encoder's module (compiled once; a worker can be sent it). */
export function base64Module(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(BASE64_WASM, "base64"));
  return compiled;
}

/** A shared memory with room for `bytes` bytes from {@link MEMORY_START} on (it does not grow). */
export function base64Memory(bytes: number): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil((MEMORY_START + bytes) / PAGE));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  new Uint8Array(memory.buffer).set(Buffer.from(ALPHABET, "latin1"));
  return memory;
}

/**
 * The encoder and the decoder working in `memory` (made by {@link base64Memory}), from one instance of the
 * module. Self-contained (it uses nothing but its arguments): ./prep.ts's helper thread runs its source.
 */
export function base64Coders(
  memory: WebAssembly.Memory,
  module: WebAssembly.Module,
): { encode: Coder; decode: Coder } {
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  const enc = exports.enc as (src: number, n: number, dst: number, alphabet: number) => number;
  return { encode: (src, n, dst) => enc(src, n, dst, 0), decode: exports.dec as Coder };
}

/**
 * The bytes {@link base64Into} encodes at a time (a multiple of 3, so that only the last piece is padded),
 * and the characters {@link base64DecodeInto} decodes at a time (their base64).
 */
const PIECE = 48 * 1024;
const PIECE_TEXT = (PIECE / 3) * 4;

/** The memory of {@link base64Into} and {@link base64DecodeInto} (a piece in, the other form out), made on first use. */
let general: GeneralMemory | undefined;

interface GeneralMemory {
  bytes: Uint8Array;
  encode: Coder;
  decode: Coder;
}

function generalMemory(): GeneralMemory {
  if (!general) {
    const memory = base64Memory(2 * PIECE_TEXT);
    general = { bytes: new Uint8Array(memory.buffer), ...base64Coders(memory, base64Module()) };
  }
  return general;
}

/**
 * Runs `step` (the general memory's encoder or decoder) over `input` a piece at a time, writing what comes
 * out into `dst` at `at`, which must have room for `length` bytes (a RangeError, nothing written, else).
 */
function throughMemory(
  name: string,
  input: Uint8Array,
  piece: number,
  step: (memory: GeneralMemory) => Coder,
  dst: Uint8Array,
  at: number,
  length: number,
): number {
  if (at < 0 || at + length > dst.byteLength) {
    throw new RangeError(`${name}: ${length} bytes do not fit at ${at} of ${dst.byteLength}`);
  }
  const memory = generalMemory();
  const run = step(memory);
  const out = MEMORY_START + PIECE_TEXT;
  let written = 0;
  for (let i = 0; i < input.byteLength; i += piece) {
    const part = input.subarray(i, i + piece);
    memory.bytes.set(part, MEMORY_START);
    const n = run(MEMORY_START, part.byteLength, out);
    dst.set(memory.bytes.subarray(out, out + n), at + written);
    written += n;
  }
  return written;
}

/**
 * Writes the base64 of `src` into `dst` at `at` and returns the number of bytes written (4 per 3 bytes,
 * padded), through a small memory of its own, a piece at a time. Throws a RangeError, writing nothing,
 * when `dst` has no room for it.
 */
export function base64Into(src: Uint8Array, dst: Uint8Array, at: number): number {
  const length = 4 * Math.ceil(src.byteLength / 3);
  return throughMemory("base64Into", src, PIECE, (m) => m.encode, dst, at, length);
}

/**
 * Writes the bytes of `text` (base64 as {@link base64Into} writes it: padded; other text is not checked)
 * into `dst` at `at` and returns their number, through the same memory, a piece at a time. Throws a
 * RangeError, writing nothing, when `dst` has no room for them.
 */
export function base64DecodeInto(text: Uint8Array, dst: Uint8Array, at = 0): number {
  const n = text.byteLength;
  if (n % 4 !== 0) throw new RangeError("base64DecodeInto: the text is not padded");
  const padding = n === 0 ? 0 : (text[n - 1] === 61 ? 1 : 0) + (text[n - 2] === 61 ? 1 : 0);
  const length = (n / 4) * 3 - padding;
  return throughMemory("base64DecodeInto", text, PIECE_TEXT, (m) => m.decode, dst, at, length);
}
