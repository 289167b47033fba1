/**
 * Accounts: registration, sessions, API tokens, the caller's identity, user settings, profiles, avatars,
 * external (fallback) tokens, SSH keys, and the server's public information.
 *
 * @module
 */
import { BaseClient } from "./base.ts";
import {
  type CurrentUser,
  currentUser,
  type LoginResponse,
  loginResponse,
  type RegisterResponse,
  registerResponse,
} from "./schemas/account.ts";
import { parseResponse, successMessage } from "./schemas/common.ts";

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

/** Account methods of {@link KohubClient}. */
export class AccountApi extends BaseClient {
  /**
   * Creates a user account. Registration does not log in.
   *
   * @param invitationToken needed when the server is invitation-only.
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
}
