// The console's progressive enhancement, no build step: pages work without it.
// A page naming a stream (body[data-stream]) listens to the trajectory state changes
// there and re-reads itself, swapping its [data-live] parts: within a second of a change,
// and at most once a second however many arrive (under full ingest there is no pause to
// wait for, and one read a second is all a person can follow).
"use strict";

(() => {
  const stream = document.body.dataset.stream;
  if (!stream || typeof EventSource === "undefined") return;
  const dot = document.querySelector(".live-dot");
  const waitMs = 1000;
  let timer;
  let reading = false;
  let again = false;

  async function refresh() {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      const response = await fetch(location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (!response.ok) return;
      const next = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const part of document.querySelectorAll("[data-live]")) {
        const fresh = next.getElementById(part.id);
        if (fresh) part.replaceWith(document.importNode(fresh, true));
      }
      document.dispatchEvent(new CustomEvent("atlas:refreshed"));
    } finally {
      reading = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }

  function schedule() {
    if (timer !== undefined) return; // a read is due: this change rides along
    timer = setTimeout(() => {
      timer = undefined;
      refresh();
    }, waitMs);
  }

  dot?.classList.add("connecting");
  const source = new EventSource(stream);
  source.addEventListener("open", () => dot?.classList.remove("connecting", "stale"));
  source.addEventListener("error", () => dot?.classList.add("stale"));
  source.addEventListener("state", schedule);
  addEventListener("pagehide", () => source.close());
})();
