/** Organization routes of the local hub (to be filled in). */
import type { Database } from "bun:sqlite";
import type { Router } from "../router.ts";

export const schema = "";

/**
 * Checks a `register_account` invitation token for invitation-only registration: returns the error message
 * the server answers with (400), or undefined when the invitation can be used.
 */
export function checkRegisterInvitation(_db: Database, _token: string): string | undefined {
  return "Invalid invitation token";
}

/** Marks a `register_account` invitation used by a new user and adds them to its org, if any. */
export function consumeRegisterInvitation(_db: Database, _token: string, _userId: number): void {}

export function register(_r: Router): void {}
