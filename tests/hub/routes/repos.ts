/** repos routes of the local hub (to be filled in). */
import type { Router } from "../router.ts";

export const schema = "";

export function register(_r: Router): void {}
