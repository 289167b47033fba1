/**
 * Schemas of the account area: auth, tokens, users, settings, SSH keys, external tokens, site info.
 *
 * @module
 */
import { z } from "zod";
import { flexibleId, isoDate } from "./common.ts";

/** `POST /api/auth/register` */
export const registerResponse = z.looseObject({
  success: z.boolean(),
  message: z.string(),
  email_verified: z.boolean(),
});
export type RegisterResponse = z.infer<typeof registerResponse>;

/** `POST /api/auth/login` (the session cookie comes in `Set-Cookie`). */
export const loginResponse = z.looseObject({
  success: z.boolean(),
  message: z.string(),
  username: z.string(),
  session_secret: z.string().optional(),
});
export type LoginResponse = z.infer<typeof loginResponse>;

/** `GET /api/auth/me` */
export const currentUser = z.looseObject({
  id: flexibleId,
  username: z.string(),
  email: z.string(),
  email_verified: z.boolean(),
  created_at: isoDate,
});
export type CurrentUser = z.infer<typeof currentUser>;
