/**
 * Accounts: registration, sessions, API tokens, the caller's identity, user settings, profiles, avatars,
 * external (fallback) tokens, SSH keys, and the server's public information.
 *
 * @module
 */
import { z } from "zod";
import { type AvatarImage, avatarForm, type ImageData, readAvatar } from "./avatar.ts";
import { BaseClient, encodeFully, integerId } from "./base.ts";
import {
  type AvatarUpload,
  avatarUpload,
  type CreatedToken,
  type CurrentUser,
  createdToken,
  currentUser,
  type ExternalTokenInfo,
  externalTokenInfo,
  type FallbackSource,
  fallbackSource,
  type HealthStatus,
  healthStatus,
  type LoginResponse,
  loginResponse,
  type NameCheck,
  type NamespaceType,
  nameCheck,
  namespaceType,
  type RegisterResponse,
  registerResponse,
  type ServerInfo,
  type SiteConfig,
  type SshKey,
  serverInfo,
  siteConfig,
  sshKey,
  type TokenInfo,
  tokenList,
  type UserProfile,
  userProfile,
  type VersionInfo,
  versionInfo,
  type WhoamiV2,
  whoamiV2Response,
  type YamlValidation,
  yamlValidation,
} from "./schemas/account.ts";
import { parseResponse, type SuccessMessage, successMessage } from "./schemas/common.ts";

/** Reads the `session_id` cookie from a login answer. */
function sessionCookie(headers: Headers): string | undefined {
  const cookies =
    typeof headers.getSetCookie === "function" ? headers.getSetCookie() : [headers.get("set-cookie") ?? ""];
  for (const cookie of cookies) {
    const match = /(?:^|[;,]\s*)session_id=([^;]*)/.exec(cookie);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** What {@link AccountApi.verifyEmail} learned from the redirect. */
export interface VerifyEmailResult {
  /** True when the server accepted the token (the redirect goes to the user's page). */
  verified: boolean;
  /** The `Location` the server redirected to, e.g. `/alice` or `/?error=invalid_token&...`. */
  location: string;
  /** True when the answer set a `session_id` cookie (the client is then logged in as that user). */
  sessionSet: boolean;
  /** The verified user's name, on success. */
  username?: string;
  /** The `error` code of a failed verification (`invalid_token`, `user_not_found`). */
  error?: string;
  /** The human-readable `message` of a failed verification, when the server gave one. */
  message?: string;
}

/** The fields {@link AccountApi.updateUserSettings} can change. Omitted fields stay as they are. */
export interface UserSettingsUpdate {
  /**
   * A new email address. The server marks the email as unverified whenever this is sent (even if it is the
   * current address) and sends no mail, so only pass it when it really changes.
   */
  email?: string;
  fullName?: string;
  bio?: string;
  website?: string;
  /** Free-form links, e.g. `{ github: "alice", twitter_x: "alice" }`. Stored as given. */
  socialMedia?: Record<string, unknown>;
}

/** Account methods of {@link KohubClient}. */
export class AccountApi extends BaseClient {
  /**
   * Creates a user account. Registration does not log in.
   *
   * @param params.invitationToken needed when the server is invitation-only.
   * @example
   * ```ts
   * await client.register({ username: "alice", email: "alice@example.com", password: "s3cret-pass" });
   * ```
   */
  async register(params: {
    username: string;
    email: string;
    password: string;
    invitationToken?: string;
  }): Promise<RegisterResponse> {
    return this.call(
      {
        method: "POST",
        path: "/api/auth/register",
        query: { invitation_token: params.invitationToken },
        json: { username: params.username, email: params.email, password: params.password },
        auth: false,
      },
      registerResponse,
    );
  }

  /**
   * Logs in with a username and password. The `session_id` cookie is kept by this client and sent
   * with its later calls (so `createToken` works right after).
   *
   * @example
   * ```ts
   * await client.login({ username: "alice", password: "s3cret-pass" });
   * const { token } = await client.createToken("laptop");
   * ```
   */
  async login(params: { username: string; password: string }): Promise<LoginResponse> {
    const spec = {
      method: "POST",
      path: "/api/auth/login",
      json: { username: params.username, password: params.password },
      auth: false,
    };
    const response = await this.http.send(spec);
    const body = parseResponse(
      loginResponse,
      await this.http.readJson(response, spec),
      "POST /api/auth/login",
    );
    this.http.sessionId = sessionCookie(response.headers);
    this.cachedUsername = body.username;
    return body;
  }

  /**
   * Ends the session. Note that the server ends **every** session of the user (all browsers), and that
   * API tokens stay valid.
   *
   * @example
   * ```ts
   * await client.logout();
   * ```
   */
  async logout(): Promise<{ success?: boolean; message?: string }> {
    const result = await this.call({ method: "POST", path: "/api/auth/logout" }, successMessage);
    this.http.sessionId = undefined;
    return result;
  }

  /**
   * The caller's account (`GET /api/auth/me`).
   *
   * @example
   * ```ts
   * const me = await client.whoami();
   * console.log(me.username, me.email);
   * ```
   */
  async whoami(): Promise<CurrentUser> {
    const me = await this.call({ path: "/api/auth/me" }, currentUser);
    this.cachedUsername = me.username;
    return me;
  }

  /**
   * Opens an email verification link (`GET /api/auth/verify-email?token=`) without following its redirect.
   * On success the server marks the email verified and starts a session; this client then keeps that
   * session cookie, as after {@link AccountApi.login}. A bad or expired token is not an error: it gives
   * `verified: false` with the server's `error` code.
   *
   * @param token the `token` query value of the link in the verification email.
   * @example
   * ```ts
   * const result = await client.verifyEmail("3f1c…");
   * if (result.verified) console.log(`verified ${result.username}`);
   * else console.error(result.message ?? result.error);
   * ```
   */
  async verifyEmail(token: string): Promise<VerifyEmailResult> {
    const response = await this.http.send({
      path: "/api/auth/verify-email",
      query: { token },
      auth: false,
      redirect: "manual",
      okStatuses: [301, 302, 303, 307, 308],
    });
    await response.body?.cancel().catch(() => {});
    const location = response.headers.get("location") ?? "";
    const session = sessionCookie(response.headers);
    if (session) {
      this.http.sessionId = session;
      this.cachedUsername = undefined;
    }
    const target = new URL(location, "http://hub.invalid");
    const error = target.searchParams.get("error") ?? undefined;
    const result: VerifyEmailResult = {
      verified: !error && target.pathname.length > 1,
      location,
      sessionSet: session !== undefined,
    };
    if (error) {
      result.error = error;
      const message = target.searchParams.get("message");
      if (message) result.message = message;
    } else if (result.verified) {
      result.username = decodeURIComponent(target.pathname.slice(1));
      if (session) this.cachedUsername = result.username;
    }
    return result;
  }

  /**
   * Lists the caller's API tokens (names and dates only; token values are never shown again).
   *
   * @example
   * ```ts
   * for (const t of await client.listTokens()) console.log(t.id, t.name, t.last_used ?? "never used");
   * ```
   */
  async listTokens(): Promise<TokenInfo[]> {
    const data = await this.call({ path: "/api/auth/tokens" }, tokenList);
    return data.tokens;
  }

  /**
   * Creates an API token. The returned `token` is the only time its value is shown: store it now.
   * Tokens never expire and carry the full authority of the account.
   *
   * @param name a label for the token (duplicates are allowed).
   * @example
   * ```ts
   * const { token, token_id } = await client.createToken("ci");
   * ```
   */
  async createToken(name: string): Promise<CreatedToken> {
    return this.call({ method: "POST", path: "/api/auth/tokens/create", json: { name } }, createdToken);
  }

  /**
   * Revokes one of the caller's API tokens. Another user's token id answers 404, like an unknown id.
   *
   * @param id the token id from {@link AccountApi.listTokens} or `token_id` of {@link AccountApi.createToken}.
   * @example
   * ```ts
   * await client.revokeToken(42);
   * ```
   */
  async revokeToken(id: number | string): Promise<SuccessMessage> {
    const tokenId = integerId(id, "token id");
    return this.call({ method: "DELETE", path: `/api/auth/tokens/${tokenId}` }, successMessage);
  }

  /**
   * The caller's identity in Hugging Face's format (`GET /api/whoami-v2`), with org memberships and the
   * server's `site` block. `id` is a string here, and `orgs[].roleInOrg` uses KohakuHub role names.
   *
   * @example
   * ```ts
   * const me = await client.whoamiV2();
   * console.log(me.name, me.orgs.map((o) => `${o.name}:${o.roleInOrg}`));
   * ```
   */
  async whoamiV2(): Promise<WhoamiV2> {
    const me = await this.call({ path: "/api/whoami-v2" }, whoamiV2Response);
    this.cachedUsername = me.name;
    return me;
  }

  /**
   * Server identification (`GET /api/version`). `api === "kohakuhub"` tells a KohakuHub server from
   * huggingface.co (which answers 404).
   *
   * @example
   * ```ts
   * const { api, version, name } = await client.version();
   * ```
   */
  async version(): Promise<VersionInfo> {
    return this.call({ path: "/api/version", auth: false }, versionInfo);
  }

  /**
   * Public site flags (`GET /api/site-config`): whether registration needs an invitation and whether the
   * email must be verified before login.
   *
   * @example
   * ```ts
   * const { invitation_only } = await client.siteConfig();
   * ```
   */
  async siteConfig(): Promise<SiteConfig> {
    return this.call({ path: "/api/site-config", auth: false }, siteConfig);
  }

  /**
   * Liveness check (`GET /health`). It does not check the server's dependencies.
   *
   * @example
   * ```ts
   * const { status } = await client.health(); // "ok"
   * ```
   */
  async health(): Promise<HealthStatus> {
    return this.call({ path: "/health", auth: false }, healthStatus);
  }

  /**
   * The server's name, version and entry points (`GET /`). `endpoints.api` is the API base path.
   *
   * @example
   * ```ts
   * const info = await client.serverInfo();
   * console.log(info.endpoints.api); // "/api"
   * ```
   */
  async serverInfo(): Promise<ServerInfo> {
    return this.call({ path: "/", auth: false }, serverInfo);
  }

  /**
   * Health of the dataset viewer (`GET /api/dataset-viewer/health`). A server without the viewer answers
   * 404, which is thrown as a `NotFoundError`.
   *
   * @example
   * ```ts
   * const viewer = await client.datasetViewerHealth().catch(() => undefined);
   * ```
   */
  async datasetViewerHealth(): Promise<HealthStatus> {
    return this.call({ path: "/api/dataset-viewer/health", auth: false }, healthStatus);
  }

  /**
   * Checks YAML syntax (`POST /api/validate-yaml`), e.g. a model card's front matter. Always answers with
   * `valid`; it does not check the card's fields.
   *
   * @example
   * ```ts
   * const { valid } = await client.validateYaml({ content: "license: mit\ntags: [a, b]\n" });
   * ```
   */
  async validateYaml(params: { content: string; repoType?: string }): Promise<YamlValidation> {
    return this.call(
      {
        method: "POST",
        path: "/api/validate-yaml",
        json: { content: params.content, repo_type: params.repoType ?? "model" },
        auth: false,
      },
      yamlValidation,
    );
  }

  /**
   * Checks whether a name is free (`POST /api/validate/check-name`). Without `namespace` and `type` it
   * checks a user or org name (reserved names, existing accounts, normalized clashes); with both it checks
   * a repo name inside that namespace. It does not check the character set.
   *
   * @example
   * ```ts
   * const check = await client.checkName({ name: "my-org" });
   * if (!check.available) console.error(check.message);
   * const repo = await client.checkName({ name: "demo", namespace: "alice", type: "model" });
   * ```
   */
  async checkName(params: { name: string; namespace?: string; type?: string }): Promise<NameCheck> {
    return this.call(
      {
        method: "POST",
        path: "/api/validate/check-name",
        json: { name: params.name, namespace: params.namespace ?? null, type: params.type ?? null },
        auth: false,
      },
      nameCheck,
    );
  }

  /**
   * Upstream sources (e.g. huggingface.co) that the server can fall back to, and that a user can store
   * tokens for (`GET /api/fallback-sources/available`). Sorted by priority; no tokens are included.
   *
   * @example
   * ```ts
   * for (const s of await client.listFallbackSources()) console.log(s.name, s.url);
   * ```
   */
  async listFallbackSources(): Promise<FallbackSource[]> {
    return this.call({ path: "/api/fallback-sources/available", auth: false }, z.array(fallbackSource));
  }

  /**
   * Lists the upstream tokens stored for a user (masked: the first 4 characters and `***`).
   *
   * @param username default: the caller. Only the user themselves may list them.
   * @example
   * ```ts
   * for (const t of await client.listExternalTokens()) console.log(t.url, t.token_preview);
   * ```
   */
  async listExternalTokens(username?: string): Promise<ExternalTokenInfo[]> {
    const user = username ?? (await this.currentUsername());
    return this.call(
      { path: `/api/users/${encodeURIComponent(user)}/external-tokens` },
      z.array(externalTokenInfo),
    );
  }

  /**
   * Stores (or replaces) the caller's token for one upstream source. The URL must be exactly the `url` of
   * {@link AccountApi.listFallbackSources} (a trailing slash makes it a different source).
   *
   * @example
   * ```ts
   * await client.setExternalToken({ url: "https://huggingface.co", token: process.env.UPSTREAM_TOKEN ?? "" });
   * ```
   */
  async setExternalToken(params: { url: string; token: string; username?: string }): Promise<SuccessMessage> {
    const user = params.username ?? (await this.currentUsername());
    return this.call(
      {
        method: "POST",
        path: `/api/users/${encodeURIComponent(user)}/external-tokens`,
        json: { url: params.url, token: params.token },
      },
      successMessage,
    );
  }

  /**
   * Deletes the caller's stored token for one upstream URL (the URL is fully percent-encoded in the path).
   *
   * @example
   * ```ts
   * await client.deleteExternalToken({ url: "https://huggingface.co" });
   * ```
   */
  async deleteExternalToken(params: { url: string; username?: string }): Promise<SuccessMessage> {
    const user = params.username ?? (await this.currentUsername());
    return this.call(
      {
        method: "DELETE",
        path: `/api/users/${encodeURIComponent(user)}/external-tokens/${encodeFully(params.url)}`,
      },
      successMessage,
    );
  }

  /**
   * Replaces the whole set of the caller's upstream tokens: URLs missing from `tokens` are deleted. Not
   * atomic on the server: a 400 for a bad URL can leave the set partly changed.
   *
   * @example
   * ```ts
   * await client.replaceExternalTokens({ tokens: [{ url: "https://huggingface.co", token: upstreamToken }] });
   * ```
   */
  async replaceExternalTokens(params: {
    tokens: Array<{ url: string; token: string }>;
    username?: string;
  }): Promise<SuccessMessage> {
    const user = params.username ?? (await this.currentUsername());
    return this.call(
      {
        method: "PUT",
        path: `/api/users/${encodeURIComponent(user)}/external-tokens/bulk`,
        json: { tokens: params.tokens.map((t) => ({ url: t.url, token: t.token })) },
      },
      successMessage,
    );
  }

  /**
   * Updates the caller's profile fields and email. Omitted fields are left unchanged; send `""` to blank
   * a text field. Sending `email` always marks it unverified (see {@link UserSettingsUpdate.email}).
   *
   * @example
   * ```ts
   * await client.updateUserSettings({ fullName: "Alice A.", bio: "Trains small models", socialMedia: { github: "alice" } });
   * ```
   */
  async updateUserSettings(params: UserSettingsUpdate & { username?: string }): Promise<SuccessMessage> {
    const user = params.username ?? (await this.currentUsername());
    return this.call(
      {
        method: "PUT",
        path: `/api/users/${encodeURIComponent(user)}/settings`,
        json: {
          email: params.email,
          full_name: params.fullName,
          bio: params.bio,
          website: params.website,
          social_media: params.socialMedia,
        },
      },
      successMessage,
    );
  }

  /**
   * Whether a name is a user or an organization (`GET /api/users/{username}/type`). With `fallback`
   * (default true) the server may ask its upstream sources about names it does not know.
   *
   * @example
   * ```ts
   * const { type } = await client.namespaceType({ name: "alice" }); // "user" | "org"
   * ```
   */
  async namespaceType(params: { name: string; fallback?: boolean }): Promise<NamespaceType> {
    return this.call(
      {
        path: `/api/users/${encodeURIComponent(params.name)}/type`,
        query: { fallback: params.fallback },
        auth: false,
      },
      namespaceType,
    );
  }

  /**
   * A user's public profile (`GET /api/users/{username}/profile`): full name, bio, website, social links.
   * It has no email; use {@link AccountApi.whoami} for your own.
   *
   * @example
   * ```ts
   * const profile = await client.userProfile({ username: "alice" });
   * console.log(profile.full_name ?? profile.username);
   * ```
   */
  async userProfile(params: { username: string; fallback?: boolean }): Promise<UserProfile> {
    return this.call(
      {
        path: `/api/users/${encodeURIComponent(params.username)}/profile`,
        query: { fallback: params.fallback },
        auth: false,
      },
      userProfile,
    );
  }

  /**
   * Uploads the caller's avatar (JPEG, PNG, WebP or GIF, at most 10 MB). The server crops it to a square
   * JPEG. The content type is taken from `contentType`, else the Blob's type, else the image's first bytes.
   *
   * @example
   * ```ts
   * await client.uploadAvatar({ file: await openAsBlob("me.png") }); // from node:fs
   * ```
   */
  async uploadAvatar(params: {
    file: ImageData;
    contentType?: string;
    filename?: string;
    username?: string;
  }): Promise<AvatarUpload> {
    const user = params.username ?? (await this.currentUsername());
    const form = await avatarForm(params.file, params);
    return this.call(
      { method: "POST", path: `/api/users/${encodeURIComponent(user)}/avatar`, body: form },
      avatarUpload,
    );
  }

  /**
   * Downloads a user's avatar (`GET /api/users/{username}/avatar`). No credentials are needed.
   *
   * @example
   * ```ts
   * const avatar = await client.getAvatar({ username: "alice" });
   * await writeFile("alice.jpg", avatar.data); // from node:fs/promises
   * ```
   */
  async getAvatar(params: { username?: string; fallback?: boolean } = {}): Promise<AvatarImage> {
    const user = params.username ?? (await this.currentUsername());
    const path = `/api/users/${encodeURIComponent(user)}/avatar`;
    const response = await this.http.send({ path, query: { fallback: params.fallback }, auth: false });
    return readAvatar(response, user, this.http.url(path));
  }

  /**
   * Removes the caller's avatar.
   *
   * @param username default: the caller (only the user themselves may do this).
   * @example
   * ```ts
   * await client.deleteAvatar();
   * ```
   */
  async deleteAvatar(username?: string): Promise<SuccessMessage> {
    const user = username ?? (await this.currentUsername());
    return this.call(
      { method: "DELETE", path: `/api/users/${encodeURIComponent(user)}/avatar` },
      successMessage,
    );
  }

  /**
   * Lists the caller's SSH public keys (for git over SSH).
   *
   * @example
   * ```ts
   * for (const k of await client.listSshKeys()) console.log(k.id, k.title, k.fingerprint);
   * ```
   */
  async listSshKeys(): Promise<SshKey[]> {
    return this.call({ path: "/api/user/keys" }, z.array(sshKey));
  }

  /**
   * Adds an SSH public key (`<type> <base64> [comment]`, as in `~/.ssh/id_ed25519.pub`). A key already
   * registered by anyone is a `ConflictError`.
   *
   * @example
   * ```ts
   * const key = await client.addSshKey({ title: "laptop", key: await readFile(`${home}/.ssh/id_ed25519.pub`, "utf8") });
   * console.log(key.fingerprint);
   * ```
   */
  async addSshKey(params: { title: string; key: string }): Promise<SshKey> {
    return this.call(
      { method: "POST", path: "/api/user/keys", json: { title: params.title, key: params.key } },
      sshKey,
    );
  }

  /**
   * One of the caller's SSH keys.
   *
   * @example
   * ```ts
   * const key = await client.getSshKey(3);
   * ```
   */
  async getSshKey(id: number | string): Promise<SshKey> {
    return this.call({ path: `/api/user/keys/${integerId(id, "SSH key id")}` }, sshKey);
  }

  /**
   * Deletes one of the caller's SSH keys.
   *
   * @example
   * ```ts
   * await client.deleteSshKey(3);
   * ```
   */
  async deleteSshKey(id: number | string): Promise<{ message?: string }> {
    return this.call(
      { method: "DELETE", path: `/api/user/keys/${integerId(id, "SSH key id")}` },
      z.looseObject({ message: z.string().optional() }),
    );
  }
}
