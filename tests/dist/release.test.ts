/**
 * Release tooling: the archives build.ts writes, the Homebrew formula and scoop manifest generated from
 * SHA256SUMS, and the structure of the release workflow (which cannot run here).
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  archiveName,
  binaryName,
  ROOT,
  TARGETS,
  type Target,
  writeArchive,
  writeChecksums,
} from "../../build.ts";
import pkg from "../../package.json" with { type: "json" };
import { tarGz, zip } from "../../scripts/release/archive.ts";

/** A GitHub Actions expression, `${{ expr }}`, as written in the workflow. */
const GH = (expr: string) => `$${"{{"} ${expr} }}`;

import {
  assetUrl,
  defaultRepo,
  homebrewFormula,
  PLACEHOLDER_REPO,
  parseSums,
  type Release,
  repoFromPackage,
  scoopManifest,
} from "../../scripts/release/manifests.ts";

const has = (cmd: string) => Bun.which(cmd) !== null;
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const hash = (name: string) => new Bun.CryptoHasher("sha256").update(name).digest("hex");
const target = (name: string) => TARGETS.find((t) => t.name === name) as Target;

/** A SHA256SUMS like build.ts writes: raw binaries, and archives when asked. */
function sums(archives: boolean): string {
  const files = TARGETS.flatMap((t) => (archives ? [binaryName(t), archiveName(t)] : [binaryName(t)]));
  return `${files
    .sort()
    .map((f) => `${hash(f)}  ${f}`)
    .join("\n")}\n`;
}
const release = (archives: boolean, repo = "acme/kohub-cli"): Release => ({
  version: "1.2.3",
  repo,
  sums: parseSums(sums(archives)),
});

describe("archives", () => {
  const data = new TextEncoder().encode("#!/bin/sh\necho hello from the archive\n".repeat(50));

  test("tar.gz: one executable file, read back by tar", () => {
    const dir = temp("kohub-tar-");
    writeFileSync(join(dir, "a.tar.gz"), tarGz([{ name: "kohub-cli", data, mode: 0o755 }]));
    const list = Bun.spawnSync(["tar", "-tvzf", join(dir, "a.tar.gz")]).stdout.toString();
    expect(list).toMatch(/^-rwxr-xr-x .* kohub-cli\n$/);
    mkdirSync(join(dir, "out"));
    expect(Bun.spawnSync(["tar", "-xzf", join(dir, "a.tar.gz"), "-C", join(dir, "out")]).exitCode).toBe(0);
    expect(readFileSync(join(dir, "out", "kohub-cli"))).toEqual(Buffer.from(data));
    expect(statSync(join(dir, "out", "kohub-cli")).mode & 0o777).toBe(0o755);
  });

  test.skipIf(!has("unzip"))("zip: read back by unzip, CRC checked", () => {
    const dir = temp("kohub-zip-");
    const path = join(dir, "a.zip");
    writeFileSync(path, zip([{ name: "kohub-cli.exe", data, mode: 0o755 }]));
    const check = Bun.spawnSync(["unzip", "-t", path]);
    expect(check.stdout.toString()).toContain("No errors detected");
    const out = Bun.spawnSync(["unzip", "-p", path, "kohub-cli.exe"]);
    expect(out.stdout).toEqual(Buffer.from(data));
  });

  test("writeArchive names and fills each target's archive; SHA256SUMS lists them", async () => {
    const dir = temp("kohub-arch-");
    for (const t of [target("linux-x64"), target("windows-x64")]) {
      const bin = join(dir, binaryName(t));
      writeFileSync(bin, data);
      const path = await writeArchive(t, bin, dir);
      expect(path).toBe(join(dir, archiveName(t)));
    }
    expect(archiveName(target("darwin-arm64"))).toBe("kohub-cli-darwin-arm64.tar.gz");
    expect(archiveName(target("windows-x64"))).toBe("kohub-cli-windows-x64.zip");
    const listed = parseSums(readFileSync(await writeChecksums(dir), "utf8"));
    expect([...listed.keys()]).toEqual([
      "kohub-cli-linux-x64",
      "kohub-cli-linux-x64.tar.gz",
      "kohub-cli-windows-x64.exe",
      "kohub-cli-windows-x64.zip",
    ]);
    const bytes = readFileSync(join(dir, "kohub-cli-linux-x64.tar.gz"));
    expect(listed.get("kohub-cli-linux-x64.tar.gz")).toBe(
      new Bun.CryptoHasher("sha256").update(bytes).digest("hex"),
    );
  });
});

describe("Homebrew formula", () => {
  test("per-OS/arch release URLs with their sha256, install, completions and a test", () => {
    const r = release(true);
    const rb = homebrewFormula(r);
    expect(rb).toContain("class KohubCli < Formula");
    expect(rb).toContain('version "1.2.3"');
    expect(rb).toContain('homepage "https://github.com/acme/kohub-cli"');
    for (const name of ["darwin-arm64", "darwin-x64", "linux-arm64", "linux-x64"]) {
      const asset = `kohub-cli-${name}.tar.gz`;
      const url = `https://github.com/acme/kohub-cli/releases/download/v1.2.3/${asset}`;
      expect(rb).toContain(`      url "${url}"\n      sha256 "${hash(asset)}"`);
    }
    expect(rb).not.toContain("musl");
    expect(rb).not.toContain("windows");
    // darwin-arm64 sits under on_macos/on_arm
    expect(rb).toMatch(/on_macos do\n {4}on_arm do\n {6}url "[^"]*darwin-arm64\.tar\.gz"/);
    expect(rb).toMatch(/on_linux do\n {4}on_arm do\n {6}url "[^"]*linux-arm64\.tar\.gz"/);
    expect(rb).toContain('    bin.install "kohub-cli"\n');
    expect(rb).toContain('generate_completions_from_executable(bin/"kohub-cli", "completion"');
    expect(rb).toContain('shell_output("#{bin}/kohub-cli --version")');
    // every block is closed: 7 `do` blocks, plus `class` and `def`
    expect(rb.match(/ do$/gm)?.length).toBe(7);
    expect(rb.match(/^\s*end$/gm)?.length).toBe(9);
  });

  test("without archives it installs the raw binary under its own name", () => {
    const rb = homebrewFormula(release(false));
    expect(rb).toContain('/v1.2.3/kohub-cli-darwin-arm64"');
    expect(rb).toContain(`sha256 "${hash("kohub-cli-darwin-arm64")}"`);
    expect(rb).toContain('bin.install Dir["kohub-cli-*"].first => "kohub-cli"');
  });

  test("a missing asset is an error", () => {
    const r = release(false);
    r.sums.delete("kohub-cli-linux-arm64");
    expect(() => homebrewFormula(r)).toThrow("kohub-cli-linux-arm64");
  });

  test.skipIf(!has("ruby"))("ruby -c accepts it", () => {
    const dir = temp("kohub-rb-");
    writeFileSync(join(dir, "kohub-cli.rb"), homebrewFormula(release(true)));
    const r = Bun.spawnSync(["ruby", "-c", join(dir, "kohub-cli.rb")]);
    expect(r.stdout.toString()).toContain("Syntax OK");
  });
});

describe("scoop manifest", () => {
  test("the windows-x64 archive, its hash, bin, checkver and autoupdate", () => {
    const m = JSON.parse(scoopManifest(release(true)));
    expect(m).toMatchObject({
      version: "1.2.3",
      homepage: "https://github.com/acme/kohub-cli",
      license: pkg.license,
      bin: "kohub-cli.exe",
      checkver: { github: "https://github.com/acme/kohub-cli" },
      architecture: {
        "64bit": {
          url: "https://github.com/acme/kohub-cli/releases/download/v1.2.3/kohub-cli-windows-x64.zip",
          hash: hash("kohub-cli-windows-x64.zip"),
        },
      },
    });
    const auto = m.autoupdate.architecture["64bit"];
    expect(auto.url).toBe(
      "https://github.com/acme/kohub-cli/releases/download/v$version/kohub-cli-windows-x64.zip",
    );
    expect(auto.hash.url).toBe("https://github.com/acme/kohub-cli/releases/download/v$version/SHA256SUMS");
    // the regex finds the asset's hash in a real SHA256SUMS
    const found = new RegExp(auto.hash.regex).exec(sums(true));
    expect(found?.[1]).toBe(hash("kohub-cli-windows-x64.zip"));
  });

  test("a raw .exe is renamed on download", () => {
    const m = JSON.parse(scoopManifest(release(false)));
    expect(m.architecture["64bit"].url).toEndWith("/kohub-cli-windows-x64.exe#/kohub-cli.exe");
    expect(m.architecture["64bit"].hash).toBe(hash("kohub-cli-windows-x64.exe"));
  });
});

describe("release metadata", () => {
  test("SHA256SUMS lines are read strictly", () => {
    expect(parseSums(`${hash("a")} *kohub-cli-x\n`).get("kohub-cli-x")).toBe(hash("a"));
    expect(() => parseSums("nonsense\n")).toThrow("cannot read");
  });
  test("the repository slug: package.json's repository, else the placeholder", () => {
    expect(repoFromPackage("github:acme/kh")).toBe("acme/kh");
    expect(repoFromPackage("acme/kh")).toBe("acme/kh");
    expect(repoFromPackage({ type: "git", url: "git+https://github.com/acme/kh.git" })).toBe("acme/kh");
    expect(repoFromPackage({ url: "https://gitlab.com/acme/kh" })).toBeUndefined();
    expect(repoFromPackage(undefined)).toBeUndefined();
    const fromPkg = repoFromPackage((pkg as { repository?: unknown }).repository);
    expect(defaultRepo()).toBe(fromPkg ?? PLACEHOLDER_REPO);
    expect(assetUrl({ repo: "a/b", version: "1.0.0" }, "x")).toBe(
      "https://github.com/a/b/releases/download/v1.0.0/x",
    );
  });

  test("the script writes both files, and refuses a version that is not package.json's", () => {
    const dir = temp("kohub-manifests-");
    writeFileSync(join(dir, "SHA256SUMS"), sums(false));
    const script = join(ROOT, "scripts", "release", "manifests.ts");
    const run = (version: string) =>
      Bun.spawnSync([
        process.execPath,
        script,
        "--version",
        version,
        "--repo",
        "acme/kh",
        "--sums",
        join(dir, "SHA256SUMS"),
        "--out",
        dir,
      ]);
    expect(run(`v${pkg.version}`).exitCode).toBe(0);
    expect(readFileSync(join(dir, "kohub-cli.rb"), "utf8")).toContain(
      `/acme/kh/releases/download/v${pkg.version}/`,
    );
    expect(JSON.parse(readFileSync(join(dir, "kohub-cli.json"), "utf8")).version).toBe(pkg.version);
    const wrong = run("9.9.9");
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr.toString()).toContain("not package.json's");
  });
});

describe(".github/workflows/release.yml", () => {
  const wf = Bun.YAML.parse(readFileSync(join(ROOT, ".github", "workflows", "release.yml"), "utf8")) as {
    on: { push: { tags: string[] } };
    permissions: Record<string, string>;
    jobs: Record<
      string,
      {
        "runs-on": string;
        steps: Array<{
          name?: string;
          uses?: string;
          run?: string;
          if?: string;
          env?: Record<string, string>;
          with?: Record<string, unknown>;
        }>;
      }
    >;
  };
  const steps = wf.jobs.release?.steps ?? [];
  const index = (pred: (s: (typeof steps)[number]) => boolean) => steps.findIndex(pred);
  const runs = (text: string) => index((s) => s.run?.includes(text) ?? false);

  test("runs on v* tags and may write releases", () => {
    expect(wf.on.push.tags).toEqual(["v*"]);
    expect(wf.permissions.contents).toBe("write");
    expect(Object.keys(wf.jobs)).toEqual(["release"]);
  });

  test("checkout, node, npm ci, npm test, build every target, manifests, upload, in that order", () => {
    const order = [
      index((s) => s.uses?.startsWith("actions/checkout@") ?? false),
      index((s) => s.uses?.startsWith("actions/setup-node@") ?? false),
      runs("npm ci"),
      runs("scripts/release/musl-runtime.sh"),
      runs("npm test"),
      runs("npx bun build.ts"),
      runs("scripts/release/manifests.ts"),
      runs("gh release upload"),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const build = steps[runs("npx bun build.ts")]?.run ?? "";
    expect(build).not.toContain("--target");
    expect(build).not.toContain("--single");
    expect(build).toContain("--archive");
  });

  test("uploads the binaries, archives, checksums, formula and manifest", () => {
    const upload = steps[runs("gh release upload")];
    for (const f of ["dist/kohub-cli-*", "dist/SHA256SUMS", "dist/kohub-cli.rb", "dist/kohub-cli.json"])
      expect(upload?.run).toContain(f);
    expect(upload?.env?.GH_TOKEN).toBe(GH("github.token"));
    expect(steps[runs("scripts/release/manifests.ts")]?.run).toContain(`--repo "${GH("github.repository")}"`);
  });

  test("publishes to the tap and bucket only when the token is set", () => {
    const publish = steps[runs("Formula/kohub-cli.rb")];
    expect(publish?.if).toBe("steps.tap.outputs.enabled == 'true'");
    expect(publish?.run).toContain("bucket/kohub-cli.json");
    expect(publish?.env?.TAP_TOKEN).toBe(GH("secrets.TAP_TOKEN"));
    expect(steps.some((s) => (s as { id?: string }).id === "tap")).toBe(true);
  });
});
