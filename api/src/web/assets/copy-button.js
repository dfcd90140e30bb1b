// <button data-copy="text"> (or data-copy-from="element-id") copies to the clipboard and says so.
document.addEventListener("click", async (event) => {
  const button =
    event.target instanceof Element
      ? event.target.closest("button[data-copy], button[data-copy-from]")
      : null;
  if (!button) return;
  const from = button.dataset.copyFrom ? document.getElementById(button.dataset.copyFrom) : null;
  const text = button.dataset.copy ?? from?.textContent ?? "";
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text.trim());
    button.textContent = "Copied";
  } catch {
    button.textContent = "Press Ctrl+C to copy";
  }
  setTimeout(() => {
    button.textContent = label;
  }, 2000);
});
