/**
 * git's wire pieces, as KohakuHub builds them in memory (api/git/utils/objects.py and server.py): pkt-lines,
 * loose-object ids, trees, commits and a version-2 pack of whole objects (no deltas).
 */
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";

export type ObjectType = "commit" | "tree" | "blob";

/** A git object: its id and its content (without the `type size\0` header). */
export interface GitObject {
  type: ObjectType;
  sha1: string;
  content: Uint8Array;
}

const encoder = new TextEncoder();

export function gitObject(type: ObjectType, content: Uint8Array | string): GitObject {
  const bytes = typeof content === "string" ? encoder.encode(content) : content;
  const hash = createHash("sha1");
  hash.update(`${type} ${bytes.byteLength}\0`);
  hash.update(bytes);
  return { type, sha1: hash.digest("hex"), content: bytes };
}

/** One pkt-line (`null`: the flush packet `0000`). */
export function pktLine(data: Uint8Array | string | null): Uint8Array {
  if (data === null) return encoder.encode("0000");
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  const out = new Uint8Array(bytes.byteLength + 4);
  out.set(encoder.encode((bytes.byteLength + 4).toString(16).padStart(4, "0")), 0);
  out.set(bytes, 4);
  return out;
}

/**
 * The pkt-lines of a request body, as the server's `parse_pkt_lines` reads them: a flush is `null`; an
 * unreadable length skips four bytes (the server logs it and goes on); a flush at the very end stops.
 */
export function parsePktLines(data: Uint8Array): Array<Uint8Array | null> {
  const lines: Array<Uint8Array | null> = [];
  let rest = data;
  while (rest.byteLength > 0) {
    if (rest.byteLength < 4) break;
    const head = new TextDecoder().decode(rest.subarray(0, 4));
    const length = /^[0-9a-fA-F]{4}$/.test(head) ? Number.parseInt(head, 16) : -1;
    if (length === 0 || length === -1 || length < 4) {
      rest = rest.subarray(4);
      if (rest.byteLength === 0) break;
      lines.push(null);
      continue;
    }
    lines.push(rest.subarray(4, length));
    rest = rest.subarray(length);
  }
  return lines;
}

/** git's tree order: a folder sorts as if its name ended with `/`; names compare as UTF-8 bytes. */
function treeOrder(a: [string, string, string], b: [string, string, string]): number {
  const key = ([mode, name]: [string, string, string]) => Buffer.from(mode === "40000" ? `${name}/` : name);
  return Buffer.compare(key(a), key(b));
}

/** A tree from `[mode, name, sha1]` entries. */
export function treeObject(entries: Array<[mode: string, name: string, sha1: string]>): GitObject {
  const parts: Uint8Array[] = [];
  for (const [mode, name, sha1] of [...entries].sort(treeOrder)) {
    parts.push(encoder.encode(`${mode} ${name}\0`), Buffer.from(sha1, "hex"));
  }
  return gitObject("tree", Buffer.concat(parts));
}

/**
 * The nested trees of a flat `[mode, path, sha1]` list, deepest folders first and the root last (the
 * server's `build_nested_trees`): the root tree's id and every tree object.
 */
export function nestedTrees(flat: Array<[string, string, string]>): { root: string; trees: GitObject[] } {
  const dirs = new Map<string, Array<[string, string, string]>>([["", []]]);
  for (const [mode, path, sha1] of flat) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!dirs.has(dir)) dirs.set(dir, []);
    }
    dirs.get(parts.slice(0, -1).join("/"))?.push([mode, parts.at(-1) ?? "", sha1]);
  }
  const depth = (d: string) => (d === "" ? -1 : d.split("/").length - 1);
  const order = [...dirs.keys()].sort((a, b) => depth(b) - depth(a) || (a < b ? 1 : a > b ? -1 : 0));
  const ids = new Map<string, string>();
  const trees: GitObject[] = [];
  for (const dir of order) {
    const entries = dirs.get(dir) ?? [];
    const prefix = dir === "" ? "" : `${dir}/`;
    for (const [child, id] of ids) {
      const rest = child.slice(prefix.length);
      if (child.startsWith(prefix) && rest && !rest.includes("/") && !entries.some((e) => e[1] === rest)) {
        entries.push(["40000", rest, id]);
      }
    }
    const tree = treeObject(entries);
    ids.set(dir, tree.sha1);
    trees.push(tree);
  }
  return { root: ids.get("") ?? "", trees };
}

/** A parentless commit, as the server writes it: one name and email for author and committer, `+0000`. */
export function commitObject(
  tree: string,
  name: string,
  email: string,
  seconds: number,
  message: string,
): GitObject {
  const who = `${name} <${email}> ${seconds} +0000`;
  return gitObject("commit", `tree ${tree}\nauthor ${who}\ncommitter ${who}\n\n${message}`);
}

const TYPE_CODES: Record<ObjectType, number> = { commit: 1, tree: 2, blob: 3 };

/** The type-and-size header of a pack entry (size in 4 bits, then 7 bits a byte). */
function entryHeader(type: number, size: number): Uint8Array {
  const bytes: number[] = [];
  let first = (type << 4) | (size & 0x0f);
  let rest = Math.floor(size / 16);
  if (rest > 0) first |= 0x80;
  bytes.push(first);
  while (rest > 0) {
    let byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  }
  return Uint8Array.from(bytes);
}

/** A version-2 pack of whole objects, in the order given, with its SHA-1 trailer. */
export function packFile(objects: GitObject[]): Uint8Array {
  const head = Buffer.alloc(12);
  head.write("PACK", 0, "latin1");
  head.writeUInt32BE(2, 4);
  head.writeUInt32BE(objects.length, 8);
  const parts: Uint8Array[] = [head];
  for (const obj of objects) {
    parts.push(entryHeader(TYPE_CODES[obj.type], obj.content.byteLength), deflateSync(obj.content));
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash("sha1").update(body).digest()]);
}
