import { ACTIONS } from "../entry-points";
import { escapeHtml } from "../format";
import { describeProblem, type ProblemText } from "../problem-text";
import type { Problem } from "../problems";
import { button, buttons, type Card, card, paragraph, type Step, section } from "./widgets";

/** A card that says in plain words why there is nothing to show, with Try again. */
export function problemCard(problem: Problem | ProblemText, retry: Step): Card {
  const told = "kind" in problem ? describeProblem(problem) : problem;
  const actions = [button("Try again", retry, true)];
  if (told.offerSettings) actions.push(button("Settings", { action: ACTIONS.showSettings, params: {} }));
  return card("Tisket Threads", told.title, [
    section()
      .addWidget(paragraph(escapeHtml(told.text)))
      .addWidget(buttons(...actions)),
  ]);
}
