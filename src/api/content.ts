/**
 * Repository content: trees, paths info, refs, branches and tags, commit history and diffs, low-level
 * commit, preupload, LFS batch and resolve calls.
 *
 * @module
 */
import { ReposApi } from "./repos.ts";

/** Content methods of {@link KohubClient}. */
export class ContentApi extends ReposApi {}
