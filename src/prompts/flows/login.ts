/** Asking how to log in: username and password, or an API token pasted from the web UI. */
import type { Prompter } from "../prompter.ts";
import { required } from "./_validate.ts";

/** How the user chose to log in. */
export type LoginAnswer =
  | { method: "password"; username: string; password: string }
  | { method: "token"; token: string }
  | { method: "skip" };

/** Asks the login method and the credentials. `allowSkip` adds "stay logged out" (the wizard). */
export async function askLogin(
  prompter: Prompter,
  options: { allowSkip?: boolean; username?: string } = {},
): Promise<LoginAnswer> {
  const choices = [
    { value: "password" as const, label: "Username and password", hint: "creates an API token for this CLI" },
    { value: "token" as const, label: "Paste an API token", hint: "from the web UI's settings" },
  ];
  const method = await prompter.select<"password" | "token" | "skip">({
    message: "How do you want to log in?",
    options: options.allowSkip
      ? [...choices, { value: "skip", label: "Skip for now", hint: "public repositories only" }]
      : choices,
  });
  if (method === "skip") return { method };
  if (method === "token") {
    const token = await prompter.password({ message: "API token", validate: required("the token") });
    return { method, token: token.trim() };
  }
  const username = await prompter.text({
    message: "Username",
    initialValue: options.username,
    validate: required("your username"),
  });
  const password = await prompter.password({ message: "Password", validate: required("your password") });
  return { method, username: username.trim(), password };
}
