export type AddonEvent = GoogleAppsScript.Addons.EventObject;

/** A parameter the clicked button carried, or "" (Gmail passes strings only). */
export function parameter(event: AddonEvent, name: string): string {
  return event.commonEventObject?.parameters?.[name] ?? "";
}

/** What the user typed or chose in a card's field, as it stood when they clicked. */
export function formValue(event: AddonEvent, field: string): string {
  return event.commonEventObject?.formInputs?.[field]?.stringInputs?.value?.[0]?.trim() ?? "";
}

/** A JSON value a button carried, or null when it is missing or not what was put there. */
export function jsonParameter<T>(
  event: AddonEvent,
  name: string,
  shape: (value: unknown) => value is T,
): T | null {
  const raw = parameter(event, name);
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return shape(value) ? value : null;
  } catch {
    return null;
  }
}

export type Recipients = { to: string[]; cc: string[]; bcc: string[] };

/** The draft's recipients the compose trigger was given (draftAccess METADATA). */
export function draftRecipients(event: AddonEvent): Recipients {
  const gmail = event.gmail;
  return {
    to: [...(gmail?.toRecipients ?? [])],
    cc: [...(gmail?.ccRecipients ?? [])],
    bcc: [...(gmail?.bccRecipients ?? [])],
  };
}
