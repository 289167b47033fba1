/** Asking for a config key and its value, checked as `config set` checks it. */

import { type ConfigValue, KEYS, parseValue } from "../../commands/config/_keys.ts";
import type { ConfigKey, KohubConfig } from "../../config/store.ts";
import type { Prompter } from "../prompter.ts";
import { problemOf } from "./_validate.ts";

/** Asks which key to set and its new value (typed per key: a select for booleans and repo types). */
export async function askConfigValue(
  prompter: Prompter,
  current: KohubConfig,
): Promise<{ key: ConfigKey; value: ConfigValue }> {
  const key = await prompter.select<ConfigKey>({
    message: "Which setting?",
    options: KEYS.map((k) => ({
      value: k,
      label: k,
      hint: current[k] === undefined ? "not set" : k === "token" ? "set" : String(current[k]),
    })),
  });
  if (key === "interactive_mode_default") {
    const v = await prompter.select({
      message: "Start the interactive mode when kohub-cli runs without arguments?",
      options: [
        { value: "true", label: "yes" },
        { value: "false", label: "no", hint: "print the help instead" },
      ],
      initialValue: current[key] === false ? "false" : "true",
    });
    return { key, value: v === "true" };
  }
  if (key === "default_repo_type") {
    const v = await prompter.select({
      message: "Default repository type",
      options: ["model", "dataset", "space"].map((t) => ({ value: t, label: t })),
      initialValue: (current[key] as string | undefined) ?? "model",
    });
    return { key, value: v };
  }
  const validate = problemOf((v) => parseValue(key, v.trim()));
  const text =
    key === "token"
      ? await prompter.password({ message: "New token", validate })
      : await prompter.text({
          message: `New value of ${key}`,
          initialValue: typeof current[key] === "string" ? (current[key] as string) : undefined,
          validate,
        });
  return { key, value: parseValue(key, text.trim()) };
}
