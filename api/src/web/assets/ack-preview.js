// The inbox settings' acknowledgement preview follows the text while it is typed: the server renders
// it with the builder of the real mail (no second template here), asked once typing pauses.
const PAUSE_MS = 300;

for (const form of document.querySelectorAll("form[data-ack-form]")) {
  const preview = document.getElementById(form.dataset.ackForm);
  const text = form.querySelector('textarea[name="autoAckMessage"]');
  const toggle = form.querySelector('input[name="autoAck"]');
  const csrf = form.querySelector('input[name="_csrf"]')?.value ?? "";
  if (!preview || !text || !toggle) continue;
  let timer;
  let asked = 0;

  const refresh = async () => {
    const mine = ++asked;
    try {
      const response = await fetch(preview.dataset.ackPreview, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ autoAckMessage: text.value }),
      });
      // an answer to older text than the latest asked for is dropped
      if (!response.ok || mine !== asked) return;
      const mail = await response.json();
      for (const key of ["from", "subject", "text"]) {
        const target = preview.querySelector(`[data-preview="${key}"]`);
        if (target) target.textContent = mail[key];
      }
    } catch {
      // offline or signed out: the preview keeps its last text, and Save still shows the saved one
    }
  };

  text.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, PAUSE_MS);
  });
  toggle.addEventListener("change", () => {
    preview.querySelector("[data-preview-off]").hidden = toggle.checked;
    preview.querySelector("[data-preview-mail]").hidden = !toggle.checked;
  });
}
