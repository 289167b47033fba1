/**
 * Build information. `bun build --compile --define` replaces the constants; from source they fall back
 * to package.json.
 *
 * @module
 */
import pkg from "../package.json" with { type: "json" };

declare const KOHUB_VERSION: string | undefined;
declare const KOHUB_COMMIT: string | undefined;
declare const KOHUB_TARGET: string | undefined;

/** The package version, e.g. `0.1.0`. */
export const VERSION: string = typeof KOHUB_VERSION === "string" ? KOHUB_VERSION : pkg.version;
/** The git commit the binary was built from, or `dev`. */
export const COMMIT: string = typeof KOHUB_COMMIT === "string" ? KOHUB_COMMIT : "dev";
/** The build target, e.g. `bun-linux-x64`, or `source`. */
export const TARGET: string = typeof KOHUB_TARGET === "string" ? KOHUB_TARGET : "source";
