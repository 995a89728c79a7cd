"""The script that writes the map's labels: readable on a shared screen, never on top of each other.

vis-network draws a node's label at the node's size times the zoom, so a map
fitted to a screen shows 6-7 px labels piled on each other. We hand it nodes
without labels and write them ourselves after each frame (`afterDrawing`), on
the same canvas (so "Save PNG" keeps them):

- at a fixed size on screen, whatever the zoom (`size` px, `strongSize` px bold
  for found, focused, selected and hovered actors; never below 14 px);
- most important first: the actor under the pointer, the selected one, the
  found, focused and routed ones, then the others by the measure sizing the
  nodes (Python sends that order as `rank`);
- a label goes below its node, else above, else to the right or left, and is
  skipped when every place would overlap a label already written or the canvas
  edge, or (except for the dozen most important) another actor's disc.
  Zooming in spreads the nodes, so more labels fit: the others appear on
  zoom, and any actor's name on hover;
- a route's steps are numbered in discs at the middle of their ties, written
  first so no label covers them.

Labels are user text: written with `fillText` (never HTML). `placer.drawn` lists
the boxes written in the last frame (CSS pixels of the canvas), for tests and
the SVG picture; `placer.textScale` enlarges the text for a picture at 2x.
"""

from __future__ import annotations

__all__ = ["LABEL_FUNCTIONS", "MIN_LABEL_PX"]

MIN_LABEL_PX = 14

LABEL_FUNCTIONS = (
    """
  var MIN_LABEL_PX = """
    + str(MIN_LABEL_PX)
    + """;

  function boxesOverlap(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  // Boxes on screen, filed in a grid of 64 px cells so that a new label is checked only against its neighbours.
  function BoxGrid() { this.cells = {}; }
  BoxGrid.prototype.keys = function (box) {
    var keys = [];
    for (var gx = Math.floor(box.x / 64); gx <= Math.floor((box.x + box.w) / 64); gx++) {
      for (var gy = Math.floor(box.y / 64); gy <= Math.floor((box.y + box.h) / 64); gy++) { keys.push(gx + ":" + gy); }
    }
    return keys;
  };
  BoxGrid.prototype.add = function (box) {
    var cells = this.cells;
    this.keys(box).forEach(function (key) { (cells[key] = cells[key] || []).push(box); });
  };
  // Whether `box` is clear of every box filed, except those of node `own` (a label may touch its own node);
  // own = "any-node": clear of labels and step numbers, free to cover nodes (for the leading labels).
  BoxGrid.prototype.free = function (box, own) {
    var keys = this.keys(box);
    for (var k = 0; k < keys.length; k++) {
      var boxes = this.cells[keys[k]] || [];
      for (var i = 0; i < boxes.length; i++) {
        var other = boxes[i];
        var ignored = other.node === own || (own === "any-node" && other.disc);
        if (!ignored && boxesOverlap(box, other)) { return false; }
      }
    }
    return true;
  };

  // Write the route's step numbers in discs at the middle of their ties; return their boxes.
  function drawSteps(ctx, network, steps, size) {
    var boxes = [];
    var radius = Math.round(size * 0.8);
    steps.forEach(function (step) {
      var ends = network.getPositions([step.from, step.to]);
      if (!ends[step.from] || !ends[step.to]) { return; }
      var a = network.canvasToDOM(ends[step.from]);
      var b = network.canvasToDOM(ends[step.to]);
      var x = (a.x + b.x) / 2;
      var y = (a.y + b.y) / 2;
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fillStyle = "#111111";
      ctx.fill();
      ctx.font = "bold " + size + "px sans-serif";
      ctx.fillStyle = "#ffffff";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(String(step.step), x, y);
      boxes.push({ x: x - radius, y: y - radius, w: 2 * radius, h: 2 * radius, step: step.step, font: size });
    });
    ctx.textAlign = "left";
    return boxes;
  }

  function labelPlaces(dom, radius, w, h, gap) {
    return [
      [dom.x - w / 2, dom.y + radius + gap],
      [dom.x - w / 2, dom.y - radius - gap - h],
      [dom.x + radius + gap, dom.y - h / 2],
      [dom.x - radius - gap - w, dom.y - h / 2],
    ];
  }

  // One frame's labels, most important first, each in the first free place around its node:
  // clear of the labels already written, of the route's step numbers and of every node's disc.
  function drawLabels(ctx, network, placer) {
    var canvas = ctx.canvas;
    var width = canvas.clientWidth;
    var height = canvas.clientHeight;
    var ratio = width ? canvas.width / width : 1;
    var scale = network.getScale();
    var queue = [placer.hover, placer.selected].filter(Boolean).map(function (id) { return placer.byId[id]; });
    queue = queue.filter(Boolean).concat(placer.order);
    var positions = network.getPositions(placer.order.map(function (node) { return node.id; }));
    var grid = new BoxGrid();
    var screen = {};
    placer.order.forEach(function (node) {
      if (!positions[node.id]) { return; }
      var dom = network.canvasToDOM(positions[node.id]);
      var radius = Math.max((node.size || 10) * scale * 0.8, 2);
      screen[node.id] = { dom: dom, radius: radius };
      grid.add({ x: dom.x - radius, y: dom.y - radius, w: 2 * radius, h: 2 * radius, node: node.id, disc: true });
    });
    var seen = {};
    var labels = [];
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    var steps = drawSteps(ctx, network, placer.steps, Math.round(placer.strongSize * placer.textScale));
    steps.forEach(function (box) { grid.add(box); });
    ctx.textBaseline = "middle";
    for (var i = 0; i < queue.length && labels.length < placer.limit; i++) {
      var node = queue[i];
      var where = screen[node.id];
      if (seen[node.id] || !where) { continue; }
      seen[node.id] = true;
      var dom = where.dom;
      if (dom.x < 0 || dom.x > width || dom.y < 0 || dom.y > height) { continue; }
      var emphasis = node.strong || node.id === placer.selected || node.id === placer.hover;
      var size = Math.round((emphasis ? placer.strongSize : placer.size) * placer.textScale);
      ctx.font = (emphasis ? "bold " : "") + size + "px sans-serif";
      var w = Math.ceil(ctx.measureText(node.text).width) + 8;
      var h = Math.round(size * 1.3);
      var places = labelPlaces(dom, where.radius / 0.8, w, h, 3 * placer.textScale);
      for (var p = 0; p < places.length; p++) {
        var box = { x: Math.min(Math.max(places[p][0], 1), width - w - 1), y: places[p][1], w: w, h: h, node: node.id };
        var clear = grid.free(box, emphasis || i < placer.leading ? "any-node" : node.id);
        if (box.x < 1 || box.y < 1 || box.y + h > height - 1 || !clear) { continue; }
        ctx.fillStyle = emphasis ? "rgba(255, 243, 176, 0.95)" : "rgba(255, 255, 255, 0.85)";
        ctx.fillRect(box.x, box.y, w, h);
        ctx.fillStyle = node.dim && !emphasis ? "#777777" : "#111111";
        ctx.fillText(node.text, box.x + 4, box.y + h / 2);
        grid.add({ x: box.x, y: box.y, w: w, h: h, node: "label:" + node.id });
        labels.push({ id: node.id, text: node.text, x: box.x, y: box.y, w: w, h: h, font: size });
        break;
      }
    }
    ctx.restore();
    placer.drawn = labels;
    placer.stepBoxes = steps;
  }

  // Take the labels off vis-network's nodes and write them ourselves after every frame.
  // settings: {size, strongSize, limit, leading, selected, steps}; the `leading` most important labels
  // (and emphasised ones) may cover other nodes, the rest may not.
  // Returns the placer (its .drawn: the last frame's labels).
  function placeLabels(network, nodes, settings) {
    var order = nodes.filter(function (node) { return node.text; }).slice();
    order.sort(function (a, b) { return a.rank - b.rank; });
    var byId = {};
    order.forEach(function (node) { byId[node.id] = node; });
    var placer = {
      order: order, byId: byId, drawn: [], stepBoxes: [], hover: null,
      selected: settings.selected || null, steps: settings.steps || [],
      size: Math.max(settings.size, MIN_LABEL_PX), strongSize: Math.max(settings.strongSize, MIN_LABEL_PX),
      limit: settings.limit || 400, textScale: 1, leading: settings.leading === undefined ? 12 : settings.leading,
    };
    network.on("hoverNode", function (event) { placer.hover = event.node; network.redraw(); });
    network.on("blurNode", function () { placer.hover = null; network.redraw(); });
    network.on("selectNode", function (event) { placer.selected = event.nodes[0]; });
    network.on("deselectNode", function () { placer.selected = null; });
    network.on("afterDrawing", function (ctx) { drawLabels(ctx, network, placer); });
    return placer;
  }

  // vis-network's nodes for the map's data: the label moves to `text`, for placeLabels to write.
  function unlabelled(nodes) {
    return nodes.map(function (node) {
      var copy = Object.assign({}, node, { text: node.label || "" });
      delete copy.label;
      return copy;
    });
  }
"""
)
