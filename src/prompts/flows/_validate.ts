/** Turns the commands' throwing checks into prompt validators (the same rules, as the user types). */
import { checkRefName, namespaceProblem, parseRepoId, repoNameProblem } from "../../api/validate.ts";
import type { Validate } from "../prompter.ts";

/** A validator from a check that throws (its message is shown under the prompt). */
export function problemOf(check: (value: string) => unknown): Validate {
  return (value) => {
    try {
      check(value);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  };
}

/** `name` or `namespace/name`. */
export const validRepoId: Validate = problemOf(parseRepoId);

/** A repository name (no namespace). */
export const validRepoName: Validate = (v) => {
  const p = repoNameProblem(v);
  return p ? `The name ${p}` : undefined;
};

/** A user name. */
export const validUsername: Validate = (v) => {
  const p = namespaceProblem(v, "username");
  return p ? `The username ${p}` : undefined;
};

/** An organization name. */
export const validOrgName: Validate = (v) => {
  const p = namespaceProblem(v, "organization");
  return p ? `The name ${p}` : undefined;
};

/** A branch or tag name. */
export function validRef(kind: string): Validate {
  return problemOf((v) => checkRefName(v, kind));
}

/** Something, anything. */
export function required(what: string): Validate {
  return (v) => (v.trim() ? undefined : `Enter ${what}`);
}

/** An email address, as `auth register` checks it. */
export const validEmail: Validate = (v) =>
  /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? undefined : "Enter a valid email address";
