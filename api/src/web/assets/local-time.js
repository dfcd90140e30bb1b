// Shows every <time data-local> in the reader's own time zone; the server wrote it in UTC.
(() => {
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  for (const element of document.querySelectorAll("time[data-local]")) {
    const date = new Date(element.getAttribute("datetime") ?? "");
    if (Number.isNaN(date.getTime())) continue;
    element.title = element.textContent ?? "";
    element.textContent = format.format(date);
  }
})();
