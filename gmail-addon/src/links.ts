import { apiUrl } from "./settings";

/** The thread in the web viewer, on the same server as the API. */
export const threadLink = (ref: string) => `${apiUrl()}/admin/threads/${encodeURIComponent(ref)}`;

export const threadsLink = () => `${apiUrl()}/admin/threads`;
