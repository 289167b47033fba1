/**
 * Running what dispatch found: an executable extension or a shell alias as a child process (its stdin,
 * stdout and stderr are the CLI's, its exit code becomes the CLI's), or a script extension inside this
 * process, where `import ... from "kohub-cli"` resolves to the library built into the binary, so that
 * writing one needs neither Node nor Bun installed.
 *
 * @module
 */
import type { SplitArgs } from "../../argv.ts";
import { UsageError } from "../../errors.ts";
import type { FoundExtension } from "./_find.ts";

type Env = Record<string, string | undefined>;

/**
 * The environment of an extension: the CLI's, with the endpoint and token this command line would use
 * (flag, then env, then config file: the library's own resolution). No token leaves `HF_TOKEN` unset,
 * except an explicitly empty one, which stays empty so that a child kohub-cli stays anonymous too.
 * `--profile` becomes `KOHUB_PROFILE`, so that a child kohub-cli uses that profile's other settings too.
 */
export async function extensionEnv(globals: SplitArgs["globals"], env: Env): Promise<Env> {
  const { KohubClient } = await import("../../api/client.ts");
  const { endpoint, token, profile } = globals;
  const client = new KohubClient({ endpoint, token, profile, env });
  const explicitlyEmpty = client.token === undefined && client.tokenSource !== "none";
  return {
    ...env,
    ...(profile ? { KOHUB_PROFILE: profile } : {}),
    HF_ENDPOINT: client.endpoint,
    HF_TOKEN: explicitlyEmpty ? "" : client.token,
  };
}

/** Runs a program with the CLI's standard streams; a signal's death is 128 + its number, as shells say. */
async function spawnInherit(cmd: string[], env: Env): Promise<number> {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  const proc = Bun.spawn(cmd, { env: defined, stdin: "inherit", stdout: "inherit", stderr: "inherit" });
  const code = await proc.exited;
  if (proc.signalCode) {
    const { constants } = await import("node:os");
    return 128 + (constants.signals[proc.signalCode as keyof typeof constants.signals] ?? 0);
  }
  return code;
}

/** A shell alias: `sh -c SCRIPT NAME ARGS...` (the arguments are `$1`…, `$0` is the alias's name). */
export function runShellAlias(name: string, script: string, args: string[], env: Env): Promise<number> {
  const sh = Bun.which("sh", { PATH: env.PATH ?? "" });
  if (!sh) {
    throw new UsageError(
      `The alias "${name}" is a shell alias and needs sh on PATH (on Windows, Git for Windows provides one)`,
    );
  }
  return spawnInherit([sh, "-c", script, name, ...args], env);
}

/** Runs an extension with its arguments and returns its exit code. */
export function runExtension(found: FoundExtension, args: string[], env: Env): Promise<number> {
  if (found.kind === "executable") return spawnInherit([found.path, ...args], env);
  return runScript(found.path, args, env);
}

/**
 * Imports a script extension in this process. Bun transpiles TypeScript itself (also inside a compiled
 * binary), and a runtime plugin makes the bare `kohub-cli` resolve to the library this binary holds. The
 * script sees `process.argv` as `[cli, script, ...args]` and sets `process.exitCode` (or throws).
 */
async function runScript(path: string, args: string[], env: Env): Promise<number> {
  const library = await import("../../index.ts");
  Bun.plugin({
    name: "kohub-cli library",
    setup(build) {
      build.module("kohub-cli", () => ({ exports: { ...library }, loader: "object" }));
    },
  });
  for (const key of ["HF_ENDPOINT", "HF_TOKEN", "KOHUB_PROFILE"]) {
    if (env[key] === undefined) delete process.env[key];
    else process.env[key] = env[key];
  }
  process.argv = [process.argv[0] ?? process.execPath, path, ...args];
  process.exitCode = 0;
  await import(path);
  return Number(process.exitCode ?? 0);
}
