/**
 * Value formatting for text output: sizes, dates, and the colour functions (picocolors, loaded only when
 * colour is on, so piped output never pays for it).
 *
 * @module
 */
import type { Colors } from "picocolors/types";

const identity = (s: string | number | null | undefined) => String(s ?? "");

/** Colour functions that do nothing. */
export const noColors: Colors = new Proxy({} as Colors, {
  get: (_target, prop) => (prop === "isColorSupported" ? false : identity),
});

/** Colour functions: picocolors when enabled, {@link noColors} otherwise. */
export async function loadColors(enabled: boolean): Promise<Colors> {
  if (!enabled) return noColors;
  const pc = await import("picocolors");
  return pc.createColors(true);
}

/** `1.5 MB`, `512 B` (decimal units, as the Hub shows them). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return "-";
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  let unit = "B";
  for (const u of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = u;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
}

/** A server timestamp as a Date (naive values are UTC); undefined when absent or unreadable. */
export function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "number") return new Date(value < 1e12 ? value * 1000 : value);
  const text = String(value);
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
  const date = new Date(hasZone || !text.includes("T") ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `3 minutes ago`, `in 2 days`, `just now`. */
export function relativeTime(date: Date, now = Date.now()): string {
  const diff = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(diff);
  if (abs < 45) return "just now";
  const steps: Array<[number, string]> = [
    [60, "minute"],
    [3600, "hour"],
    [86400, "day"],
    [2592000, "month"],
    [31536000, "year"],
  ];
  let unit = "minute";
  let size = 60;
  for (const [seconds, name] of steps) {
    if (abs >= seconds * 0.9) {
      unit = name;
      size = seconds;
    }
  }
  const n = Math.max(1, Math.round(abs / size));
  const label = `${n} ${unit}${n === 1 ? "" : "s"}`;
  return diff < 0 ? `${label} ago` : `in ${label}`;
}

/** ISO-8601 in UTC without milliseconds, for machine-readable output. */
export function isoString(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
