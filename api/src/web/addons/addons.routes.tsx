import { Hono } from "hono";
import { publicUrl } from "../../http/public-url";
import { renderPage } from "../http/render";
import { requireAdmin, requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { AddonsPage } from "./addons-page";

/** `/admin/addons`: deploying the Gmail add-on and the Outlook add-in (admins). */
export function addonsPageRoutes() {
  const router = new Hono<WebEnv>();
  router.get("/addons", requireMember, requireAdmin, (c) => {
    const { config } = c.get("deps");
    const facts = {
      publicUrl: publicUrl(config),
      httpsPublicUrl: config.PUBLIC_URL?.startsWith("https://") ?? false,
      googleClientIds: config.GOOGLE_CLIENT_IDS,
      microsoftClientId: config.MICROSOFT_CLIENT_ID ?? null,
    };
    const children = <AddonsPage facts={facts} />;
    return renderPage(c, {
      title: "Add-ons",
      active: "/admin/addons",
      wide: true,
      scripts: ["copy-button.js"],
      children,
    });
  });
  return router;
}
