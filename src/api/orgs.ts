/**
 * Organizations: creation, info, members and roles, invitations, settings, profile and avatar.
 *
 * @module
 */
import { AccountApi } from "./account.ts";

/** Organization methods of {@link KohubClient}. */
export class OrgsApi extends AccountApi {}
