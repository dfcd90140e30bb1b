// Checked by `tsc -p .` (npm test): the API answers at least what the add-ons read, and accepts
// what they send. A schema change that breaks an add-on fails the type check here.
import type { z } from "@hono/zod-openapi";
import type { ContextRequestSchema, ContextResponseSchema } from "../../api/src/context/schemas";
import type { DraftForReplySchema } from "../../api/src/drafts/schemas";
import type { ErrorSchema } from "../../api/src/http/openapi";
import type { HeartbeatSchema, PresenceSchema } from "../../api/src/presence/schemas";
import type {
  RenderedReplySchema,
  RenderRequestSchema,
  SavedReplySchema,
} from "../../api/src/saved-replies/schemas";
import type {
  ThreadListSchema,
  ThreadSummarySchema,
  ThreadUpdateSchema,
} from "../../api/src/threads/schemas";
import type { StaffThreadRequestSchema, StaffThreadSchema } from "../../api/src/threads/staff-thread-schemas";
import type * as Shared from "../../shared/src/api-types";

type Extends<A, B> = [A] extends [B] ? true : false;
const answers = <A, B>(proof: Extends<A, B>) => proof;

// what the API answers fits what the add-ons read
answers<z.infer<typeof ThreadSummarySchema>, Shared.ThreadSummary>(true);
answers<z.infer<typeof PresenceSchema>, Shared.Presence>(true);
answers<z.infer<typeof ContextResponseSchema>, Shared.ContextResponse>(true);
answers<z.infer<typeof ThreadListSchema>, Shared.ThreadList>(true);
answers<z.infer<typeof StaffThreadSchema>, Shared.StaffThread>(true);
answers<z.infer<typeof ErrorSchema>, Shared.ApiErrorBody>(true);
answers<z.infer<typeof SavedReplySchema>, Shared.SavedReplyName>(true);
answers<z.infer<typeof RenderedReplySchema>, Shared.RenderedSavedReply>(true);
answers<z.infer<typeof DraftForReplySchema>, Shared.DraftForReply>(true);

// what the add-ons send, the API accepts
answers<Shared.ContextRequest, z.input<typeof ContextRequestSchema>>(true);
answers<Shared.StaffThreadRequest, z.input<typeof StaffThreadRequestSchema>>(true);
answers<Shared.PresenceHeartbeat, z.input<typeof HeartbeatSchema>>(true);
answers<Shared.ThreadUpdate, z.input<typeof ThreadUpdateSchema>>(true);
answers<Shared.SavedReplyRenderRequest, z.input<typeof RenderRequestSchema>>(true);
