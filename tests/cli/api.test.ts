/**
 * `kohub-cli api`: the command line read into options, then requests against the local hub (fields as
 * query or JSON body, typed fields, --input from a file and stdin, errors with their body and exit code,
 * --paginate over a tree listing, --include, --silent), and a server on another origin that records which
 * Authorization header reached it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fieldsToBody, fieldsToQuery } from "../../src/commands/_api-request.ts";
import { toOptions } from "../../src/commands/api.ts";
import { EXIT, UsageError } from "../../src/errors.ts";
import { runCli, runCliAs, spawnCli, TTY } from "../helpers/cli.ts";
import { createUser, type TestUser, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();
let alice: TestUser;
const dir = mkdtempSync(join(tmpdir(), "kohub-api-"));

/** `kohub-cli api ...` as alice, in this process. */
function api(argv: string[], options: Parameters<typeof runCliAs>[3] = {}) {
  return runCliAs(ctx.hub, alice, ["api", ...argv], options);
}

beforeAll(async () => {
  alice = await createUser(ctx.hub, "alice");
});

describe("toOptions", () => {
  /** The args citty would give for a command line (the flags this table uses). */
  function argsOf(rawArgs: string[]) {
    const after = (flag: string) => (rawArgs.includes(flag) ? rawArgs[rawArgs.indexOf(flag) + 1] : undefined);
    return {
      path: rawArgs[0] as string,
      method: after("-X"),
      input: after("--input"),
      paginate: rawArgs.includes("--paginate"),
    };
  }

  test.each([
    ["GET by default", ["/api/whoami-v2"], "GET", "/api/whoami-v2"],
    ["a leading / is optional", ["api/whoami-v2"], "GET", "/api/whoami-v2"],
    ["fields make a POST", ["/api/repos/create", "-f", "name=x"], "POST", "/api/repos/create"],
    ["--input makes a POST", ["/api/repos/create", "--input", "a.json"], "POST", "/api/repos/create"],
    ["-X wins, in any case", ["/api/models", "-X", "get", "-f", "author=a"], "GET", "/api/models"],
    ["--paginate stays a GET", ["/api/x", "--paginate", "-f", "limit=3"], "GET", "/api/x"],
    ["a full URL is kept", ["http://h:1/api/x"], "GET", "http://h:1/api/x"],
  ])("%s", (_name, rawArgs, method, path) => {
    expect(toOptions(argsOf(rawArgs), rawArgs)).toMatchObject({ method, path });
  });

  test("-f and -F in command-line order, every spelling; headers", () => {
    const rawArgs = [
      "/x",
      "-f",
      "a=1",
      "-Fb=true",
      "--raw-field=c=x=y",
      "--field",
      "d=@f",
      "-H",
      "Accept: */*",
    ];
    const opts = toOptions({ path: "/x" }, rawArgs);
    expect(opts.fields).toEqual([
      { key: "a", raw: "1", typed: false },
      { key: "b", raw: "true", typed: true },
      { key: "c", raw: "x=y", typed: false },
      { key: "d", raw: "@f", typed: true },
    ]);
    expect(opts.headers).toEqual({ Accept: "*/*" });
  });

  test.each([
    ["-F without =", ["-F", "private"], /Invalid field "private" for -F: expected key=value/],
    ["an empty key", ["-f", "=x"], /Invalid field "=x" for -f/],
    ["[] inside a key", ["-f", "a[][b]=x"], /"\[\]" may only end a key/],
    ["a header without a colon", ["-H", "Accept"], /Invalid header "Accept" for -H/],
    [
      "--paginate with -X POST",
      ["--paginate", "-X", "POST"],
      /--paginate follows the pages of a GET request/,
    ],
    ["--input with a GET", ["-X", "GET", "--input", "a"], /--input sends a body/],
    ["stdin twice", ["-F", "a=@-", "--input", "-"], /Standard input can be read only once/],
    ["a method that is not a word", ["-X", "PO ST"], /Invalid method/],
  ])("usage error: %s", (_name, flags, message) => {
    const rawArgs = ["/x", ...flags];
    expect(() => toOptions(argsOf(rawArgs), rawArgs)).toThrow(message);
    expect(() => toOptions(argsOf(rawArgs), rawArgs)).toThrow(UsageError);
  });

  test("fields as a JSON body (nested keys, arrays) and as a query (keys as written)", () => {
    const fields = [
      { key: "name", value: "x" },
      { key: "lfs[threshold]", value: 10 },
      { key: "tags[]", value: "a" },
      { key: "tags[]", value: null },
      { key: "constructor", value: true },
    ];
    expect(JSON.stringify(fieldsToBody(fields))).toBe(
      JSON.stringify({ name: "x", lfs: { threshold: 10 }, tags: ["a", null], constructor: true }),
    );
    expect(fieldsToQuery(fields)).toEqual({
      name: ["x"],
      "lfs[threshold]": ["10"],
      "tags[]": ["a", ""],
      constructor: ["true"],
    });
    expect(() => fieldsToBody([fields[0], fields[0]] as typeof fields)).toThrow("Field name is given twice");
  });
});

describe("requests to the hub", () => {
  test("GET whoami with the token: raw when piped, pretty on a terminal", async () => {
    const [piped, tty] = await Promise.all([api(["/api/whoami-v2"]), api(["api/whoami-v2"], { tty: TTY })]);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe("");
    expect(JSON.parse(piped.stdout)).toMatchObject({ type: "user", name: alice.username });
    expect(piped.stdout).not.toContain("\n");
    expect(tty.code).toBe(0);
    expect(tty.stdout).toBe(`${JSON.stringify(JSON.parse(piped.stdout), null, 2)}\n`);
  });

  test("POST with -f fields creates a repo, then a GET reads it", async () => {
    const created = await api(["/api/repos/create", "-f", "type=model", "-f", "name=by-fields"]);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ repo_id: `${alice.username}/by-fields` });
    const info = await api([`/api/models/${alice.username}/by-fields`]);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ id: `${alice.username}/by-fields`, private: false });
  });

  test("-F typed fields: private=true is a JSON boolean; @file reads the file as text", async () => {
    const nameFile = join(dir, "name.txt");
    writeFileSync(nameFile, "typed-private");
    const created = await api([
      "-X",
      "POST",
      "/api/repos/create",
      "-F",
      `name=@${nameFile}`,
      "-F",
      "private=true",
    ]);
    expect(created.code).toBe(0);
    const info = await alice.client.repoInfo({ repoId: `${alice.username}/typed-private` });
    expect(info.private).toBe(true);
    const anonymous = await runCli(["api", `/api/models/${alice.username}/typed-private`], {
      env: { HF_ENDPOINT: ctx.hub.url },
    });
    expect(anonymous.code).toBe(EXIT.NOT_FOUND);
    // The same flag with -f is the string "true", which the server's validation refuses.
    const untyped = await api(["/api/repos/create", "-f", "name=untyped", "-f", "private=true"]);
    expect(untyped.code).toBe(EXIT.ERROR);
    expect(JSON.parse(untyped.stdout)).toMatchObject({ detail: [{ loc: ["body", "private"] }] });
  });

  test("GET fields become query parameters", async () => {
    await alice.client.createRepo({ repoId: `${alice.username}/listed` });
    const result = await api(["-X", "GET", "/api/models", "-f", `author=${alice.username}`, "-F", "limit=1"]);
    expect(result.code).toBe(0);
    const items = JSON.parse(result.stdout) as Array<{ author: string }>;
    expect(items).toHaveLength(1);
    expect(items[0]?.author).toBe(alice.username);
  });

  test("--input sends a file's bytes as the body", async () => {
    const body = join(dir, "create.json");
    writeFileSync(body, JSON.stringify({ type: "dataset", name: "from-file" }));
    const result = await api(["/api/repos/create", "--input", body]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ repo_id: `${alice.username}/from-file` });
  });

  test("--input - reads the body from stdin (the real entry point)", async () => {
    const result = await spawnCli(["api", "/api/repos/create", "--input", "-"], {
      env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: alice.token },
      stdin: JSON.stringify({ type: "space", name: "from-stdin" }),
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ repo_id: `${alice.username}/from-stdin` });
    const info = await alice.client.repoInfo({ repoId: `${alice.username}/from-stdin`, type: "space" });
    expect(info.id).toBe(`${alice.username}/from-stdin`);
  });

  test("--silent prints nothing; the request is still made", async () => {
    const result = await api(["--silent", "/api/repos/create", "-f", "name=silent"]);
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await alice.client.repoInfo({ repoId: `${alice.username}/silent` })).id).toBeDefined();
  });

  test("--include prints the status line and the headers before the body", async () => {
    const result = await api(["--include", "/api/whoami-v2"]);
    expect(result.code).toBe(0);
    const [head, body] = result.stdout.split("\n\n") as [string, string];
    const lines = head.split("\n");
    expect(lines[0]).toBe("HTTP/1.1 200 OK");
    expect(lines).toContain("content-type: application/json");
    expect(JSON.parse(body)).toMatchObject({ name: alice.username });
  });
});

describe("errors", () => {
  test("a 404 prints the server's body on stdout, the message on stderr, and exits 3", async () => {
    const result = await api(["/api/users/nobody-here/profile"]);
    expect(result.code).toBe(EXIT.NOT_FOUND);
    expect(JSON.parse(result.stdout)).toEqual({ detail: "User not found" });
    expect(result.stderr).toBe("Error: User not found: /api/users/nobody-here/profile\n");
  });

  test("in JSON mode the error object is the one document on stdout", async () => {
    const result = await api(["--output", "json", `/api/models/${alice.username}/missing`]);
    expect(result.code).toBe(EXIT.NOT_FOUND);
    expect(JSON.parse(result.stdout)).toEqual({
      error: "Repository not found",
      code: "RepoNotFound",
      details: `/api/models/${alice.username}/missing`,
    });
    expect(result.stderr).toBe("");
  });

  test("a conflict exits 6 with the server's body; a refused token exits 4", async () => {
    const again = await api(["/api/repos/create", "-f", "name=by-fields"]);
    expect(again.code).toBe(EXIT.CONFLICT);
    expect(JSON.parse(again.stdout)).toMatchObject({ repo_id: `${alice.username}/by-fields` });
    const refused = await runCli(["api", "/api/whoami-v2"], {
      env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: "not-a-token" },
    });
    expect(refused.code).toBe(EXIT.AUTH);
  });

  test.each([
    ["a missing path", [], /Missing argument <path>/],
    ["a bad -F", ["/api/repos/create", "-F", "private"], /Invalid field "private" for -F/],
    ["-F @file that does not exist", ["/api/repos/create", "-F", "name=@/no/such/file"], /Cannot read/],
    ["--input that does not exist", ["/api/repos/create", "--input", "/no/such/file"], /Cannot read/],
  ])("usage error, no request: %s", async (_name, argv, message) => {
    const before = ctx.hub.requests.length;
    const result = await api(argv as string[]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
    expect(ctx.hub.requests.length).toBe(before);
  });
});

describe("--paginate", () => {
  const files = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`file-${i}.txt`, `content ${i}\n`]));
  let tree: string;

  beforeAll(async () => {
    await alice.client.createRepo({ repoId: `${alice.username}/paged` });
    await seedFiles(ctx.hub, `${alice.username}/paged`, files);
    tree = `/api/models/${alice.username}/paged/tree/main`;
  });

  function treeRequests(): number {
    return ctx.hub.requests.filter((r) => r.path.endsWith("/paged/tree/main")).length;
  }

  test("follows Link rel=next and merges the pages' arrays into one", async () => {
    const before = treeRequests();
    const result = await api(["--paginate", tree, "-f", "limit=3"]);
    expect(result.code).toBe(0);
    const paths = (JSON.parse(result.stdout) as Array<{ path: string }>).map((e) => e.path);
    expect(paths.sort()).toEqual(Object.keys(files).sort());
    expect(treeRequests() - before).toBe(3);
  });

  test("without --paginate, one page", async () => {
    const result = await api([`${tree}?limit=3`]);
    expect(JSON.parse(result.stdout)).toHaveLength(3);
  });

  test("a Link on another origin (the server's base_url) is read against the endpoint", async () => {
    const real = ctx.hub.runtime.baseUrl;
    ctx.hub.runtime.baseUrl = "http://kohub.invalid:9";
    try {
      const result = await api(["--paginate", `${tree}?limit=3`], { tty: TTY });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toHaveLength(7);
      expect(result.stdout).toContain('\n  {\n    "type": "file"');
    } finally {
      ctx.hub.runtime.baseUrl = real;
    }
  });

  test("with --include, each page with its head, unmerged", async () => {
    const result = await api(["--paginate", "--include", `${tree}?limit=5`]);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^HTTP\/1\.1 200 OK$/gm)).toHaveLength(2);
    expect(result.stdout).toMatch(/^link: <.*cursor=.*>; rel="next"$/m);
  });
});

describe("the token stays with the endpoint", () => {
  const seen: Array<{ path: string; authorization: string | null }> = [];
  /** What the other server received, body in hex. */
  const bodies: Array<Record<string, string | null>> = [];
  const other = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      seen.push({ path: url.pathname, authorization: req.headers.get("authorization") });
      const bytes = new Uint8Array(await req.arrayBuffer());
      const text = req.headers.get("content-type")?.includes("json")
        ? new TextDecoder().decode(bytes)
        : [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
      bodies.push({
        method: req.method,
        url: `${url.pathname}${url.search}`,
        type: req.headers.get("content-type"),
        test: req.headers.get("x-test"),
        body: text,
      });
      return Response.json({ ok: true });
    },
  });
  /** An endpoint that sends every request on to the other server. */
  const redirecting = Bun.serve({
    port: 0,
    hostname: "localhost",
    fetch(req) {
      seen.push({ path: new URL(req.url).pathname, authorization: req.headers.get("authorization") });
      return Response.redirect(`http://127.0.0.1:${other.port}/redirected`, 302);
    },
  });
  afterAll(() => {
    other.stop(true);
    redirecting.stop(true);
  });

  test("a full URL on another origin is sent without the token, with a notice", async () => {
    seen.length = 0;
    const result = await api([`http://127.0.0.1:${other.port}/elsewhere`]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true });
    expect(seen).toEqual([{ path: "/elsewhere", authorization: null }]);
    expect(result.stderr).toContain(`Not sending your token to http://127.0.0.1:${other.port}`);
  });

  test("a full URL on the endpoint's origin gets it", async () => {
    const result = await api([`${ctx.hub.url}/api/whoami-v2`]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: alice.username });
    expect(result.stderr).toBe("");
  });

  test("the request as sent: headers, a typed JSON body, --input bytes with fields in the query", async () => {
    bodies.length = 0;
    const endpoint = `http://127.0.0.1:${other.port}`;
    const env = { HF_ENDPOINT: endpoint, HF_TOKEN: "secret" };
    const json = await runCli(
      [
        "api",
        "-X",
        "PUT",
        "x",
        "-H",
        "X-Test: 1",
        "-F",
        "n=1.5",
        "-F",
        "b=false",
        "-F",
        "z=null",
        "-f",
        "s=1",
      ],
      { env },
    );
    const input = join(dir, "body.bin");
    writeFileSync(input, new Uint8Array([0, 1, 2, 255]));
    const raw = await runCli(["api", "/upload", "--input", input, "-f", "q=1"], { env });
    expect([json.code, raw.code]).toEqual([0, 0]);
    expect(bodies).toEqual([
      {
        method: "PUT",
        url: "/x",
        type: "application/json",
        test: "1",
        body: JSON.stringify({ n: 1.5, b: false, z: null, s: "1" }),
      },
      { method: "POST", url: "/upload?q=1", type: null, test: null, body: "00 01 02 ff" },
    ]);
  });

  test("a redirect to another origin does not carry it", async () => {
    seen.length = 0;
    const endpoint = `http://localhost:${redirecting.port}`;
    const result = await runCli(["api", "/api/anything"], {
      env: { HF_ENDPOINT: endpoint, HF_TOKEN: "secret" },
    });
    expect(result.code).toBe(0);
    expect(seen).toEqual([
      { path: "/api/anything", authorization: "Bearer secret" },
      { path: "/redirected", authorization: null },
    ]);
  });
});
