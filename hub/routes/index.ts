/**
 * Route modules of the local hub, in registration order (catch-alls last, as in the real server).
 * Each module owns its tables (`schema`) and routes (`register`).
 */
import * as avatars from "../avatars.ts";
import * as git from "../git/routes.ts";
import type { Router } from "../router.ts";
import * as storage from "../storage.ts";
import * as account from "./account.ts";
import * as catchall from "./catchall.ts";
import * as content from "./content.ts";
import * as misc from "./misc.ts";
import * as orgs from "./orgs.ts";
import * as repos from "./repos.ts";
import * as transfer from "./transfer.ts";

export interface RouteModule {
  schema?: string;
  register(router: Router): void;
}

const storageModule: RouteModule = { schema: storage.schema, register() {} };
/** The avatars of users and orgs (served by ./account.ts and ./orgs.ts). */
const avatarsModule: RouteModule = { schema: avatars.schema, register() {} };

export const modules: RouteModule[] = [
  storageModule,
  avatarsModule,
  misc,
  account,
  orgs,
  repos,
  content,
  transfer,
  git,
  catchall,
];
