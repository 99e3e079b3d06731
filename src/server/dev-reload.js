// Dev mode only: reload the page when the server says the content or static files changed.
(function () {
  "use strict";
  if (!window.EventSource) {
    return;
  }
  var events = new EventSource("/_dev/events");
  events.onmessage = function () {
    location.reload();
  };
})();
