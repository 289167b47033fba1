/**
 * What never reaches a log line or an error message: the signing parameters of presigned URLs and the
 * user name and password of a URL; and which failures get which hint.
 */
import { describe, expect, test } from "bun:test";
import { type KohubError, NetworkError, redactUrl, TimeoutError } from "../../src/api/errors.ts";
import { normalizeEndpoint } from "../../src/api/http.ts";
import { EXIT, explain } from "../../src/errors.ts";
import { noColors } from "../../src/output/format.ts";
import type { Sink } from "../../src/output/io.ts";
import { createLog } from "../../src/output/log.ts";

const S3_V4 =
  "https://bucket.s3.amazonaws.com/lfs/ab/cd/abcd?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
  "&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z" +
  "&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE" +
  "&X-Amz-Signature=0123456789abcdef";
const S3_V2 =
  "https://bucket.s3.amazonaws.com/key?AWSAccessKeyId=AKIAEXAMPLE&Expires=1767225600&Signature=c2lnbg%3D%3D";

describe("presigned URLs", () => {
  test("redactUrl masks S3's signing parameters and keeps the rest", () => {
    expect(redactUrl(S3_V4)).toBe(
      "https://bucket.s3.amazonaws.com/lfs/ab/cd/abcd?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
        "&X-Amz-Credential=***&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host" +
        "&X-Amz-Security-Token=***&X-Amz-Signature=***",
    );
    expect(redactUrl(S3_V2)).toBe(
      "https://bucket.s3.amazonaws.com/key?AWSAccessKeyId=***&Expires=1767225600&Signature=***",
    );
    expect(redactUrl("https://acct.blob.core.windows.net/c/b?sv=2024&se=2026&sig=abc%2B")).toBe(
      "https://acct.blob.core.windows.net/c/b?sv=2024&se=2026&sig=***",
    );
    expect(redactUrl("http://user:pw@hub.test/x?design=1")).toBe("http://hub.test/x?design=1");
  });

  test("every error message and URL of the library is masked, and so is every log line", () => {
    const err = new NetworkError(`The storage refused GET ${S3_V4}`, { url: S3_V4 });
    expect(err.message).not.toContain("0123456789abcdef");
    expect(err.url).not.toContain("AKIAEXAMPLE");
    expect(explain(new Error(`fetch failed: ${S3_V2}`)).error).not.toContain("c2lnbg");
    const lines: string[] = [];
    const sink: Sink = { write: (text) => void lines.push(text) };
    const log = createLog(sink, noColors, 4);
    log.debug(`GET ${S3_V4} → 200`);
    expect(lines.join("")).toContain("X-Amz-Signature=***");
    expect(lines.join("")).not.toContain("0123456789abcdef");
  });
});

describe("the endpoint", () => {
  test.each([
    ["http://bob:s3cret@hub.test", "a user name or password"],
    ["http://hub.test/?token=1", "a query (?) or fragment (#)"],
    ["http://hub.test/#x", "a query (?) or fragment (#)"],
    ["http://hub.test/?", "a query (?) or fragment (#)"],
  ])("%p is refused", (endpoint, why) => {
    let caught: unknown;
    try {
      normalizeEndpoint(endpoint);
    } catch (err) {
      caught = err;
    }
    expect((caught as KohubError).code).toBe("InvalidEndpoint");
    expect((caught as Error).message).toContain(why);
    expect((caught as Error).message).not.toContain("s3cret");
    expect(explain(caught).exitCode).toBe(EXIT.USAGE);
  });
});

describe("hints", () => {
  test("only a server that could not be reached may not be running", () => {
    const refused = explain(
      new NetworkError("Cannot reach http://h: connection refused", { code: "NetworkError" }),
    );
    expect(refused.hint).toContain("Is the server running?");
    const timeout = explain(
      new TimeoutError("Timed out after 30 s waiting for http://h to answer GET /x", { code: "Timeout" }),
    );
    expect(timeout).toMatchObject({ code: "Timeout", exitCode: EXIT.NETWORK });
    expect(timeout.hint).toContain("--timeout SECONDS");
    const broken = explain(
      new NetworkError("The connection to http://h broke", { code: "ConnectionBroken" }),
    );
    expect(broken.exitCode).toBe(EXIT.NETWORK);
    expect(broken.hint).toBeUndefined();
  });
});
