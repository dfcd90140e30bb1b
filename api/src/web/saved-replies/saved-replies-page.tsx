import { PLACEHOLDERS, type Placeholder } from "../../saved-replies/placeholders";
import type { SavedReplyView } from "../../saved-replies/saved-replies";
import { CsrfField, Field } from "../components/form-field";
import { formatDate } from "../components/format";
import { When } from "../components/layout";
import { TextArea } from "../components/text-area";
import type { FieldErrors, FormValues } from "../http/forms";

/** What each placeholder says in a reply; a placeholder added to the domain needs its words here. */
const MEANINGS: Record<Placeholder, string> = {
  "client.name": "the client's name",
  "client.email": "the client's email address",
  "thread.ref": "the thread's reference, such as THD-42",
  "member.name": "your own name, as the one who replies",
};

type FormState = { errors?: FieldErrors | undefined; values?: FormValues | undefined };

export const PlaceholderHelp = () => (
  <section class="panel" aria-labelledby="placeholders-title">
    <h2 id="placeholders-title">Placeholders</h2>
    <p class="muted panel-lead">Filled in for the thread when a reply is used.</p>
    <dl class="placeholders">
      {PLACEHOLDERS.map((key) => (
        <>
          <dt>{`{{${key}}}`}</dt>
          <dd>{MEANINGS[key]}</dd>
        </>
      ))}
      <dt>{"{{client.name | there}}"}</dt>
      <dd>a word to use instead when the value is empty ("Hi there")</dd>
    </dl>
  </section>
);

/** The Name and Body fields, for creating and for editing. */
const ReplyFields = ({ reply, form }: { reply?: SavedReplyView | undefined; form: FormState }) => (
  <>
    <Field
      label="Name"
      name="name"
      value={reply?.name}
      values={form.values}
      errors={form.errors}
      required
      maxlength={100}
    />
    <TextArea
      label="Body"
      name="body"
      value={reply?.body}
      values={form.values}
      errors={form.errors}
      rows={8}
      required
      hint="Plain text, at most 20 KB, with the placeholders below."
    />
  </>
);

const ReplyItem = ({ reply, admin }: { reply: SavedReplyView; admin: boolean }) => (
  <li class="panel" id={`reply-${reply.id}`}>
    <div class="reply-head">
      <h2>{reply.name}</h2>
      <span class="muted">
        Changed <When at={reply.updatedAt} label={formatDate(reply.updatedAt)} />
        {admin ? (
          <>
            {" · "}
            <a href={`/admin/saved-replies/${reply.id}`} aria-label={`Edit ${reply.name}`}>
              Edit
            </a>
          </>
        ) : null}
      </span>
    </div>
    <div class="text-body">{reply.body}</div>
  </li>
);

export type SavedRepliesProps = FormState & { replies: SavedReplyView[]; admin: boolean; csrf: string };

/** `/admin/saved-replies`: every member reads them; admins create, edit and delete them. */
export const SavedRepliesPage = (props: SavedRepliesProps) => (
  <>
    <div class="page-head">
      <h1>Saved replies</h1>
    </div>
    <p class="page-lead">
      Answers the team gives again and again. On a thread's page, <strong>Saved replies</strong> fills one in
      for that thread, to copy into your reply; the add-ons insert them into the draft.
    </p>
    <div class="two-columns">
      <div>
        {props.replies.length === 0 ? (
          <p class="empty">No saved replies yet.</p>
        ) : (
          <ul class="reply-list">
            {props.replies.map((reply) => (
              <ReplyItem reply={reply} admin={props.admin} />
            ))}
          </ul>
        )}
      </div>
      <div class="stack">
        {props.admin ? (
          <section class="panel" aria-labelledby="create-title">
            <h2 id="create-title">Create saved reply</h2>
            <form method="post" action="/admin/saved-replies" class="stack">
              <CsrfField token={props.csrf} />
              <ReplyFields form={props} />
              <div>
                <button type="submit" class="button-primary">
                  Create saved reply
                </button>
              </div>
            </form>
          </section>
        ) : (
          <p class="notice notice-info">
            Only admins can create or change saved replies; everyone can use them.
          </p>
        )}
        <PlaceholderHelp />
      </div>
    </div>
  </>
);

export type EditReplyProps = FormState & { reply: SavedReplyView; csrf: string };

/** `/admin/saved-replies/:id`: an admin changes a reply's name or body, or deletes it. */
export const EditReplyPage = (props: EditReplyProps) => (
  <>
    <p class="breadcrumb">
      <a href="/admin/saved-replies">Saved replies</a>
    </p>
    <h1>Edit saved reply</h1>
    <div class="two-columns">
      <section class="panel" aria-label={`Edit ${props.reply.name}`}>
        <form method="post" action={`/admin/saved-replies/${props.reply.id}`} class="stack">
          <CsrfField token={props.csrf} />
          <ReplyFields reply={props.reply} form={props} />
          <div>
            <button type="submit" class="button-primary">
              Save
            </button>
          </div>
        </form>
        <form method="post" action={`/admin/saved-replies/${props.reply.id}/delete`} class="delete-form">
          <CsrfField token={props.csrf} />
          <button type="submit" class="button-danger">
            Delete
          </button>{" "}
          <span class="muted">Deleting takes it away from everyone's list; threads keep what was sent.</span>
        </form>
      </section>
      <PlaceholderHelp />
    </div>
  </>
);
