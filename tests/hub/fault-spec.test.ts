/**
 * The `--fault SPEC` syntax: what each SPEC means as a Fault, and the one-line reasons for the ones that
 * mean nothing.
 */
import { describe, expect, test } from "bun:test";
import { faultSpecHelp, parseFaultSpec } from "../../hub/fault-spec.ts";
import { FAULT_TARGETS, type Fault } from "../../hub/faults.ts";

describe("parseFaultSpec", () => {
  const cases: Array<[string, Fault]> = [
    ["resolve=503", { match: "resolve", respond: { status: 503 } }],
    ["resolve=503*2", { match: "resolve", respond: { status: 503 }, times: 2 }],
    [
      "HEAD resolve=404:RepoNotFound",
      { match: "HEAD resolve", respond: { status: 404, code: "RepoNotFound" } },
    ],
    [
      "commit=500:ServerError:disk full: try later, please*1",
      {
        match: "commit",
        respond: { status: 500, code: "ServerError", message: "disk full: try later, please" },
        times: 1,
      },
    ],
    [
      "/api/auth/me=401::who are you",
      { match: "/api/auth/me", respond: { status: 401, message: "who are you" } },
    ],
    ["storage-get=stall-body", { match: "storage-get", respond: "stall-body" }],
    ["GET /api/**=stall", { match: "GET /api/**", respond: "stall" }],
    ["lfs-put=drop*3", { match: "lfs-put", respond: "drop", times: 3 }],
    ["storage=drop-body", { match: "storage", respond: "drop-body" }],
    ["api=delay:1500", { match: "api", respond: { delayMs: 1500 } }],
    ["api=delay:250ms", { match: "api", respond: { delayMs: 250 } }],
    ["api=delay:2s*1", { match: "api", respond: { delayMs: 2000 }, times: 1 }],
    ["/health=html", { match: "/health", respond: "html" }],
  ];
  for (const [spec, fault] of cases) {
    test(spec, () => {
      expect(parseFaultSpec(spec)).toEqual(fault);
    });
  }

  const wrong: Array<[string, RegExp]> = [
    ["resolve", /expected MATCH=ANSWER/],
    ["=503", /expected MATCH=ANSWER/],
    ["downloads=503", /cannot read the match 'downloads'.*storage-get/],
    ["resolve=200", /cannot read the answer '200'/],
    ["resolve=hang", /cannot read the answer 'hang'/],
    ["resolve=503*0", /at least 1/],
    ["resolve=503:Not Found", /cannot read the error code/],
    ["api=delay:soon", /cannot read the answer/],
  ];
  for (const [spec, reason] of wrong) {
    test(`${spec} is refused in one line`, () => {
      let message = "";
      try {
        parseFaultSpec(spec);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(reason);
      expect(message).toStartWith(`--fault '${spec}'`);
      expect(message).not.toContain("\n");
    });
  }
});

test("the help names every target and answer", () => {
  const help = faultSpecHelp();
  for (const name of Object.keys(FAULT_TARGETS)) expect(help).toContain(`    ${name} `);
  for (const word of [
    "stall ",
    "stall-body",
    "drop ",
    "drop-body",
    "delay:DURATION",
    "STATUS[:CODE[:MESSAGE]]",
  ]) {
    expect(help).toContain(word);
  }
});
