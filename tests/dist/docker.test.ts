/**
 * The Dockerfile, read without a Docker engine: a multi-stage build that compiles the binary with the
 * project's own build.ts, and a final stage with only that binary, run as a non-root user.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../build.ts";

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions (continuation lines joined, comments dropped), split into stages. */
function parse(text: string): Instruction[][] {
  const joined = text.replace(/\\\n/g, " ");
  const stages: Instruction[][] = [];
  for (const line of joined.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const [, op = "", args = ""] = /^(\S+)\s*(.*)$/.exec(trimmed) ?? [];
    if (op.toUpperCase() === "FROM") stages.push([]);
    stages[stages.length - 1]?.push({ op: op.toUpperCase(), args: args.replace(/\s+/g, " ") });
  }
  return stages;
}

const stages = parse(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
const build = stages[0] ?? [];
const final = stages[stages.length - 1] ?? [];
const all = (stage: Instruction[], op: string) => stage.filter((i) => i.op === op).map((i) => i.args);

describe("Dockerfile", () => {
  test("two stages: a Node build stage, then a distroless/cc image", () => {
    expect(stages.length).toBe(2);
    expect(all(build, "FROM")[0]).toMatch(/^node:\d+[\w.-]* AS build$/);
    expect(all(final, "FROM")[0]).toMatch(/^gcr\.io\/distroless\/cc(-debian\d+)?(:[\w-]+)?$/);
  });

  test("the build stage installs with npm ci and builds one linux target with build.ts", () => {
    const runs = all(build, "RUN").join("\n");
    expect(runs).toContain("npm ci");
    expect(runs).toMatch(/npx bun build\.ts --target "linux-\$arch"/);
    expect(runs).toContain("/kohub-cli --version");
    // package files first, so that the npm ci layer is cached across source changes
    const copies = all(build, "COPY");
    expect(copies[0]).toBe("package.json package-lock.json ./");
  });

  test("the final stage holds only the binary (and the user's empty config folder) and runs it as a non-root user", () => {
    expect(all(final, "COPY")).toEqual([
      "--from=build --chmod=755 /kohub-cli /usr/local/bin/kohub-cli",
      "--from=build --chown=65532:65532 /kohub-home /home/nonroot/.kohub",
    ]);
    expect(all(final, "RUN")).toEqual([]);
    const user = all(final, "USER")[0] ?? "";
    expect(user).toMatch(/^\d+:\d+$/);
    expect(user.startsWith("0:")).toBe(false);
    expect(all(final, "ENTRYPOINT")).toEqual(['["kohub-cli"]']);
  });

  test(".dockerignore keeps what the build needs and drops the rest", () => {
    const ignored = readFileSync(join(ROOT, ".dockerignore"), "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    for (const p of ["node_modules", "dist", ".git"]) expect(ignored).toContain(p);
    for (const p of ["src", "build.ts", "scripts", "package.json", "package-lock.json"])
      expect(ignored).not.toContain(p);
  });
});
