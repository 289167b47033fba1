/** Asking about API tokens. */
import type { Prompter } from "../prompter.ts";
import { required } from "./_validate.ts";

/** Asks the name of a new token. */
export async function askTokenName(prompter: Prompter): Promise<string> {
  return (
    await prompter.text({ message: "Token name", placeholder: "ci", validate: required("a name") })
  ).trim();
}

/** Picks one of the tokens; returns its id. */
export async function pickToken(
  prompter: Prompter,
  tokens: Array<{ id: number | string; name: string }>,
): Promise<number> {
  const value = await prompter.select({
    message: "Which token?",
    options: tokens.map((t) => ({ value: String(t.id), label: t.name, hint: `id ${t.id}` })),
  });
  return Number(value);
}
