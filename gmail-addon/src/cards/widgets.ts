import type { ActionName } from "../entry-points";
import { escapeHtml } from "../format";

export type Card = GoogleAppsScript.Card_Service.Card;
export type Section = GoogleAppsScript.Card_Service.CardSection;
export type Params = Record<string, string>;

/** What a button runs: one of the bundle's callbacks, with the state it needs as strings. */
export type Step = { action: ActionName; params: Params };

export function action(step: Step): GoogleAppsScript.Card_Service.Action {
  return CardService.newAction()
    .setFunctionName(step.action)
    .setParameters(step.params)
    .setLoadIndicator(CardService.LoadIndicator.SPINNER);
}

export function button(text: string, step: Step, filled = false): GoogleAppsScript.Card_Service.TextButton {
  const built = CardService.newTextButton().setText(text).setOnClickAction(action(step));
  return filled ? built.setTextButtonStyle(CardService.TextButtonStyle.FILLED) : built;
}

export function linkButton(text: string, url: string): GoogleAppsScript.Card_Service.TextButton {
  return CardService.newTextButton().setText(text).setOpenLink(CardService.newOpenLink().setUrl(url));
}

export function buttons(
  ...list: GoogleAppsScript.Card_Service.TextButton[]
): GoogleAppsScript.Card_Service.ButtonSet {
  const set = CardService.newButtonSet();
  for (const item of list) set.addButton(item);
  return set;
}

/** A labelled fact; the value is what someone typed, so it is shown as typed. */
export function fact(label: string, value: string): GoogleAppsScript.Card_Service.DecoratedText {
  return CardService.newDecoratedText().setTopLabel(label).setText(escapeHtml(value)).setWrapText(true);
}

/** A paragraph of our own words, with `typed` parts escaped by the caller where they come from users. */
export function paragraph(html: string): GoogleAppsScript.Card_Service.TextParagraph {
  return CardService.newTextParagraph().setText(html);
}

export function section(header?: string): Section {
  const built = CardService.newCardSection();
  return header ? built.setHeader(header) : built;
}

export function card(
  title: string,
  subtitle: string,
  sections: Section[],
  footer?: GoogleAppsScript.Card_Service.TextButton,
): Card {
  const builder = CardService.newCardBuilder().setHeader(
    CardService.newCardHeader().setTitle(title).setSubtitle(subtitle),
  );
  for (const item of sections) builder.addSection(item);
  if (footer) builder.setFixedFooter(CardService.newFixedFooter().setPrimaryButton(footer));
  return builder.build();
}
