/**
 * `--json FIELDS`, `--jq EXPR` and `--template TPL` on every command's JSON output: the command line read
 * (the `--json WORD` rule that keeps old command lines working), then in-process runs against the local
 * hub (a list, a record, `api`, errors left unfiltered), the template language alone, and `--jq` in the
 * compiled binary run from another folder (its jq.wasm is embedded).
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { splitGlobals } from "../../src/argv.ts";
import { EXIT } from "../../src/errors.ts";
import { splitDocuments } from "../../src/output/filter.ts";
import { renderTemplate } from "../../src/output/template.ts";
import { compiledBinary } from "../helpers/binary.ts";
import { runCliAs, spawnText, TTY, tempConfigDir } from "../helpers/cli.ts";
import { createUser, type TestUser, uniqueName, useHub } from "../helpers/hub.ts";

const ctx = useHub();
let alice: TestUser;
let org: string;

/** The CLI as alice, in this process (stdout not a terminal unless told). */
function as(argv: string[], options: Parameters<typeof runCliAs>[3] = {}) {
  return runCliAs(ctx.hub, alice, argv, options);
}

beforeAll(async () => {
  alice = await createUser(ctx.hub, "alice");
  await alice.client.createRepo({ repoId: "public-one" });
  await alice.client.createRepo({ repoId: "secret-one", private: true });
  org = uniqueName("org");
  await alice.client.createOrganization({ name: org, description: "Lab" });
});

describe("the command line", () => {
  test("--json=LIST always names fields; --json WORD is noted for cli.ts to decide", () => {
    expect(splitGlobals(["repo", "list", "--json=id,private"]).globals).toMatchObject({
      output: "json",
      json: "id,private",
    });
    const split = splitGlobals(["repo", "info", "a/b", "--json", "id,private"]);
    expect(split.globals.json).toBeUndefined();
    expect(split.jsonWord).toEqual({ value: "id,private", at: 3 });
    expect(split.rest).toEqual(["repo", "info", "a/b", "id,private"]);
    expect(splitGlobals(["repo", "info", "--json", "my-org/x"]).jsonWord).toBeUndefined();
  });

  test("--jq and --template ask for JSON; not both, and not with --output text", () => {
    expect(splitGlobals(["repo", "list", "--jq", ".[]"]).globals).toMatchObject({
      output: "json",
      jq: ".[]",
    });
    expect(splitGlobals(["--template", "{{.}}", "x"]).globals.output).toBe("json");
    expect(splitGlobals(["--jq", ".", "--template", "x"]).problem).toBe("Use --jq or --template, not both");
    expect(splitGlobals(["-o", "text", "--jq", "."]).problem).toMatch(/drop --output text/);
  });

  test("splitDocuments reads one document, several in a row, or says it is not JSON", () => {
    expect(splitDocuments('{"a":"}{"}\n')).toEqual([{ a: "}{" }]);
    expect(splitDocuments('[1,\n2]\n{"b":true} "s\\"" 3 null')).toEqual([[1, 2], { b: true }, 's"', 3, null]);
    expect(splitDocuments("HTTP/1.1 200 OK\n\n{}")).toBeUndefined();
  });
});

describe("--json FIELDS", () => {
  test("selects fields of each element of a list, in the order asked", async () => {
    const result = await as(["repo", "list", "--author", alice.username, "--json", "private,id"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      `${JSON.stringify([
        { private: true, id: `${alice.username}/secret-one` },
        { private: false, id: `${alice.username}/public-one` },
      ])}\n`,
    );
  });

  test("selects fields of a record, with = or after the positional argument; pretty on a terminal", async () => {
    const repo = `${alice.username}/public-one`;
    const eq = await as(["repo", "info", repo, "--json=id,private"]);
    expect(eq.stdout).toBe(`${JSON.stringify({ id: repo, private: false })}\n`);
    const after = await as(["repo", "info", repo, "--json", "id"], { tty: TTY });
    expect(after.stdout).toBe(`{\n  "id": "${repo}"\n}\n`);
  });

  test("a word after --json that the command takes as its argument stays its argument", async () => {
    const repo = await as(["repo", "info", "--json", `${alice.username}/public-one`]);
    expect(repo.code).toBe(0);
    expect(JSON.parse(repo.stdout)).toMatchObject({ id: `${alice.username}/public-one`, private: false });
    // An org name looks like a field name: it is still the org.
    const orgInfo = await as(["org", "info", "--json", org]);
    expect(orgInfo.code).toBe(0);
    expect(JSON.parse(orgInfo.stdout)).toMatchObject({ name: org });
  });

  test("an unknown field is a usage error listing the known ones; --json=help lists them", async () => {
    const bad = await as(["repo", "info", `${alice.username}/public-one`, "--json=id,nope"]);
    expect(bad.code).toBe(EXIT.USAGE);
    const error = JSON.parse(bad.stdout);
    expect(error).toMatchObject({ code: "UsageError" });
    expect(error.error).toMatch(/^Unknown JSON field "nope"\. Available fields: id, author, .*private/);
    // The command has run by then: its output is not lost.
    expect(error.error).toEndWith(" (the command ran: its output is in details.output)");
    expect(error.details.output).toMatchObject({ id: `${alice.username}/public-one` });
    const help = await as(["repo", "list", "--author", alice.username, "--json=help"]);
    expect(help.code).toBe(0);
    expect(help.stdout.split("\n")).toEqual(expect.arrayContaining(["id", "private", "author"]));
    const nobody = await createUser(ctx.hub, "nobody");
    const empty = await as(["repo", "list", "--author", nobody.username, "--json=help"]);
    expect(empty.code).toBe(EXIT.ERROR);
    expect(JSON.parse(empty.stdout).error).toMatch(/no fields to list \(an empty list\?\)/);
    const syntax = await as(["repo", "list", "--json=id,"]);
    expect(syntax.code).toBe(EXIT.USAGE);
    expect(JSON.parse(syntax.stdout).error).toMatch(/Invalid value "id," for --json/);
  });
});

describe("--jq", () => {
  test("filters a list: strings raw, one per line", async () => {
    const result = await as([
      "repo",
      "list",
      "--author",
      alice.username,
      "--jq",
      ".[] | select(.private) | .id",
    ]);
    expect(result).toMatchObject({ code: 0, stdout: `${alice.username}/secret-one\n` });
  });

  test("other values as JSON: compact when piped, indented on a terminal; after --json FIELDS", async () => {
    const argv = ["repo", "list", "--author", alice.username, "--json=id,private", "--jq", "map(.private)"];
    expect((await as(argv)).stdout).toBe("[true,false]\n");
    expect((await as(argv, { tty: TTY })).stdout).toBe("[\n  true,\n  false\n]\n");
  });

  test("a string is printed whole, spaces and empty lines included", async () => {
    const result = await as(["api", "/api/whoami-v2", "--jq", '"  padded  ", "", "a\\tb", {x: " y "}']);
    expect(result.stdout).toBe('  padded  \n\na\tb\n{"x":" y "}\n');
  });

  test("filters the answer of api", async () => {
    const result = await as(["api", "/api/whoami-v2", "--jq", '.name + " is " + .type']);
    expect(result).toMatchObject({ code: 0, stdout: `${alice.username} is user\n` });
  });

  test("an invalid expression is a usage error with jq's message, before the command runs", async () => {
    const name = uniqueName("never");
    const result = await as(["repo", "create", name, "--jq", ".[] | bad ("]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(JSON.parse(result.stdout)).toEqual({
      error: "--jq: syntax error, unexpected end of file at <top-level>, line 1, column 11",
      code: "UsageError",
    });
    const undefinedName = await as(["repo", "create", name, "--jq", "$nope | nosuchfn"]);
    expect(JSON.parse(undefinedName.stdout).error).toBe(
      "--jq: $nope is not defined at <top-level>, line 1, column 1",
    );
    expect((await as(["repo", "info", `${alice.username}/${name}`])).code).toBe(EXIT.NOT_FOUND);
    const runtime = await as(["api", "/api/whoami-v2", "--jq", ".name.first"]);
    expect(runtime.code).toBe(EXIT.USAGE);
    expect(JSON.parse(runtime.stdout)).toMatchObject({
      error:
        '--jq: Cannot index string with string ("first") (the command ran: its output is in details.output)',
      details: { output: { name: alice.username } },
    });
  });

  test("an error of the command is its JSON error object, not filtered", async () => {
    const result = await as(["repo", "info", "nobody/nothing", "--jq", ".id"]);
    expect(result.code).toBe(EXIT.NOT_FOUND);
    expect(JSON.parse(result.stdout)).toMatchObject({ code: "RepoNotFound" });
  });
});

describe("--template", () => {
  test("range and if over a list", async () => {
    const template = '{{range .}}{{.id}}{{if .private}} (private){{end}}{{"\\n"}}{{end}}';
    const result = await as(["repo", "list", "--author", alice.username, "--template", template]);
    expect(result).toMatchObject({
      code: 0,
      stdout: `${alice.username}/secret-one (private)\n${alice.username}/public-one\n`,
    });
  });

  test("a template error is a usage error before the command runs", async () => {
    const result = await as(["repo", "list", "--template", "{{range .}}{{.id}}"]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(JSON.parse(result.stdout).error).toBe("--template: {{range}} is not closed with {{end}}");
  });

  test.each([
    ["fields, nested, missing", "{{.a}}-{{.o.b}}-{{.none}}-{{.o}}", '1-x--{"b":"x"}'],
    ["else if / else", "{{if eq .a 2}}two{{else if .t}}t{{else}}no{{end}}", "t"],
    ["range else", "{{range .e}}x{{else}}empty{{end}}", "empty"],
    [
      "functions and pipes",
      '{{join ", " .t}} {{.t | json}} {{len .t}} {{not .e}} {{.s | upper}}',
      'p, q ["p","q"] 2 true AB',
    ],
    ["trim markers", "{{- .a -}}  \n  {{- .s }}", "1ab"],
    ["tablerow aligns at the end", "{{range .rows}}{{tablerow .n .v}}{{end}}", "a    1\nbbb  22\n"],
    ["timeago", "{{timeago .d}}", "just now"],
  ])("%s", (_name, template, expected) => {
    const data = {
      a: 1,
      o: { b: "x" },
      t: ["p", "q"],
      e: [],
      s: "ab",
      rows: [
        { n: "a", v: 1 },
        { n: "bbb", v: 22 },
      ],
      d: new Date().toISOString(),
    };
    expect(renderTemplate(template, data)).toBe(expected);
  });

  test("an unknown function names the known ones", () => {
    expect(() => renderTemplate("{{index .a 1}}", {})).toThrow(
      /unknown function "index" \(known: json, join/,
    );
  });
});

describe("without these flags", () => {
  test("JSON and text output are as before", async () => {
    const json = await as(["repo", "info", `${alice.username}/public-one`, "--json"]);
    expect(json.stdout).toBe(`${JSON.stringify(JSON.parse(json.stdout))}\n`);
    expect(Object.keys(JSON.parse(json.stdout))).toContain("siblings");
    const text = await as(["repo", "list", "--author", alice.username]);
    expect(text.stdout).toMatch(new RegExp(`^${alice.username}/secret-one\tprivate\t`));
  });
});

describe("compiled binary", () => {
  test("--jq works from another folder (jq.wasm is embedded)", async () => {
    const binary = await compiledBinary();
    const result = await spawnText([binary, "api", "/api/whoami-v2", "--jq", ".name"], {
      cwd: mkdtempSync(join(tmpdir(), "kohub-jq-cwd-")),
      env: {
        HF_ENDPOINT: ctx.hub.url,
        HF_TOKEN: alice.token,
        KOHUB_CONFIG_DIR: tempConfigDir(),
        NO_COLOR: "1",
      },
    });
    expect(result).toEqual({ code: 0, stdout: `${alice.username}\n`, stderr: "" });
  }, 180_000);
});
