/** The demo org a first start creates, so a newcomer has something to try. */
export const DEMO = { slug: "demo", name: "Demo Company", inbox: "support", admin: "admin@demo.example" };
