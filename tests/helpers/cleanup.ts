/**
 * Removing what a test run wrote, without making a test or a hook wait for the disk. Deleting thousands of
 * small files (hub blobs, caches, upload folders) can take many seconds on a busy disk, and a hook that
 * does it fails the run when it outlasts Bun's hook timeout.
 */
import { spawn } from "node:child_process";

/**
 * Removes a folder in a detached process and returns at once: the removal goes on after the test runner
 * has exited. The process is Bun itself, so that no `rm` is needed on any platform.
 */
export function removeLater(dir: string): void {
  const script = "require('node:fs').rmSync(process.argv[1], { recursive: true, force: true })";
  const child = spawn(process.execPath, ["-e", script, dir], { detached: true, stdio: "ignore" });
  child.on("error", () => {}); // a folder left in the temporary directory is no failure of the run
  child.unref();
}
