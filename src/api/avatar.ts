/**
 * Avatars of users and organizations: the image types and size the server accepts, the upload form and
 * the download reader shared by {@link AccountApi} and {@link OrgsApi}.
 *
 * @module
 */
import { NetworkError } from "./errors.ts";

/** An avatar image as served by the hub. */
export interface AvatarImage {
  /** The image bytes (JPEG on a real server). */
  data: Uint8Array;
  contentType: string;
  /** The `Last-Modified` header, when present. */
  lastModified?: string;
}

/** Image data accepted by {@link AccountApi.uploadAvatar} and {@link OrgsApi.uploadOrganizationAvatar}. */
export type ImageData = Blob | Uint8Array | ArrayBuffer;

/** Image content types the server accepts for avatars. */
export const AVATAR_CONTENT_TYPES = [
  "image/jpeg",
  "image/jpg",
  "image/png",
  "image/webp",
  "image/gif",
] as const;
/** Largest avatar upload the server accepts, in bytes (10 MB, decimal). */
export const AVATAR_MAX_BYTES = 10_000_000;

/** Guesses an image content type from its first bytes (JPEG, PNG, GIF, WebP). */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0x47, 0x49, 0x46, 0x38])) return "image/gif";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return undefined;
}

/**
 * The multipart body of an avatar upload: one `file` part whose content type is `contentType`, else the
 * Blob's own type, else guessed from the image's first bytes, else `application/octet-stream`.
 */
export async function avatarForm(
  data: ImageData,
  options: { contentType?: string | undefined; filename?: string | undefined } = {},
): Promise<FormData> {
  const part: BlobPart = data instanceof Blob ? data : new Uint8Array(data);
  const head = async () =>
    data instanceof Blob ? new Uint8Array(await data.slice(0, 16).arrayBuffer()) : new Uint8Array(data);
  const type =
    options.contentType ||
    (data instanceof Blob ? data.type : "") ||
    sniffImageType(await head()) ||
    "application/octet-stream";
  const form = new FormData();
  form.append("file", new Blob([part], { type }), options.filename ?? "avatar");
  return form;
}

/**
 * Reads a downloaded avatar: its bytes, content type and `Last-Modified`. A connection that breaks while
 * the body is read is a {@link NetworkError}.
 *
 * @param owner the user or organization, for the error message.
 * @param url the absolute URL of the request, for the error.
 */
export async function readAvatar(response: Response, owner: string, url: string): Promise<AvatarImage> {
  let data: Uint8Array;
  try {
    data = new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    throw new NetworkError(`The connection broke while downloading the avatar of ${owner}`, {
      code: "NetworkError",
      status: response.status,
      url,
      method: "GET",
      cause: err,
    });
  }
  const image: AvatarImage = {
    data,
    contentType: response.headers.get("content-type") ?? "application/octet-stream",
  };
  const lastModified = response.headers.get("last-modified");
  if (lastModified) image.lastModified = lastModified;
  return image;
}
