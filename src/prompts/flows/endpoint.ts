/** Asking for the server URL, checked against the server before it is accepted. */
import { parseValue } from "../../commands/config/_keys.ts";
import type { Prompter } from "../prompter.ts";
import { problemOf } from "./_validate.ts";

/**
 * Asks for the endpoint until the server answers `check` (which returns a problem, or undefined when the
 * URL is a KohakuHub server), or the user keeps an unchecked URL anyway.
 */
export async function askEndpoint(
  prompter: Prompter,
  initial: string,
  check: (url: string) => Promise<string | undefined>,
): Promise<string> {
  let value = initial;
  for (;;) {
    const typed = await prompter.text({
      message: "Server URL",
      placeholder: "http://localhost:8000",
      initialValue: value,
      validate: problemOf((v) => parseValue("endpoint", v.trim())),
    });
    const url = parseValue("endpoint", typed.trim()) as string;
    const problem = await check(url);
    if (!problem) return url;
    value = url;
    prompter.note(`${url}: ${problem}`, "The server did not answer as KohakuHub");
    const next = await prompter.select<"retry" | "keep">({
      message: "Use this URL anyway?",
      options: [
        { value: "retry", label: "Enter another URL" },
        { value: "keep", label: "Keep it anyway", hint: "the server may be down right now" },
      ],
    });
    if (next === "keep") return url;
  }
}
