import { type Context, Hono } from "hono";
import { z } from "zod";
import { formatRef } from "../../../../shared/src/subject-tag";
import { discardDraft, loadDrafts } from "../../drafts/drafts";
import { notFound } from "../../errors";
import { addNote } from "../../notes/add-note";
import { loadNotes, type NoteView } from "../../notes/load-notes";
import { mentionedAddresses } from "../../notes/mentions";
import { requireThreadByRef } from "../../threads/thread-lookup";
import { linkTicket, unlinkTicket } from "../../tickets/link-ticket";
import { RepoSchema, TicketIdSchema, UrlSchema } from "../../tickets/schemas";
import { requireCsrf } from "../http/csrf";
import { domainFieldErrors, optionalField } from "../http/domain-errors";
import { flash } from "../http/flash";
import { readForm } from "../http/forms";
import { viewerOf } from "../http/render";
import { requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { NoteCard } from "./note-card";
import { DraftsPanel } from "./reply-tools";
import { saveThread } from "./save-thread";
import { loadTeam, threadPath } from "./thread-scope";
import { threadPage } from "./thread-view";

// the text as typed: the domain functions judge it, so the page says what the API would
const NoteFormSchema = z.object({ note: z.string().default("") });
const TagFormSchema = z.object({ tag: z.string().default("") });

const LinkFormSchema = z.object({
  ticket: optionalField(TicketIdSchema, (text) => text.toUpperCase()).refine(
    (ticket) => ticket !== undefined,
    {
      message: "Give the ticket's id, such as TKT-42.",
    },
  ),
  repo: optionalField(RepoSchema),
  url: optionalField(UrlSchema),
});

const refOf = (c: Context<WebEnv>) => c.req.param("ref") ?? "";

/** "Note added. Bob Builder was emailed." — and which addresses named no member, so nobody heard. */
async function noteNotice(c: Context<WebEnv>, note: NoteView): Promise<string> {
  const { names } = await loadTeam(c);
  const me = c.get("caller").member.email;
  const emailed = note.mentions.filter((email) => email !== me).map((email) => names.get(email) ?? email);
  const strangers = mentionedAddresses(note.body).filter((email) => !note.mentions.includes(email));
  const parts = ["Note added."];
  if (emailed.length > 0) parts.push(`${emailed.join(", ")} ${emailed.length > 1 ? "were" : "was"} emailed.`);
  if (strangers.length > 0) {
    const org = c.get("caller").org.name;
    parts.push(
      `${strangers.join(", ")} ${strangers.length > 1 ? "are not members" : "is not a member"} of ${org}, so nobody was told.`,
    );
  }
  return parts.join(" ");
}

async function postNote(c: Context<WebEnv>) {
  const form = await readForm(c, NoteFormSchema);
  const values = form.values;
  try {
    const note = await addNote({
      deps: c.get("deps"),
      caller: c.get("caller"),
      input: { ref: refOf(c), body: values.note ?? "" },
    });
    flash(c, { kind: "success", text: await noteNotice(c, note) });
    return c.redirect(`${threadPath(refOf(c))}#note-${note.id}`, 303);
  } catch (error) {
    const errors = domainFieldErrors(error, { body: "note" });
    if (!errors) throw error;
    return threadPage(c, { errors, values }, 400);
  }
}

/** Tags typed into Tag, several with commas; the API's rule answers a bad one beside the field. */
async function postTags(c: Context<WebEnv>, edit: "addTags" | "removeTags") {
  const form = await readForm(c, TagFormSchema);
  const tags = (form.values.tag ?? "")
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
  if (tags.length === 0)
    return threadPage(c, { errors: { tag: "Type a tag to add." }, values: form.values }, 400);
  try {
    return await saveThread(c, c.get("caller"), { [edit]: tags });
  } catch (error) {
    const errors = domainFieldErrors(error, { addTags: "tag", removeTags: "tag", tags: "tag" });
    if (!errors) throw error;
    return threadPage(c, { errors, values: form.values }, 400);
  }
}

async function postTicketLink(c: Context<WebEnv>) {
  const form = await readForm(c, LinkFormSchema);
  if (!form.ok) return threadPage(c, form, 400);
  const { ticket, repo, url } = form.data;
  const input = { ref: refOf(c), ticket: ticket!, repo, url };
  try {
    const { created } = await linkTicket({ db: c.get("deps").db, caller: c.get("caller"), input });
    flash(c, {
      kind: "success",
      text: created ? `Linked ${ticket}.` : `${ticket} is linked (it was already).`,
    });
    return c.redirect(threadPath(refOf(c)), 303);
  } catch (error) {
    const errors = domainFieldErrors(error, { ticket: "ticket", repo: "repo", url: "url" });
    if (!errors) throw error;
    return threadPage(c, { errors, values: form.values }, 400);
  }
}

/**
 * What a teammate does to a thread from its page: internal notes, tags, ticket links, drafts
 * discarded, each through the same domain function as the API, as the reader through client
 * `web`. The `parts/` pages are pieces of the thread page its script fetches when a live event
 * says a note or a draft came.
 */
export function threadWorkRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/threads/*", requireMember);
  const csrf = requireCsrf("session");

  router.post("/threads/:ref/notes", csrf, postNote);
  router.post("/threads/:ref/tags", csrf, (c) => postTags(c, "addTags"));
  router.post("/threads/:ref/tags/remove", csrf, (c) => postTags(c, "removeTags"));
  router.post("/threads/:ref/tickets", csrf, postTicketLink);

  router.post("/threads/:ref/tickets/:ticket/unlink", csrf, async (c) => {
    const ticket = c.req.param("ticket");
    await unlinkTicket({ db: c.get("deps").db, caller: c.get("caller"), input: { ref: refOf(c), ticket } });
    flash(c, { kind: "success", text: `Unlinked ${ticket}.` });
    return c.redirect(threadPath(refOf(c)), 303);
  });

  router.post("/threads/:ref/drafts/:id/discard", csrf, async (c) => {
    const input = { ref: refOf(c), id: c.req.param("id") };
    await discardDraft({ db: c.get("deps").db, caller: c.get("caller"), input });
    flash(c, { kind: "success", text: "Draft discarded." });
    return c.redirect(`${threadPath(refOf(c))}#drafts`, 303);
  });

  router.get("/threads/:ref/parts/notes/:id", async (c) => {
    const { db } = c.get("deps");
    const thread = await requireThreadByRef(db, c.get("caller").org.id, refOf(c));
    const [notes, team] = await Promise.all([loadNotes(db, thread.id), loadTeam(c)]);
    const note = notes.find((each) => each.id === c.req.param("id"));
    if (!note) throw notFound("note");
    return c.html(<NoteCard note={note} names={team.names} />);
  });

  router.get("/threads/:ref/parts/drafts", async (c) => {
    const { db } = c.get("deps");
    const thread = await requireThreadByRef(db, c.get("caller").org.id, refOf(c));
    const drafts = await loadDrafts(db, thread.id);
    return c.html(<DraftsPanel ref={formatRef(thread.number)} drafts={drafts} csrf={viewerOf(c)!.csrf} />);
  });

  return router;
}
