/**
 * Extensions, through real CLI processes with a config folder and a PATH of their own: an executable on
 * PATH run with its arguments untouched, the endpoint and token (flag, env, config file) and its exit code;
 * install from a folder, list, remove, upgrade, create (a shell and a TypeScript skeleton, then run them);
 * install and upgrade from a hub repository; built-in commands and aliases win over extensions; a
 * TypeScript extension uses the library against the local hub, also from the compiled binary.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { EXIT } from "../../src/errors.ts";
import { compiledBinary } from "../helpers/binary.ts";
import { type CliResult, spawnCli, spawnText, tempConfigDir } from "../helpers/cli.ts";
import { createUser, type TestUser, useHub } from "../helpers/hub.ts";
import { seedFiles } from "../helpers/seed.ts";

const ctx = useHub();
let alice: TestUser;
const ENTRY = join(import.meta.dir, "..", "..", "src", "main.ts");

/** A script that prints its arguments, one per line, then the endpoint and token it was given. */
const ECHO = `#!/bin/sh
for a in "$@"; do echo "arg:$a"; done
echo "endpoint:$HF_ENDPOINT"
echo "token:\${HF_TOKEN-unset}"
echo "to stderr" >&2
exit 3
`;

beforeAll(async () => {
  alice = await createUser(ctx.hub, "alice");
});

/** A fresh folder. */
function tempDir(prefix = "kohub-ext-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes an executable file. */
function writeExecutable(path: string, text: string): string {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

/** A folder `kohub-cli-NAME` holding an executable `kohub-cli-NAME`, ready for `extension install`. */
function extensionFolder(name: string, text = ECHO): string {
  const dir = join(tempDir(), `kohub-cli-${name}`);
  mkdirSync(dir);
  writeExecutable(join(dir, `kohub-cli-${name}`), text);
  return dir;
}

interface Setup {
  configDir: string;
  bin: string;
  run(argv: string[], env?: Record<string, string>): Promise<CliResult>;
}

/** A config folder and a bin folder first on PATH; `run` spawns the CLI with them. */
function setup(): Setup {
  const configDir = tempConfigDir();
  const bin = tempDir("kohub-bin-");
  const PATH = [bin, process.env.PATH ?? "/usr/bin:/bin"].join(delimiter);
  return { configDir, bin, run: (argv, env = {}) => spawnCli(argv, { configDir, env: { PATH, ...env } }) };
}

/** The CLI run in another working folder (`extension create` writes there). */
async function runIn(cwd: string, s: Setup, argv: string[]): Promise<CliResult> {
  return spawnText([process.execPath, ENTRY, ...argv], {
    cwd,
    env: {
      PATH: `${s.bin}${delimiter}${process.env.PATH}`,
      HOME: cwd,
      NO_COLOR: "1",
      KOHUB_CONFIG_DIR: s.configDir,
    },
  });
}

describe("running an extension", () => {
  test("from PATH: arguments untouched, endpoint and token from the flags, stdout/stderr/exit code passed", async () => {
    const s = setup();
    writeExecutable(join(s.bin, "kohub-cli-echo"), ECHO);
    const result = await s.run([
      "--endpoint",
      ctx.hub.url,
      "--token",
      "tok1",
      "echo",
      "a b",
      "--json",
      "--",
      "-x",
    ]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe(`arg:a b\narg:--json\narg:--\narg:-x\nendpoint:${ctx.hub.url}\ntoken:tok1\n`);
    expect(result.stderr).toBe("to stderr\n");
    expect((await s.run(["--help", "echo", "x"])).stdout).toStartWith("arg:--help\narg:x\nendpoint:");
  });

  test("the endpoint and token come from the env, else the config file; an empty token stays empty", async () => {
    const s = setup();
    writeExecutable(join(s.bin, "kohub-cli-echo"), ECHO);
    const fromEnv = await s.run(["echo"], { HF_ENDPOINT: "http://env.example:1", HF_TOKEN: "tok-env" });
    expect(fromEnv.stdout).toContain("endpoint:http://env.example:1\ntoken:tok-env\n");
    expect((await s.run(["config", "set", "endpoint", ctx.hub.url])).code).toBe(0);
    expect((await s.run(["config", "set", "token", alice.token])).code).toBe(0);
    const fromConfig = await s.run(["echo"]);
    expect(fromConfig.stdout).toContain(`endpoint:${ctx.hub.url}\ntoken:${alice.token}\n`);
    expect((await s.run(["--token", "", "echo"])).stdout).toContain("token:\n");
    await s.run(["config", "clear", "--yes"]);
    expect((await s.run(["echo"])).stdout).toContain("endpoint:http://localhost:8000\ntoken:unset\n");
  });

  test("built-in commands, then aliases, win over extensions of the same name", async () => {
    const s = setup();
    writeExecutable(join(s.bin, "kohub-cli-health"), "#!/bin/sh\necho extension\n");
    const placed = join(s.configDir, "extensions", "health");
    mkdirSync(placed, { recursive: true });
    writeExecutable(join(placed, "kohub-cli-health"), "#!/bin/sh\necho extension\n");
    const builtin = await s.run(["health", "--help"]);
    expect(builtin.stdout).toContain("Usage:\n  kohub-cli health");
    expect(builtin.stdout).not.toContain("extension");

    writeExecutable(join(s.bin, "kohub-cli-hi"), "#!/bin/sh\necho extension\n");
    expect((await s.run(["hi"])).stdout).toBe("extension\n");
    await s.run(["alias", "set", "--shell", "hi", "echo alias"]);
    expect((await s.run(["hi"])).stdout).toBe("alias\n");
  });

  test("installing a built-in's name is refused (exit 2)", async () => {
    const s = setup();
    const result = await s.run(["extension", "install", extensionFolder("repo")]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain('"repo" is a kohub-cli command');
  });
});

describe("extension install, list, remove, upgrade", () => {
  test("install from a folder (a copy), warn, run it, list it, refuse it twice, remove it", async () => {
    const s = setup();
    const source = extensionFolder("echo");
    const installed = await s.run(["extension", "install", source]);
    expect(installed.code).toBe(0);
    expect(installed.stderr).toContain("runs with your endpoint and token");
    const copy = join(s.configDir, "extensions", "echo", "kohub-cli-echo");
    expect(readFileSync(copy, "utf8")).toBe(ECHO);

    const ran = await s.run(["--endpoint", ctx.hub.url, "echo", "x"]);
    expect(ran.code).toBe(3);
    expect(ran.stdout).toStartWith(`arg:x\nendpoint:${ctx.hub.url}\n`);

    expect((await s.run(["extension", "list"])).stdout).toBe(`echo\texecutable\t${source}\t${copy}\n`);
    const json = JSON.parse((await s.run(["extension", "list", "--json"])).stdout);
    expect(json).toEqual([
      { name: "echo", kind: "executable", path: copy, source: { type: "local", path: source } },
    ]);

    expect((await s.run(["extension", "install", source])).code).toBe(EXIT.CONFLICT);
    expect((await s.run(["extension", "install", source, "--force"])).code).toBe(0);

    expect((await s.run(["extension", "remove", "echo"])).code).toBe(0);
    expect(existsSync(join(s.configDir, "extensions", "echo"))).toBe(false);
    expect((await s.run(["echo"])).code).toBe(EXIT.USAGE); // an unknown command again
    expect((await s.run(["extension", "remove", "echo"])).code).toBe(EXIT.NOT_FOUND);
  });

  test("a folder with no entry point is refused and leaves nothing installed", async () => {
    const s = setup();
    const dir = join(tempDir(), "kohub-cli-empty");
    mkdirSync(dir);
    writeFileSync(join(dir, "README"), "nothing to run");
    const result = await s.run(["extension", "install", dir]);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain("No extension in");
    expect((await s.run(["extension", "list", "--json"])).stdout).toBe("[]\n");
  });

  test("upgrade copies a local source again (one, then --all)", async () => {
    const s = setup();
    const one = extensionFolder("one", "#!/bin/sh\necho one v1\n");
    const two = extensionFolder("two", "#!/bin/sh\necho two v1\n");
    await s.run(["extension", "install", one]);
    await s.run(["extension", "install", two]);
    writeExecutable(join(one, "kohub-cli-one"), "#!/bin/sh\necho one v2\n");
    writeExecutable(join(two, "kohub-cli-two"), "#!/bin/sh\necho two v2\n");
    expect((await s.run(["extension", "upgrade", "one"])).stdout).toBe("one\tupgraded\t\n");
    expect((await s.run(["one"])).stdout).toBe("one v2\n");
    expect((await s.run(["two"])).stdout).toBe("two v1\n");
    const all = await s.run(["extension", "upgrade", "--all", "--json"]);
    expect(JSON.parse(all.stdout).map((o: { name: string }) => o.name)).toEqual(["one", "two"]);
    expect((await s.run(["two"])).stdout).toBe("two v2\n");
    expect((await s.run(["extension", "upgrade", "three"])).code).toBe(EXIT.NOT_FOUND);
  });

  test("install and upgrade from a hub repository (the entry made executable; up to date when unchanged)", async () => {
    const s = setup();
    const repoId = `${alice.username}/kohub-cli-hubext`;
    await alice.client.createRepo({ repoId });
    await seedFiles(ctx.hub, repoId, { "kohub-cli-hubext": '#!/bin/sh\necho "hub v1 $*"\n' });
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: alice.token };
    const installed = await s.run(["extension", "install", repoId, "--json"], env);
    expect(installed.code).toBe(0);
    expect(JSON.parse(installed.stdout).source).toEqual({
      type: "hub",
      repo: repoId,
      repoType: "model",
      revision: "main",
    });
    expect((await s.run(["hubext", "a"], env)).stdout).toBe("hub v1 a\n");

    expect((await s.run(["extension", "upgrade", "hubext"], env)).stdout).toStartWith("hubext\tup to date\t");
    await seedFiles(ctx.hub, repoId, { "kohub-cli-hubext": '#!/bin/sh\necho "hub v2 $*"\n' });
    expect((await s.run(["extension", "upgrade", "hubext"], env)).stdout).toStartWith("hubext\tupgraded\t");
    expect((await s.run(["hubext", "b"], env)).stdout).toBe("hub v2 b\n");
  });
});

describe("extension create", () => {
  test("a shell skeleton: created, installed, run with its arguments and the endpoint", async () => {
    const s = setup();
    const cwd = tempDir();
    expect((await runIn(cwd, s, ["extension", "create", "hello"])).code).toBe(0);
    const script = readFileSync(join(cwd, "kohub-cli-hello", "kohub-cli-hello"), "utf8");
    expect(script).toStartWith("#!/usr/bin/env sh\n");
    const manifest = JSON.parse(readFileSync(join(cwd, "kohub-cli-hello", "kohub-extension.json"), "utf8"));
    expect(manifest).toEqual({
      name: "hello",
      source: { type: "local", path: join(cwd, "kohub-cli-hello") },
    });
    expect((await runIn(cwd, s, ["extension", "create", "hello"])).code).toBe(EXIT.CONFLICT);

    expect((await s.run(["extension", "install", join(cwd, "kohub-cli-hello")])).code).toBe(0);
    const ran = await s.run(["--endpoint", ctx.hub.url, "hello", "a", "b"]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe(`Hello from kohub-cli-hello!\nendpoint: ${ctx.hub.url}\narguments: a b\n`);
  });

  test("a TypeScript skeleton runs inside the CLI, and imports the library from 'kohub-cli'", async () => {
    const s = setup();
    const cwd = tempDir();
    expect((await runIn(cwd, s, ["extension", "create", "whoami", "--ts"])).code).toBe(0);
    const dir = join(cwd, "kohub-cli-whoami");
    expect((await s.run(["extension", "install", dir])).code).toBe(0);
    const skeleton = await s.run(["--endpoint", ctx.hub.url, "whoami", "x"]);
    expect(skeleton.stdout).toBe(`Hello from kohub-cli-whoami!\nendpoint: ${ctx.hub.url}\narguments: x\n`);

    writeFileSync(
      join(dir, "kohub-cli-whoami.ts"),
      [
        'import { KohubClient } from "kohub-cli";',
        "const me: { username: string } = await new KohubClient().whoami();",
        "console.log(me.username, process.argv.slice(2).join(','));",
        "process.exitCode = 4;",
      ].join("\n"),
    );
    await s.run(["extension", "upgrade", "whoami"]);
    const ran = await s.run(["whoami", "a", "--json"], { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: alice.token });
    expect(ran.code).toBe(4);
    expect(ran.stdout).toBe(`${alice.username} a,--json\n`);
  });
});

describe("the compiled binary", () => {
  test("runs a TypeScript extension with the library it holds, with no Bun or Node on PATH", async () => {
    const binary = await compiledBinary();
    const s = setup();
    const dir = extensionFolder("lib", "");
    writeFileSync(
      join(dir, "main.ts"),
      [
        'import { KohubClient, NotFoundError } from "kohub-cli";',
        "const client: KohubClient = new KohubClient();",
        "const me = await client.whoami();",
        "console.log(me.username, typeof NotFoundError, process.argv.slice(2).join(','));",
      ].join("\n"),
    );
    chmodSync(join(dir, "kohub-cli-lib"), 0o644); // not executable: main.ts is the entry
    const env = { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: alice.token, PATH: s.bin };
    expect(
      (await spawnCli(["extension", "install", dir], { binary, configDir: s.configDir, env })).code,
    ).toBe(0);
    const ran = await spawnCli(["lib", "x"], { binary, configDir: s.configDir, env });
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toBe(`${alice.username} function x\n`);
  }, 180_000);
});
