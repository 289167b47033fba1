/**
 * The library: register, log in, create a token, an organization with an invitation, and a repository;
 * then list what was made. Run: `bun examples/library.ts` with HF_ENDPOINT set (a fresh user is created).
 */
import { ConflictError, KohubClient } from "kohub-cli";

const suffix = Math.random().toString(36).slice(2, 7);
const username = `example${suffix}`;
const password = `example-password-${suffix}`;

// No config file, no HF_TOKEN: this client starts anonymous.
const client = new KohubClient({ token: null, config: false });
await client.register({ username, email: `${username}@example.com`, password });
await client.login({ username, password });

// Trade the session for an API token, and use it from now on.
const { token } = await client.createToken("examples/library.ts");
const api = new KohubClient({ endpoint: client.endpoint, token, config: false });

const org = `example-org-${suffix}`;
await api.createOrganization({ name: org, description: "Made by examples/library.ts" });
const invitation = await api.createOrganizationInvitation({ org, role: "member", expiresDays: 3 });
console.log(`invite a colleague with: ${invitation.invitation_link}`);

await api.createRepo({ repoId: `${org}/weights`, private: true });
try {
  await api.createRepo({ repoId: `${org}/weights` });
} catch (err) {
  if (err instanceof ConflictError) console.log(`as expected: ${err.message} (${err.code})`);
}

for (const repo of await api.listRepos({ author: org })) {
  console.log(`${repo.id} ${repo.private ? "(private)" : ""}`);
}
console.log(
  `${username} is ${(await api.listUserOrganizations()).map((o) => `${o.role} of ${o.name}`).join(", ")}`,
);
