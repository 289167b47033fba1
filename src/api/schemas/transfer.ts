/**
 * Schemas of the transfer protocol: preupload, the NDJSON commit answer, the LFS batch API (basic and
 * multipart actions), multipart completion and verify.
 *
 * @module
 */
import { z } from "zod";

/** One file of the `POST /api/{type}s/{ns}/{name}/preupload/{revision}` answer. */
export const preuploadFile = z.lazy(() =>
  z.looseObject({
    /** The path as sent (null only when the request had none). */
    path: z.string().nullable(),
    /** `lfs` when the file must go through the LFS batch API, `regular` when it may be sent inline. */
    uploadMode: z.enum(["lfs", "regular"]),
    /** True when the server already has this content at this path (the file can be left out of the commit). */
    shouldIgnore: z.boolean(),
    /** Never sent by KohakuHub (the Hugging Face Hub sends it for regular files). */
    oid: z.string().optional(),
  }),
);
/** One file of the preupload answer. */
export type PreuploadFileResult = z.infer<typeof preuploadFile>;

/** `POST /api/{type}s/{ns}/{name}/preupload/{revision}` */
export const preuploadResponse = z.lazy(() => z.looseObject({ files: z.array(preuploadFile) }));

/** `POST /api/{type}s/{ns}/{name}/commit/{revision}` */
export const commitResponse = z.lazy(() =>
  z.looseObject({
    /** Relative on KohakuHub: `models/<ns>/<name>/commit/<id>`. */
    commitUrl: z.string(),
    /** The new commit id; the branch head when nothing changed; `"no-changes"` when the branch is missing. */
    commitOid: z.string(),
    /** Always null on KohakuHub (pull requests are not supported). */
    pullRequestUrl: z.string().nullable().optional(),
  }),
);
/** The answer of a commit. */
export type CommitResult = z.infer<typeof commitResponse>;

/** One action of an LFS batch object (`upload`, `verify` or `download`). */
export const lfsAction = z.lazy(() =>
  z.looseObject({
    href: z.string(),
    /** All values are strings; a multipart upload puts `chunk_size`, `upload_id` and the numbered part URLs here. */
    header: z.record(z.string(), z.string()).optional(),
    expires_at: z.string().optional(),
    expires_in: z.number().optional(),
  }),
);
/** One action of an LFS batch object. */
export type LfsAction = z.infer<typeof lfsAction>;

/** One object of the LFS batch answer. */
export const lfsBatchObject = z.lazy(() =>
  z.looseObject({
    oid: z.string(),
    size: z.number(),
    authenticated: z.boolean().optional(),
    /** Absent for an upload of an object the server already has (skip it). */
    actions: z
      .looseObject({
        upload: lfsAction.optional(),
        verify: lfsAction.optional(),
        download: lfsAction.optional(),
      })
      .optional(),
    /** Per-object failure: 404 `Object not found` (download), 400 unknown operation, 500 URL generation. */
    error: z.looseObject({ code: z.number(), message: z.string() }).optional(),
  }),
);
/** One object of the LFS batch answer. */
export type LfsBatchObject = z.infer<typeof lfsBatchObject>;

/** `POST /{ns}/{name}.git/info/lfs/objects/batch` (and the typed form). */
export const lfsBatchResponse = z.lazy(() =>
  z.looseObject({
    /** Always `basic` on KohakuHub, even for multipart uploads. */
    transfer: z.string().optional(),
    objects: z.array(lfsBatchObject),
    hash_algo: z.string().optional(),
  }),
);
/** The LFS batch answer. */
export type LfsBatchResponse = z.infer<typeof lfsBatchResponse>;

/** `POST /api/{ns}/{name}.git/info/lfs/complete[/{upload_id}]` */
export const lfsCompleteResponse = z.lazy(() =>
  z.looseObject({
    message: z.string(),
    /** Size of the assembled object. */
    size: z.number(),
    /** The storage ETag of the assembled object, quotes stripped (`<md5 of md5s>-<parts>` on S3). */
    etag: z.string(),
  }),
);
/** The answer of a multipart completion. */
export type LfsCompleteResult = z.infer<typeof lfsCompleteResponse>;

/** `POST /api/{ns}/{name}.git/info/lfs/verify` */
export const lfsVerifyResponse = z.lazy(() => z.looseObject({ message: z.string() }));
/** The answer of verify. */
export type LfsVerifyResult = z.infer<typeof lfsVerifyResponse>;
