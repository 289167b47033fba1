/**
 * Records one entry for a command that changed something, after it ended (src/cli.ts calls this). A
 * failure to write is a warning: the command's own result stands.
 *
 * @module
 */
import type { ArgsDef } from "citty";
import type { Context } from "../context.ts";
import type { Explained } from "../errors.ts";
import { commandLine } from "./mask.ts";
import { appendEntry, historyPath, newId } from "./store.ts";
import type { Changes, HistoryEntry } from "./types.ts";

export interface RecordInput {
  path: string[];
  args: ArgsDef;
  rest: string[];
  changes: Changes;
  /** The error, when the command failed. */
  failed?: Explained;
}

/** The endpoint of the run, and the secrets it knows (masked wherever they appear on the command line). */
async function endpointOf(ctx: Context): Promise<{ endpoint?: string; known: string[] }> {
  const known = [ctx.globals.token, ctx.env.HF_TOKEN].filter((t): t is string => Boolean(t));
  try {
    const client = await ctx.client();
    return { endpoint: client.endpoint, known: client.token ? [...known, client.token] : known };
  } catch {
    return { endpoint: ctx.globals.endpoint, known };
  }
}

/**
 * The config profile in use, when it is not the default one: the context's resolved profile when it has
 * profiles (`--profile`, KOHUB_PROFILE, the file's active one), else `--profile` as given.
 */
export async function profileOf(ctx: Context): Promise<string | undefined> {
  let name = ctx.globals.profile;
  try {
    name = await ctx.profile();
  } catch {
    // An unknown profile fails the command itself; the entry keeps the name as given.
  }
  return name && name !== "default" ? name : undefined;
}

/** A context as the command's, at another profile (whose endpoint the entry then names). */
async function contextAt(ctx: Context, profile: string): Promise<Context> {
  const { createContext } = await import("../context.ts");
  return createContext({ io: ctx.io, globals: { ...ctx.globals, profile }, env: ctx.env });
}

/** The entry for a command that just ended. */
export async function entryFor(ctx: Context, input: RecordInput): Promise<HistoryEntry> {
  const note = ctx.history;
  const at = note.profile === undefined ? ctx : await contextAt(ctx, note.profile);
  const { endpoint, known } = await endpointOf(at);
  if (at !== ctx) known.push(...(await endpointOf(ctx)).known);
  const profile = await profileOf(at);
  const { failed } = input;
  const entry: HistoryEntry = {
    id: newId(),
    when: new Date().toISOString(),
    ...(endpoint ? { endpoint } : {}),
    ...(profile ? { profile } : {}),
    command: commandLine(input.path, input.args, input.rest, ctx.globals.endpoint, known),
    outcome: failed
      ? { ok: false, error: failed.error, code: failed.code, exit: failed.exitCode }
      : { ok: true },
    // A command that failed half-way keeps the steps of what it did do.
    undo: note.undo,
  };
  const irreversible =
    note.irreversible ?? (typeof input.changes === "object" ? input.changes.irreversible : undefined);
  if (irreversible && note.undo.length === 0) entry.irreversible = irreversible;
  if (note.undoes) entry.undoes = note.undoes;
  return entry;
}

/**
 * Appends the entry; warns (never throws) when it cannot be written, unless the command failed: its own
 * error comes next, and is often why (an unwritable config folder, which holds the history too).
 */
export async function recordCommand(ctx: Context, input: RecordInput): Promise<void> {
  if (ctx.history.read) return;
  const path = historyPath(ctx.env);
  try {
    appendEntry(path, await entryFor(ctx, input));
  } catch (err) {
    if (!input.failed) ctx.log.warn(`Not recorded in the history (${path}): ${(err as Error).message}`);
  }
}
