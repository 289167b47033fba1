/**
 * The download locks (huggingface_hub's: `flock` on a `.lock` file): a second holder waits until the first
 * lets go, a wait ends with its signal, and with locking off the work runs at once. The lock against
 * huggingface_hub itself is in tests/interop/python.test.ts.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lockOptions, withFileLock } from "../../src/api/files/lock.ts";

afterEach(() => {
  lockOptions.enabled = true;
});

const lockPath = () => join(mkdtempSync(join(tmpdir(), "kohub-lock-")), "a.lock");

/** Takes the lock of `path` and keeps it until `release` is called; `held` settles once it is let go. */
async function holdLock(path: string): Promise<{ held: Promise<void>; release: () => void }> {
  let release = () => {};
  let taken = () => {};
  const inside = new Promise<void>((r) => (taken = r));
  const held = withFileLock(path, new AbortController().signal, () => {
    taken();
    return new Promise<void>((r) => (release = r));
  });
  await inside;
  return { held, release: () => release() };
}

describe.skipIf(process.platform === "win32")("withFileLock", () => {
  test("a second holder waits until the first lets go", async () => {
    const path = lockPath();
    const order: string[] = [];
    let release = () => {};
    const first = withFileLock(path, new AbortController().signal, async () => {
      order.push("first in");
      await new Promise<void>((r) => {
        release = r;
      });
      order.push("first out");
    });
    await Bun.sleep(20);
    const second = withFileLock(path, new AbortController().signal, async () => {
      order.push("second in");
      return 42;
    });
    await Bun.sleep(150);
    expect(order).toEqual(["first in"]); // still waiting
    release();
    await first;
    expect(await second).toBe(42);
    expect(order).toEqual(["first in", "first out", "second in"]);
  });

  test("a wait ends with its signal; the holder is not disturbed", async () => {
    const path = lockPath();
    const { held, release } = await holdLock(path);
    const controller = new AbortController();
    const waiting = withFileLock(path, controller.signal, async () => "never");
    setTimeout(() => controller.abort(new Error("stopped")), 80);
    await expect(waiting).rejects.toThrow("stopped");
    release();
    await held;
    expect(await withFileLock(path, new AbortController().signal, async () => "free")).toBe("free");
  });

  test("with locking off, the work runs at once", async () => {
    const path = lockPath();
    const { held, release } = await holdLock(path);
    lockOptions.enabled = false;
    expect(await withFileLock(path, new AbortController().signal, async () => "ran")).toBe("ran");
    release();
    await held;
  });
});

describe("withFileLock in one process", () => {
  test("callers of one lock take turns even without flock; a waiter that is stopped leaves the queue", async () => {
    const path = lockPath();
    const order: string[] = [];
    const { held, release } = await holdLock(path);
    const controller = new AbortController();
    const stopped = withFileLock(path, controller.signal, async () => order.push("stopped ran"));
    const next = withFileLock(path, new AbortController().signal, async () => order.push("next ran"));
    controller.abort(new Error("stopped"));
    await expect(stopped).rejects.toThrow("stopped");
    expect(order).toEqual([]); // the holder still holds it
    release();
    await held;
    await next;
    expect(order).toEqual(["next ran"]);
  });
});
