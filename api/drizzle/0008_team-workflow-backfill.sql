-- The measured facts of threads filed before they were kept, from their messages and history.
-- When the client first wrote: their first inbound message.
UPDATE "threads" t SET "first_client_message_at" = f."at"
FROM (SELECT "thread_id", min("created_at") AS "at" FROM "messages" WHERE "direction" = 'inbound' GROUP BY "thread_id") f
WHERE f."thread_id" = t."id";
--> statement-breakpoint
-- The first staff message after it. Mail we send ourselves (acknowledgements) carries a delivery
-- state; staff mail filed from the webhook does not.
UPDATE "threads" t SET "first_response_at" = r."created_at", "first_response_by" = r."member_id"
FROM (
  SELECT DISTINCT ON (m."thread_id") m."thread_id", m."created_at", mem."id" AS "member_id"
  FROM "messages" m
  JOIN "threads" th ON th."id" = m."thread_id"
  LEFT JOIN "members" mem ON mem."org_id" = m."org_id" AND mem."email" = m."from_email"
  WHERE m."direction" = 'outbound' AND m."delivery" IS NULL AND m."created_at" > th."first_client_message_at"
  ORDER BY m."thread_id", m."created_at", m."id"
) r
WHERE r."thread_id" = t."id";
--> statement-breakpoint
-- The first resolution, by whom; closing a thread finishes it as resolving does.
UPDATE "threads" t SET "resolved_at" = h."at", "resolved_by" = h."actor_id"
FROM (
  SELECT DISTINCT ON ("thread_id") "thread_id", "at", "actor_id"
  FROM "thread_history"
  WHERE "field" = 'status' AND "to_value" IN ('resolved', 'closed')
  ORDER BY "thread_id", "id"
) h
WHERE h."thread_id" = t."id";
--> statement-breakpoint
-- A finished thread whose change left no history counts as resolved at its last activity.
UPDATE "threads" SET "resolved_at" = "last_message_at"
WHERE "resolved_at" IS NULL AND "status" IN ('resolved', 'closed');
--> statement-breakpoint
UPDATE "threads" t SET "reopen_count" = h."n"
FROM (
  SELECT "thread_id", count(*)::int AS "n"
  FROM "thread_history"
  WHERE "field" = 'status' AND "from_value" IN ('resolved', 'closed') AND "to_value" IN ('open', 'in_progress')
  GROUP BY "thread_id"
) h
WHERE h."thread_id" = t."id";
--> statement-breakpoint
-- Audit rows written before they named the member: found by the address they recorded.
UPDATE "audit_log" a SET "actor_id" = m."id"
FROM "members" m
WHERE a."actor_id" IS NULL AND m."org_id" = a."org_id" AND m."email" = a."actor";
