/**
 * Whose fault a failure is, and what it names. Exit 2 is for the user's input only (an unknown config key,
 * whether asked for or set); a bad or unsafe answer of the server is never blamed on the user (a listing
 * with a path that leaves the target folder: exit 1, code UnsafePath). The member commands' not-found
 * errors name only what is missing: the user or the organization.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../../src/errors.ts";
import { runCli, runCliAs } from "../helpers/cli.ts";
import { createUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();

describe("exit codes: the user's input or the server's answer", () => {
  test("an unknown config key is a usage error for get as for set; an unset known key is 1", async () => {
    const get = await runCli(["config", "get", "endpiont"]);
    expect(get.code).toBe(EXIT.USAGE);
    expect(get.stderr).toContain('Unknown config key "endpiont". Did you mean "endpoint"?');
    expect((await runCli(["config", "set", "endpiont", "http://x"])).code).toBe(EXIT.USAGE);
    const unset = await runCli(["config", "get", "endpoint"]);
    expect(unset.code).toBe(EXIT.ERROR);
    expect(unset.stderr).toContain("endpoint is not set in");
  });

  test("a listing with an unsafe path is the server's fault: exit 1, code UnsafePath, nothing written", async () => {
    const user = await createUser(ctx.hub);
    const repoId = `${user.username}/evil`;
    await user.client.createRepo({ repoId });
    ctx.hub.fault({
      method: "GET",
      path: new RegExp(`^/api/models/${user.username}/evil/tree/`),
      respond: () => Response.json([{ type: "file", path: "../escaped.txt", size: 1, oid: "0".repeat(40) }]),
    });
    const target = join(mkdtempSync(join(tmpdir(), "kohub-blame-")), "out");
    try {
      const result = await runCliAs(ctx.hub, user, ["--json", "download", repoId, "--local-dir", target]);
      expect(result.code).toBe(EXIT.ERROR);
      expect(JSON.parse(result.stdout)).toMatchObject({ code: "UnsafePath" });
      expect(JSON.parse(result.stdout).error).toContain('"../escaped.txt"');
      expect(existsSync(join(target, "..", "escaped.txt"))).toBe(false);
    } finally {
      ctx.hub.clearFaults();
    }
  });

  test("an unsafe path the user typed stays a usage error", async () => {
    const user = await createUser(ctx.hub);
    const result = await runCliAs(ctx.hub, user, ["download", `${user.username}/any`, "../x.txt"]);
    expect(result.code).toBe(EXIT.USAGE);
  });
});

describe("org member commands name what is missing", () => {
  test("a missing user, a missing organization", async () => {
    const owner = await createUser(ctx.hub, "owner");
    const org = uniqueName("org");
    await owner.client.createOrganization({ name: org });
    const nobody = uniqueName("nobody");
    const cases: Array<[string[], string]> = [
      [["org", "member", "add", org, nobody], `Error: User not found: ${nobody}\n`],
      [["org", "member", "update", org, nobody, "--role", "admin"], `Error: User not found: ${nobody}\n`],
      [["org", "member", "remove", org, nobody, "--yes"], `Error: User not found: ${nobody}\n`],
      [["org", "member", "add", "nosuchorg", owner.username], "Error: Organization not found: nosuchorg\n"],
      [
        ["org", "member", "remove", "nosuchorg", owner.username, "--yes"],
        "Error: Organization not found: nosuchorg\n",
      ],
    ];
    for (const [argv, message] of cases) {
      const result = await runCliAs(ctx.hub, owner, argv);
      expect(result.stderr).toBe(message);
      expect(result.code).toBe(EXIT.NOT_FOUND);
    }
  });
});
