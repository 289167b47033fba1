/**
 * Schemas of the account area: auth, tokens, users, settings, SSH keys, external tokens, site info.
 *
 * @module
 */
import { z } from "zod";
import { flexibleId, isoDate } from "./common.ts";

/** `POST /api/auth/register` */
export const registerResponse = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    message: z.string(),
    email_verified: z.boolean(),
  }),
);
export type RegisterResponse = z.infer<typeof registerResponse>;

/** `POST /api/auth/login` (the session cookie comes in `Set-Cookie`). */
export const loginResponse = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    message: z.string(),
    username: z.string(),
    session_secret: z.string().optional(),
  }),
);
export type LoginResponse = z.infer<typeof loginResponse>;

/** `GET /api/auth/me` */
export const currentUser = z.lazy(() =>
  z.looseObject({
    id: flexibleId,
    username: z.string(),
    email: z.string(),
    email_verified: z.boolean(),
    created_at: isoDate,
  }),
);
export type CurrentUser = z.infer<typeof currentUser>;

/** One entry of `GET /api/auth/tokens` (metadata only; the value is never shown again). */
export const tokenInfo = z.lazy(() =>
  z.looseObject({
    id: flexibleId,
    name: z.string(),
    last_used: isoDate.nullable(),
    created_at: isoDate,
  }),
);
export type TokenInfo = z.infer<typeof tokenInfo>;

/** `GET /api/auth/tokens` */
export const tokenList = z.lazy(() => z.looseObject({ tokens: z.array(tokenInfo) }));

/** `POST /api/auth/tokens/create`: `token` is shown only here. */
export const createdToken = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    token: z.string(),
    token_id: flexibleId,
    session_secret: z.string().nullable().optional(),
    message: z.string().optional(),
  }),
);
export type CreatedToken = z.infer<typeof createdToken>;

/** `GET /api/whoami-v2`, HF-style identity with KohakuHub's `site` block. */
export const whoamiV2Response = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    id: flexibleId,
    name: z.string(),
    fullname: z.string().optional(),
    email: z.string().nullable().optional(),
    emailVerified: z.boolean().optional(),
    canPay: z.boolean().optional(),
    isPro: z.boolean().optional(),
    orgs: z.array(
      z.looseObject({ name: z.string(), fullname: z.string().optional(), roleInOrg: z.string().optional() }),
    ),
    auth: z
      .looseObject({
        type: z.string(),
        accessToken: z
          .looseObject({ displayName: z.string().optional(), role: z.string().optional() })
          .optional(),
      })
      .optional(),
    site: z.looseObject({ name: z.string(), api: z.string(), version: z.string() }).optional(),
  }),
);
export type WhoamiV2 = z.infer<typeof whoamiV2Response>;

/** `GET /api/version`. `api` is `"kohakuhub"` on every KohakuHub server (huggingface.co answers 404). */
export const versionInfo = z.lazy(() =>
  z.looseObject({ api: z.string(), version: z.string(), name: z.string() }),
);
export type VersionInfo = z.infer<typeof versionInfo>;

/** `GET /api/site-config` */
export const siteConfig = z.lazy(() =>
  z.looseObject({
    site_name: z.string(),
    invitation_only: z.boolean(),
    require_email_verification: z.boolean(),
  }),
);
export type SiteConfig = z.infer<typeof siteConfig>;

/** `GET /health` (and `GET /api/dataset-viewer/health`, which adds `service`). */
export const healthStatus = z.lazy(() =>
  z.looseObject({ status: z.string(), service: z.string().optional() }),
);
export type HealthStatus = z.infer<typeof healthStatus>;

/** `GET /`: name, version and entry points (`endpoints.api` is the API base path). */
export const serverInfo = z.lazy(() =>
  z.looseObject({
    name: z.string(),
    version: z.string(),
    description: z.string().optional(),
    endpoints: z.looseObject({
      api: z.string(),
      auth: z.string().optional(),
      docs: z.string().optional(),
      redoc: z.string().optional(),
    }),
  }),
);
export type ServerInfo = z.infer<typeof serverInfo>;

/** `POST /api/validate-yaml`: YAML syntax only. */
export const yamlValidation = z.lazy(() => z.looseObject({ valid: z.boolean() }));
export type YamlValidation = z.infer<typeof yamlValidation>;

/** `POST /api/validate/check-name`. "available" does not mean the name has a safe character set. */
export const nameCheck = z.lazy(() =>
  z.looseObject({
    available: z.boolean(),
    normalized_name: z.string(),
    conflict_with: z.string().nullable().optional(),
    message: z.string(),
  }),
);
export type NameCheck = z.infer<typeof nameCheck>;

/** One entry of `GET /api/fallback-sources/available` (no tokens). */
export const fallbackSource = z.lazy(() =>
  z.looseObject({
    url: z.string(),
    name: z.string(),
    source_type: z.string(),
    priority: z.number(),
  }),
);
export type FallbackSource = z.infer<typeof fallbackSource>;

/** One entry of `GET /api/users/{username}/external-tokens` (the token is masked). */
export const externalTokenInfo = z.lazy(() =>
  z.looseObject({
    url: z.string(),
    token_preview: z.string(),
    created_at: isoDate.nullable(),
    updated_at: isoDate.nullable(),
  }),
);
export type ExternalTokenInfo = z.infer<typeof externalTokenInfo>;

/** `GET /api/users/{username}/type` */
export const namespaceType = z.lazy(() =>
  z.looseObject({
    type: z.enum(["user", "org"]),
    _source: z.string().optional(),
  }),
);
export type NamespaceType = z.infer<typeof namespaceType>;

/** `GET /api/users/{username}/profile` (local, or partial when it came from an upstream source). */
export const userProfile = z.lazy(() =>
  z.looseObject({
    username: z.string(),
    full_name: z.string().nullable().optional(),
    bio: z.string().nullable().optional(),
    website: z.string().nullable().optional(),
    social_media: z.record(z.string(), z.unknown()).nullable().optional(),
    created_at: isoDate.nullable().optional(),
    _source: z.string().optional(),
  }),
);
export type UserProfile = z.infer<typeof userProfile>;

/** `POST /api/users/{username}/avatar` */
export const avatarUpload = z.lazy(() =>
  z.looseObject({
    success: z.boolean(),
    message: z.string().optional(),
    size_bytes: z.number().int(),
  }),
);
export type AvatarUpload = z.infer<typeof avatarUpload>;

/** An SSH public key of the caller (`/api/user/keys`). */
export const sshKey = z.lazy(() =>
  z.looseObject({
    id: flexibleId,
    title: z.string(),
    key_type: z.string(),
    fingerprint: z.string(),
    created_at: isoDate.nullable(),
    last_used: isoDate.nullable(),
  }),
);
export type SshKey = z.infer<typeof sshKey>;
