/**
 * Assembles the WebAssembly text of src/api/files/base64.wat into src/api/files/base64-wasm.ts (the module's
 * bytes, as base64), with wabt (a dev dependency: the CLI itself carries only the bytes).
 *
 *   bun scripts/wasm.ts   write it (tests/unit/base64.test.ts fails when it is stale)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import wabt from "wabt";

const DIR = join(import.meta.dir, "..", "src", "api", "files");

/** The module assembled from base64.wat. */
export async function assembleBase64(): Promise<Uint8Array> {
  const tools = await wabt();
  const module = tools.parseWat("base64.wat", readFileSync(join(DIR, "base64.wat"), "utf8"), {
    simd: true,
    threads: true,
  });
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** The text of base64-wasm.ts for a module's bytes. */
export function renderBase64Module(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString("base64");
  const lines = text.match(/.{1,100}/g) ?? [];
  return `/**
 * The base64 encoder's WebAssembly module (see ./base64.ts), assembled from ./base64.wat by
 * \`bun scripts/wasm.ts\`. Generated: do not edit.
 *
 * @module
 */
export const BASE64_WASM =
${lines.map((l) => `  "${l}"`).join(" +\n")};
`;
}

if (import.meta.main) {
  const file = join(DIR, "base64-wasm.ts");
  writeFileSync(file, renderBase64Module(await assembleBase64()));
  console.log(`wrote ${file}`);
}
