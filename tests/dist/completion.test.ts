/**
 * `kohub-cli completion`: the scripts are generated from the command tree, and they work. The bash script
 * is sourced in a real bash and its completion function is called as bash would; zsh and fish the same
 * way when they are installed (zsh with stubs for its completion builtins, fish with `complete -C`).
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flatten, loadTree } from "../../src/commands/_tree.ts";
import { completionScript, completionSpec, SHELLS, type Shell } from "../../src/commands/completion.ts";
import { runCli } from "../helpers/cli.ts";

const tree = await loadTree();
const dir = mkdtempSync(join(tmpdir(), "kohub-completion-"));
const scripts = {} as Record<Shell, string>;
for (const shell of SHELLS) {
  scripts[shell] = await completionScript(shell, tree);
  writeFileSync(join(dir, shell), scripts[shell]);
}
const has = (cmd: string) => Bun.which(cmd) !== null;

function sh(cmd: string[], env: Record<string, string> = {}): { code: number; out: string; err: string } {
  const p = Bun.spawnSync(cmd, {
    env: { PATH: process.env.PATH ?? "", HOME: dir, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: p.exitCode ?? -1, out: p.stdout.toString(), err: p.stderr.toString() };
}

/** What bash offers for a command line (the last word is the one being completed). */
function bash(line: string, file = join(dir, "bash")): string[] {
  const words = line.split(" ");
  const script = `source ${file}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
_kohub_cli; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = sh(["bash", "--norc", "--noprofile", "-c", script]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return r.out.split("\n").filter(Boolean);
}

const CASES: Array<[string, string[]]> = [
  ["kohub-cli re", ["repo"]],
  ["kohub-cli repo cr", ["create"]],
  ["kohub-cli repo create x --ty", ["--type"]],
  ["kohub-cli repo create x --type ", ["model", "dataset", "space"]],
  ["kohub-cli repo create x -t d", ["dataset"]],
  ["kohub-cli org member add o u --role ", ["visitor", "member", "admin", "super-admin"]],
  ["kohub-cli org member update o u -r a", ["admin"]],
  ["kohub-cli --output ", ["text", "json"]],
  ["kohub-cli -o json repo lis", ["list"]],
  ["kohub-cli -o json repo li", ["list", "like", "likers"]],
  ["kohub-cli auth token ", ["create", "list", "delete"]],
  ["kohub-cli completion ", ["bash", "zsh", "fish", "powershell"]],
  ["kohub-cli repo create --type model x --pri", ["--private"]],
  ["kohub-cli repo info x --verb", ["--verbose"]],
  ["kohub-cli nosuch ", []],
];

describe("bash completion (sourced in bash)", () => {
  test.each(CASES)("%p", (line, expected) => {
    expect(bash(line)).toEqual(expected);
  });

  test("--type=VALUE, as bash splits it at '='", () => {
    expect(bash("kohub-cli repo create x --type = ")).toEqual(["model", "dataset", "space"]);
    expect(bash("kohub-cli repo create x --type = sp")).toEqual(["space"]);
  });

  test("a flag's value is not taken for a command", () => {
    // `--endpoint repo` is a flag and its value: the path is still the root.
    expect(bash("kohub-cli --endpoint repo au")).toEqual(["auth"]);
  });

  test("flags of a command include its own, short forms and the global ones", () => {
    const flags = bash("kohub-cli repo files x -");
    for (const f of ["--type", "-t", "--revision", "-r", "--recursive", "-R", "--endpoint", "--json", "-o"])
      expect(flags).toContain(f);
  });

  test("every command of the tree is offered under its group", () => {
    for (const node of flatten(tree).filter((n) => n.group)) {
      const offered = bash(["kohub-cli", ...node.path, ""].join(" "));
      const hidden = new Set(node.group?.hidden ?? []);
      expect(offered).toEqual(Object.keys(node.group?.entries ?? {}).filter((name) => !hidden.has(name)));
    }
  });
});

describe.skipIf(!has("zsh"))("zsh completion (sourced in zsh, completion builtins stubbed)", () => {
  const stubs = `compdef() { :; }
_describe() { local -a a; a=("\${(@P)\${@[-1]}}"); print -rl -- "\${a[@]%%:*}"; }
compadd() { [[ $1 == -a ]] && print -rl -- "\${(@P)2}"; }
_files() { print -- "<files>"; }
source ${join(dir, "zsh")}`;
  const zsh = (line: string) => {
    const words = line.split(" ");
    const r = sh([
      "zsh",
      "-f",
      "-c",
      `${stubs}\nwords=(${words.map((w) => `'${w}'`).join(" ")}); CURRENT=${words.length}; _kohub-cli`,
    ]);
    expect(r.err).toBe("");
    return r.out.split("\n").filter(Boolean);
  };

  test("zsh -n accepts the script", () => {
    expect(sh(["zsh", "-n", join(dir, "zsh")]).code).toBe(0);
  });
  // The stubs do not filter by prefix (zsh's compadd does): each list is everything offered there.
  test.each([
    ["kohub-cli r", Object.keys(tree.group?.entries ?? {})],
    ["kohub-cli repo create x --type ", ["model", "dataset", "space"]],
    ["kohub-cli org member add o u --role ", ["visitor", "member", "admin", "super-admin"]],
    ["kohub-cli -o ", ["text", "json"]],
    ["kohub-cli completion ", ["bash", "zsh", "fish", "powershell"]],
    ["kohub-cli repo create x ", ["<files>"]],
  ] as Array<[string, string[]]>)("%p", (line, expected) => {
    expect(zsh(line)).toEqual(expected);
  });
  test("flags", () => {
    const flags = zsh("kohub-cli repo create x --");
    expect(flags).toEqual(expect.arrayContaining(["--type", "-t", "--private", "--output", "--json"]));
  });
});

describe.skipIf(!has("fish"))("fish completion (complete -C)", () => {
  const fish = (line: string) => {
    const r = sh(["fish", "--no-config", "-c", `source ${join(dir, "fish")}; complete -C '${line}'`]);
    expect(r.err).toBe("");
    return r.out
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t")[0]);
  };
  test("fish --no-execute accepts the script", () => {
    expect(sh(["fish", "--no-execute", join(dir, "fish")]).code).toBe(0);
  });
  test.each([
    ["kohub-cli re", ["repo"]],
    ["kohub-cli repo cr", ["create"]],
    ["kohub-cli repo create x --ty", ["--type"]],
    ["kohub-cli repo create x --type ", ["dataset", "model", "space"]],
    ["kohub-cli org member add o u --role ", ["admin", "member", "super-admin", "visitor"]],
    ["kohub-cli --output ", ["json", "text"]],
    ["kohub-cli completion ", ["bash", "fish", "powershell", "zsh"]],
  ] as Array<[string, string[]]>)("%p", (line, expected) => {
    expect(fish(line).sort()).toEqual(expected);
  });
});

describe("every script comes from the same tree", () => {
  const spec = completionSpec(tree);
  test("the spec has every command, flag and enum value", () => {
    const create = spec.nodes.find((n) => n.path === "repo create");
    expect(create?.flags.find((f) => f.name === "--type")?.values).toEqual(["model", "dataset", "space"]);
    expect(create?.flags.map((f) => f.name)).toEqual(["--type", "-t", "--repo-type", "--private"]);
    const output = spec.globals.find((f) => f.name === "-o");
    expect(output).toMatchObject({ value: true, values: ["text", "json"] });
    expect(spec.globals.map((f) => f.name)).toEqual(
      expect.arrayContaining(["--endpoint", "--token", "--json", "-q", "-v", "-h", "-V"]),
    );
  });

  test.each(SHELLS)("%s names every command and the enum values", (shell) => {
    const text = scripts[shell];
    for (const node of flatten(tree).filter((n) => n.path.length))
      expect(text).toContain(node.path[node.path.length - 1] as string);
    for (const word of ["super-admin", "dataset", "json", "--role", "--type"]) expect(text).toContain(word);
  });

  test("powershell registers a native completer and lists the nodes", () => {
    const ps = scripts.powershell;
    expect(ps).toContain("Register-ArgumentCompleter -Native -CommandName 'kohub-cli', 'kohub-cli.exe'");
    expect(ps).toContain("'repo create' = @{");
    expect(ps).toContain("@{ n = '--type'; d = 'repository type");
    expect(ps).toContain("e = @('visitor', 'member', 'admin', 'super-admin')");
    // balanced braces and parentheses, outside quoted strings
    const code = ps.replace(/'(?:[^']|'')*'/g, "''").replace(/"[^"]*"/g, '""');
    for (const [open, close] of [
      ["{", "}"],
      ["(", ")"],
    ] as const)
      expect(code.split(open).length).toBe(code.split(close).length);
  });
});

describe("kohub-cli completion", () => {
  test("prints the script for each shell", async () => {
    for (const shell of SHELLS) {
      const r = await runCli(["completion", shell]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(scripts[shell]);
    }
  });
  test("the user's aliases are offered with the commands (a built-in name is never taken)", async () => {
    const configDir = mkdtempSync(join(tmpdir(), "kohub-completion-aliases-"));
    writeFileSync(join(configDir, "aliases.json"), JSON.stringify({ ri: "repo info $1", rl: "repo list" }));
    const r = await runCli(["completion", "bash"], { configDir });
    expect(r.code).toBe(0);
    writeFileSync(join(configDir, "bash"), r.stdout);
    expect(bash("kohub-cli r", join(configDir, "bash"))).toEqual(["repo", "ri", "rl"]);
    for (const shell of SHELLS) {
      const script = (await runCli(["completion", shell], { configDir })).stdout;
      expect(script).toMatch(/\bri\b/);
      expect(script).toMatch(/\brl\b/);
    }
  });

  test("a broken aliases file leaves the aliases out, with a warning, not the script", async () => {
    const configDir = mkdtempSync(join(tmpdir(), "kohub-completion-aliases-"));
    writeFileSync(join(configDir, "aliases.json"), "{ not json");
    const r = await runCli(["completion", "bash"], { configDir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(scripts.bash);
    expect(r.stderr).toContain("aliases.json");
  });

  test("an unknown shell is a usage error with a suggestion", async () => {
    const r = await runCli(["completion", "bsh"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown shell "bsh"');
    expect(r.stderr).toContain("bash");
  });
  test("--help tells how to install it", async () => {
    const r = await runCli(["completion", "--help"]);
    expect(r.stdout).toContain("source <(kohub-cli completion bash)");
    expect(r.stdout).toContain("kohub-cli completion fish | source");
  });
});
