/**
 * Schemas of the organization area: orgs, members, roles, settings, profile, avatar, invitations.
 *
 * @module
 */
import { z } from "zod";
import { flexibleId, isoDate } from "./common.ts";

/** `POST /org/create` */
export const createOrganizationResponse = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    name: z.string(),
  }),
);
export type CreateOrganizationResponse = z.infer<typeof createOrganizationResponse>;

/** Repository counts of an org, by type (private repos included). */
export const repoCount = z.lazy(() =>
  z.looseObject({
    model: z.number().int(),
    dataset: z.number().int(),
    space: z.number().int(),
    total: z.number().int(),
  }),
);
export type RepoCount = z.infer<typeof repoCount>;

/**
 * `GET /org/{org}`. A local org has `repo_count` and `_source: "local"`; an org found on an upstream
 * (fallback) source is answered with a user-profile-shaped payload instead, so those fields are optional.
 */
export const organizationInfo = z.lazy(() =>
  z.looseObject({
    name: z.string().optional(),
    description: z.string().nullish(),
    created_at: isoDate.nullish(),
    repo_count: repoCount.optional(),
    _source: z.string().optional(),
  }),
);
export type OrganizationInfo = z.infer<typeof organizationInfo>;

/** One member in `GET /org/{org}/members`. `role` is free-form: the server stores any string. */
export const organizationMember = z.lazy(() =>
  z.looseObject({
    user: z.string(),
    role: z.string(),
  }),
);
export type OrganizationMember = z.infer<typeof organizationMember>;

/** `GET /org/{org}/members` */
export const organizationMembersResponse = z.lazy(() =>
  z.looseObject({
    members: z.array(organizationMember),
  }),
);

/** One org in `GET /org/users/{username}/orgs`. */
export const userOrganization = z.lazy(() =>
  z.looseObject({
    name: z.string(),
    description: z.string().nullable().optional(),
    role: z.string(),
  }),
);
export type UserOrganization = z.infer<typeof userOrganization>;

/** `GET /org/users/{username}/orgs` */
export const userOrganizationsResponse = z.lazy(() =>
  z.looseObject({
    organizations: z.array(userOrganization),
  }),
);

/** `GET /api/organizations/{org}/profile` */
export const organizationProfile = z.lazy(() =>
  z.looseObject({
    name: z.string(),
    description: z.string().nullable(),
    bio: z.string().nullable(),
    website: z.string().nullable(),
    social_media: z.record(z.string(), z.unknown()).nullable(),
    member_count: z.number().int(),
    created_at: isoDate,
  }),
);
export type OrganizationProfile = z.infer<typeof organizationProfile>;

/** `POST /api/organizations/{org}/avatar` */
export const avatarUploadResponse = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    message: z.string(),
    size_bytes: z.number().int(),
  }),
);
export type AvatarUploadResponse = z.infer<typeof avatarUploadResponse>;

/** Roles an invitation can carry (never `super-admin`). */
export const INVITATION_ROLES = ["visitor", "member", "admin"] as const;
/** A role an invitation can carry. */
export type InvitationRole = (typeof INVITATION_ROLES)[number];

/** `POST /api/invitations/org/{org}/create` */
export const createInvitationResponse = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    token: z.string(),
    invitation_link: z.string(),
    expires_at: isoDate,
    max_usage: z.number().int().nullable(),
    is_reusable: z.boolean(),
  }),
);
export type CreateInvitationResponse = z.infer<typeof createInvitationResponse>;

/** One invitation in `GET /api/invitations/org/{org}/list` (used and expired ones included). */
export const orgInvitation = z.lazy(() =>
  z.looseObject({
    id: flexibleId,
    token: z.string(),
    email: z.string().nullable(),
    role: z.string().nullable(),
    /** Username of the creator, or `"Unknown"`. */
    created_by: z.string(),
    created_at: isoDate,
    expires_at: isoDate,
    max_usage: z.number().int().nullable(),
    usage_count: z.number().int(),
    is_reusable: z.boolean(),
    is_available: z.boolean(),
    used_at: isoDate.nullable(),
    /** Available and never used. */
    is_pending: z.boolean(),
  }),
);
export type OrgInvitation = z.infer<typeof orgInvitation>;

/** `GET /api/invitations/org/{org}/list` */
export const orgInvitationsResponse = z.lazy(() =>
  z.looseObject({
    invitations: z.array(orgInvitation),
  }),
);

/**
 * `GET /api/invitations/{token}`. `org_name`, `role` and `email` are present for `join_org` invitations only.
 */
export const invitationDetails = z.lazy(() =>
  z.looseObject({
    action: z.string(),
    /** `"Unknown"` for invitations made by a server admin. */
    inviter_username: z.string(),
    expires_at: isoDate,
    is_expired: z.boolean(),
    is_available: z.boolean(),
    /** Why the invitation cannot be used ("Invitation has expired", ...), or null. */
    error_message: z.string().nullable(),
    max_usage: z.number().int().nullable(),
    usage_count: z.number().int(),
    is_reusable: z.boolean(),
    org_name: z.string().nullish(),
    role: z.string().nullish(),
    email: z.string().nullish(),
  }),
);
export type InvitationDetails = z.infer<typeof invitationDetails>;

/** `POST /api/invitations/{token}/accept`. `org_name` and `role` come with `join_org` invitations. */
export const acceptInvitationResponse = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    message: z.string(),
    org_name: z.string().optional(),
    role: z.string().optional(),
  }),
);
export type AcceptInvitationResponse = z.infer<typeof acceptInvitationResponse>;
