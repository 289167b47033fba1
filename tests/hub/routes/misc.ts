/** Server information: `/`, `/health`, `/api/version`, `/api/site-config`. */
import { json } from "../http.ts";
import type { Router } from "../router.ts";

export const VERSION = "0.0.1";

export function register(r: Router): void {
  r.get("/", () =>
    json({
      name: "Kohaku Hub",
      version: VERSION,
      description: "HuggingFace-compatible hub with LakeFS and S3 storage",
      endpoints: { api: "/api", auth: "/api/auth", docs: "/docs", redoc: "/redoc" },
    }),
  );
  r.get("/health", () => json({ status: "ok" }));
  r.get("/api/version", (ctx) =>
    json({ api: "kohakuhub", version: VERSION, name: ctx.hub.options.siteName }),
  );
  r.get("/api/site-config", (ctx) =>
    json({
      site_name: ctx.hub.options.siteName,
      invitation_only: ctx.hub.options.invitationOnly,
      require_email_verification: ctx.hub.options.requireEmailVerification,
    }),
  );
}
