/**
 * What the history file holds: one JSON object a line, one line per command that changed something, with
 * the steps that undo it (or why it cannot be undone).
 *
 * @module
 */
import type { RepoType } from "../api/validate.ts";

interface RepoStep {
  repoId: string;
  type: RepoType;
}

/** One inverse operation, with the data it needs. */
export type UndoStep =
  /** Delete a repo the entry created; `head` is main's commit just after, to refuse when it moved. */
  | (RepoStep & { op: "repo.delete"; head?: string })
  /** Move a repo back (`repoId` is where it is now); `head` as above. */
  | (RepoStep & { op: "repo.move"; to: string; head?: string })
  /** Put back the settings a change replaced. */
  | (RepoStep & { op: "repo.settings"; values: Record<string, unknown> })
  /** Delete a branch or tag the entry created; `commit` is where it pointed, to refuse when it moved. */
  | (RepoStep & { op: "branch.delete" | "tag.delete"; name: string; commit?: string })
  /** Recreate a deleted branch or tag at its commit. */
  | (RepoStep & { op: "branch.create" | "tag.create"; name: string; commit: string })
  /** Like or unlike a repo again. */
  | (RepoStep & { op: "repo.like" | "repo.unlike" })
  /** Revert a commit on its branch (upload, repo rm). */
  | (RepoStep & { op: "commit.revert"; branch: string; commit: string })
  /** Membership: remove an added member, add a removed one back, give back a previous role. */
  | { op: "member.remove"; org: string; username: string }
  | { op: "member.add" | "member.role"; org: string; username: string; role: string; now?: string }
  /** Revoke a token the entry created. */
  | { op: "token.revoke"; id: number | string; name: string }
  /** Give a config key back its previous value (`value` absent: remove the key); `now` is what was set. */
  | { op: "config.set"; key: string; value?: unknown; now?: unknown }
  /** Make a profile the active one again (`now` is the one the entry made active). */
  | { op: "profile.switch"; to: string; now: string }
  /** Delete an SSH key the entry added; `fingerprint` to refuse when the id names another key. */
  | { op: "sshkey.delete"; id: number | string; title: string; fingerprint: string }
  /** Put back your profile fields (library names, as updateUserSettings takes them); `now` is what was set. */
  | { op: "user.settings"; values: Record<string, unknown>; now: Record<string, unknown> }
  /** Put back an organization's settings (as updateOrganizationSettings takes them). */
  | { op: "org.settings"; org: string; values: Record<string, unknown>; now: Record<string, unknown> }
  /** Delete an invitation the entry created, by its list id (its token is a secret, never recorded). */
  | { op: "invite.delete"; org: string; id: number | string }
  /** Give a namespace (both pools) or a repository (null: inherit) its previous quota. */
  | { op: "quota.set"; namespace: string; bytes: number; now: number }
  | (RepoStep & { op: "quota.repo"; bytes: number | null; now: number | null })
  /**
   * Give aliases their previous expansions (null: remove the alias); `now` is what the entry left (null:
   * none), to refuse when one changed again. Token-like words are masked in both, as on the command line.
   */
  | { op: "alias.set"; values: Record<string, string | null>; now: Record<string, string | null> }
  /** Put a deleted profile back (never one that held a token), and make it active again if it was. */
  | { op: "profile.restore"; name: string; values: Record<string, unknown>; active: boolean };

/** How a command ended. */
export type Outcome = { ok: true } | { ok: false; error: string; code: string; exit: number };

/** One line of the history file. */
export interface HistoryEntry {
  /** Sortable and unique: the time in base 36, then random characters. */
  id: string;
  /** ISO time the command ended. */
  when: string;
  endpoint?: string;
  profile?: string;
  /** The command line, secrets masked. */
  command: string;
  outcome: Outcome;
  /** How to undo it, in the order the changes were made: undo runs them newest first (empty: nothing to undo). */
  undo: UndoStep[];
  /** Why it cannot be undone, when it cannot. */
  irreversible?: string;
  /** The id of the entry this entry undid (an `undo` command). */
  undoes?: string;
}

/** What a command hands to history while it runs (see Context.history). */
export interface HistoryNote {
  undo: UndoStep[];
  irreversible?: string;
  undoes?: string;
  /** Set by a command that only read this time (`repo settings` without a change): nothing is recorded. */
  read?: boolean;
  /**
   * The profile the entry belongs to, when not the one the command ran with: deleting the profile in use
   * records at the one in use after, where undo can run.
   */
  profile?: string;
}

/**
 * What a leaf module exports to be recorded: `true` for a command that changes something, or the reason
 * it cannot be undone.
 */
export type Changes = true | { irreversible: string };
