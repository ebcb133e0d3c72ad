// Zoom and pan of the page image (archive/_page_image.html): the SVG's viewBox is moved and
// scaled, so the image and its article regions move together. Buttons, the wheel, dragging
// with a mouse or one finger, and pinching with two fingers. Clicking a region still follows
// its link unless the pointer was dragged.
(function () {
  "use strict";
  var MAX_ZOOM = 8;

  function setUp(svg, tools) {
    var width = parseFloat(svg.dataset.width), height = parseFloat(svg.dataset.height);
    var view = { x: 0, y: 0, w: width, h: height };
    var pointers = new Map(), dragged = false, last = null, pinch = null;

    function apply() {
      view.w = Math.min(width, view.w); view.h = view.w * height / width;
      view.x = Math.max(0, Math.min(width - view.w, view.x));
      view.y = Math.max(0, Math.min(height - view.h, view.y));
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    }
    function zoomAt(factor, cx, cy) {
      var w = Math.max(width / MAX_ZOOM, Math.min(width, view.w / factor));
      var ratio = w / view.w;
      view.x = cx - (cx - view.x) * ratio; view.y = cy - (cy - view.y) * ratio;
      view.w = w; view.h = w * height / width;
      apply();
    }
    function toPage(clientX, clientY) {
      var box = svg.getBoundingClientRect();
      return { x: view.x + (clientX - box.left) / box.width * view.w, y: view.y + (clientY - box.top) / box.height * view.h };
    }
    function centre() { return { x: view.x + view.w / 2, y: view.y + view.h / 2 }; }

    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var action = event.target.dataset && event.target.dataset.zoom, c = centre();
      if (action === "in") zoomAt(1.5, c.x, c.y);
      else if (action === "out") zoomAt(1 / 1.5, c.x, c.y);
      else if (action === "reset") { view = { x: 0, y: 0, w: width, h: height }; apply(); }
    });
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var p = toPage(event.clientX, event.clientY);
      zoomAt(event.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
    }, { passive: false });
    svg.addEventListener("pointerdown", function (event) {
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      dragged = false; last = { x: event.clientX, y: event.clientY };
      if (pointers.size === 2) {
        var pts = Array.from(pointers.values());
        pinch = Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y);
      }
    });
    svg.addEventListener("pointermove", function (event) {
      if (!pointers.has(event.pointerId)) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      var box = svg.getBoundingClientRect();
      if (pointers.size === 2 && pinch) {
        var pts = Array.from(pointers.values());
        var distance = Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y);
        var mid = toPage((pts[0].x + pts[1].x) / 2, (pts[0].y + pts[1].y) / 2);
        zoomAt(distance / pinch, mid.x, mid.y);
        pinch = distance; dragged = true;
        return;
      }
      var dx = event.clientX - last.x, dy = event.clientY - last.y;
      if (!dragged && Math.hypot(dx, dy) < 4) return;
      if (!dragged) { svg.setPointerCapture(event.pointerId); }
      dragged = true; svg.classList.add("dragging");
      view.x -= dx / box.width * view.w; view.y -= dy / box.height * view.h;
      last = { x: event.clientX, y: event.clientY };
      apply();
    });
    function release(event) {
      pointers.delete(event.pointerId);
      if (pointers.size < 2) pinch = null;
      svg.classList.remove("dragging");
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
    svg.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); dragged = false; }
    }, true);
  }

  document.querySelectorAll(".page-view").forEach(function (section) {
    var svg = section.querySelector(".page-image"), tools = section.querySelector(".page-tools");
    if (svg && tools) setUp(svg, tools);
  });
})();
