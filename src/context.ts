/**
 * The context a command runs in: IO, global options, colours, and lazily created services (the API client,
 * the config file, the prompter), so that `--version` or `--help` never touch the disk or the network.
 *
 * @module
 */
import type { Colors } from "picocolors/types";
import type { KohubClient } from "./api/client.ts";
import type { RequestLog } from "./api/http.ts";
import { SECONDS } from "./argv.ts";
import type { KohubConfig } from "./config/store.ts";
import { UsageError } from "./errors.ts";
import type { HistoryNote, UndoStep } from "./history/types.ts";
import { noColors } from "./output/format.ts";
import type { IO } from "./output/io.ts";
import { createLog, type Log, logLevel } from "./output/log.ts";
import type { PrintTarget } from "./output/print.ts";
import { noPrompter, type Prompter } from "./prompts/prompter.ts";

/** Options every command accepts, anywhere on the command line. */
export interface Globals {
  endpoint?: string;
  token?: string;
  /** `--timeout`, in seconds as typed (checked by argv.ts). */
  timeout?: string | undefined;
  /** `--profile`: the config file's profile to use. */
  profile?: string | undefined;
  output: "text" | "json";
  quiet: boolean;
  verbose: boolean;
}

/** What a command gets. */
export interface Context extends PrintTarget {
  globals: Globals;
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  /** Colours for stderr notices. */
  errColors: Colors;
  /** The API client (created on first use, with the endpoint/token precedence of the library). */
  client(): Promise<KohubClient>;
  /** The environment (HF_ENDPOINT, HF_TOKEN, KOHUB_CONFIG_DIR, ...). */
  env: Record<string, string | undefined>;
  /** The path of the config file. */
  configFile(): Promise<string>;
  /**
   * The name of the config profile in use: `--profile`, else `KOHUB_PROFILE`, else the file's
   * `active_profile`, else `default`. An unknown name is an InputError listing the known ones, unless
   * `create` (for `auth login`, which creates it) and the name is valid. The first call settles it.
   */
  profile(options?: { create?: boolean }): Promise<string>;
  /** The chosen profile's settings, as a flat config (read on first use; see {@link profile}). */
  config(): Promise<KohubConfig>;
  /** The whole config file, every profile (read on first use). */
  wholeConfig(): Promise<KohubConfig>;
  /** Merges values into the chosen profile (atomic write under the file's lock; undefined removes a key). */
  saveConfig(values: Partial<KohubConfig>): Promise<KohubConfig>;
  /** Like {@link saveConfig} with values computed from the current file under its lock; returns both. */
  updateConfig(
    change: (current: KohubConfig) => Partial<KohubConfig>,
  ): Promise<{ before: KohubConfig; after: KohubConfig }>;
  /** Throws a ConfigError now if the config file could not be written (before work that a failed write would waste). */
  checkConfigWritable(): Promise<void>;
  /** Asks the user (a refusing prompter when there is no terminal). */
  prompter(): Promise<Prompter>;
  /** What the command is about (a repo id, an org), shown with not-found errors. */
  subject?: string;
  /** Notices on stderr (consola): success/info hidden by --quiet and JSON mode, debug shown by --verbose. */
  log: Log;
  /**
   * A signal aborted on Ctrl-C. A command that asks for it stops cleanly itself (the CLI waits for it, and
   * exits 130) instead of being killed by the default Ctrl-C handling.
   */
  interruptSignal(): AbortSignal;
  /** Whether the command asked for {@link interruptSignal}. */
  interruptible: boolean;
  /** What a changing command leaves for its history entry (src/history): undo steps, or why there are none. */
  history: HistoryNote;
  /** Adds a step that undoes what the command just did (call it after each change that succeeded). */
  undo(step: UndoStep): void;
}

/** Options of {@link createContext}; tests inject a client, a prompter and an IO. */
export interface ContextOptions {
  io: IO;
  globals: Globals;
  env?: Record<string, string | undefined>;
  client?: KohubClient;
  prompter?: Prompter;
  /** Aborted on Ctrl-C (see {@link Context.interruptSignal}). */
  signal?: AbortSignal;
}

/** A verbose request line, with the credential that request carried (masked), none when it carried none. */
function requestLine(log: RequestLog): string {
  const status = log.status === undefined ? `failed (${log.error})` : String(log.status);
  const retry = log.attempt > 1 ? ` (attempt ${log.attempt})` : "";
  const credential = log.credential ? ` [${log.credential}]` : "";
  return `${log.method} ${log.url} → ${status} in ${log.durationMs.toFixed(0)}ms${retry}${credential}`;
}

/**
 * The request timeout in ms: `--timeout`, else `KOHUB_TIMEOUT`, else the config's `timeout` (seconds,
 * 0 for none); undefined leaves the library's default.
 */
async function timeoutMs(
  globals: Globals,
  env: Record<string, string | undefined>,
  config: () => Promise<KohubConfig>,
): Promise<number | undefined> {
  if (globals.timeout !== undefined) return Number(globals.timeout) * 1000;
  const fromEnv = env.KOHUB_TIMEOUT;
  if (fromEnv) {
    if (!SECONDS.test(fromEnv)) {
      throw new UsageError(`Invalid KOHUB_TIMEOUT "${fromEnv}": expected a number of seconds (0: no limit)`);
    }
    return Number(fromEnv) * 1000;
  }
  const fromFile = (await config()).timeout;
  return typeof fromFile === "number" ? fromFile * 1000 : undefined;
}

export async function createContext(options: ContextOptions): Promise<Context> {
  const { io, globals } = options;
  const env = options.env ?? process.env;
  const json = globals.output === "json";
  const colors = io.color && !json ? await (await import("./output/format.ts")).loadColors(true) : noColors;
  const errColors = io.errColor ? await (await import("./output/format.ts")).loadColors(true) : noColors;
  let client: KohubClient | undefined = options.client;
  let config: KohubConfig | undefined;
  let file: KohubConfig | undefined;
  let profile: string | undefined;
  let prompter: Prompter | undefined = options.prompter;
  const log = createLog(
    io.err,
    errColors,
    logLevel({ quiet: globals.quiet, verbose: globals.verbose, json }),
  );
  const ctx: Context = {
    io,
    globals,
    json,
    quiet: globals.quiet,
    verbose: globals.verbose,
    colors,
    errColors,
    async client() {
      if (client) return client;
      const { KohubClient } = await import("./api/client.ts");
      const { maskToken } = await import("./api/http.ts");
      const timeout = await timeoutMs(globals, env, () => ctx.config());
      const name = await ctx.profile();
      client = new KohubClient({
        endpoint: globals.endpoint,
        token: globals.token,
        env,
        // The chosen profile's settings, flat: to the client they are a config file's `default` profile.
        config: await ctx.config(),
        profile: "default",
        ...(timeout === undefined ? {} : { timeoutMs: timeout }),
        onRequest: globals.verbose ? (entry) => log.debug(requestLine(entry)) : undefined,
      });
      log.debug(
        `profile ${name}, endpoint ${client.endpoint} (from ${client.endpointSource}), token ${maskToken(client.token)} (from ${client.tokenSource})`,
      );
      return client;
    },
    env,
    async configFile() {
      const { configPath } = await import("./config/store.ts");
      return configPath(env);
    },
    async profile(opts = {}) {
      if (profile) return profile;
      const { checkProfileName, selectProfile } = await import("./config/store.ts");
      const wanted = globals.profile ?? (env.KOHUB_PROFILE || undefined);
      const whole = await ctx.wholeConfig();
      profile = opts.create && wanted ? checkProfileName(wanted) : selectProfile(whole, wanted);
      return profile;
    },
    async config() {
      if (config) return config;
      const { profileConfig } = await import("./config/store.ts");
      config = profileConfig(await ctx.wholeConfig(), await ctx.profile());
      return config;
    },
    async wholeConfig() {
      if (file) return file;
      const { loadConfig } = await import("./config/store.ts");
      file = loadConfig(await ctx.configFile());
      return file;
    },
    async saveConfig(values) {
      return (await ctx.updateConfig(() => values)).after;
    },
    async updateConfig(change) {
      const { updateConfig } = await import("./config/store.ts");
      const result = updateConfig(change, await ctx.configFile(), await ctx.profile());
      config = result.after;
      file = undefined; // read again when asked: the cached file is older than this write
      return result;
    },
    async checkConfigWritable() {
      const { checkConfigWritable } = await import("./config/store.ts");
      checkConfigWritable(await ctx.configFile());
    },
    async prompter() {
      if (prompter) return prompter;
      prompter = io.canPrompt ? await (await import("./prompts/prompter.ts")).clackPrompter() : noPrompter();
      return prompter;
    },
    log,
    interruptible: false,
    history: { undo: [] },
    undo(step) {
      ctx.history.undo.push(step);
    },
    interruptSignal() {
      ctx.interruptible = true;
      return options.signal ?? new AbortController().signal;
    },
  };
  return ctx;
}
