/**
 * The local hub for the benchmarks, in a process of its own (so that its CPU is not the measured one's),
 * with its data under `work`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Starts hub/ on `port`; resolves once it answers. `stop` ends it (also done when this process exits);
 * `cpuMs` reads the CPU time the hub process has used so far (undefined where /proc is not readable).
 */
export async function startHub(
  work: string,
  port: string,
): Promise<{ url: string; stop: () => void; cpuMs: () => number | undefined }> {
  const url = `http://127.0.0.1:${port}`;
  mkdirSync(join(work, "hub"), { recursive: true }); // the hub does not create --data
  const proc = Bun.spawn(
    [
      process.execPath,
      join(import.meta.dir, "..", "hub", "cli.ts"),
      "--port",
      port,
      "--data",
      join(work, "hub"),
      "--base-url", // the links it hands out use the same address as the bench, not localhost
      url,
    ],
    { stdout: "ignore", stderr: "pipe" },
  );
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/version`)).ok) break;
    } catch {}
    if (i > 200) throw new Error("the hub did not start");
    await Bun.sleep(50);
  }
  const stop = () => proc.kill("SIGTERM");
  process.on("exit", stop);
  const cpuMs = () => {
    try {
      // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (USER_HZ, 100 on Linux).
      const fields = readFileSync(`/proc/${proc.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  };
  return { url, stop, cpuMs };
}

/**
 * Registers a user, logs in and creates an API token, over plain HTTP: a bench then needs nothing from src/,
 * which may be half rewritten while it runs.
 */
export async function createUser(
  url: string,
  prefix = "bench",
): Promise<{ username: string; token: string }> {
  const username = `${prefix}${Math.random().toString(36).slice(2, 8)}`;
  const password = `pw-${username}`;
  const post = async (path: string, body: unknown, cookie = "") => {
    const res = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  await post("/api/auth/register", { username, email: `${username}@example.com`, password });
  const login = await post("/api/auth/login", { username, password });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const created = await post("/api/auth/tokens/create", { name: "bench" }, cookie);
  return { username, token: ((await created.json()) as { token: string }).token };
}

/**
 * `count` small files of 2–10 KB of base64 text under `dir`, 100 per folder, named `f<i><suffix>`; returns
 * their total size.
 */
export function writeSmallFiles(dir: string, count: number, suffix = ".txt"): number {
  let total = 0;
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `d${Math.floor(i / 100)}`);
    mkdirSync(folder, { recursive: true });
    const text = Buffer.from(crypto.getRandomValues(new Uint8Array(2_000 + ((i * 7919) % 8_000)))).toString(
      "base64",
    );
    total += text.length;
    writeFileSync(join(folder, `f${i}${suffix}`), text);
  }
  return total;
}
