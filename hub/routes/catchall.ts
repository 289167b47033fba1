/** HF features KohakuHub answers with 501 NotImplemented (registered last, so real routes win). */
import { hfError } from "../http.ts";
import type { Router } from "../router.ts";

const ALL = ["GET", "POST", "PUT", "DELETE"];

function notImplemented(feature: string, reason: string) {
  return () => {
    throw hfError(501, "NotImplemented", `${feature} is not supported by KohakuHub. ${reason}`);
  };
}

export function register(r: Router): void {
  const discussions = notImplemented("Discussions and pull requests", "Use commits on branches instead.");
  r.add(["GET", "POST"], "/api/{type}s/{ns}/{name}/discussions", discussions);
  r.add(ALL, "/api/{type}s/{ns}/{name}/discussions/{rest:path}", discussions);
  r.add(ALL, "/api/spaces/{ns}/{name}/{sub}", (ctx) =>
    notImplemented(`Space ${ctx.params.sub}`, "Spaces runtime management is not available.")(),
  );
  r.add(["GET", "POST"], "/api/collections", notImplemented("Collections", "This feature is not available."));
  r.add(ALL, "/api/collections/{rest:path}", notImplemented("Collections", "This feature is not available."));
  r.add(
    ["GET", "POST"],
    "/api/settings/webhooks",
    notImplemented("Webhooks", "This feature is not available."),
  );
  r.add(
    ALL,
    "/api/settings/webhooks/{rest:path}",
    notImplemented("Webhooks", "This feature is not available."),
  );
}
