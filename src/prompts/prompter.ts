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

/** A spinner shown while a request runs (on stderr). */
export interface Spinner {
  start(message: string): void;
  /** Ends the spinner as done (with a final message, or the start message). */
  stop(message?: string): void;
  /** Removes the spinner line (the caller shows what went wrong). */
  clear(): void;
}

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
  /** A spinner for a request (does nothing where there is no terminal). */
  spinner(): Spinner;
  /** A boxed note: what a wizard wrote, a summary. */
  note(message: string, title?: string): void;
  /** The title line of an interactive session. */
  intro(title: string): void;
  /** The closing line of an interactive session. */
  outro(message: string): void;
}

const silentSpinner = (): Spinner => ({ start() {}, stop() {}, clear() {} });

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
    spinner: silentSpinner,
    note() {},
    intro() {},
    outro() {},
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
    spinner: () => clackSpinner(clack),
    note: (message, title) => clack.note(message, title, { output: process.stderr }),
    intro: (title) => clack.intro(title, { output: process.stderr }),
    outro: (message) => clack.outro(message, { output: process.stderr }),
  };
}

/**
 * The clack spinner, with one change: clack's spinner ends the process with exit code 0 on Ctrl-C or
 * Escape. Here Escape is ignored while a request runs and Ctrl-C is a real SIGINT (exit 130, as in every
 * other command).
 */
function clackSpinner(clack: typeof import("@clack/prompts")): Spinner {
  const spin = clack.spinner({ output: process.stderr });
  const aliases = clack.settings.aliases;
  const removed: Array<[string, typeof clack.settings.aliases extends Map<string, infer A> ? A : never]> = [];
  const onKey = (_text: unknown, key: { ctrl?: boolean; name?: string } | undefined) => {
    if (key?.ctrl && key.name === "c") process.kill(process.pid, "SIGINT");
  };
  const restore = () => {
    process.stdin.off("keypress", onKey);
    for (const [k, v] of removed.splice(0)) aliases.set(k, v);
  };
  return {
    start(message) {
      for (const [k, v] of aliases) {
        if (v === "cancel") {
          removed.push([k, v]);
          aliases.delete(k);
        }
      }
      spin.start(message);
      process.stdin.on("keypress", onKey);
    },
    stop(message) {
      restore();
      spin.stop(message);
    },
    clear() {
      restore();
      spin.clear();
    },
  };
}

/** A scripted answer: text, a confirmation, or a symbol for "the user cancelled here". */
export type ScriptedAnswer = string | boolean | symbol;

/**
 * A prompter that answers from a script, by exact prompt message, and fails on an unexpected question
 * (for tests of prompt flows). An array answers the same question several times, in order (menus come
 * back); an answer that the prompt's validator refuses is recorded in `rejected` and the next one of the
 * array is taken, as a user typing again would. After the first failure every later question fails too,
 * so a menu loop cannot go on forever.
 */
export function scriptedPrompter(answers: Record<string, ScriptedAnswer | ScriptedAnswer[]>): Prompter & {
  asked: string[];
  rejected: Array<{ message: string; value: string; problem: string }>;
  spinners: string[];
  notes: string[];
  /** Answers of the script that were never asked for. */
  unused(): string[];
} {
  const asked: string[] = [];
  const rejected: Array<{ message: string; value: string; problem: string }> = [];
  const spinners: string[] = [];
  const notes: string[] = [];
  const queues = new Map<string, ScriptedAnswer[]>();
  for (const [message, value] of Object.entries(answers)) {
    queues.set(message, Array.isArray(value) ? [...value] : [value]);
  }
  const single = new Set(Object.keys(answers).filter((m) => !Array.isArray(answers[m])));
  let failure: Error | undefined;
  const fail = (message: string): never => {
    failure = new Error(message);
    throw failure;
  };
  const next = (message: string): ScriptedAnswer => {
    if (failure) throw failure;
    asked.push(message);
    const queue = queues.get(message);
    if (!queue) return fail(`unexpected prompt: ${message}`);
    if (queue.length === 0) return fail(`no more scripted answers for: ${message}`);
    const value = single.has(message) ? (queue[0] as ScriptedAnswer) : (queue.shift() as ScriptedAnswer);
    if (typeof value === "symbol") throw new CancelError();
    return value;
  };
  const validated = (message: string, validate?: (v: string) => string | undefined): string => {
    for (;;) {
      const value = String(next(message));
      const problem = validate?.(value);
      if (!problem) return value;
      rejected.push({ message, value, problem });
      if (single.has(message) || (queues.get(message)?.length ?? 0) === 0) {
        fail(`scripted answer to "${message}" is invalid: ${problem}`);
      }
    }
  };
  return {
    asked,
    rejected,
    spinners,
    notes,
    unused: () =>
      [...queues.entries()]
        .filter(([m, q]) => (single.has(m) ? !asked.includes(m) : q.length > 0))
        .map(([m, q]) => `${m}: ${q.map(String).join(", ")}`),
    async text(o) {
      return validated(o.message, o.validate);
    },
    async password(o) {
      return validated(o.message, o.validate);
    },
    async confirm(o) {
      return Boolean(next(o.message));
    },
    async select(o) {
      const v = String(next(o.message));
      if (!o.options.some((c) => c.value === v)) {
        fail(
          `scripted answer "${v}" to "${o.message}" is not an option (${o.options.map((c) => c.value).join(", ")})`,
        );
      }
      return v as typeof o.initialValue & string;
    },
    spinner: () => ({
      start: (message) => spinners.push(message),
      stop() {},
      clear() {},
    }),
    note: (message, title) => notes.push(title ? `${title}\n${message}` : message),
    intro() {},
    outro() {},
  };
}
