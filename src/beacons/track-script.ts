// The browser script served at /v1/track.js: `edgelog.track(name, props)` queues an event and
// sends queued events with navigator.sendBeacon in batches, after 2 s, at 20 events, and when the
// page is hidden. Configure it with data-topic and data-key on its <script> tag.
export const TRACK_SCRIPT = `(function () {
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var topic = script.getAttribute("data-topic");
  var key = script.getAttribute("data-key");
  var url = base + "/v1/track/" + encodeURIComponent(topic) + "?key=" + encodeURIComponent(key);
  var queue = [];
  var timer = null;
  var anonymousId;
  try {
    anonymousId = localStorage.getItem("edgelog.anonymousId");
    if (!anonymousId) {
      anonymousId = crypto.randomUUID();
      localStorage.setItem("edgelog.anonymousId", anonymousId);
    }
  } catch (e) {
    anonymousId = crypto.randomUUID();
  }
  function flush() {
    if (timer) { clearTimeout(timer); timer = null; }
    while (queue.length) {
      var batch = queue.splice(0, 20);
      var body = new Blob([JSON.stringify(batch)], { type: "text/plain" });
      if (!navigator.sendBeacon(url, body)) {
        fetch(url, { method: "POST", body: body, keepalive: true, mode: "no-cors" });
      }
    }
  }
  function track(name, props) {
    queue.push({
      name: String(name),
      props: props || {},
      ts: Date.now(),
      id: crypto.randomUUID(),
      anonymousId: anonymousId,
      url: location.href.slice(0, 2048)
    });
    if (queue.length >= 20) flush();
    else if (!timer) timer = setTimeout(flush, 2000);
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  addEventListener("pagehide", flush);
  window.edgelog = { track: track, flush: flush };
})();
`;
