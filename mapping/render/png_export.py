"""The scripts behind "Save PNG", kept apart so they read as JavaScript.

`PICTURE_FUNCTIONS` declares the picture functions, shared by the standalone
map page (`EXPORT_SCRIPT`, which reads its `map-data` element) and the Map
page's interactive component (`ui.map_component`, which gets the same data):

- `picturePng(holder, network, placer, data, width, height, zoom, fitIds)`: a PNG
  of exactly `width` x `height` pixels for slides (1920 x 1080; zoom 2 gives the
  same picture at 3840 x 2160). The map is drawn again, for a moment, in its
  holder resized to the room the picture leaves beside the legend and under the
  title, fitted to what is shown, its labels written by `placeLabels`
  (`mapping.render.labels_script`) at `zoom` times their screen size; then the
  screen view is put back.
- `pictureSvg(...)`: the same picture as SVG, shapes and text as text.
- `drawMapPicture(canvas, data)`: the map as it is on screen, title and legend added.

vis-network draws on a canvas, so the browser makes the pictures with no server
and no internet. Title, legend and labels are written with `fillText` or as SVG
`textContent` (plain text, never HTML); nothing is cut at the edge: the title
shrinks to fit, the legend column is as wide as its longest line, labels are
placed inside the map. `window.mapPicture()` returns the PNG data URL, for tests.
"""

from __future__ import annotations

__all__ = ["EXPORT_SCRIPT", "PICTURE_FUNCTIONS"]

PICTURE_FUNCTIONS = """
  function swatchWidth(item, size) {
    if (item.shape === "none") { return 0; }
    return item.shape === "line" ? 2 * size : size;
  }

  function drawSwatch(ctx, item, x, y, size) {
    ctx.save();
    ctx.lineWidth = item.border_width;
    ctx.strokeStyle = item.border;
    ctx.setLineDash(item.dashed ? [4, 3] : []);
    ctx.beginPath();
    if (item.shape === "line") {
      ctx.moveTo(x, y);
      ctx.lineTo(x + 2 * size, y);
    } else if (item.shape === "diamond") {
      ctx.moveTo(x + size / 2, y - size / 2);
      ctx.lineTo(x + size, y);
      ctx.lineTo(x + size / 2, y + size / 2);
      ctx.lineTo(x, y);
      ctx.closePath();
    } else {
      ctx.arc(x + size / 2, y, size / 2, 0, 2 * Math.PI);
    }
    if (item.shape !== "line") {
      ctx.fillStyle = item.fill || "#ffffff";
      ctx.fill();
    }
    ctx.stroke();
    ctx.restore();
  }

  function legendRows(data) {
    var rows = [];
    data.legend.forEach(function (section) {
      rows.push({ heading: section.heading });
      section.items.forEach(function (item) { rows.push({ item: item }); });
    });
    return rows;
  }

  function legendWidth(ctx, rows, font, pad) {
    var size = Math.round(font * 0.9);
    var width = 0;
    rows.forEach(function (row) {
      ctx.font = (row.heading ? "bold " : "") + font + "px sans-serif";
      var text = row.heading || row.item.label;
      var swatch = row.item ? swatchWidth(row.item, size) : 0;
      width = Math.max(width, ctx.measureText(text).width + (swatch ? swatch + pad : 0));
    });
    return Math.ceil(width);
  }

  function drawLegend(ctx, rows, x, y, font, pad) {
    var line = Math.round(font * 1.45);
    var size = Math.round(font * 0.9);
    ctx.setLineDash([]);
    rows.forEach(function (row, n) {
      var middle = y + n * line + line / 2;
      ctx.fillStyle = "#222222";
      if (row.heading) {
        ctx.font = "bold " + font + "px sans-serif";
        ctx.fillText(row.heading, x, middle);
        return;
      }
      var offset = 0;
      if (row.item.shape !== "none") {
        drawSwatch(ctx, row.item, x, middle, size);
        offset = swatchWidth(row.item, size) + pad;
      }
      ctx.font = font + "px sans-serif";
      ctx.fillStyle = "#222222";
      ctx.fillText(row.item.label, x + offset, middle);
    });
  }

  // Where things go on a picture `width` x `height` pixels with text `zoom` times its screen size:
  // the title line on top, the legend in a column on the right, the map in the rest.
  function pictureLayout(data, width, height, zoom) {
    var ctx = document.createElement("canvas").getContext("2d");
    var font = Math.round((data.font || 14) * zoom);
    var pad = Math.round(8 * zoom);
    var rows = legendRows(data);
    var legend = legendWidth(ctx, rows, font, pad) + 4 * pad;
    var top = (data.title || data.caption) ? Math.round(font * 1.45) + 2 * pad : 0;
    var legendHeight = rows.length * Math.round(font * 1.45) + 4 * pad;
    return {
      font: font, pad: pad, rows: rows, legend: legend, top: top, width: width,
      height: Math.max(height, legendHeight + top), mapWidth: width - legend,
      mapHeight: Math.max(height, legendHeight + top) - top,
    };
  }

  // The title and caption in a font that fits the picture's width (never cut at the edge).
  function titleFont(ctx, data, layout) {
    var font = layout.font;
    var text = data.title + (data.caption ? "  \u00b7 " + data.caption : "");
    ctx.font = "bold " + font + "px sans-serif";
    while (font > 8 && ctx.measureText(text).width > layout.width - 2 * layout.pad) {
      font -= 1;
      ctx.font = "bold " + font + "px sans-serif";
    }
    return font;
  }

  // The picture from a drawn map canvas, laid out by pictureLayout; returns the canvas.
  function composePicture(map, data, layout) {
    var out = document.createElement("canvas");
    out.width = layout.width;
    out.height = layout.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(map, 0, layout.top, layout.mapWidth, map.height * layout.mapWidth / map.width);
    ctx.textBaseline = "middle";
    if (layout.top) {
      var font = titleFont(ctx, data, layout);
      ctx.fillStyle = "#222222";
      ctx.font = "bold " + font + "px sans-serif";
      ctx.fillText(data.title, layout.pad, layout.top / 2);
      if (data.caption) {
        var shift = ctx.measureText(data.title + "  ").width;
        ctx.font = font + "px sans-serif";
        ctx.fillStyle = "#555555";
        ctx.fillText("\u00b7 " + data.caption, layout.pad + shift, layout.top / 2);
      }
    }
    ctx.strokeStyle = "#cccccc";
    ctx.lineWidth = 1;
    ctx.strokeRect(layout.mapWidth + 0.5, layout.top + 0.5, layout.legend - 1, out.height - layout.top - 1);
    var left = layout.mapWidth + 2 * layout.pad;
    drawLegend(ctx, layout.rows, left, layout.top + 2 * layout.pad, layout.font, layout.pad);
    return out;
  }

  // The picture of the map as it is on screen: the canvas at its own resolution, title and legend added.
  function drawMapPicture(map, data) {
    var ratio = map.clientWidth ? map.width / map.clientWidth : 1;
    var layout = pictureLayout(data, 0, 0, ratio);
    layout = pictureLayout(data, map.width + layout.legend, map.height + layout.top, ratio);
    return composePicture(map, data, layout).toDataURL("image/png");
  }

  // Draw the map again in the holder resized to width x height CSS pixels, fitted to `fitIds` (all when empty)
  // with labels `zoom` times their screen size, hand its canvas to `take`, then put the screen view back.
  function redrawAt(holder, network, placer, width, height, zoom, fitIds, take) {
    var saved = {
      width: holder.style.width, height: holder.style.height,
      position: network.getViewPosition(), scale: network.getScale(),
    };
    holder.style.width = width + "px";
    holder.style.height = height + "px";
    placer.textScale = zoom;
    try {
      network.setSize(width + "px", height + "px");
      network.fit(fitIds && fitIds.length ? { nodes: fitIds, animation: false } : { animation: false });
      network.redraw();
      return take(holder.querySelector("canvas"));
    } finally {
      placer.textScale = 1;
      holder.style.width = saved.width;
      holder.style.height = saved.height;
      network.setSize("100%", "100%");
      network.moveTo({ position: saved.position, scale: saved.scale, animation: false });
      network.redraw();
    }
  }

  // The map as a PNG data URL of exactly width x height pixels (zoom 2: the same picture at twice the size).
  function picturePng(holder, network, placer, data, width, height, zoom, fitIds) {
    var layout = pictureLayout(data, width, height, zoom);
    var ratio = window.devicePixelRatio || 1;
    return redrawAt(holder, network, placer, layout.mapWidth / ratio, layout.mapHeight / ratio, zoom / ratio, fitIds,
      function (canvas) { return composePicture(canvas, data, layout).toDataURL("image/png"); });
  }

  var SVG_NS = "http://www.w3.org/2000/svg";

  function svgElement(name, attributes, text) {
    var element = document.createElementNS(SVG_NS, name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, String(attributes[key])); });
    if (text !== undefined) { element.textContent = text; }  // text, never markup
    return element;
  }

  function svgSwatch(item, x, y, size) {
    var stroke = { stroke: item.border, "stroke-width": item.border_width, fill: item.fill || "#ffffff" };
    if (item.dashed) { stroke["stroke-dasharray"] = "4 3"; }
    if (item.shape === "line") {
      return svgElement("line", Object.assign(stroke, { x1: x, y1: y, x2: x + 2 * size, y2: y, fill: "none" }));
    }
    if (item.shape === "diamond") {
      var points = [[x + size / 2, y - size / 2], [x + size, y], [x + size / 2, y + size / 2], [x, y]];
      return svgElement("polygon", Object.assign(stroke, { points: points.map(String).join(" ") }));
    }
    return svgElement("circle", Object.assign(stroke, { cx: x + size / 2, cy: y, r: size / 2 }));
  }

  function svgText(x, y, text, size, options) {
    var attributes = { x: x, y: y, "font-family": "sans-serif", "font-size": size, "dominant-baseline": "middle" };
    return svgElement("text", Object.assign(attributes, options || {}), text);
  }

  // The map's ties and actors as SVG shapes, read from the network as drawn (in CSS pixels of the map area).
  function svgMap(network, nodes, edges) {
    var group = svgElement("g", {});
    var scale = network.getScale();
    var where = {};
    var positions = network.getPositions();
    Object.keys(positions).forEach(function (id) { where[id] = network.canvasToDOM(positions[id]); });
    edges.forEach(function (edge) {
      var a = where[edge.from];
      var b = where[edge.to];
      if (!a || !b) { return; }
      var colour = edge.color || {};
      var line = { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: colour.color || "#888888",
        "stroke-opacity": colour.opacity === undefined ? 1 : colour.opacity,
        "stroke-width": (edge.width || 1) * scale };
      if (edge.dashes) { line["stroke-dasharray"] = 6 * scale + " " + 4 * scale; }
      group.appendChild(svgElement("line", line));
    });
    nodes.forEach(function (node) {
      var p = where[node.id];
      if (!p) { return; }
      var r = (node.size || 10) * scale;
      var look = { fill: node.color.background, stroke: node.color.border,
        "stroke-width": (node.borderWidth || 1) * scale,
        "fill-opacity": node.opacity === undefined ? 1 : node.opacity };
      var dashes = node.shapeProperties && node.shapeProperties.borderDashes;
      if (dashes) { look["stroke-dasharray"] = dashes.map(function (d) { return d * scale; }).join(" "); }
      if (node.shape === "diamond") {
        var points = [[p.x, p.y - r], [p.x + r, p.y], [p.x, p.y + r], [p.x - r, p.y]];
        group.appendChild(svgElement("polygon", Object.assign(look, { points: points.map(String).join(" ") })));
      } else {
        group.appendChild(svgElement("circle", Object.assign(look, { cx: p.x, cy: p.y, r: r })));
      }
    });
    return group;
  }

  // The map as an SVG document of width x height: the same layout, labels and legend as the PNG, text as text.
  function pictureSvg(holder, network, placer, data, width, height, fitIds) {
    var layout = pictureLayout(data, width, height, 1);
    return redrawAt(holder, network, placer, layout.mapWidth, layout.mapHeight, 1, fitIds, function () {
      var svg = svgElement("svg", { xmlns: SVG_NS, width: layout.width, height: layout.height,
        viewBox: "0 0 " + layout.width + " " + layout.height });
      svg.appendChild(svgElement("rect", { x: 0, y: 0, width: layout.width, height: layout.height, fill: "#ffffff" }));
      if (layout.top) {
        var font = titleFont(document.createElement("canvas").getContext("2d"), data, layout);
        var title = svgText(layout.pad, layout.top / 2, data.title, font, { "font-weight": "bold", fill: "#222222" });
        if (data.caption) {
          var caption = "  \u00b7 " + data.caption;
          title.appendChild(svgElement("tspan", { "font-weight": "normal", fill: "#555555" }, caption));
        }
        svg.appendChild(title);
      }
      var map = svgElement("g", { transform: "translate(0," + layout.top + ")" });
      map.appendChild(svgMap(network, network.body.data.nodes.get(), network.body.data.edges.get()));
      placer.stepBoxes.forEach(function (box) {
        var disc = { cx: box.x + box.w / 2, cy: box.y + box.h / 2, r: box.w / 2, fill: "#111111" };
        map.appendChild(svgElement("circle", disc));
        map.appendChild(svgText(box.x + box.w / 2, box.y + box.h / 2, String(box.step), box.font,
          { "text-anchor": "middle", "font-weight": "bold", fill: "#ffffff" }));
      });
      placer.drawn.forEach(function (label) {
        var strong = label.font > placer.size;
        map.appendChild(svgElement("rect", { x: label.x, y: label.y, width: label.w, height: label.h,
          fill: strong ? "#FFF3B0" : "#ffffff", "fill-opacity": 0.9 }));
        map.appendChild(svgText(label.x + 4, label.y + label.h / 2, label.text, label.font,
          { fill: "#111111", "font-weight": strong ? "bold" : "normal" }));
      });
      svg.appendChild(map);
      var x = layout.mapWidth + 2 * layout.pad;
      var line = Math.round(layout.font * 1.45);
      var size = Math.round(layout.font * 0.9);
      svg.appendChild(svgElement("rect", { x: layout.mapWidth + 0.5, y: layout.top + 0.5, width: layout.legend - 1,
        height: layout.height - layout.top - 1, fill: "none", stroke: "#cccccc" }));
      layout.rows.forEach(function (row, n) {
        var middle = layout.top + 2 * layout.pad + n * line + line / 2;
        if (row.heading) {
          svg.appendChild(svgText(x, middle, row.heading, layout.font, { "font-weight": "bold", fill: "#222222" }));
          return;
        }
        var offset = 0;
        if (row.item.shape !== "none") {
          svg.appendChild(svgSwatch(row.item, x, middle, size));
          offset = swatchWidth(row.item, size) + layout.pad;
        }
        svg.appendChild(svgText(x + offset, middle, row.item.label, layout.font, { fill: "#222222" }));
      });
      return new XMLSerializer().serializeToString(svg);
    });
  }

  function download(filename, href) {
    var link = document.createElement("a");
    link.download = filename;
    link.href = href;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
"""

EXPORT_SCRIPT = (
    """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
"""
    + PICTURE_FUNCTIONS
    + """
  // A picture for slides: 1920 x 1080 pixels (zoom 2: 3840 x 2160), the map fitted beside its legend.
  function mapPicture(width, height, zoom) {
    var holder = document.getElementById("mynetwork");
    return picturePng(holder, window.network, window.labels, data, width || 1920, height || 1080, zoom || 1, []);
  }
  window.mapPicture = mapPicture;
  var button = document.getElementById("save-png");
  if (button) {
    button.addEventListener("click", function () { download(data.filename, mapPicture()); });
  }
})();
"""
)
