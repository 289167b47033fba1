/**
 * Smoke test of every binary built for this machine's OS and architecture (on Linux x64: the glibc and the
 * musl build): --version, --help, completion, and register + login + repo create + repo info against the
 * local hub. The musl binary runs under musl's loader with the runtime that scripts/release/musl-runtime.sh
 * prepares (or directly on a musl system); without either, its tests are skipped with a message.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTarget, hostTarget, ROOT, TARGETS, type Target } from "../../build.ts";
import pkg from "../../package.json" with { type: "json" };
import { spawnCli, tempConfigDir } from "../helpers/cli.ts";
import { uniqueName, useHub } from "../helpers/hub.ts";

const host = hostTarget();
const targets = TARGETS.filter((t) => t.os === host.os && t.arch === host.arch);
const outDir = mkdtempSync(join(tmpdir(), "kohub-smoke-"));
const ctx = useHub();

const runtime = process.env.KOHUB_MUSL_RUNTIME ?? join(ROOT, "node_modules", ".cache", "musl-runtime");
const loaderName = `ld-musl-${host.arch === "arm64" ? "aarch64" : "x86_64"}.so.1`;
const hasRuntime =
  existsSync(join(runtime, loaderName)) && existsSync(join(runtime, "lib", "libstdc++.so.6"));
const onMusl =
  host.os === "linux" &&
  !(process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header
    ?.glibcVersionRuntime;

/** How to run a target's binary here: its path, or a wrapper through musl's loader; null when it cannot. */
function runnable(target: Target, binary: string): string | null {
  if (target.abi !== "musl" || onMusl) return binary;
  if (!hasRuntime) return null;
  const wrapper = join(outDir, `run-${target.name}`);
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec '${join(runtime, loaderName)}' --library-path '${join(runtime, "lib")}' '${binary}' "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}

const binaries = new Map<string, string>();
beforeAll(async () => {
  for (const t of targets) {
    if (t.abi === "musl" && !onMusl && !hasRuntime) continue;
    binaries.set(t.name, await buildTarget(t, { outDir }));
  }
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

for (const target of targets) {
  const skip = target.abi === "musl" && !onMusl && !hasRuntime;
  if (skip) {
    console.warn(
      `smoke: skipping ${target.name}: no musl runtime in ${runtime} (run \`bash scripts/release/musl-runtime.sh\`)`,
    );
  }
  describe.skipIf(skip)(`binary ${target.name}`, () => {
    const bin = () => runnable(target, binaries.get(target.name) as string) as string;

    test("--version names the version, the commit and this target", async () => {
      const r = await spawnCli(["--version"], { binary: bin() });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^kohub-cli ${pkg.version} \\(commit \\S+, ${target.name}\\)\\n$`));
    });

    test("--help and completion", async () => {
      const help = await spawnCli(["--help"], { binary: bin() });
      expect(help.code).toBe(0);
      for (const group of ["auth", "repo", "org", "config"]) expect(help.stdout).toContain(`  ${group}`);
      const completion = await spawnCli(["completion", "bash"], { binary: bin() });
      expect(completion.code).toBe(0);
      expect(completion.stdout).toContain("complete -o default -F _kohub_cli kohub-cli");
    });

    test("register, login, repo create, repo info against the local hub", async () => {
      const configDir = tempConfigDir();
      const username = uniqueName("smoke");
      const password = `pw-${username}`;
      const run = (args: string[], stdin?: string) =>
        spawnCli(args, { binary: bin(), configDir, env: { HF_ENDPOINT: ctx.hub.url }, stdin });
      const reg = await run(
        ["auth", "register", "-u", username, "--email", `${username}@example.com`, "--password-stdin"],
        password,
      );
      expect(reg.code).toBe(0);
      const login = await run(["auth", "login", "-u", username, "--password-stdin"], password);
      expect(login.code).toBe(0);
      const created = await run(["repo", "create", "smoke-model", "--type", "model", "--quiet"]);
      expect(created.stdout.trim()).toBe(`${username}/smoke-model`);
      const info = await run(["--output", "json", "repo", "info", `${username}/smoke-model`]);
      expect(info.code).toBe(0);
      expect(JSON.parse(info.stdout)).toMatchObject({ id: `${username}/smoke-model`, private: false });
    });
  });
}
