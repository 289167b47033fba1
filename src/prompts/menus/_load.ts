/** Data the menus load to offer choices (who you are, your organizations, your repositories). */
import type { RepoType } from "../../api/validate.ts";
import type { RepoChoice } from "../flows/repo.ts";
import type { Session } from "../session.ts";

/** You and your organizations (needs a login). */
export interface Me {
  username: string;
  orgs: Array<{ name: string; role: string | null }>;
}

/** Who is logged in, and their organizations. */
export function loadMe(s: Session): Promise<Me> {
  return s.load("Loading your account", async (ctx) => {
    const client = await ctx.client();
    const me = await client.whoami();
    const orgs = await client.listUserOrganizations(me.username);
    return { username: me.username, orgs: orgs.map((o) => ({ name: o.name, role: o.role ?? null })) };
  });
}

/** The namespaces you can own repositories in: you first, then your organizations. */
export function namespaces(me: Me): string[] {
  return [me.username, ...me.orgs.map((o) => o.name)];
}

/** Your repositories and your organizations'. */
export function loadRepos(s: Session, me: Me): Promise<RepoChoice[]> {
  return s.load("Loading repositories", async (ctx) => {
    const client = await ctx.client();
    const out: RepoChoice[] = [];
    for (const namespace of namespaces(me)) {
      const grouped = await client.listNamespaceRepos({ namespace });
      const add = (type: RepoType, list: Array<{ id: string }>) => {
        for (const r of list) out.push({ repoId: r.id, type });
      };
      add("model", grouped.models);
      add("dataset", grouped.datasets);
      add("space", grouped.spaces);
    }
    return out;
  });
}

/** The config's default repo type. */
export async function defaultType(s: Session): Promise<RepoType> {
  try {
    return (await (await s.context()).config()).default_repo_type ?? "model";
  } catch {
    return "model";
  }
}
