"""The scripts behind "Save PNG", kept apart so they read as JavaScript.

`PICTURE_FUNCTIONS` declares `drawMapPicture(canvas, data)`, shared by the
standalone map page (`EXPORT_SCRIPT`, which reads its `map-data` element) and the
Map page's interactive component (`ui.map_component`, which gets the same data).

vis-network draws on a canvas, so the browser can export the map as a picture
with no server and no internet: the script copies the canvas onto a white one,
writes the title and the legend on it with `fillText` (plain text, never HTML)
and downloads `toDataURL("image/png")`. It reads the title, file name and
legend from the page's `map-data` JSON element (`mapping.render.map_page.MapData`),
the data the map is drawn from. `window.mapPicture()` returns the data URL, for tests.
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

  // The picture: the title line on top, the map, and the legend in a column to its right.
  function drawMapPicture(map, data) {
    var ratio = map.clientWidth ? map.width / map.clientWidth : 1;
    var font = Math.round((data.font || 14) * ratio);
    var pad = Math.round(8 * ratio);
    var top = (data.title || data.caption) ? Math.round(font * 1.45) + 2 * pad : 0;
    var out = document.createElement("canvas");
    var ctx = out.getContext("2d");
    var rows = legendRows(data);
    var legendSize = [legendWidth(ctx, rows, font, pad) + 4 * pad, rows.length * Math.round(font * 1.45) + 4 * pad];
    out.width = map.width + legendSize[0];
    out.height = Math.max(map.height, legendSize[1]) + top;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(map, 0, top);
    ctx.textBaseline = "middle";
    if (top) {
      ctx.fillStyle = "#222222";
      ctx.font = "bold " + font + "px sans-serif";
      ctx.fillText(data.title, pad, top / 2);
      if (data.caption) {
        var shift = ctx.measureText(data.title + "  ").width;
        ctx.font = font + "px sans-serif";
        ctx.fillStyle = "#555555";
        ctx.fillText("\\u00b7 " + data.caption, pad + shift, top / 2);
      }
    }
    ctx.strokeStyle = "#cccccc";
    ctx.lineWidth = 1;
    ctx.strokeRect(map.width + 0.5, top + 0.5, legendSize[0] - 1, out.height - top - 1);
    drawLegend(ctx, rows, map.width + 2 * pad, top + 2 * pad, font, pad);
    return out.toDataURL("image/png");
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
  function mapPicture() { return drawMapPicture(document.querySelector("#mynetwork canvas"), data); }
  window.mapPicture = mapPicture;
  var button = document.getElementById("save-png");
  if (button) {
    button.addEventListener("click", function () {
      var link = document.createElement("a");
      link.download = data.filename;
      link.href = mapPicture();
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }
})();
"""
)
