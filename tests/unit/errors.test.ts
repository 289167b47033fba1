/**
 * Unit tests of the error layer: every error shape of the contract maps onto the hierarchy with the
 * server's own message.
 */
import { describe, expect, test } from "bun:test";
import {
  AuthenticationError,
  ConflictError,
  errorFromResponse,
  formatValidationIssues,
  KohubError,
  NotFoundError,
  PermissionDeniedError,
  parseRetryAfter,
  RateLimitError,
  ServerError,
  ValidationError,
} from "../../src/api/errors.ts";

const URL_ = "http://hub.test/api/models/alice/demo";

function res(status: number, body: string, headers: Record<string, string> = {}) {
  return { status, body, headers: new Headers(headers), url: URL_, method: "GET" };
}

describe("errorFromResponse", () => {
  test("E3: empty body with X-Error-Code / X-Error-Message", () => {
    const err = errorFromResponse(
      res(404, "", {
        "x-error-code": "RepoNotFound",
        "x-error-message": "Repository 'alice/demo' (model) not found",
        "x-request-id": "abc123",
      }),
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toBe("RepoNotFound");
    expect(err.message).toBe("Repository 'alice/demo' (model) not found");
    expect(err.requestId).toBe("abc123");
    expect(err.status).toBe(404);
  });

  test("E1: {detail: string}", () => {
    const err = errorFromResponse(res(401, JSON.stringify({ detail: "Not authenticated" })));
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toBe("Not authenticated");
    expect(err.code).toBe("Unauthorized");
  });

  test("E2: {detail: {error, ...extra}} keeps the extra keys as details", () => {
    const err = errorFromResponse(
      res(400, JSON.stringify({ detail: { error: "Quota exceeded", repo_size_bytes: 42 } })),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe("Quota exceeded");
    expect(err.details).toEqual({ repo_size_bytes: 42 });
  });

  test("E2 with error and message joins both", () => {
    const err = errorFromResponse(
      res(
        413,
        JSON.stringify({
          detail: { error: "Storage quota exceeded", message: "Private storage quota exceeded" },
        }),
      ),
    );
    expect(err.message).toBe("Storage quota exceeded: Private storage quota exceeded");
    expect(err.code).toBe("PayloadTooLarge");
  });

  test("E4: headers win over the JSON body", () => {
    const err = errorFromResponse(
      res(404, JSON.stringify({ detail: { error: "File 'x' not found" } }), {
        "x-error-code": "EntryNotFound",
        "x-error-message": "Entry 'x' not found in repository 'alice/demo' at revision 'main'",
      }),
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toBe("EntryNotFound");
    expect(err.message).toContain("Entry 'x' not found");
  });

  test("E5: the 409 repo-exists body", () => {
    const body = {
      url: "http://hub/models/alice/demo",
      repo_id: "alice/demo",
      error: "Repository already exists",
    };
    const err = errorFromResponse(
      res(409, JSON.stringify(body), {
        "x-error-code": "RepoExists",
        "x-error-message": "Repository already exists",
      }),
    );
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe("RepoExists");
    expect(err.message).toBe("Repository already exists");
  });

  test("E5 without headers still reads the top-level error", () => {
    const err = errorFromResponse(res(409, JSON.stringify({ url: "u", repo_id: "a/b", error: "exists" })));
    expect(err.message).toBe("exists");
    expect(err.details).toEqual({ url: "u", repo_id: "a/b" });
  });

  test("E7: a FastAPI 422 list becomes one readable line", () => {
    const issues = [
      { type: "missing", loc: ["body", "password"], msg: "Field required", input: {} },
      {
        type: "value_error",
        loc: ["body", "email"],
        msg: "value is not a valid email address: bad",
        input: "x",
      },
    ];
    const err = errorFromResponse(res(422, JSON.stringify({ detail: issues })));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe(
      "body.password: Field required; body.email: value is not a valid email address: bad",
    );
    expect(err.details).toEqual(issues);
    expect(err.code).toBe("ValidationError");
  });

  test("E8: a plain-text 500", () => {
    const err = errorFromResponse(res(500, "Internal Server Error"));
    expect(err).toBeInstanceOf(ServerError);
    expect(err.message).toBe("Internal Server Error");
    expect(err.code).toBe("ServerError");
  });

  test("E9: raw {error} JSON", () => {
    const err = errorFromResponse(res(404, JSON.stringify({ error: "Repository not found" })));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe("Repository not found");
  });

  test("E6: the fallback aggregate keeps detail and sources", () => {
    const body = {
      error: "UpstreamFailure",
      detail: "all sources failed",
      sources: [{ name: "hf", status: 502 }],
    };
    const err = errorFromResponse(
      res(502, JSON.stringify(body), { "x-error-message": "All upstream sources failed" }),
    );
    expect(err).toBeInstanceOf(ServerError);
    expect(err.message).toBe("All upstream sources failed");
  });

  test("E10: X-Error-Message without a code", () => {
    const err = errorFromResponse(
      res(403, "", { "x-error-message": "Access to this resource is disabled." }),
    );
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err.code).toBe("Forbidden");
    expect(err.message).toBe("Access to this resource is disabled.");
  });

  test("an HTML page from a proxy is named as such, not dumped", () => {
    const err = errorFromResponse(res(502, "<!DOCTYPE html><html><body>Bad gateway</body></html>"));
    expect(err).toBeInstanceOf(ServerError);
    expect(err.message).toContain("HTML page");
    expect(err.message).not.toContain("<html>");
  });

  test("an empty body gives the status and path, never [object Object]", () => {
    const err = errorFromResponse(res(418, ""));
    expect(err).toBeInstanceOf(KohubError);
    expect(err.message).toBe("HTTP 418 from GET /api/models/alice/demo");
    expect(err.code).toBe("HTTP418");
  });

  test("400 'already exists' answers are conflicts", () => {
    for (const msg of [
      "Username already exists",
      "Organization name already exists",
      "User is already a member of the organization",
      "Email already in use",
    ]) {
      const err = errorFromResponse(res(400, JSON.stringify({ detail: msg })));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.status).toBe(400);
    }
    const liked = errorFromResponse(
      res(400, JSON.stringify({ detail: { error: "Repository already liked" } })),
    );
    expect(liked).toBeInstanceOf(ConflictError);
  });

  test("other 400s are validation errors", () => {
    const err = errorFromResponse(res(400, JSON.stringify({ detail: "Invalid URL format" })));
    expect(err).toBeInstanceOf(ValidationError);
  });

  test("429 carries Retry-After", () => {
    const err = errorFromResponse(res(429, "", { "retry-after": "7" }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfter).toBe(7);
  });

  test("a long text body is cut to one line", () => {
    const err = errorFromResponse(res(500, `line one\nline two ${"x".repeat(500)}`));
    expect(err.message.includes("\n")).toBe(false);
    expect(err.message.length).toBeLessThanOrEqual(300);
  });

  test("toJSON gives the documented error object", () => {
    const err = errorFromResponse(
      res(404, "", { "x-error-code": "RepoNotFound", "x-error-message": "gone" }),
    );
    expect(err.toJSON()).toEqual({ error: "gone", code: "RepoNotFound", status: 404 });
  });
});

describe("helpers", () => {
  test("parseRetryAfter reads seconds and HTTP dates", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("3")).toBe(3);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now)).toBe(10);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });

  test("formatValidationIssues tolerates odd entries", () => {
    expect(formatValidationIssues(["plain", { msg: "no loc" }, 3])).toBe("plain; no loc; 3");
  });
});
