import type { Presence } from "../../shared/src/api-types";
import { parseRef } from "../../shared/src/subject-tag";
import type { Params } from "./cards/widgets";
import { type AddonEvent, jsonParameter, parameter, type Recipients } from "./events";
import { isRecord } from "./http";
import type { OpenMessage } from "./open-message";

// a card is rebuilt from what its buttons carry: Gmail keeps no state between callbacks

export type View = "message" | "compose" | "home" | "settings";

export function viewOf(event: AddonEvent): View | null {
  const view = parameter(event, "view");
  return view === "message" || view === "compose" || view === "home" || view === "settings" ? view : null;
}

export function messageState(mail: OpenMessage, presence: Presence[]): Params {
  return { view: "message", mail: JSON.stringify(mail), presence: JSON.stringify(presence) };
}

export function readMail(event: AddonEvent): OpenMessage | null {
  return jsonParameter(event, "mail", isOpenMessage);
}

export function readPresence(event: AddonEvent): Presence[] {
  return jsonParameter(event, "presence", isPresenceList) ?? [];
}

/** A draft's card: its recipients, and the thread the agent opened its replies of, if any. */
export function composeState(recipients: Recipients, focus: string | null = null): Params {
  const state: Params = { view: "compose", recipients: JSON.stringify(recipients) };
  if (focus) state.focus = focus;
  return state;
}

/** The thread whose replies the draft's card shows (`THD-7`), or null. */
export function readFocus(event: AddonEvent): string | null {
  const focus = parameter(event, "focus");
  return parseRef(focus) === null ? null : focus;
}

export function readRecipients(event: AddonEvent): Recipients | null {
  return jsonParameter(event, "recipients", isRecipients);
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

function isOpenMessage(value: unknown): value is OpenMessage {
  return isRecord(value) && typeof value.subject === "string" && isStringList(value.references);
}

function isPresenceList(value: unknown): value is Presence[] {
  return Array.isArray(value) && value.every((item) => isRecord(item) && isRecord(item.member));
}

function isRecipients(value: unknown): value is Recipients {
  return isRecord(value) && isStringList(value.to) && isStringList(value.cc) && isStringList(value.bcc);
}
