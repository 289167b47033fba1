/**
 * Transfer progress on stderr, fed by the library's `onProgress` events: one bar per phase (hashing,
 * uploading, committing, downloading) with bytes, rate and ETA, redrawn in place (`\r`) at most every
 * 100 ms, and a summary line when the phase ends. With `--verbose`, one line per finished file above the
 * bar. Drawn only when stderr is a terminal and not `--quiet`; otherwise the renderer does nothing.
 *
 * While a bar is shown, other writes to stderr (notices, `--verbose` request lines) clear it first and
 * it is redrawn below them.
 *
 * @module
 */
import type { TransferPhase, TransferProgress } from "../api/files/api.ts";
import { formatBytes } from "./format.ts";
import type { IO } from "./io.ts";

/** What a transfer command gets: the callback for the library and the end of the display. */
export interface ProgressRenderer {
  /** Pass this to the library as `onProgress`. */
  onProgress(event: TransferProgress): void;
  /** Ends the current phase (its summary line stays) and releases stderr. Idempotent. */
  finish(): void;
  /** Whether anything is drawn. */
  readonly active: boolean;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  io: IO;
  /** Draw at all (stderr is a TTY and not `--quiet`). */
  enabled: boolean;
  /** One line per finished file. */
  verbose?: boolean;
  /** Milliseconds between redraws (default 100). */
  intervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

const LABELS: Record<TransferPhase, [active: string, done: string]> = {
  hashing: ["Hashing", "Hashed"],
  uploading: ["Uploading", "Uploaded"],
  committing: ["Committing", "Committed"],
  downloading: ["Downloading", "Downloaded"],
};

/** `1.2s`, `3m05s`, `1h02m` */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--";
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** `12 MB/s` */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.max(0, Math.round(bytesPerSecond)))}/s`;
}

interface PhaseState {
  phase: TransferPhase;
  started: number;
  last: TransferProgress;
  /** (time, transferred bytes) samples of the last few seconds, for the rate. */
  samples: Array<[number, number]>;
}

/** A renderer that draws nothing (piped stderr, `--quiet`). */
const NOOP: ProgressRenderer = { onProgress() {}, finish() {}, active: false };

/** Creates the progress display of one command run. */
export function createProgress(options: ProgressOptions): ProgressRenderer {
  if (!options.enabled) return NOOP;
  const { io } = options;
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 100;
  const sink = io.err;
  const original = sink.write;
  const write = original.bind(sink);
  let current: PhaseState | undefined;
  let shown = false;
  let lastDraw = -Infinity;
  let finished = false;

  const clear = () => {
    if (shown) write("\r\x1b[K");
    shown = false;
  };
  // Other stderr writes (notices, request logs) go above the bar.
  sink.write = (text: string) => {
    const wasShown = shown;
    clear();
    write(text);
    if (wasShown && current) draw(true);
  };

  const transferred = (e: TransferProgress) => e.bytes - e.skippedBytes;

  function rate(state: PhaseState): number {
    const s = state.samples;
    const first = s[0];
    const lastSample = s[s.length - 1];
    if (!first || !lastSample || lastSample[0] - first[0] < 200) {
      const elapsed = (now() - state.started) / 1000;
      return elapsed > 0.2 ? transferred(state.last) / elapsed : 0;
    }
    return (lastSample[1] - first[1]) / ((lastSample[0] - first[0]) / 1000);
  }

  function line(state: PhaseState): string {
    const e = state.last;
    const [label] = LABELS[state.phase];
    const pct =
      e.totalBytes > 0 ? Math.min(1, e.bytes / e.totalBytes) : e.filesTotal ? e.filesDone / e.filesTotal : 0;
    const r = rate(state);
    const eta = r > 0 ? formatDuration((e.totalBytes - e.bytes) / r) : "--";
    const files = e.filesTotal > 1 ? `  ${e.filesDone}/${e.filesTotal} files` : "";
    const text = `  ${(pct * 100).toFixed(0).padStart(3)}%  ${formatBytes(e.bytes)}/${formatBytes(e.totalBytes)}  ${formatRate(r)}  ETA ${eta}${files}`;
    const width = Math.max(10, Math.min(30, io.columns - label.length - text.length - 5));
    const filled = Math.round(pct * width);
    const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
    return `${label.padEnd(11)} ${bar}${text}`.slice(0, Math.max(20, io.columns - 1));
  }

  function draw(force = false): void {
    if (!current) return;
    const t = now();
    if (!force && t - lastDraw < interval) return;
    lastDraw = t;
    write(`\r\x1b[K${line(current)}`);
    shown = true;
  }

  function endPhase(): void {
    if (!current) return;
    const state = current;
    current = undefined;
    clear();
    const e = state.last;
    if (e.totalBytes === 0 && e.filesTotal === 0) return;
    const seconds = (now() - state.started) / 1000;
    const moved = transferred(e);
    const skipped = e.skippedBytes > 0 ? `, ${formatBytes(e.skippedBytes)} already there` : "";
    const files = `${e.filesDone} file${e.filesDone === 1 ? "" : "s"}`;
    const speed = seconds > 0 && moved > 0 ? `, ${formatRate(moved / seconds)}` : "";
    write(
      `${LABELS[state.phase][1].padEnd(11)} ${files}, ${formatBytes(e.bytes)} in ${formatDuration(seconds)}${speed}${skipped}\n`,
    );
  }

  return {
    active: true,
    onProgress(event) {
      if (finished) return;
      if (!current || current.phase !== event.phase || !event.file) {
        if (!event.file) {
          // The first event of a phase: its totals.
          endPhase();
          current = { phase: event.phase, started: now(), last: event, samples: [] };
          draw(true);
          return;
        }
      }
      if (!current) return;
      current.last = event;
      const t = now();
      const samples = current.samples;
      samples.push([t, transferred(event)]);
      while (samples.length > 2 && t - (samples[0] as [number, number])[0] > 5000) samples.shift();
      if (event.file?.done && options.verbose && event.phase !== "hashing") {
        clear();
        const f = event.file;
        const note = f.skipped ? " (already there)" : "";
        write(`  ${f.skipped ? "=" : "✓"} ${f.path}  ${formatBytes(f.totalBytes)}${note}\n`);
        draw(true);
        return;
      }
      draw(event.filesDone === event.filesTotal && event.bytes >= event.totalBytes);
    },
    finish() {
      if (finished) return;
      endPhase();
      finished = true;
      sink.write = original;
    },
  };
}
