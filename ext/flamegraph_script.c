/*
** flamegraph_script.c: the script inside every flame graph SVG, which
** makes it explorable in a browser.  Interface: flamegraph_script.h.
** flamegraph_svg.c writes it in CDATA after the frames, preceded by
**   var fgConfig = {pad: 10, width: 1180, charWidth: 7.4, frameHeight: 16, diff: 0};
**
** What it does.  It reads the frames back from the SVG (rect.frame and
** rect.merged in document order, which is depth first: the parent of a
** frame is the last frame before it one level down), and adds a bar
** below them: "Search", "Clear search", "Reset zoom" and the matched
** share.  A click on a frame zooms: the frame spans the width, its
** ancestors span it too (dimmed), its subtree is scaled by the same
** factor, every other frame is hidden; a click on the root or "Reset
** zoom" (or Escape) goes back.  "Search" (or '/' or Ctrl-F) asks for a
** JavaScript regular expression; every frame whose name matches is
** filled magenta, and the bar shows "Matched: P% of the total, N
** frames", where P sums the weight of each matching frame that has no
** matching ancestor, so a stack counts once however many of its frames
** match.  A weight is read from the tooltip (its first number, or the
** number after "after" in a differential graph); merged blocks and the
** root never match.  window.flamegraph.zoom(i) and .search(re) do the
** same for programs that drive the page (tests/oracle/flamegraph_browser.sh).
** Where scripts do not run the SVG is the same picture without the bar.
**
** Rules for the text: it holds no "]]>" (it sits in CDATA), and, so that
** it reads here as it runs, no double quote and no backslash (the
** regular expressions use [(] for a parenthesis).  Written for this
** project, not taken from flamegraph.pl or inferno.  One string per line:
** C11 promises string literals of 4095 bytes only; the script is longer.
** Nor may it hold "nan" or "inf" in any case: the tests look for them
** in the SVG to catch a number that is not finite.
*/
#include "flamegraph_script.h"

const char *const flamegraph_script[] = {
  "(function () {\n",
  "  'use strict';\n",
  "  var C = fgConfig, NS = 'http://www.w3.org/2000/svg';\n",
  "  // this graph's svg element (the document's, or one inline in a page)\n",
  "  var me = document.currentScript, svg = (me && me.closest('svg')) || document.documentElement;\n",
  "  var frames = [], byG = new Map();\n",
  "  var highlight = 'rgb(230,0,230)', zoomed = null, search = null;\n",
  "  var baseY = 0, height = Number(svg.getAttribute('height'));\n",
  "\n",
  "  // The frames, in the order written: depth first, so the parent of a\n",
  "  // frame is the last one before it a level down.\n",
  "  function read() {\n",
  "    var rects = svg.querySelectorAll('rect.frame, rect.merged'), path = [], i;\n",
  "    for (i = 0; i < rects.length; i++) {\n",
  "      var r = rects[i], g = r.parentNode, t = g.querySelector('title');\n",
  "      var label = g.querySelector('text'), tip = t ? t.textContent : '';\n",
  "      var f = {\n",
  "        i: i, g: g, rect: r, label: label, merged: r.getAttribute('class') === 'merged',\n",
  "        x: Number(r.getAttribute('x')), w: Number(r.getAttribute('width')),\n",
  "        y: Number(r.getAttribute('y')), fill: r.getAttribute('fill'),\n",
  "        name: tip.replace(/ [(][^()]*[)]$/, ''), weight: weightOf(tip), end: i\n",
  "      };\n",
  "      if (i === 0) baseY = f.y;\n",
  "      f.depth = Math.round((baseY - f.y) / C.frameHeight);\n",
  "      // the frames this one is not inside end just before it\n",
  "      while (path.length > f.depth) path.pop().end = i - 1;\n",
  "      f.parent = f.depth > 0 ? path[f.depth - 1] : null;\n",
  "      path.push(f);\n",
  "      frames.push(f);\n",
  "      byG.set(g, f);\n",
  "    }\n",
  "    while (path.length) path.pop().end = rects.length - 1;\n",
  "  }\n",
  "\n",
  "  // The weight that sets a frame's width, from its tooltip: '(W, S%)',\n",
  "  // or in a differential graph '(before B, after A, ...)'.\n",
  "  function weightOf(tip) {\n",
  "    var m = C.diff ? / after ([^,()]+),/.exec(tip) : /[(]([^,()]+), [^()]*[)]$/.exec(tip);\n",
  "    return m ? Number(m[1]) : 0;\n",
  "  }\n",
  "\n",
  "  // The label of a frame w pixels wide: the name, cut with '..' to fit.\n",
  "  function fit(name, w) {\n",
  "    var n = Math.floor((w - 4) / C.charWidth), chars = Array.from(name);\n",
  "    if (n < 3) return '';\n",
  "    return chars.length <= n ? name : chars.slice(0, n - 2).join('') + '..';\n",
  "  }\n",
  "\n",
  "  function place(f, x, w, shown) {\n",
  "    f.g.style.display = shown ? '' : 'none';\n",
  "    if (!shown) return;\n",
  "    f.rect.setAttribute('x', x.toFixed(2));\n",
  "    f.rect.setAttribute('width', w.toFixed(2));\n",
  "    if (!f.label && !f.merged && fit(f.name, w)) {\n",
  "      // drawn too narrow for a label at first: make one\n",
  "      f.label = document.createElementNS(NS, 'text');\n",
  "      f.label.setAttribute('y', f.y + 11);\n",
  "      f.g.appendChild(f.label);\n",
  "    }\n",
  "    if (f.label) {\n",
  "      f.label.setAttribute('x', (x + 3).toFixed(2));\n",
  "      f.label.textContent = fit(f.name, w);\n",
  "    }\n",
  "  }\n",
  "\n",
  "  // Zoom into frame z (null: the whole graph): z spans the width, its\n",
  "  // ancestors too (dimmed), its subtree scales with it, the rest hides.\n",
  "  function zoom(z) {\n",
  "    var left = z ? z.x : C.pad, scale = z && z.w > 0 ? C.width / z.w : 1;\n",
  "    zoomed = z;\n",
  "    frames.forEach(function (f) {\n",
  "      var above = z && f.i <= z.i && z.i <= f.end && f !== z;\n",
  "      var inside = !z || (z.i <= f.i && f.i <= z.end);\n",
  "      f.g.style.opacity = above ? '0.6' : '';\n",
  "      if (above) place(f, C.pad, C.width, true);\n",
  "      else place(f, C.pad + (f.x - left) * scale, f.w * scale, inside);\n",
  "    });\n",
  "    controls.reset.style.display = z ? '' : 'none';\n",
  "  }\n",
  "\n",
  "  // Highlight the frames whose name matches re (null: none) and show the\n",
  "  // share of the total under them, each stack once: a match inside a\n",
  "  // match adds nothing.\n",
  "  function find(re) {\n",
  "    var n = 0, sum = 0, covered = -1, total = frames.length ? frames[0].weight : 0;\n",
  "    search = re;\n",
  "    frames.forEach(function (f) {\n",
  "      var hit = re !== null && f.i > 0 && !f.merged && re.test(f.name);\n",
  "      f.rect.setAttribute('fill', hit ? highlight : f.fill);\n",
  "      if (!hit) return;\n",
  "      n++;\n",
  "      if (f.i > covered) { sum += f.weight; covered = f.end; }\n",
  "    });\n",
  "    controls.clear.style.display = re ? '' : 'none';\n",
  "    controls.matched.textContent = re === null ? '' :\n",
  "      'Matched: ' + (total > 0 ? sum / total * 100 : 0).toFixed(2) + '% of the total, ' +\n",
  "      n + (n === 1 ? ' frame' : ' frames');\n",
  "  }\n",
  "\n",
  "  function ask() {\n",
  "    var s = window.prompt('Search frames by regular expression (JavaScript syntax)', search ? search.source : '');\n",
  "    if (s === null) return;\n",
  "    if (s === '') { find(null); return; }\n",
  "    try { find(new RegExp(s)); } catch (e) { controls.matched.textContent = 'Search: ' + e.message; }\n",
  "  }\n",
  "\n",
  "  // The bar below the frames: reset zoom, search, clear, the matched share.\n",
  "  var controls = {};\n",
  "  function button(key, text, x, anchor, onclick) {\n",
  "    var t = document.createElementNS(NS, 'text');\n",
  "    t.setAttribute('x', x);\n",
  "    t.setAttribute('y', height + 4);\n",
  "    t.setAttribute('class', 'control');\n",
  "    if (anchor) t.setAttribute('text-anchor', anchor);\n",
  "    t.textContent = text;\n",
  "    if (onclick) {\n",
  "      t.style.cursor = 'pointer';\n",
  "      t.style.textDecoration = 'underline';\n",
  "      t.addEventListener('click', onclick);\n",
  "    }\n",
  "    svg.appendChild(t);\n",
  "    controls[key] = t;\n",
  "  }\n",
  "  function bar() {\n",
  "    var bg = svg.querySelector('rect.bg'), h = height + 14;\n",
  "    svg.setAttribute('height', h);\n",
  "    svg.setAttribute('viewBox', '0 0 ' + svg.getAttribute('width') + ' ' + h);\n",
  "    if (bg) bg.setAttribute('height', h);\n",
  "    button('search', 'Search', C.pad, null, ask);\n",
  "    button('clear', 'Clear search', C.pad + 70, null, function () { find(null); });\n",
  "    button('reset', 'Reset zoom', C.pad + 190, null, function () { zoom(null); });\n",
  "    button('matched', '', C.pad + C.width, 'end', null);\n",
  "    controls.clear.style.display = 'none';\n",
  "    controls.reset.style.display = 'none';\n",
  "  }\n",
  "\n",
  "  read();\n",
  "  bar();\n",
  "  svg.addEventListener('click', function (e) {\n",
  "    var g = e.target.closest ? e.target.closest('g') : null, f = g && byG.get(g);\n",
  "    if (f) zoom(f.i === 0 ? null : f);\n",
  "  });\n",
  "  document.addEventListener('keydown', function (e) {\n",
  "    if (e.key === 'Escape') { zoom(null); find(null); }\n",
  "    else if (e.key === '/' || ((e.ctrlKey || e.metaKey) && e.key === 'f')) { e.preventDefault(); ask(); }\n",
  "  });\n",
  "  // for programs that drive the page (tests): the same actions\n",
  "  window.flamegraph = { zoom: function (i) { zoom(i ? frames[i] : null); },\n",
  "    search: function (s) { find(s === null ? null : new RegExp(s)); }, frames: frames };\n",
  "})();\n",
  0
};
