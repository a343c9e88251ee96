// flamegraph_script.js: the script inside every flame graph SVG (click to
// zoom, reset, search with the matched share).  Compiled in as
// ext/flamegraph_script.c by tools/gen_flamegraph_script.py, which says
// what it does and the rules of this text: no double quote, no backslash,
// no CDATA end, nor the names of numbers that are not finite, in any
// case.  fgConfig comes before it.
(function () {
  'use strict';
  var C = fgConfig, NS = 'http://www.w3.org/2000/svg';
  // this graph's svg element (the document's, or one inline in a page)
  var me = document.currentScript, svg = (me && me.closest('svg')) || document.documentElement;
  var frames = [], byG = new Map();
  var highlight = 'rgb(230,0,230)', zoomed = null, search = null;
  var baseY = 0, height = Number(svg.getAttribute('height'));

  // The frames, in the order written: depth first, so the parent of a
  // frame is the last one before it a level down.
  function read() {
    var rects = svg.querySelectorAll('g > rect'), path = [], i;
    for (i = 0; i < rects.length; i++) {
      var r = rects[i], g = r.parentNode, t = g.querySelector('title');
      var label = g.querySelector('text'), tip = t ? t.textContent : '';
      var f = {
        i: i, g: g, rect: r, label: label, merged: r.getAttribute('class') === 'merged',
        x: Number(r.getAttribute('x')), w: Number(r.getAttribute('width')),
        y: Number(r.getAttribute('y')), fill: r.getAttribute('fill'),
        name: tip.replace(/ [(][^()]*[)]$/, ''), weight: weightOf(tip), end: i
      };
      if (i === 0) baseY = f.y;
      f.depth = Math.round((baseY - f.y) / C.frameHeight);
      // the frames this one is not inside end just before it
      while (path.length > f.depth) path.pop().end = i - 1;
      f.parent = f.depth > 0 ? path[f.depth - 1] : null;
      path.push(f);
      frames.push(f);
      byG.set(g, f);
    }
    while (path.length) path.pop().end = rects.length - 1;
  }

  // The weight that sets a frame's width, from its tooltip: '(W, S%)',
  // or in a differential graph '(before B, after A, ...)'.
  function weightOf(tip) {
    var m = C.diff ? / after ([^,()]+),/.exec(tip) : /[(]([^,()]+), [^()]*[)]$/.exec(tip);
    return m ? Number(m[1]) : 0;
  }

  // The label of a frame w pixels wide: the name, cut with '..' to fit.
  function fit(name, w) {
    var n = Math.floor((w - 4) / C.charWidth), chars = Array.from(name);
    if (n < 3) return '';
    return chars.length <= n ? name : chars.slice(0, n - 2).join('') + '..';
  }

  function place(f, x, w, shown) {
    f.g.style.display = shown ? '' : 'none';
    if (!shown) return;
    f.rect.setAttribute('x', x.toFixed(2));
    f.rect.setAttribute('width', w.toFixed(2));
    if (!f.label && !f.merged && fit(f.name, w)) {
      // drawn too narrow for a label at first: make one
      f.label = document.createElementNS(NS, 'text');
      f.label.setAttribute('y', f.y + 11);
      f.g.appendChild(f.label);
    }
    if (f.label) {
      f.label.setAttribute('x', (x + 3).toFixed(2));
      f.label.textContent = fit(f.name, w);
    }
  }

  // Zoom into frame z (null: the whole graph): z spans the width, its
  // ancestors too (dimmed), its subtree scales with it, the rest hides.
  function zoom(z) {
    var left = z ? z.x : C.pad, scale = z && z.w > 0 ? C.width / z.w : 1;
    zoomed = z;
    frames.forEach(function (f) {
      var above = z && f.i <= z.i && z.i <= f.end && f !== z;
      var inside = !z || (z.i <= f.i && f.i <= z.end);
      f.g.style.opacity = above ? '0.6' : '';
      if (above) place(f, C.pad, C.width, true);
      else place(f, C.pad + (f.x - left) * scale, f.w * scale, inside);
    });
    controls.reset.style.display = z ? '' : 'none';
  }

  // Highlight the frames whose name matches re (null: none) and show the
  // share of the total under them, each stack once: a match inside a
  // match adds nothing.
  function find(re) {
    var n = 0, sum = 0, covered = -1, total = frames.length ? frames[0].weight : 0;
    search = re;
    frames.forEach(function (f) {
      var hit = re !== null && f.i > 0 && !f.merged && re.test(f.name);
      f.rect.setAttribute('fill', hit ? highlight : f.fill);
      if (!hit) return;
      n++;
      if (f.i > covered) { sum += f.weight; covered = f.end; }
    });
    controls.clear.style.display = re ? '' : 'none';
    controls.matched.textContent = re === null ? '' :
      'Matched: ' + (total > 0 ? sum / total * 100 : 0).toFixed(2) + '% of the total, ' +
      n + (n === 1 ? ' frame' : ' frames');
  }

  function ask() {
    var s = window.prompt('Search frames by regular expression (JavaScript syntax)', search ? search.source : '');
    if (s === null) return;
    if (s === '') { find(null); return; }
    try { find(new RegExp(s)); } catch (e) { controls.matched.textContent = 'Search: ' + e.message; }
  }

  // The bar below the frames: reset zoom, search, clear, the matched share.
  var controls = {};
  function button(key, text, x, anchor, onclick) {
    var t = document.createElementNS(NS, 'text');
    t.setAttribute('x', x);
    t.setAttribute('y', height + 4);
    t.setAttribute('class', 'control');
    if (anchor) t.setAttribute('text-anchor', anchor);
    t.textContent = text;
    if (onclick) {
      t.style.cursor = 'pointer';
      t.style.textDecoration = 'underline';
      t.addEventListener('click', onclick);
    }
    svg.appendChild(t);
    controls[key] = t;
  }
  function bar() {
    var bg = svg.querySelector('rect.bg'), h = height + 14;
    svg.setAttribute('height', h);
    svg.setAttribute('viewBox', '0 0 ' + svg.getAttribute('width') + ' ' + h);
    if (bg) bg.setAttribute('height', h);
    button('search', 'Search', C.pad, null, ask);
    button('clear', 'Clear search', C.pad + 70, null, function () { find(null); });
    button('reset', 'Reset zoom', C.pad + 190, null, function () { zoom(null); });
    button('matched', '', C.pad + C.width, 'end', null);
    controls.clear.style.display = 'none';
    controls.reset.style.display = 'none';
  }

  read();
  bar();
  svg.addEventListener('click', function (e) {
    var g = e.target.closest ? e.target.closest('g') : null, f = g && byG.get(g);
    if (f) zoom(f.i === 0 ? null : f);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { zoom(null); find(null); }
    else if (e.key === '/' || ((e.ctrlKey || e.metaKey) && e.key === 'f')) { e.preventDefault(); ask(); }
  });
  // for programs that drive the page (tests): the same actions
  window.flamegraph = { zoom: function (i) { zoom(i ? frames[i] : null); },
    search: function (s) { find(s === null ? null : new RegExp(s)); }, frames: frames };
})();
