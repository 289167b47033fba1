/**
 * The Docker image's promise, tested without a container engine: the compiled binary runs in a root
 * filesystem that holds only what gcr.io/distroless/cc-debian12 holds (built from the same Debian packages
 * by scripts/release/distroless-root.sh: glibc, libgcc, libstdc++, CA certificates, tzdata, /etc/passwd
 * with nonroot 65532; not even the image's libssl3 and libgomp1; no shell, no Node), as uid 65532, with
 * HF_ENDPOINT/HF_TOKEN from the environment and ~/.kohub on a folder mounted from outside, against the
 * local hub (the root shares the host's network, so 127.0.0.1 is the hub).
 *
 * Each run is what `docker run` does, with util-linux's unshare: a private mount and PID namespace in which
 * a fresh /proc (the binary reads /proc/self/exe) and the ~/.kohub volume are mounted, then unshare
 * --root=ROOT --wd=/home/nonroot as uid 65532 (--setuid when we are root; else a user namespace that
 * maps 65532 onto us, inside one that maps us to root for the mounts). The environment is the image's
 * (PATH, SSL_CERT_FILE, HOME) and what `-e` would add, nothing else. Nothing outlives a run: the mounts
 * go with its namespace, and `--kill-child` ends it when it times out.
 *
 * Skipped, with the reason, where this cannot run: not Linux, no unshare, no namespaces for this user,
 * no Debian packages (apt-get/dpkg-deb, or no network for the first download; the .deb files are kept in
 * node_modules/.cache/distroless-cc-debian12). KOHUB_DISTROLESS_REQUIRED=1 turns such a skip into a failure.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildTarget, hostTarget, ROOT } from "../../build.ts";
import pkg from "../../package.json" with { type: "json" };
import { type CliResult, spawnText } from "../helpers/cli.ts";
import { createUser, type TestUser, useHub } from "../helpers/hub.ts";

const NONROOT = 65532;
const BIN = "/usr/local/bin/kohub-cli"; // the Dockerfile's COPY destination
const HOME = "/home/nonroot"; // the Dockerfile's HOME and WORKDIR
/** What the image's environment holds: distroless's PATH and SSL_CERT_FILE, the Dockerfile's HOME. */
const IMAGE_ENV = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  SSL_CERT_FILE: "/etc/ssl/certs/ca-certificates.crt",
  HOME,
};
const HOST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const asRoot = process.getuid?.() === 0;
/** Who owns, seen from outside, what uid 65532 writes inside. */
const owner = asRoot ? NONROOT : (process.getuid?.() ?? -1);
const loader = process.arch === "arm64" ? "/lib/ld-linux-aarch64.so.1" : "/lib64/ld-linux-x86-64.so.2";

function sh(cmd: string[], timeout = 10_000): { code: number | null; out: string } {
  const r = Bun.spawnSync(cmd, { env: { PATH: HOST_PATH }, stdout: "pipe", stderr: "pipe", timeout });
  return { code: r.exitCode, out: `${r.stdout.toString()}${r.stderr.toString()}`.trim() };
}

/** The namespaces of the outer run: mounts and PIDs (and, without root, a user namespace mapping us to 0). */
const outer = [
  ...(asRoot ? [] : ["--user", "--map-root-user"]),
  "--mount",
  "--pid",
  "--fork",
  "--kill-child",
  "--propagation",
  "private",
];
/** Becoming uid 65532: --setuid when we are root, else a user namespace in which 65532 is us. */
const nonroot = asRoot
  ? [`--setgid=${NONROOT}`, `--setuid=${NONROOT}`]
  : ["--user", `--map-user=${NONROOT}`, `--map-group=${NONROOT}`];

/** Why this file cannot run here, or null. Also builds the root (without the binary) when it can. */
function prepare(root: string): string | null {
  if (process.platform !== "linux") return "not Linux";
  if (process.arch !== "x64" && process.arch !== "arm64") return `no glibc build for ${process.arch}`;
  if (!Bun.which("unshare", { PATH: HOST_PATH })) return "no unshare (util-linux)";
  const probe = sh(["unshare", ...outer, "--", "/usr/bin/unshare", ...nonroot, "--", "true"]);
  if (probe.code !== 0) return `cannot enter namespaces as uid ${process.getuid?.()}: ${probe.out}`;
  const built = sh(["bash", join(ROOT, "scripts", "release", "distroless-root.sh"), root], 180_000);
  // status 3: the Debian packages cannot be had here; anything else is a defect of the script
  if (built.code === 3) return built.out;
  if (built.code !== 0) throw new Error(`distroless-root.sh failed (${built.code}): ${built.out}`);
  return null;
}

const work = mkdtempSync(join(tmpdir(), "kohub-distroless-"));
const rootfs = join(work, "root");
const volume = join(work, "kohub"); // the host folder mounted on /home/nonroot/.kohub
const skipReason = prepare(rootfs);
afterAll(() => rmSync(work, { recursive: true, force: true }));
if (skipReason) {
  if (process.env.KOHUB_DISTROLESS_REQUIRED === "1") throw new Error(`distroless: ${skipReason}`);
  console.warn(`distroless: skipping: ${skipReason}`);
}

/** Runs `kohub-cli ARGS` in the root, as `docker run --rm -v VOLUME:~/.kohub -e ... IMAGE ARGS` would. */
async function inRoot(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string; exe?: string } = {},
): Promise<CliResult> {
  const env = Object.entries({ ...IMAGE_ENV, ...options.env }).map(([k, v]) => `${k}=${v}`);
  const mounts = 'mount -t proc proc "$1/proc" && mount --bind "$2" "$1$3/.kohub" && shift 3 && exec "$@"';
  const cmd = ["unshare", ...outer, "--", "/bin/sh", "-c", mounts, "sh", rootfs, volume, HOME];
  cmd.push("/usr/bin/env", "-i", ...env, "/usr/bin/unshare", ...nonroot, `--root=${rootfs}`, `--wd=${HOME}`);
  cmd.push("--", options.exe ?? BIN, ...args);
  return spawnText(cmd, { env: { PATH: HOST_PATH }, stdin: options.stdin });
}

/** Every path under a folder (the folder first). */
function walk(dir: string): string[] {
  return [dir, ...readdirSync(dir, { recursive: true }).map((p) => join(dir, String(p)))];
}

describe.skipIf(skipReason !== null)("the binary in a distroless/cc-debian12 root filesystem", () => {
  const ctx = useHub();
  let user: TestUser;
  const dataDir = join(rootfs, HOME.slice(1), "data");
  const payload = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);

  beforeAll(async () => {
    const out = mkdtempSync(join(work, "build-"));
    copyFileSync(await buildTarget(hostTarget(), { outDir: out }), join(rootfs, BIN.slice(1)));
    chmodSync(join(rootfs, BIN.slice(1)), 0o755);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(join(rootfs, HOME.slice(1), ".kohub"));
    // the volume: a host folder that uid 65532 can write (a folder of another owner fails: `auth login`
    // cannot create the config directory; the image has no ~/.kohub of 65532 for Docker to copy onto a new
    // named volume, so a fresh named volume is root's and fails the same way)
    mkdirSync(volume, { mode: 0o700 });
    // the file to upload, put in the root beforehand (as `docker run -v ./data:/home/nonroot/data` would)
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, "weights.bin"), payload);
    if (asRoot)
      for (const p of [volume, dataDir, join(dataDir, "weights.bin")]) chownSync(p, NONROOT, NONROOT);
    user = await createUser(ctx.hub, "distroless");
  }, 120_000);

  const asUser = () => ({ HF_ENDPOINT: ctx.hub.url, HF_TOKEN: user.token });

  test("the root holds no shell and no other program: what is executable is the binary and libraries", () => {
    for (const p of ["bin/sh", "usr/bin/sh", "bin/bash", "bin/dash", "usr/bin/env", "usr/bin/node"])
      expect(existsSync(join(rootfs, p))).toBe(false);
    // a program is an ELF file other than the binary and the shared objects, or a script whose interpreter
    // is in the root (base-files' /etc/update-motd.d/10-uname is a #!/bin/sh script: dead without a shell)
    const programs = walk(rootfs).filter((p) => {
      const st = lstatSync(p);
      if (
        !st.isFile() ||
        !(st.mode & 0o111) ||
        p === join(rootfs, BIN.slice(1)) ||
        /\.so(\.[\d.]+)?$/.test(p)
      )
        return false;
      const interpreter = /^#!\s*(\S+)/.exec(readFileSync(p, "utf8").slice(0, 200))?.[1];
      return !interpreter || existsSync(join(rootfs, interpreter));
    });
    expect(programs.map((p) => relative(rootfs, p))).toEqual([]);
    expect(readFileSync(join(rootfs, "etc/passwd"), "utf8")).toContain(
      `nonroot:x:${NONROOT}:${NONROOT}:nonroot:${HOME}:/sbin/nologin`,
    );
    expect(statSync(join(rootfs, "etc/ssl/certs/ca-certificates.crt")).size).toBeGreaterThan(100_000);
  });

  test("the root's own loader finds every library the binary links, all from glibc or the gcc runtime", async () => {
    const r = await inRoot(["--list", BIN], { exe: loader });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("not found");
    const libs = [...r.stdout.matchAll(/^\s*(\S+) => (\S+)/gm)].map((m) => [m[1] ?? "", m[2] ?? ""] as const);
    expect(libs.length).toBeGreaterThan(0);
    const allowed = /^(libc|libm|libdl|libpthread|librt|libgcc_s|libstdc\+\+)\.so\.\d+$/;
    for (const [name, path] of libs) {
      expect(name).toMatch(allowed);
      expect(existsSync(join(rootfs, path))).toBe(true);
    }
  });

  test("--version", async () => {
    const r = await inRoot(["--version"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(
      new RegExp(`^kohub-cli ${pkg.version} \\(commit \\S+, ${hostTarget().name}\\)\\n$`),
    );
  });

  test("auth whoami with HF_ENDPOINT and HF_TOKEN from the environment", async () => {
    const r = await inRoot(["--output", "json", "auth", "whoami"], { env: asUser() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ username: user.username, endpoint: ctx.hub.url });
    // nothing was written: the token came from the environment
    expect(readdirSync(volume)).toEqual([]);
  });

  test("repo create, then repo list shows it", async () => {
    const created = await inRoot(["repo", "create", "in-distroless", "--quiet"], { env: asUser() });
    expect(created).toMatchObject({ code: 0, stdout: `${user.username}/in-distroless\n` });
    const list = await inRoot(["--output", "json", "repo", "list", "--author", user.username], {
      env: asUser(),
    });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((r: { id: string }) => r.id)).toEqual([
      `${user.username}/in-distroless`,
    ]);
  });

  test("upload a file of the root, download it into the HF cache under $HOME, owned by 65532", async () => {
    const repo = `${user.username}/in-distroless`;
    const up = await inRoot(["upload", repo, `${HOME}/data/weights.bin`, "weights.bin"], { env: asUser() });
    expect(up.stderr).toContain("Uploaded 1 file");
    expect(up.code).toBe(0);
    const down = await inRoot(["download", repo, "weights.bin"], { env: asUser() });
    expect(down.code).toBe(0);
    const snapshot = down.stdout.trim();
    expect(snapshot).toMatch(
      new RegExp(
        `^${HOME}/\\.cache/huggingface/hub/models--${user.username}--in-distroless/snapshots/\\w+/weights\\.bin$`,
      ),
    );
    const onHost = join(rootfs, snapshot.slice(1));
    expect(new Uint8Array(readFileSync(onHost))).toEqual(payload);
    const cache = join(rootfs, HOME.slice(1), ".cache");
    const notOurs = walk(cache).filter(
      (p) => lstatSync(p).uid !== owner || (asRoot && lstatSync(p).gid !== NONROOT),
    );
    expect(notOurs.map((p) => relative(rootfs, p))).toEqual([]);
    expect(readlinkSync(onHost)).toMatch(/^\.\.\/\.\.\/blobs\//);
  });

  test("auth login stores the token on the mounted ~/.kohub (65532, 0600), and the next run reads it", async () => {
    const login = await inRoot(["auth", "login", "-u", user.username, "--password-stdin"], {
      env: { HF_ENDPOINT: ctx.hub.url },
      stdin: user.password,
    });
    expect(login.code).toBe(0);
    expect(login.stderr).toContain(`${HOME}/.kohub/config.json`);
    const config = join(volume, "config.json");
    const st = statSync(config);
    expect({ uid: st.uid, mode: st.mode & 0o777 }).toEqual({ uid: owner, mode: 0o600 });
    if (asRoot) expect(st.gid).toBe(NONROOT);
    expect(JSON.parse(readFileSync(config, "utf8"))).toMatchObject({ endpoint: ctx.hub.url });
    // a new container with the same volume, no -e at all
    const whoami = await inRoot(["--output", "json", "auth", "whoami"]);
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ username: user.username });
  });
});
