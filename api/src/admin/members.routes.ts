import { createRoute, z } from "@hono/zod-openapi";
import { auditActorOf } from "../audit/record-audit";
import type { AppRouter } from "../http/env";
import { conflictResponse, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { authorizeOrgAdmin } from "./access";
import { addMember, toMemberView, updateMember } from "./members";
import { adminRoute } from "./openapi";
import { removeMember } from "./remove-member";
import {
  MemberCreateSchema,
  MemberParamsSchema,
  MemberSchema,
  MemberUpdateSchema,
  SlugParamsSchema,
} from "./schemas";
import { listMembers } from "./statements/members";

const MemberResponse = z.object({ member: MemberSchema });

const addMemberRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/orgs/{slug}/members",
  summary: "Add a staff member",
  request: { params: SlugParamsSchema, body: jsonBody(MemberCreateSchema) },
  responses: { 201: jsonResponse("Added", MemberResponse), ...errorResponses, ...conflictResponse },
});

const listMembersRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/orgs/{slug}/members",
  summary: "The organization's members",
  request: { params: SlugParamsSchema },
  responses: {
    200: jsonResponse("The members", z.object({ members: z.array(MemberSchema) })),
    ...errorResponses,
  },
});

const updateMemberRoute = createRoute({
  ...adminRoute,
  method: "patch",
  path: "/orgs/{slug}/members/{email}",
  summary: "Change a member's role or name",
  request: { params: MemberParamsSchema, body: jsonBody(MemberUpdateSchema) },
  responses: { 200: jsonResponse("The member", MemberResponse), ...errorResponses, ...conflictResponse },
});

const removeMemberRoute = createRoute({
  ...adminRoute,
  method: "delete",
  path: "/orgs/{slug}/members/{email}",
  summary:
    "Remove a member: their threads become unassigned, their tokens and web sessions stop working; never the last admin",
  request: { params: MemberParamsSchema },
  responses: {
    200: jsonResponse(
      "The removed member and the threads that were assigned to them",
      z.object({ member: MemberSchema, unassigned: z.array(z.string()) }),
    ),
    ...errorResponses,
    ...conflictResponse,
  },
});

export function registerMemberRoutes(router: AppRouter) {
  router.openapi(addMemberRoute, async (c) => {
    const { db } = c.get("deps");
    const caller = c.get("caller");
    const org = await authorizeOrgAdmin(db, caller, c.req.valid("param").slug);
    const member = await addMember(db, org, c.req.valid("json"), auditActorOf(caller));
    return c.json({ member: toMemberView(member) }, 201);
  });

  router.openapi(listMembersRoute, async (c) => {
    const { db } = c.get("deps");
    const org = await authorizeOrgAdmin(db, c.get("caller"), c.req.valid("param").slug);
    const found = await listMembers(db, org);
    return c.json({ members: found.map(toMemberView) }, 200);
  });

  router.openapi(updateMemberRoute, async (c) => {
    const { db } = c.get("deps");
    const { slug, email } = c.req.valid("param");
    const caller = c.get("caller");
    const org = await authorizeOrgAdmin(db, caller, slug);
    const member = await updateMember(db, org, email, c.req.valid("json"), auditActorOf(caller));
    return c.json({ member: toMemberView(member) }, 200);
  });

  router.openapi(removeMemberRoute, async (c) => {
    const { db, clock } = c.get("deps");
    const { slug, email } = c.req.valid("param");
    const caller = c.get("caller");
    const org = await authorizeOrgAdmin(db, caller, slug);
    const context = { by: auditActorOf(caller), now: clock.now() };
    const { member, unassigned } = await removeMember(db, org, email, context);
    return c.json({ member: toMemberView(member), unassigned }, 200);
  });
}
