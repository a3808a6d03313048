// Follows a running build's log with server-sent events; the page already shows the log so far.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", () => {
    const pre = document.getElementById("build-log");
    if (!pre || !pre.dataset.events || !window.EventSource) return;
    const status = document.getElementById("build-status");
    const es = new EventSource(pre.dataset.events + "?from=" + (pre.dataset.offset || "0"));
    es.onmessage = (e) => { pre.textContent += e.data + "\n"; pre.scrollTop = pre.scrollHeight; };
    es.addEventListener("status", (e) => { if (status) status.textContent = e.data; });
    es.addEventListener("end", (e) => { if (status) status.textContent = e.data; es.close(); });
  });
})();
