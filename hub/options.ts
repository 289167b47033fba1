/** Options of the local hub. */
export interface HubOptions {
  /** Port to listen on (0 = a free port; default 0). */
  port?: number;
  /** Hostname to bind (default 127.0.0.1). */
  hostname?: string;
  /** Data directory (default: a fresh temporary directory, removed on stop). */
  dataDir?: string;
  /** Public base URL used in absolute URLs the hub hands out (default: built from publicHostname and the port). */
  baseUrl?: string;
  /**
   * Host name of the default base URL (default: the bound hostname). The command line binds 127.0.0.1 and
   * says `localhost`, the CLI's own default endpoint, so that one session shows one host.
   */
  publicHostname?: string;
  /** `site_name` of /api/site-config and /api/version (default "KohakuHub"). */
  siteName?: string;
  /** Login requires a verified email (default false). */
  requireEmailVerification?: boolean;
  /** Registration requires a `register_account` invitation (default false). */
  invitationOnly?: boolean;
  /** bcrypt cost of password hashes (default 4: fast tests; the real server uses bcrypt's default). */
  bcryptCost?: number;
  /** Admin secret accepted in `X-Admin-Token` (default: none, admin API disabled). */
  adminToken?: string;
  /** Log each request to stderr. */
  log?: boolean;
  /**
   * Keep every request in `hub.requests` and `storageLog` for tests to inspect (default false: a hub that
   * runs for long would grow the lists without end). Tests' `useHub` switches it on.
   */
  recordRequests?: boolean;
  /**
   * The storage refuses a signed GET that also carries an `Authorization` header (400 InvalidArgument),
   * as S3 does when it is served on the hub's own origin and a client forwards the hub's token through
   * the redirect (repos-files.md §9.4). Default false; tests may switch it on the runtime options.
   */
  storageRefusesTokens?: boolean;
}
