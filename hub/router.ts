/**
 * A small router with FastAPI/Starlette matching rules: patterns match the *decoded* path, `{name}` is one
 * segment, `{name:path}` the rest of the path (slashes included). Routes are tried in registration order,
 * so catch-alls are registered last, as in the real server.
 */
import type { Database } from "bun:sqlite";
import type { Caller } from "./auth.ts";
import type { HubOptions } from "./options.ts";

export interface Ctx {
  req: Request;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  db: Database;
  hub: HubRuntime;
  /** The authenticated caller, or undefined (anonymous or bad credentials). */
  caller(): Caller | undefined;
  /** The authenticated caller, or 401 `{"detail":"Not authenticated"}`. */
  requireCaller(): Caller;
  /** Response headers to add (cookies, ...). */
  headers: Headers;
}

/** What handlers can reach of the running hub. */
export interface HubRuntime {
  options: Required<Pick<HubOptions, "siteName" | "requireEmailVerification" | "invitationOnly">> &
    HubOptions;
  /** The public base URL (options.baseUrl or the listening URL). */
  baseUrl: string;
  /** Directory for blobs and other files. */
  dataDir: string;
  /** Per-hub scratch state that route modules may use (keyed by module). */
  state: Map<string, unknown>;
}

export type Handler = (ctx: Ctx) => Response | Promise<Response>;

interface Route {
  methods: Set<string>;
  regex: RegExp;
  names: string[];
  handler: Handler;
  pattern: string;
}

function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  let src = "";
  let i = 0;
  while (i < pattern.length) {
    const open = pattern.indexOf("{", i);
    if (open === -1) {
      src += escapeRegex(pattern.slice(i));
      break;
    }
    src += escapeRegex(pattern.slice(i, open));
    const close = pattern.indexOf("}", open);
    const [name, kind] = pattern.slice(open + 1, close).split(":") as [string, string | undefined];
    names.push(name);
    src += kind === "path" ? "(.*)" : "([^/]+)";
    i = close + 1;
  }
  return { regex: new RegExp(`^${src}$`), names };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class Router {
  private routes: Route[] = [];

  add(methods: string | string[], pattern: string, handler: Handler): void {
    const { regex, names } = compile(pattern);
    const list = Array.isArray(methods) ? methods : [methods];
    this.routes.push({ methods: new Set(list.map((m) => m.toUpperCase())), regex, names, handler, pattern });
  }

  get(pattern: string, handler: Handler): void {
    this.add("GET", pattern, handler);
  }
  post(pattern: string, handler: Handler): void {
    this.add("POST", pattern, handler);
  }
  put(pattern: string, handler: Handler): void {
    this.add("PUT", pattern, handler);
  }
  delete(pattern: string, handler: Handler): void {
    this.add("DELETE", pattern, handler);
  }

  /**
   * Finds the handler for a method and decoded path. Returns `"method"` when the path matches a route but
   * not with this method (405), undefined when nothing matches (404).
   */
  match(
    method: string,
    path: string,
  ): { handler: Handler; params: Record<string, string> } | "method" | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (!route.methods.has(method)) {
        pathMatched = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, idx) => {
        params[name] = m[idx + 1] ?? "";
      });
      return { handler: route.handler, params };
    }
    return pathMatched ? "method" : undefined;
  }
}
