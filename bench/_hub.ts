/**
 * The local hub for the benchmarks, in a process of its own (so that its CPU is not the measured one's),
 * with its data under `work`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Starts tests/hub on `port`; resolves once it answers. `stop` ends it (also done when this process exits);
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
      join(import.meta.dir, "..", "tests", "hub", "cli.ts"),
      "--port",
      port,
      "--data",
      join(work, "hub"),
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

/** `count` small files of 2–10 KB of base64 text under `dir`, 100 per folder; returns their total size. */
export function writeSmallFiles(dir: string, count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `d${Math.floor(i / 100)}`);
    mkdirSync(folder, { recursive: true });
    const text = Buffer.from(crypto.getRandomValues(new Uint8Array(2_000 + ((i * 7919) % 8_000)))).toString(
      "base64",
    );
    total += text.length;
    writeFileSync(join(folder, `f${i}.txt`), text);
  }
  return total;
}
