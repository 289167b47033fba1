import type { EndpointEntry } from "./types.ts";

const endpoints: EndpointEntry[] = [
  { method: "PUT", path: "/api/organizations/{org}/settings", client: "updateOrganizationSettings" },
  { method: "GET", path: "/api/organizations/{org}/profile", client: "getOrganizationProfile" },
  {
    method: "POST",
    path: "/api/organizations/{org}/avatar",
    client: "uploadOrganizationAvatar",
    note: "multipart part `file`; the content type is taken from the Blob or sniffed from the first bytes",
  },
  { method: "GET", path: "/api/organizations/{org}/avatar", client: "getOrganizationAvatar" },
  { method: "DELETE", path: "/api/organizations/{org}/avatar", client: "deleteOrganizationAvatar" },
  {
    method: "POST",
    path: "/org/create",
    client: "createOrganization",
    note: "the name is checked before the request; a name clashing with a username makes the server answer a plain 500",
  },
  { method: "GET", path: "/org/{org}", client: "getOrganization" },
  { method: "GET", path: "/org/{org}/members", client: "listOrganizationMembers" },
  {
    method: "POST",
    path: "/org/{org}/members",
    client: "addOrganizationMember",
    note: "the server stores any role string; the client refuses unknown roles before the request",
  },
  {
    method: "PUT",
    path: "/org/{org}/members/{username}",
    client: "updateOrganizationMember",
    note: "the server stores any role string; the client refuses unknown roles before the request",
  },
  { method: "DELETE", path: "/org/{org}/members/{username}", client: "removeOrganizationMember" },
  {
    method: "GET",
    path: "/org/users/{username}/orgs",
    client: "listUserOrganizations",
    note: "username defaults to the caller",
  },
  {
    method: "POST",
    path: "/api/invitations/org/{org}/create",
    client: "createOrganizationInvitation",
    note: "roles visitor/member/admin only, checked before the request",
  },
  { method: "GET", path: "/api/invitations/org/{org}/list", client: "listOrganizationInvitations" },
  { method: "GET", path: "/api/invitations/{token}", client: "getInvitation" },
  { method: "POST", path: "/api/invitations/{token}/accept", client: "acceptInvitation" },
  { method: "DELETE", path: "/api/invitations/{token}", client: "deleteInvitation" },
];

export default endpoints;
