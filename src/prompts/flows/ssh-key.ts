/** Asking about SSH keys: the public key file to add, and which key. */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Prompter } from "../prompter.ts";

/** The first public key found in ~/.ssh, in the order ssh-keygen's defaults are tried. */
function defaultKeyFile(): string | undefined {
  const dir = join(homedir(), ".ssh");
  return ["id_ed25519.pub", "id_ecdsa.pub", "id_rsa.pub"].map((f) => join(dir, f)).find((p) => existsSync(p));
}

/** Asks the path of the public key file to add (offering the usual one when it exists). */
export async function askKeyFile(prompter: Prompter): Promise<string> {
  const found = defaultKeyFile();
  const expand = (v: string) => v.trim().replace(/^~(?=\/)/, homedir());
  const path = await prompter.text({
    message: "Public key file",
    placeholder: "~/.ssh/id_ed25519.pub",
    ...(found ? { initialValue: found } : {}),
    validate: (v) => {
      const file = expand(v);
      if (!file) return "Give the path of a .pub file";
      return existsSync(file) ? undefined : `There is no file ${file}`;
    },
  });
  return expand(path);
}

/** Picks one of the keys; returns its id. */
export async function pickSshKey(
  prompter: Prompter,
  keys: Array<{ id: number | string; title: string; fingerprint: string }>,
): Promise<number> {
  const value = await prompter.select({
    message: "Which SSH key?",
    options: keys.map((k) => ({ value: String(k.id), label: k.title, hint: k.fingerprint })),
  });
  return Number(value);
}
