import type { EndpointEntry } from "./types.ts";

const endpoints: EndpointEntry[] = [
  { method: "POST", path: "/api/auth/register", client: "register" },
  { method: "POST", path: "/api/auth/login", client: "login" },
  { method: "POST", path: "/api/auth/logout", client: "logout" },
  { method: "GET", path: "/api/auth/me", client: "whoami" },
];

export default endpoints;
