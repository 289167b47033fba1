/**
 * multipart/form-data uploads of the local hub. Bun's own `formData()` drops each part's `Content-Type`
 * header (and guesses a type from the bytes), while Starlette hands it to the endpoint as
 * `UploadFile.content_type`, so the parts are split here.
 */
import { validationError } from "./http.ts";

/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  /** Undefined for a plain form field (no `filename` in its `Content-Disposition`). */
  filename: string | undefined;
  contentType: string | undefined;
  data: Uint8Array;
}

/** A `name="value"` (or unquoted `name=value`) parameter of a `Content-Disposition` header. */
function dispositionParam(header: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}=(?:"([^"]*)"|([^;]*))`, "i").exec(header);
  return match ? (match[1] ?? match[2]?.trim()) : undefined;
}

/** Splits a multipart/form-data body into its parts; undefined when it is not one. */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundaryText = match?.[1] ?? match?.[2];
  if (!/^multipart\/form-data/i.test(contentType) || !boundaryText) return undefined;
  const boundary = Buffer.from(`--${boundaryText}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(boundary);
  if (pos < 0) return undefined;
  for (;;) {
    pos += boundary.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // the closing "--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) break;
    const next = body.indexOf(boundary, headerEnd + 4);
    if (next < 0) break;
    const end = body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : next;
    const headers = body.subarray(pos, headerEnd).toString("utf8").split("\r\n");
    let name: string | undefined;
    let filename: string | undefined;
    let type: string | undefined;
    for (const line of headers) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === "content-type") type = value;
      if (key === "content-disposition") {
        name = /(?:^|;)\s*name="([^"]*)"/i.exec(value)?.[1];
        filename = dispositionParam(value, "filename");
      }
    }
    if (name !== undefined) {
      parts.push({ name, filename, contentType: type, data: body.subarray(headerEnd + 4, end) });
    }
    pos = next;
  }
  return parts;
}

/**
 * Reads the multipart part `file` as FastAPI's `UploadFile = File(...)` does: 422 `missing` when there is
 * no such part (or no multipart body), 422 `value_error` when it is a plain form field.
 */
export async function readUploadFile(req: Request): Promise<FormPart> {
  const body = Buffer.from(await req.arrayBuffer());
  const parts = parseMultipart(body, req.headers.get("content-type") ?? "") ?? [];
  const part = parts.find((p) => p.name === "file");
  if (!part) {
    throw validationError([{ type: "missing", loc: ["body", "file"], msg: "Field required", input: null }]);
  }
  if (part.filename === undefined) {
    // A plain form field, not a file.
    throw validationError([
      {
        type: "value_error",
        loc: ["body", "file"],
        msg: "Value error, Expected UploadFile, received: <class 'str'>",
        input: Buffer.from(part.data).toString("utf8"),
        ctx: { error: {} },
      },
    ]);
  }
  return part;
}
