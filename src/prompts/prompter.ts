/**
 * Everything the CLI asks goes through a {@link Prompter}: the @clack/prompts one on a terminal (drawn on
 * stderr, so stdout stays clean for data), one that refuses when there is no terminal (a missing value is
 * then a usage error, never a prompt that waits), and scripted ones in tests.
 *
 * @module
 */
import { CancelError, UsageError } from "../errors.ts";

/** A choice of {@link Prompter.select}. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

/** A validator: an error message, or undefined when the value is fine. */
export type Validate = (value: string) => string | undefined;

/** The questions the CLI can ask. Cancelling (Ctrl-C, Escape) throws {@link CancelError}. */
export interface Prompter {
  text(opts: {
    message: string;
    placeholder?: string;
    initialValue?: string;
    validate?: Validate;
  }): Promise<string>;
  password(opts: { message: string; validate?: Validate }): Promise<string>;
  confirm(opts: { message: string; initialValue?: boolean }): Promise<boolean>;
  select<T extends string>(opts: { message: string; options: Choice<T>[]; initialValue?: T }): Promise<T>;
}

/** The prompter used when stdin or stderr is not a terminal: every question is a usage error. */
export function noPrompter(hint = "pass it as a flag"): Prompter {
  const refuse = async (message: string): Promise<never> => {
    throw new UsageError(
      `${message.replace(/[:?]\s*$/, "")} is required and no terminal is available to ask: ${hint}`,
    );
  };
  return {
    text: (o) => refuse(o.message),
    password: (o) => refuse(o.message),
    confirm: (o) => refuse(o.message),
    select: (o) => refuse(o.message),
  };
}

/** The @clack/prompts prompter, drawn on stderr. */
export async function clackPrompter(): Promise<Prompter> {
  const clack = await import("@clack/prompts");
  const common = { output: process.stderr, input: process.stdin };
  const done = <T>(value: T): Exclude<T, symbol> => {
    if (clack.isCancel(value)) throw new CancelError();
    return value as Exclude<T, symbol>;
  };
  return {
    async text(o) {
      return done(
        await clack.text({
          ...common,
          message: o.message,
          placeholder: o.placeholder,
          initialValue: o.initialValue,
          validate: o.validate ? (v) => o.validate?.(v ?? "") : undefined,
        }),
      );
    },
    async password(o) {
      return done(
        await clack.password({
          ...common,
          message: o.message,
          validate: o.validate ? (v) => o.validate?.(v ?? "") : undefined,
        }),
      );
    },
    async confirm(o) {
      return done(await clack.confirm({ ...common, message: o.message, initialValue: o.initialValue }));
    },
    async select(o) {
      const options = o.options.map((c) => ({ value: c.value, label: c.label, hint: c.hint }));
      return done(
        await clack.select({
          ...common,
          message: o.message,
          options: options as Parameters<typeof clack.select>[0]["options"],
          initialValue: o.initialValue,
        }),
      ) as typeof o.initialValue & string;
    },
  };
}

/**
 * A prompter that answers from a script, by exact prompt message, and fails on an unexpected question
 * (for tests of prompt flows).
 */
export function scriptedPrompter(answers: Record<string, string | boolean | symbol>): Prompter & {
  asked: string[];
} {
  const asked: string[] = [];
  const answer = (message: string) => {
    asked.push(message);
    if (!(message in answers)) throw new Error(`unexpected prompt: ${message}`);
    const value = answers[message];
    if (typeof value === "symbol") throw new CancelError();
    return value;
  };
  return {
    asked,
    async text(o) {
      const v = String(answer(o.message));
      const problem = o.validate?.(v);
      if (problem) throw new Error(`scripted answer to "${o.message}" is invalid: ${problem}`);
      return v;
    },
    async password(o) {
      return String(answer(o.message));
    },
    async confirm(o) {
      return Boolean(answer(o.message));
    },
    async select(o) {
      const v = String(answer(o.message));
      if (!o.options.some((c) => c.value === v)) throw new Error(`scripted answer "${v}" is not an option`);
      return v as typeof o.initialValue & string;
    },
  };
}
