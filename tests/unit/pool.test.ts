/**
 * The worker pool of src/api/files/pool.ts, over a list and over a stream that arrives in batches (a
 * listing read page by page): at most `workers` tasks at a time, the first failure (of a task or of the
 * stream) stops the rest and is rethrown once the started tasks have settled, and the stream is closed.
 */
import { describe, expect, test } from "bun:test";
import { runPool } from "../../src/api/files/pool.ts";
import { childController, sleep } from "../../src/api/files/retry.ts";

/** A source of batches that logs when each is asked for and handed out, and can fail at one. */
async function* batches(log: string[], count: number, size: number, failAt?: number) {
  try {
    for (let b = 0; b < count; b++) {
      log.push(`ask ${b}`);
      await sleep(2);
      if (b === failAt) throw new Error(`page ${b} is bad`);
      yield* Array.from({ length: size }, (_, i) => b * size + i);
    }
  } finally {
    log.push("source closed");
  }
}

describe("runPool over a stream", () => {
  test("every item of every batch, at most `workers` at a time", async () => {
    const log: string[] = [];
    const done: number[] = [];
    let running = 0;
    let most = 0;
    await runPool(batches(log, 3, 10), 4, childController(undefined), async (n) => {
      if (n === 0) log.push("first item");
      running++;
      most = Math.max(most, running);
      await sleep(1);
      running--;
      done.push(n);
    });
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(most).toBe(4);
    expect(log.at(-1)).toBe("source closed");
  });

  test("a source that fails stops the pool: no item after it starts, and its error is rethrown", async () => {
    const log: string[] = [];
    const started: number[] = [];
    const controller = childController(undefined);
    const err = await runPool(batches(log, 3, 200, 1), 2, controller, async (n) => {
      started.push(n);
      await sleep(1);
    }).catch((e: unknown) => e as Error);
    expect((err as Error).message).toBe("page 1 is bad");
    expect(controller.signal.aborted).toBe(true);
    expect(started.length).toBeLessThanOrEqual(200); // nothing of batch 1
    expect(log.at(-1)).toBe("source closed");
  });

  test("a task that fails stops the others from starting; the error is rethrown after the started ones settle", async () => {
    const log: string[] = [];
    let settled = 0;
    const err = await runPool(batches(log, 5, 10), 3, childController(undefined), async (n) => {
      await sleep(n === 4 ? 1 : 3);
      settled++;
      if (n === 4) throw new Error("task 4 failed");
    }).catch((e: unknown) => e as Error);
    expect((err as Error).message).toBe("task 4 failed");
    expect(settled).toBeLessThan(12);
    expect(log).toContain("source closed");
  });
});

describe("runPool", () => {
  test("at most `workers` at a time; the first failure is rethrown once the started tasks settle", async () => {
    let running = 0;
    let most = 0;
    let finished = 0;
    const controller = childController(undefined);
    const err = await runPool(
      Array.from({ length: 50 }, (_, i) => i),
      5,
      controller,
      async (n) => {
        running++;
        most = Math.max(most, running);
        await sleep(n === 7 ? 1 : 2);
        running--;
        finished++;
        if (n === 7) throw new Error("seven");
      },
    ).catch((e: unknown) => e as Error);
    expect((err as Error).message).toBe("seven");
    expect(most).toBe(5);
    expect(running).toBe(0); // nothing left running when it throws
    expect(finished).toBeLessThan(50);
    expect(controller.signal.aborted).toBe(true);
  });
});
