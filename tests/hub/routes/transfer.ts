/** Transfer routes of the local hub: preupload, commit, LFS batch/verify/complete, resolve (to be filled in). */
import type { Router } from "../router.ts";

export const schema = "";

export function register(_r: Router): void {}
