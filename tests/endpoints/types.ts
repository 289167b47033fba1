/**
 * The endpoint table: which KohubClient method wraps each user-facing endpoint of
 * ../shared/kohakuhub-api. `path` is written exactly as in the contract's endpoint index (backticked text,
 * without the query part). docs/endpoints.md is generated from these lists, and
 * tests/endpoints/coverage.test.ts checks them against the contract, the client and the tests.
 */
export interface EndpointEntry {
  /** HTTP method, upper case. */
  method: string;
  /** Path as written in the contract's index, e.g. `/api/auth/tokens/{token_id}`. */
  path: string;
  /** The KohubClient method(s) that call it. */
  client: string | string[];
  /** Anything worth knowing (a quirk the method handles). */
  note?: string;
}
