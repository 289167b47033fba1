/**
 * The `--fault SPEC` syntax of the hub's command line, read into the {@link Fault} that tests pass to
 * `hub.fault(...)`. `faultSpecHelp()` is the syntax as `--help` prints it, with the targets of ./faults.ts,
 * so the two cannot drift apart.
 *
 *   SPEC    MATCH=ANSWER[*TIMES]
 *   MATCH   [METHOD ]TARGET             resolve | GET storage | POST /api/** | /api/auth/me
 *   ANSWER  STATUS[:CODE[:MESSAGE]]     503 | 404:EntryNotFound | 500:ServerError:disk full
 *           stall | stall-body | drop | drop-body | delay:DURATION | close | html | text-500 | truncated-json
 */
import { FAULT_TARGETS, type Fault, type FaultAnswer, FaultSpecError, parseMatch } from "./faults.ts";

const WORDS = [
  "stall",
  "stall-body",
  "drop",
  "drop-body",
  "close",
  "html",
  "text-500",
  "truncated-json",
] as const;

/** Reads a SPEC (see the module's doc); throws {@link FaultSpecError} with a one-line reason. */
export function parseFaultSpec(spec: string): Fault {
  const eq = spec.indexOf("=");
  if (eq <= 0) throw new FaultSpecError(`--fault '${spec}': expected MATCH=ANSWER, e.g. resolve=503`);
  const match = spec.slice(0, eq).trim();
  const counted = /^(.*)\*(\d+)$/s.exec(spec.slice(eq + 1).trim());
  const answer = (counted?.[1] ?? spec.slice(eq + 1)).trim();
  const times = counted ? Number(counted[2]) : undefined;
  if (times === 0) throw new FaultSpecError(`--fault '${spec}': *TIMES must be at least 1`);
  try {
    parseMatch(match);
    return { match, respond: parseAnswer(answer), ...(times ? { times } : {}) };
  } catch (err) {
    if (err instanceof FaultSpecError) throw new FaultSpecError(`--fault '${spec}': ${err.message}`);
    throw err;
  }
}

function parseAnswer(text: string): FaultAnswer {
  if ((WORDS as readonly string[]).includes(text)) return text as (typeof WORDS)[number];
  const delay = /^delay:(\d+(?:\.\d+)?)(ms|s)?$/.exec(text);
  if (delay) return { delayMs: Number(delay[1]) * (delay[2] === "s" ? 1000 : 1) };
  const [status = "", code, ...message] = text.split(":");
  if (!/^[45]\d\d$/.test(status)) {
    throw new FaultSpecError(
      `cannot read the answer '${text}': expected a status (400-599), delay:DURATION or one of ${WORDS.join(", ")}`,
    );
  }
  if (code && !/^[A-Za-z]\w*$/.test(code)) {
    throw new FaultSpecError(`cannot read the error code '${code}': letters, digits and _ only`);
  }
  return {
    status: Number(status),
    ...(code ? { code } : {}),
    ...(message.length ? { message: message.join(":") } : {}),
  };
}

/** The SPEC syntax, for `--help`. */
export function faultSpecHelp(): string {
  const width = Math.max(...Object.keys(FAULT_TARGETS).map((name) => name.length)) + 2;
  const targets = Object.entries(FAULT_TARGETS).map(([name, t]) => `    ${name.padEnd(width)}${t.about}`);
  return `Fault SPEC: MATCH=ANSWER[*TIMES]
  MATCH is [METHOD ]TARGET. TARGET is a path pattern of the decoded path (* within one segment,
  ** across segments: /api/**, /api/auth/me) or one of:
${targets.join("\n")}
  A METHOD before a named target replaces its methods (HEAD resolve=404).
  ANSWER is one of:
    STATUS[:CODE[:MESSAGE]]  a KohakuHub error: {"detail":{"error":MESSAGE}} with X-Error-Code: CODE
                             and X-Error-Message: MESSAGE (CODE defaults from the status: 404
                             EntryNotFound, 500 ServerError, ...; STATUS is 400-599)
    stall                    accept the connection and never answer
    stall-body               the real status and headers, then the body stalls forever (its first byte
                             is sent: Bun sends no headers before a body's first byte)
    drop                     close the connection before answering
    drop-body                the real status and headers and half the body, then close the connection
    delay:DURATION           the real answer, late (DURATION in ms, or with ms or s: 500ms, 2s)
    close                    a 200 with the start of a JSON body, then close the connection
    html | text-500 | truncated-json
                             a proxy's HTML 502, a plain-text 500, a 200 with cut-off JSON
  *TIMES applies the fault to that many matching requests (default: all of them).
  Faults are tried in the order given; the first that matches answers.`;
}
