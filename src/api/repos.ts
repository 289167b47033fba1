/**
 * Repositories: create, delete, move, squash, info, lists, settings, LFS settings, likes, stats, trending, quota.
 *
 * @module
 */
import { OrgsApi } from "./orgs.ts";

/** Repository methods of {@link KohubClient}. */
export class ReposApi extends OrgsApi {}
