// Office's callback APIs as promises, one call at a time: Outlook on the web allows only three
// asynchronous calls at once.

type Callback<T> = (result: Office.AsyncResult<T>) => void;

function settle<T>(start: (callback: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    start((result) => {
      if (result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
      else reject(new Error(result.error.message));
    });
  });
}

/** The draft as the send rule reads it: subject and the addresses of every recipient. */
export type Draft = {
  subject: string;
  to: string[];
  cc: string[];
  /** To and Cc with their display names, for the pane to offer as a new thread's client. */
  people: { email: string; name: string }[];
};

function addresses(recipients: Office.EmailAddressDetails[]): string[] {
  return recipients.map((recipient) => recipient.emailAddress).filter((email) => Boolean(email));
}

function people(recipients: Office.EmailAddressDetails[]): { email: string; name: string }[] {
  return recipients
    .filter((recipient) => Boolean(recipient.emailAddress))
    .map((recipient) => ({ email: recipient.emailAddress, name: recipient.displayName || "" }));
}

export function readDraft(item: Office.MessageCompose): Promise<Draft> {
  const draft: Draft = { subject: "", to: [], cc: [], people: [] };
  return settle<string>((done) => item.subject.getAsync(done))
    .then((subject) => {
      draft.subject = subject || "";
      return settle<Office.EmailAddressDetails[]>((done) => item.to.getAsync(done));
    })
    .then((to) => {
      draft.to = addresses(to);
      draft.people = people(to);
      return settle<Office.EmailAddressDetails[]>((done) => item.cc.getAsync(done));
    })
    .then((cc) => {
      draft.cc = addresses(cc);
      draft.people = draft.people.concat(people(cc));
      return settle<Office.EmailAddressDetails[]>((done) => item.bcc.getAsync(done));
    })
    .then((bcc) => {
      // mail to an inbox in Bcc reaches the org all the same
      draft.cc = draft.cc.concat(addresses(bcc));
      return draft;
    });
}

export function setSubject(item: Office.MessageCompose, subject: string): Promise<void> {
  return settle<void>((done) => item.subject.setAsync(subject, done));
}

const NOTICE_KEY = "tisket";

/** Our one line in the draft's message bar, replaced as the draft changes. */
export function showNotice(item: Office.MessageCompose, message: string): Promise<void> {
  const details: Office.NotificationMessageDetails = {
    type: Office.MailboxEnums.ItemNotificationMessageType.InformationalMessage,
    message: message.slice(0, 150),
    icon: "Icon.16x16",
    persistent: false,
  };
  return settle<void>((done) => item.notificationMessages.replaceAsync(NOTICE_KEY, details, done));
}

export function clearNotice(item: Office.MessageCompose): Promise<void> {
  return settle<void>((done) => item.notificationMessages.removeAsync(NOTICE_KEY, done)).catch(() => {
    // nothing of ours was showing
  });
}
