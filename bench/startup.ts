/**
 * Startup benchmark: the compiled kohub-cli against a compiled Bun hello-world, in one run, as ratios.
 *
 *   npx bun bench/startup.ts [--runs 30]
 *
 * Measures, interleaved round by round (so machine drift hits every command alike):
 *   hello        a compiled `console.log("hello world")`
 *   --version    kohub-cli --version
 *   --help       kohub-cli --help
 *   curl         curl fetching the same repo info as `repo info` (when curl is installed)
 *   repo info    kohub-cli repo info <repo> against the local hub (started in this process)
 * and reports medians, and the ratios --version/hello, --help/hello, repo info/(hello + curl).
 * Targets (issue 3): --version and --help within 1.3x of hello, repo info within 1.5x of hello + curl.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildTarget, hostTarget } from "../build.ts";
import { startHub } from "../hub/server.ts";
import { createUser } from "../tests/helpers/hub.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "30" } } });
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), "kohub-bench-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

const helloSrc = join(work, "hello.ts");
writeFileSync(helloSrc, 'console.log("hello world");\n');
const hello = join(work, "hello");
const built = await Bun.build({
  entrypoints: [helloSrc],
  compile: { outfile: hello },
  minify: true,
  bytecode: true,
});
if (!built.success) throw new Error("hello-world build failed");
const kohub = await buildTarget(hostTarget(), { outDir: work });

const hub = await startHub();
const user = await createUser(hub);
await user.client.createRepo({ repoId: "bench-model" });
const repoId = `${user.username}/bench-model`;
const env = {
  ...process.env,
  HF_ENDPOINT: hub.url,
  HF_TOKEN: user.token,
  KOHUB_CONFIG_DIR: work,
  NO_COLOR: "1",
};
const hasCurl = Bun.which("curl") !== null;

const commands: Record<string, string[]> = {
  hello: [hello],
  "--version": [kohub, "--version"],
  "--help": [kohub, "--help"],
  "repo info": [kohub, "repo", "info", repoId],
};
if (hasCurl) {
  commands.curl = [
    "curl",
    "-sf",
    "-H",
    `Authorization: Bearer ${user.token}`,
    `${hub.url}/api/models/${repoId}`,
  ];
}

async function time(cmd: string[]): Promise<number> {
  const started = performance.now();
  const proc = Bun.spawn(cmd, { env, stdout: "ignore", stderr: "ignore" });
  const code = await proc.exited;
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited with ${code}`);
  return performance.now() - started;
}

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (const cmd of Object.values(commands)) await time(cmd); // warm-up
for (let i = 0; i < runs; i++) {
  for (const [name, cmd] of Object.entries(commands)) samples[name]?.push(await time(cmd));
}
await hub.stop();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
/** Median of the per-round ratios a[i] / b[i]. */
const ratio = (a: number[], b: number[]) => median(a.map((x, i) => x / (b[i] as number)));

console.log(`startup, ${runs} interleaved rounds (median wall ms)`);
for (const [name, xs] of Object.entries(samples))
  console.log(`  ${name.padEnd(10)} ${median(xs).toFixed(1)}`);
const h = samples.hello as number[];
console.log("ratios (median of per-round ratios)");
console.log(
  `  --version / hello          ${ratio(samples["--version"] as number[], h).toFixed(2)}x  (target ≤ 1.3)`,
);
console.log(
  `  --help / hello             ${ratio(samples["--help"] as number[], h).toFixed(2)}x  (target ≤ 1.3)`,
);
if (hasCurl) {
  const base = h.map((x, i) => x + ((samples.curl as number[])[i] as number));
  console.log(
    `  repo info / (hello + curl) ${ratio(samples["repo info"] as number[], base).toFixed(2)}x  (target ≤ 1.5)`,
  );
}
console.log(`binary: ${kohub} (${(Bun.file(kohub).size / 1e6).toFixed(1)} MB)`);
