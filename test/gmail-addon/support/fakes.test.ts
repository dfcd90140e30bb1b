import { beforeEach, describe, expect, it } from "vitest";
import { appsScriptWorld, installGlobals } from "./apps-script";
import { asService } from "./fake-cast";
import { FetchFailure } from "./fake-url-fetch";

// The fakes must refuse what Apps Script refuses, or the tests would pass where Gmail fails.

// @ts-expect-error: the real TextParagraph has no setColor, so no fake of it may offer one
asService<GoogleAppsScript.Card_Service.TextParagraph>({ setText: () => null, setColor: () => null });

describe("the Apps Script fakes", () => {
  const world = appsScriptWorld({ transport: () => ({ status: 500, body: "" }) });
  beforeEach(() => installGlobals(world));

  it("refuse cards the real CardService would not build", () => {
    const header = () => CardService.newCardHeader().setTitle("T");
    const withWidget = (widget: GoogleAppsScript.Card_Service.Widget) =>
      CardService.newCardBuilder()
        .setHeader(header())
        .addSection(CardService.newCardSection().addWidget(widget))
        .build();
    expect(() => withWidget(CardService.newTextButton().setText("Go"))).toThrow(/needs an action or a link/);
    expect(() => withWidget(CardService.newDecoratedText().setTopLabel("x"))).toThrow(/needs text/);
    expect(() => withWidget(CardService.newTextInput().setTitle("x"))).toThrow(/needs a field name/);
    expect(() => CardService.newCardBuilder().setHeader(CardService.newCardHeader()).build()).toThrow(
      /needs a title/,
    );
  });

  it("refuse draft insertions the real CardService refuses: no content type, an unknown one, nothing to update", () => {
    const body = () => CardService.newUpdateDraftBodyAction();
    // @types once documented a PLAIN_TEXT the real enum lacks: it is undefined there, and refused
    const missing = (CardService.ContentType as unknown as Record<string, unknown>).PLAIN_TEXT;
    expect(missing).toBeUndefined();
    expect(() => body().addUpdateContent("Hi", missing as GoogleAppsScript.Card_Service.ContentType)).toThrow(
      /contentType/,
    );
    expect(() => body().addUpdateContent(3 as unknown as string, CardService.ContentType.TEXT)).toThrow(
      /not a string/,
    );
    expect(() =>
      body().setUpdateType("INSERT_AT_TOP" as unknown as GoogleAppsScript.Card_Service.UpdateDraftBodyType),
    ).toThrow(/updateType/);
    expect(() => CardService.newUpdateDraftActionResponseBuilder().build()).toThrow(/updates nothing/);
    const inserted = body()
      .addUpdateContent("<b>ok</b>", CardService.ContentType.MUTABLE_HTML)
      .setUpdateType(CardService.UpdateDraftBodyType.IN_PLACE_INSERT);
    expect(() =>
      CardService.newUpdateDraftActionResponseBuilder().setUpdateDraftBodyAction(inserted).build(),
    ).not.toThrow();
  });

  it("refuse action parameters that are not strings, and fail loudly on a method they leave out", () => {
    const parameters = { count: 3 } as unknown as Record<string, string>;
    expect(() => CardService.newAction().setParameters(parameters)).toThrow(/not a string/);
    expect(() => CardService.newDivider()).toThrow(TypeError);
  });

  it("throw on HTTP errors unless muted, as UrlFetchApp does, and on network failures always", () => {
    expect(() => UrlFetchApp.fetch("https://x.example/")).toThrow(/returned code 500/);
    expect(UrlFetchApp.fetch("https://x.example/", { muteHttpExceptions: true }).getResponseCode()).toBe(500);
    const dead = appsScriptWorld({
      transport: (request) => {
        throw new FetchFailure(`Address unavailable: ${request.url}`);
      },
    });
    expect(() => dead.globals.UrlFetchApp.fetch("https://x.example/", { muteHttpExceptions: true })).toThrow(
      /Address unavailable/,
    );
  });

  it("open a message only with the access token of its event", () => {
    const event = world.openMessage({ subject: "Hi", from: "a@b.example", date: new Date(), headers: {} });
    expect(() => GmailApp.getMessageById(event.gmail!.messageId)).toThrow(/Access denied/);
    GmailApp.setCurrentMessageAccessToken(event.gmail!.accessToken);
    expect(GmailApp.getMessageById(event.gmail!.messageId).getSubject()).toBe("Hi");
  });
});
