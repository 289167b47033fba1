/**
 * `bun hub/cli.ts` (what `npm run hub` runs), as a person meets it: its --help, a mistaken option, the URL
 * it prints, and a --fault in effect. Each hub runs in a process of its own on a free port (`--port 0`,
 * the printed URL says which) and is killed at the end whatever happens.
 */
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

const CLI = join(import.meta.dir, "..", "..", "hub", "cli.ts");
const running: Subprocess[] = [];
afterAll(async () => {
  // SIGTERM lets a hub remove its temporary data; one that does not end soon is killed.
  for (const proc of running) proc.kill("SIGTERM");
  await Promise.all(running.map((proc) => Promise.race([proc.exited, Bun.sleep(10_000)])));
  for (const proc of running) proc.kill("SIGKILL");
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const proc = Bun.spawn([process.execPath, CLI, ...args], { stdout: "pipe", stderr: "pipe" });
  running.push(proc);
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, out, err };
}

/** Starts the hub and waits for the line that names its URL (reading on keeps its stderr flowing). */
async function startCli(args: string[]): Promise<{ url: string; banner: string }> {
  const proc = Bun.spawn([process.execPath, CLI, "--port", "0", ...args], {
    stdout: "ignore",
    stderr: "pipe",
  });
  running.push(proc);
  const reader = proc.stderr.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const found = /listening on (\S+) .*Ctrl-C/.exec(text);
    if (found) {
      void (async () => {
        while (!(await reader.read()).done) {}
      })();
      return { url: found[1] as string, banner: text };
    }
    const next = await reader.read();
    if (next.done) break;
    text += decoder.decode(next.value);
  }
  throw new Error(`the hub did not announce its URL:\n${text}`);
}

test("--help: usage, every option, the fault syntax and examples, exit 0", async () => {
  const { code, out } = await run(["--help"]);
  expect(code).toBe(0);
  expect(out).toStartWith("Usage: npm run hub -- [options]");
  for (const option of [
    "--port N",
    "--host ADDRESS",
    "--base-url URL",
    "--data DIR",
    "--log",
    "--fault SPEC",
    "-h, --help",
  ]) {
    expect(out).toContain(`  ${option}`);
  }
  expect(out).toContain("Fault SPEC: MATCH=ANSWER[*TIMES]");
  expect(out).toContain("stall-body");
  expect(out).toContain("Examples:");
  expect((await run(["-h"])).out).toBe(out);
}, 30_000);

test("an unknown option or a wrong SPEC: one line on stderr, exit 2, no stack", async () => {
  for (const args of [["--bogus"], ["--fault", "downloads=503"], ["--port", "http"]]) {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err.trimEnd().split("\n")).toHaveLength(1);
    expect(err).toStartWith("hub: ");
    expect(err).toContain("(see --help)");
    expect(err).not.toContain("    at ");
  }
  expect((await run(["--bogus"])).err).toContain("'--bogus'");
}, 30_000);

test("the hub says localhost, listens on 127.0.0.1, hands out localhost links, and creates --data", async () => {
  const data = join(mkdtempSync(join(tmpdir(), "kohub-hub-cli-")), "new", "dir");
  const { url, banner } = await startCli(["--data", data]);
  expect(url).toMatch(/^http:\/\/localhost:\d+$/);
  expect(banner).toContain(`(data: ${data})`);
  expect(existsSync(join(data, "hub.sqlite"))).toBe(true);
  const port = new URL(url).port;
  expect((await fetch(`http://127.0.0.1:${port}/api/version`)).status).toBe(200);

  // An absolute URL it hands out: the new repo's, from a logged-in session.
  const user = `cli${Math.random().toString(36).slice(2, 8)}`;
  const post = (path: string, body: unknown, cookie = "") =>
    fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(body),
    });
  expect(
    (
      await post("/api/auth/register", {
        username: user,
        email: `${user}@example.com`,
        password: "pw-123456",
      })
    ).ok,
  ).toBe(true);
  const login = await post("/api/auth/login", { username: user, password: "pw-123456" });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const created = (await (await post("/api/repos/create", { name: "m" }, cookie)).json()) as { url: string };
  expect(created.url).toBe(`${url}/models/${user}/m`);
}, 90_000);

test("--fault: the matching request gets the fault, as many times as said, then the real answer", async () => {
  const spec = "GET /api/version=503:ServerError:down for a bit*1";
  const { url, banner } = await startCli(["--fault", spec, "--fault", "/health=stall"]);
  expect(banner).toContain(`fault: ${spec}`);
  const failed = await fetch(`${url}/api/version`);
  expect(failed.status).toBe(503);
  expect(failed.headers.get("x-error-code")).toBe("ServerError");
  expect(failed.headers.get("x-error-message")).toBe("down for a bit");
  expect(await failed.json()).toEqual({ detail: { error: "down for a bit" } });
  expect((await fetch(`${url}/api/version`)).status).toBe(200);
  const stalled = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) }).catch(
    (e: Error) => e.name,
  );
  expect(stalled).toBe("TimeoutError");
}, 90_000);
