/**
 * Test helpers around the local hub: one hub per test file, users created through the real API.
 */
import { afterAll, beforeAll } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hub, type HubOptions, startHub } from "../../hub/server.ts";
import { KohubClient } from "../../src/index.ts";

/**
 * Starts a hub before the file's tests and stops it after. Read `.hub` inside tests. It records the
 * requests it receives (`hub.requests`, `storageLog`) unless the options say otherwise.
 *
 * The hub's data goes in a folder of the run's temporary folder that stopping it leaves in place: the run
 * removes it at the end (tests/setup.ts). Deleting a file's thousands of blobs in its `afterAll` took
 * longer than Bun's hook timeout on a busy disk.
 */
export function useHub(options: HubOptions = {}): { readonly hub: Hub } {
  const holder = {} as { hub: Hub };
  beforeAll(async () => {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "kohub-hub-"));
    holder.hub = await startHub({ recordRequests: true, ...options, dataDir });
  });
  afterAll(async () => {
    await holder.hub?.stop();
  });
  return holder;
}

let counter = 0;
/** A unique, valid username for this test run. */
export function uniqueName(prefix = "user"): string {
  counter++;
  return `${prefix}${counter}x${Math.random().toString(36).slice(2, 7)}`;
}

/** A client with no config file and no env, pointed at the hub, fast retries. */
export function anonClient(
  hub: Hub,
  extra: Partial<ConstructorParameters<typeof KohubClient>[0]> = {},
): KohubClient {
  return new KohubClient({
    endpoint: hub.url,
    token: null,
    config: false,
    env: {},
    retry: { retries: 1, baseDelayMs: 5 },
    ...extra,
  });
}

export interface TestUser {
  username: string;
  password: string;
  email: string;
  token: string;
  tokenId: number;
  /** A client authenticated with the user's API token. */
  client: KohubClient;
}

/** Registers a user, logs in, creates an API token, and returns a token-authenticated client. */
export async function createUser(hub: Hub, prefix = "user"): Promise<TestUser> {
  const username = uniqueName(prefix);
  const password = `pw-${username}`;
  const email = `${username}@example.com`;
  const session = anonClient(hub);
  await session.register({ username, email, password });
  await session.login({ username, password });
  const created = (await session.http.json({
    method: "POST",
    path: "/api/auth/tokens/create",
    json: { name: "test" },
  })) as { token: string; token_id: number };
  return {
    username,
    password,
    email,
    token: created.token,
    tokenId: created.token_id,
    client: anonClient(hub, { token: created.token }),
  };
}
