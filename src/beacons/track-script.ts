// The browser script served at /v1/track.js: `edgelog.track(name, props)` queues an event and
// sends queued events with navigator.sendBeacon in batches, after 2 s, at 20 events, and when the
// page is hidden. Configure it with data-topic and data-key on its <script> tag. Ids come from
// crypto.getRandomValues, not crypto.randomUUID: randomUUID exists only in secure contexts, so it
// is missing on plain-http pages that are not localhost (a staging host), where it threw and the
// page sent nothing. getRandomValues works in every context and gives the same v4 UUID format.
import {
  BEACON_URL_CHARS_MAX,
  TRACK_BATCH_EVENTS_MAX,
  TRACK_BATCH_MS_MAX,
} from "../protocol/limits.js";

export const TRACK_SCRIPT = `(function () {
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var topic = script.getAttribute("data-topic");
  var key = script.getAttribute("data-key");
  var url = base + "/v1/track/" + encodeURIComponent(topic) + "?key=" + encodeURIComponent(key);
  var queue = [];
  var timer = null;
  var anonymousId;
  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = "";
    for (var i = 0; i < 16; i++) {
      hex += (b[i] + 0x100).toString(16).slice(1);
      if (i === 3 || i === 5 || i === 7 || i === 9) hex += "-";
    }
    return hex;
  }
  try {
    anonymousId = localStorage.getItem("edgelog.anonymousId");
    if (!anonymousId) {
      anonymousId = uuid();
      localStorage.setItem("edgelog.anonymousId", anonymousId);
    }
  } catch (e) {
    anonymousId = uuid();
  }
  function flush() {
    if (timer) { clearTimeout(timer); timer = null; }
    while (queue.length) {
      var batch = queue.splice(0, ${TRACK_BATCH_EVENTS_MAX});
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
      id: uuid(),
      anonymousId: anonymousId,
      url: location.href.slice(0, ${BEACON_URL_CHARS_MAX})
    });
    if (queue.length >= ${TRACK_BATCH_EVENTS_MAX}) flush();
    else if (!timer) timer = setTimeout(flush, ${TRACK_BATCH_MS_MAX});
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  addEventListener("pagehide", flush);
  window.edgelog = { track: track, flush: flush };
})();
`;
