/**
 * The upload and download protocol: preupload, the NDJSON commit, the LFS batch API (basic and multipart
 * transfers, verify, complete) and resolve (file metadata and download URLs).
 *
 * @module
 */
import { ContentApi } from "./content.ts";

/** Transfer-protocol methods of {@link KohubClient}. */
export class TransferApi extends ContentApi {}
