import type { Problem } from "./problems";
import { apiUrl, gmailUser } from "./settings";

/** A problem told in plain words: what happened and what the user can do about it. */
export type ProblemText = { title: string; text: string; offerSettings: boolean };

/** The add-on itself failed; the user sees this, the log gets the details. */
export const CRASH: ProblemText = {
  title: "Something went wrong in the add-on",
  text: "Try again. If it keeps happening, tell whoever runs Tisket for your team.",
  offerSettings: false,
};

// plain text: the card escapes it, a notification shows it as it is
export function describeProblem(problem: Problem): ProblemText {
  switch (problem.kind) {
    case "not_configured":
      return plain(
        "Tisket is not set up",
        "This add-on does not know where your Tisket is. Ask whoever installed it to set the script property TISKET_API_URL.",
      );
    case "no_identity":
      return withSettings(
        "Gmail did not say who you are",
        "Reload Gmail and open the add-on again. If it keeps happening, paste an API token in Settings (an admin of your Tisket can make one).",
      );
    case "unauthorized":
      return problem.via === "token" ? tokenRefused() : notAMember();
    case "several_orgs":
      return withSettings(
        "Choose your organization",
        `You belong to several Tisket organizations (${problem.orgs.join(", ")}). Enter the one to use in Settings.`,
      );
    case "not_found":
      return plain("Not found", problem.message || "Tisket could not find this in your organization.");
    case "refused":
      return plain("Tisket did not do it", problem.message || `Tisket refused (${problem.status}).`);
    case "rate_limited":
      return plain(
        "Tisket is busy",
        `You made many requests in the last minute. Try again ${problem.retryAfterSeconds ? `in ${problem.retryAfterSeconds} seconds` : "shortly"}.`,
      );
    case "server":
      return plain(
        "Tisket is having trouble",
        `Tisket answered with an error (${problem.status}). Try again in a moment.`,
      );
    case "unreachable":
      return plain(
        "Tisket cannot be reached",
        `Tisket at ${apiUrl()} ${problem.timedOut ? "did not answer in time" : "did not answer"}. Check your connection, or try again in a moment.`,
      );
    case "unexpected":
      return plain(
        "Tisket's answer made no sense here",
        "Try again. If it keeps happening, this add-on may be older than your Tisket: ask for an update.",
      );
  }
}

const plain = (title: string, text: string): ProblemText => ({ title, text, offerSettings: false });
const withSettings = (title: string, text: string): ProblemText => ({ title, text, offerSettings: true });

function notAMember(): ProblemText {
  const user = gmailUser();
  const who = user ? `${user} is` : "Your Google account is";
  return withSettings(
    "Tisket does not know you yet",
    `${who} not a member of a Tisket organization. Ask an admin of your Tisket to add ${user || "your address"} as a member, or paste an API token in Settings.`,
  );
}

function tokenRefused(): ProblemText {
  return withSettings(
    "Tisket did not accept your API token",
    "It may have been revoked or mistyped. Paste a new token in Settings, or clear it to sign in with your Google account.",
  );
}

/** The same, in the one line a notification has. */
export function problemNotice(problem: Problem): string {
  const { title, text } = describeProblem(problem);
  return `${title}: ${text}`;
}
