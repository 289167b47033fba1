/** Asking for a new account: username, email, password (twice). */
import type { RegisterOptions } from "../../commands/auth/register.ts";
import type { Prompter } from "../prompter.ts";
import { validEmail, validUsername } from "./_validate.ts";

/** Asks what `auth register` needs; the answers are its options. */
export async function askRegister(
  prompter: Prompter,
): Promise<RegisterOptions & { username: string; email: string; password: string }> {
  const username = await prompter.text({ message: "New username", validate: validUsername });
  const email = await prompter.text({ message: "Email", validate: validEmail });
  const password = await prompter.password({
    message: "New password",
    validate: (v) =>
      !v
        ? "Enter a password"
        : new TextEncoder().encode(v).length > 72
          ? "At most 72 bytes (the server hashes with bcrypt)"
          : undefined,
  });
  await prompter.password({
    message: "Repeat the password",
    validate: (v) => (v === password ? undefined : "The passwords differ"),
  });
  return { username, email, password, passwordStdin: false };
}
