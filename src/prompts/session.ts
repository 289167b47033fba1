/**
 * What the interactive mode and the setup wizard share: a fresh {@link Context} per action (so that a login
 * or a logout made in the session is seen by the next action), a spinner around each request with the
 * command's output printed once the spinner has stopped, errors shown as one line without leaving the
 * menu, and the menu loop itself (Escape or Ctrl-C goes back one level).
 *
 * @module
 */
import { type Context, createContext, type Globals } from "../context.ts";
import { CancelError, explainInContext, renderError } from "../errors.ts";
import type { IO, Sink } from "../output/io.ts";
import type { Choice, Prompter } from "./prompter.ts";

/** An IO that keeps what a command writes until the spinner is gone, with TTY formatting for data. */
function heldIO(base: IO): IO & { release(): void } {
  const held: Array<[Sink, string]> = [];
  return {
    out: { write: (t) => void held.push([base.out, t]) },
    err: { write: (t) => void held.push([base.err, t]) },
    isOutTTY: true,
    isErrTTY: base.isErrTTY,
    canPrompt: base.canPrompt,
    color: base.color,
    errColor: base.errColor,
    columns: base.columns,
    flush: async () => {},
    release() {
      for (const [sink, text] of held.splice(0)) sink.write(text);
    },
  };
}

/** An interactive session over the context of the command that started it. */
export class Session {
  constructor(
    readonly base: Context,
    readonly prompter: Prompter,
  ) {}

  /** Starts a session (loads the prompter). */
  static async start(base: Context): Promise<Session> {
    return new Session(base, await base.prompter());
  }

  /** A fresh context: the config file and the client are read again. `globals` overrides some globals. */
  context(io: IO = this.base.io, globals: Partial<Globals> = {}): Promise<Context> {
    return createContext({
      io,
      globals: { ...this.base.globals, ...globals },
      env: this.base.env,
      prompter: this.prompter,
    });
  }

  /** Writes everything pending to the terminal (before a prompt is drawn). */
  flush(): Promise<void> {
    return this.base.io.flush();
  }

  /** Shows an error as the CLI does (`Error: ...`), on stderr. */
  async showError(err: unknown, ctx?: Context): Promise<void> {
    const explained = await explainInContext(err, ctx);
    if (err instanceof CancelError) this.base.io.err.write(`${explained.error}\n`);
    else this.base.io.err.write(renderError(explained, false));
    if (this.base.env.KOHUB_DEBUG && err instanceof Error && err.stack)
      this.base.io.err.write(`${err.stack}\n`);
    await this.flush();
  }

  /**
   * Runs a command's run function under a spinner. Its output is printed when the spinner stops; an error
   * is shown (one line) and swallowed. Returns whether it succeeded.
   */
  async act(
    label: string,
    run: (ctx: Context) => Promise<void>,
    globals: Partial<Globals> = {},
  ): Promise<boolean> {
    await this.flush();
    const io = heldIO(this.base.io);
    const ctx = await this.context(io, globals);
    const spin = this.prompter.spinner();
    spin.start(label);
    try {
      await run(ctx);
      spin.stop(label);
      io.release();
      await this.flush();
      return true;
    } catch (err) {
      spin.clear();
      io.release();
      await this.showError(err, ctx);
      return false;
    }
  }

  /** Loads data for the choices of a question under a spinner (errors propagate to the menu). */
  async load<T>(label: string, fetch: (ctx: Context) => Promise<T>): Promise<T> {
    await this.flush();
    const ctx = await this.context();
    const spin = this.prompter.spinner();
    spin.start(label);
    try {
      const value = await fetch(ctx);
      spin.stop(label);
      return value;
    } catch (err) {
      spin.clear();
      (err as { subjectContext?: Context }).subjectContext = ctx;
      throw err;
    }
  }

  /**
   * A menu: asks, runs the chosen item, and asks again until "Back" (or Escape / Ctrl-C, which go back
   * too). A cancelled item comes back to this menu; an item's error is shown and the menu comes back.
   */
  async menu(message: string, items: MenuItem[], back = "Back"): Promise<void> {
    for (;;) {
      const choice = await this.ask(message, items, back);
      if (choice === undefined) return;
      if ((await this.runItem(choice)) === "back") return;
    }
  }

  /** Asks one menu question; undefined for "Back", Escape or Ctrl-C. */
  async ask(message: string, items: MenuItem[], back?: string): Promise<MenuItem | undefined> {
    await this.flush();
    const options: Choice<string>[] = items.map((i) => ({ value: i.value, label: i.label, hint: i.hint }));
    if (back) options.push({ value: "back", label: back });
    let value: string;
    try {
      value = await this.prompter.select({ message, options });
    } catch (err) {
      if (err instanceof CancelError) return undefined;
      throw err;
    }
    return items.find((i) => i.value === value);
  }

  /** Runs a menu item: a cancel or an error is shown and the menu comes back. */
  async runItem(item: MenuItem): Promise<unknown> {
    try {
      return await item.run();
    } catch (err) {
      if (err instanceof CancelError) {
        const message = err.message === "Cancelled" ? "Cancelled: nothing was changed" : err.message;
        this.base.io.err.write(`${message}\n`);
        await this.flush();
        return;
      }
      await this.showError(err, (err as { subjectContext?: Context }).subjectContext);
    }
  }
}

/** An entry of a menu; `run` may return "back" to leave the menu (e.g. after deleting what it was about). */
export interface MenuItem {
  value: string;
  label: string;
  hint?: string;
  run: () => Promise<unknown>;
}
