/**
 * Organizations: creation, info, members and roles, invitations, settings, profile and avatar.
 *
 * @module
 */
import { AccountApi } from "./account.ts";
import { type AvatarImage, avatarForm, readAvatar } from "./avatar.ts";
import { segment } from "./base.ts";
import { InputError } from "./errors.ts";
import { type SuccessMessage, successMessage } from "./schemas/common.ts";
import {
  type AcceptInvitationResponse,
  type AvatarUploadResponse,
  acceptInvitationResponse,
  avatarUploadResponse,
  type CreateInvitationResponse,
  type CreateOrganizationResponse,
  createInvitationResponse,
  createOrganizationResponse,
  INVITATION_ROLES,
  type InvitationDetails,
  type InvitationRole,
  invitationDetails,
  type OrganizationInfo,
  type OrganizationMember,
  type OrganizationProfile,
  type OrgInvitation,
  organizationInfo,
  organizationMembersResponse,
  organizationProfile,
  orgInvitationsResponse,
  type UserOrganization,
  userOrganizationsResponse,
} from "./schemas/orgs.ts";
import { checkNamespace, type OrgRole, toOrgRole } from "./validate.ts";

export type {
  AcceptInvitationResponse,
  AvatarUploadResponse,
  CreateInvitationResponse,
  CreateOrganizationResponse,
  InvitationDetails,
  InvitationRole,
  OrganizationInfo,
  OrganizationMember,
  OrganizationProfile,
  OrgInvitation,
  UserOrganization,
} from "./schemas/orgs.ts";

/** Checks a role an invitation can carry (`visitor`, `member` or `admin`). */
function toInvitationRole(value: string): InvitationRole {
  const role: OrgRole = toOrgRole(value);
  if ((INVITATION_ROLES as readonly string[]).includes(role)) return role as InvitationRole;
  throw new InputError(`Invalid invitation role "${value}": expected one of ${INVITATION_ROLES.join(", ")}`, {
    code: "InvalidRole",
  });
}

/** Organization methods of {@link KohubClient}. */
export class OrgsApi extends AccountApi {
  /**
   * Creates an organization; the caller becomes its `super-admin`. The name is checked first (letters,
   * digits, `_`, `-`, 2–64 characters, not reserved).
   *
   * Note: a name equal to an existing *username* (or normalizing to an existing name) makes KohakuHub fail
   * with a plain 500; call the name checker first when that matters.
   *
   * @example
   * ```ts
   * const { name } = await client.createOrganization({ name: "my-lab", description: "Our models" });
   * ```
   */
  async createOrganization(params: {
    name: string;
    description?: string | null;
  }): Promise<CreateOrganizationResponse> {
    checkNamespace(params.name, "organization");
    return this.call(
      {
        method: "POST",
        path: "/org/create",
        json: { name: params.name, description: params.description ?? null },
      },
      createOrganizationResponse,
    );
  }

  /**
   * Organization info with repository counts (private repos included). A name that is a local *user*
   * is a `NotFoundError`.
   *
   * @param options.fallback `false` turns off the lookup on upstream sources for non-local names.
   * @example
   * ```ts
   * const org = await client.getOrganization("my-lab");
   * console.log(org.description, org.repo_count?.total);
   * ```
   */
  async getOrganization(name: string, options: { fallback?: boolean } = {}): Promise<OrganizationInfo> {
    return this.call(
      {
        path: `/org/${segment(name, "organization")}`,
        query: { fallback: options.fallback },
      },
      organizationInfo,
    );
  }

  /**
   * Members of an organization and their roles (public, no login needed).
   *
   * @example
   * ```ts
   * for (const m of await client.listOrganizationMembers("my-lab")) console.log(m.user, m.role);
   * ```
   */
  async listOrganizationMembers(org: string): Promise<OrganizationMember[]> {
    const data = await this.call(
      { path: `/org/${segment(org, "organization")}/members` },
      organizationMembersResponse,
    );
    return data.members;
  }

  /**
   * Adds a user to an organization directly (no invitation, no consent). Needs `admin` or `super-admin`
   * in the org. The role is checked before the request, since the server stores any string.
   *
   * @param params.role default `member`.
   * @example
   * ```ts
   * await client.addOrganizationMember({ org: "my-lab", username: "bob", role: "admin" });
   * ```
   */
  async addOrganizationMember(params: {
    org: string;
    username: string;
    role?: OrgRole | string;
  }): Promise<SuccessMessage> {
    const role = toOrgRole(params.role ?? "member");
    return this.call(
      {
        method: "POST",
        path: `/org/${segment(params.org, "organization")}/members`,
        json: { username: params.username, role },
      },
      successMessage,
    );
  }

  /**
   * Changes a member's role. Needs `admin` or `super-admin` in the org; nothing stops an admin from
   * demoting the last admin, themselves included.
   *
   * @example
   * ```ts
   * await client.updateOrganizationMember({ org: "my-lab", username: "bob", role: "visitor" });
   * ```
   */
  async updateOrganizationMember(params: {
    org: string;
    username: string;
    role: OrgRole | string;
  }): Promise<SuccessMessage> {
    const role = toOrgRole(params.role);
    return this.call(
      {
        method: "PUT",
        path: `/org/${segment(params.org, "organization")}/members/${segment(params.username, "username")}`,
        json: { role },
      },
      successMessage,
    );
  }

  /**
   * Removes a member. Needs `admin` or `super-admin` in the org (members cannot leave by themselves).
   *
   * @example
   * ```ts
   * await client.removeOrganizationMember({ org: "my-lab", username: "bob" });
   * ```
   */
  async removeOrganizationMember(params: { org: string; username: string }): Promise<SuccessMessage> {
    return this.call(
      {
        method: "DELETE",
        path: `/org/${segment(params.org, "organization")}/members/${segment(params.username, "username")}`,
      },
      successMessage,
    );
  }

  /**
   * Organizations a user belongs to, with the user's role in each (public). Without a username, the
   * caller's own organizations.
   *
   * @example
   * ```ts
   * const mine = await client.listUserOrganizations();
   * const bobs = await client.listUserOrganizations("bob");
   * ```
   */
  async listUserOrganizations(username?: string): Promise<UserOrganization[]> {
    const user = username ?? (await this.currentUsername());
    const data = await this.call(
      { path: `/org/users/${segment(user, "username")}/orgs` },
      userOrganizationsResponse,
    );
    return data.organizations;
  }

  /**
   * Updates an organization's public settings. Omitted fields are left as they are; send `""` to blank a
   * text field. Needs `admin` or `super-admin`.
   *
   * @example
   * ```ts
   * await client.updateOrganizationSettings({
   *   org: "my-lab",
   *   description: "Vision models",
   *   socialMedia: { github: "my-lab" },
   * });
   * ```
   */
  async updateOrganizationSettings(params: {
    org: string;
    description?: string;
    bio?: string;
    website?: string;
    socialMedia?: Record<string, unknown>;
  }): Promise<SuccessMessage> {
    return this.call(
      {
        method: "PUT",
        path: `/api/organizations/${segment(params.org, "organization")}/settings`,
        json: {
          description: params.description,
          bio: params.bio,
          website: params.website,
          social_media: params.socialMedia,
        },
      },
      successMessage,
    );
  }

  /**
   * An organization's public profile, with its member count.
   *
   * @example
   * ```ts
   * const profile = await client.getOrganizationProfile("my-lab");
   * console.log(profile.bio, profile.member_count);
   * ```
   */
  async getOrganizationProfile(org: string): Promise<OrganizationProfile> {
    return this.call(
      { path: `/api/organizations/${segment(org, "organization")}/profile` },
      organizationProfile,
    );
  }

  /**
   * Uploads an organization avatar (JPEG, PNG, WebP or GIF, at most 10 MB). The server crops it to a
   * square and stores a JPEG. Needs `admin` or `super-admin`.
   *
   * @param params.contentType default: the Blob's type, else guessed from the first bytes.
   * @example
   * ```ts
   * await client.uploadOrganizationAvatar({ org: "my-lab", data: await readFile("logo.png") }); // readFile from node:fs/promises
   * ```
   */
  async uploadOrganizationAvatar(params: {
    org: string;
    data: Blob | Uint8Array | ArrayBuffer;
    contentType?: string;
    filename?: string;
  }): Promise<AvatarUploadResponse> {
    const path = `/api/organizations/${segment(params.org, "organization")}/avatar`;
    const form = await avatarForm(params.data, params);
    return this.call({ method: "POST", path, body: form }, avatarUploadResponse);
  }

  /**
   * Downloads an organization avatar.
   *
   * @param options.fallback `false` turns off the lookup on upstream sources for non-local names.
   * @example
   * ```ts
   * const avatar = await client.getOrganizationAvatar("my-lab");
   * await writeFile("my-lab.jpg", avatar.data); // from node:fs/promises
   * ```
   */
  async getOrganizationAvatar(org: string, options: { fallback?: boolean } = {}): Promise<AvatarImage> {
    const path = `/api/organizations/${segment(org, "organization")}/avatar`;
    const response = await this.http.send({ path, query: { fallback: options.fallback } });
    return readAvatar(response, org, this.http.url(path));
  }

  /**
   * Removes an organization avatar. Needs `admin` or `super-admin`.
   *
   * @example
   * ```ts
   * await client.deleteOrganizationAvatar("my-lab");
   * ```
   */
  async deleteOrganizationAvatar(org: string): Promise<SuccessMessage> {
    return this.call(
      { method: "DELETE", path: `/api/organizations/${segment(org, "organization")}/avatar` },
      successMessage,
    );
  }

  /**
   * Creates an invitation to join an organization. Needs `admin` or `super-admin`. Anyone holding the
   * token can accept it: the email (if given) is only where the link is sent, not checked on acceptance.
   *
   * @param params.role `visitor`, `member` (default) or `admin`.
   * @param params.maxUsage omitted or null: single use; `-1`: unlimited; `N`: up to N uses.
   * @param params.expiresDays default 7.
   * @example
   * ```ts
   * const inv = await client.createOrganizationInvitation({ org: "my-lab", role: "member", maxUsage: 10 });
   * console.log(inv.invitation_link);
   * ```
   */
  async createOrganizationInvitation(params: {
    org: string;
    role?: InvitationRole | string;
    email?: string | null;
    maxUsage?: number | null;
    expiresDays?: number;
  }): Promise<CreateInvitationResponse> {
    const role = toInvitationRole(params.role ?? "member");
    return this.call(
      {
        method: "POST",
        path: `/api/invitations/org/${segment(params.org, "organization")}/create`,
        json: {
          role,
          email: params.email ?? null,
          max_usage: params.maxUsage ?? null,
          expires_days: params.expiresDays,
        },
      },
      createInvitationResponse,
    );
  }

  /**
   * Every invitation of an organization, used and expired ones included. Needs `admin` or `super-admin`.
   *
   * @example
   * ```ts
   * const pending = (await client.listOrganizationInvitations("my-lab")).filter((i) => i.is_pending);
   * ```
   */
  async listOrganizationInvitations(org: string): Promise<OrgInvitation[]> {
    const data = await this.call(
      { path: `/api/invitations/org/${segment(org, "organization")}/list` },
      orgInvitationsResponse,
    );
    return data.invitations;
  }

  /**
   * Details of an invitation (no login needed): action, org and role, expiry, and whether it can still
   * be used (`is_available`, `error_message`).
   *
   * @example
   * ```ts
   * const inv = await client.getInvitation(token);
   * if (!inv.is_available) console.error(inv.error_message);
   * ```
   */
  async getInvitation(token: string): Promise<InvitationDetails> {
    return this.call({ path: `/api/invitations/${segment(token, "invitation token")}` }, invitationDetails);
  }

  /**
   * Accepts an invitation as the caller: joins the org with the invitation's role.
   *
   * @example
   * ```ts
   * const { org_name, role } = await client.acceptInvitation(token);
   * ```
   */
  async acceptInvitation(token: string): Promise<AcceptInvitationResponse> {
    return this.call(
      { method: "POST", path: `/api/invitations/${segment(token, "invitation token")}/accept` },
      acceptInvitationResponse,
    );
  }

  /**
   * Deletes (cancels) an invitation. A join-org invitation needs `admin` or `super-admin` in its org.
   *
   * @example
   * ```ts
   * await client.deleteInvitation(token);
   * ```
   */
  async deleteInvitation(token: string): Promise<SuccessMessage> {
    return this.call(
      { method: "DELETE", path: `/api/invitations/${segment(token, "invitation token")}` },
      successMessage,
    );
  }
}
