import { onMessageRecipientsChanged, onMessageSend, onNewMessageCompose } from "./handlers";

// Classic Outlook on Windows never runs Office.onReady for this file: handlers are associated at load.
Office.actions.associate("onNewMessageCompose", onNewMessageCompose);
Office.actions.associate("onMessageRecipientsChanged", onMessageRecipientsChanged);
Office.actions.associate("onMessageSend", onMessageSend);
