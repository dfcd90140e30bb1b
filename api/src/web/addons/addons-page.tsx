import { CopyValue } from "../components/copy-value";

export type AddonFacts = {
  publicUrl: string;
  httpsPublicUrl: boolean;
  googleClientIds: readonly string[];
  microsoftClientId: string | null;
};

const Setting = ({ name, values }: { name: string; values: readonly string[] }) =>
  values.length > 0 ? (
    <p class="check check-ok">
      {name} is set on this instance: <code>{values.join(", ")}</code>
    </p>
  ) : (
    <p class="check check-missing">{name} is not set on this instance.</p>
  );

const GmailAddon = ({ facts }: { facts: AddonFacts }) => (
  <section class="panel" aria-labelledby="gmail-title">
    <h2 id="gmail-title">Gmail add-on</h2>
    <p>
      An Apps Script add-on in <code>gmail-addon/</code>, built with this instance's address baked in and
      pushed with clasp from a checkout of this project:
    </p>
    <pre class="commands" id="gmail-commands">
      {[
        `PUBLIC_URL=${facts.publicUrl} npm run gmail:build`,
        "npx clasp login",
        "GMAIL_SCRIPT_ID=<script id> npm run gmail:push",
      ].join("\n")}
    </pre>
    <ol class="steps">
      <li>
        Create the Apps Script project (<code>npx clasp create-script</code> in <code>gmail-addon/</code>, or
        at script.google.com) and move it to a standard Google Cloud project of yours.
      </li>
      <li>Build and push with the commands above.</li>
      <li>In the Apps Script editor: Deploy → Test deployments → Install, then reload Gmail.</li>
      <li>
        Open the add-on's <strong>Settings</strong>: it shows the OAuth client id Google issues its sign-in
        for. Set that id in <code>GOOGLE_CLIENT_IDS</code> on this instance (comma-separated with others) and
        restart it.
      </li>
      <li>
        For the whole domain: a versioned deployment (<code>npx clasp create-deployment</code>), published
        privately through the Google Workspace Marketplace SDK, installed from the Admin console.
      </li>
    </ol>
    <Setting name="GOOGLE_CLIENT_IDS" values={facts.googleClientIds} />
    <p class="muted">
      Each agent's Google address must be a member here; anyone else pastes an API token in the add-on's
      Settings.
    </p>
  </section>
);

const OutlookAddin = ({ facts }: { facts: AddonFacts }) => (
  <section class="panel" aria-labelledby="outlook-title">
    <h2 id="outlook-title">Outlook add-in</h2>
    <p>
      One manifest for Outlook on the web, the new and classic Outlook on Windows and Outlook on Mac, served
      by this instance with its address filled in:{" "}
      <CopyValue id="manifest-url" value={`${facts.publicUrl}/outlook/manifest.xml`} label="manifest URL" />
    </p>
    <p>
      <a
        class="button-link button-primary"
        href="/outlook/manifest.xml"
        download="tisket-outlook-manifest.xml"
      >
        Download manifest
      </a>
    </p>
    {facts.httpsPublicUrl ? null : (
      <p class="check check-missing">
        Outlook loads add-ins over https only: set PUBLIC_URL to this instance's https address first.
      </p>
    )}
    <h3>Sideload (one person, for testing)</h3>
    <p>
      Open <a href="https://aka.ms/olksideload">aka.ms/olksideload</a> (Outlook on the web, My add-ins) →
      Custom Addins → Add a custom add-in → Add from File, and choose the downloaded manifest. The new and
      classic Outlook and Outlook on Mac pick it up from the same list.
    </p>
    <h3>Deploy centrally (the whole organization)</h3>
    <p>
      Microsoft 365 admin center → Settings → Integrated apps → Upload custom apps → Office Add-in: upload the
      manifest (or give its URL), assign users or groups, and deploy. The send check (a Smart Alert) runs only
      for add-ins deployed this way or sideloaded.
    </p>
    <h3>Sign-in</h3>
    <p>
      Register one single-tenant app in Microsoft Entra, expose the scope <code>access_as_user</code>, and set
      its application id in <code>MICROSOFT_CLIENT_ID</code>. Without it, agents paste an API token into the
      pane.
    </p>
    <Setting name="MICROSOFT_CLIENT_ID" values={facts.microsoftClientId ? [facts.microsoftClientId] : []} />
  </section>
);

/** `/admin/addons`: what to deploy for Gmail and Outlook, and whether this instance is set for them. */
export const AddonsPage = ({ facts }: { facts: AddonFacts }) => (
  <>
    <div class="page-head">
      <h1>Add-ons</h1>
    </div>
    <p class="page-lead">
      The add-ons show agents the thread of the open email, who else is on it, and tag the subject of mail
      they start. The README's "Add-ons" section has every step in full.
    </p>
    <div class="two-columns">
      <GmailAddon facts={facts} />
      <OutlookAddin facts={facts} />
    </div>
  </>
);
