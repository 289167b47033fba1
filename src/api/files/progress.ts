/**
 * Progress accounting of transfers: one {@link PhaseProgress} per phase, one {@link FileCounter} per file,
 * which emit the {@link TransferProgress} events.
 *
 * @module
 */
import type { FileProgress, ProgressCallback, TransferPhase, TransferProgress } from "./types.ts";

/** One phase's counters; emits {@link TransferProgress} events. */
export class PhaseProgress {
  bytes = 0;
  skippedBytes = 0;
  filesDone = 0;

  constructor(
    private readonly callback: ProgressCallback | undefined,
    readonly phase: TransferPhase,
    public totalBytes: number,
    public filesTotal: number,
  ) {
    this.emit(undefined);
  }

  /** More work became known (a listing page arrived while the first files were already moving). */
  grow(bytes: number, files: number): void {
    this.totalBytes += bytes;
    this.filesTotal += files;
  }

  emit(file: FileProgress | undefined): void {
    if (!this.callback) return;
    const event: TransferProgress = {
      phase: this.phase,
      bytes: this.bytes,
      totalBytes: this.totalBytes,
      skippedBytes: this.skippedBytes,
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
    };
    if (file) event.file = { ...file };
    this.callback(event);
  }

  file(path: string, size: number): FileCounter {
    return new FileCounter(this, path, size);
  }
}

/** One file's counters within a {@link PhaseProgress}. */
export class FileCounter {
  private readonly state: FileProgress;
  constructor(
    private readonly phase: PhaseProgress,
    path: string,
    size: number,
  ) {
    this.state = { path, bytes: 0, totalBytes: size, skippedBytes: 0, done: false };
  }

  /** `n` bytes transferred (negative to take back bytes of a failed attempt). */
  add(n: number): void {
    if (n === 0) return;
    this.state.bytes += n;
    this.phase.bytes += n;
    this.phase.emit(this.state);
  }

  /** `n` bytes that need no transfer (resumed, already present). */
  skip(n: number): void {
    if (n === 0) return;
    this.state.bytes += n;
    this.state.skippedBytes += n;
    this.phase.bytes += n;
    this.phase.skippedBytes += n;
    this.phase.emit(this.state);
  }

  /** Takes back everything counted for this file (the transfer starts over). */
  reset(): void {
    if (this.state.bytes === 0) return;
    this.phase.bytes -= this.state.bytes;
    this.phase.skippedBytes -= this.state.skippedBytes;
    this.state.bytes = 0;
    this.state.skippedBytes = 0;
    this.phase.emit(this.state);
  }

  /** Finishes the file; bytes not counted yet count as skipped when `skipped`, otherwise as done. */
  done(skipped = false): void {
    const rest = this.state.totalBytes - this.state.bytes;
    if (rest > 0) {
      this.state.bytes += rest;
      this.phase.bytes += rest;
      if (skipped) {
        this.state.skippedBytes += rest;
        this.phase.skippedBytes += rest;
      }
    }
    this.state.done = true;
    if (skipped) this.state.skipped = true;
    this.phase.filesDone++;
    this.phase.emit(this.state);
  }
}
