// flamegraph_browser.mjs GRAPH.svg CLICK REGEX [OUT.png]: open a flame graph
// SVG of flamegraph() in headless Chromium, use it as a person would, and
// print as JSON what the page shows after each step:
//   loaded    every frame's rect (x, width, shown) as drawn
//   zoomed    after a mouse click on frame number CLICK (0-based, among
//             the rects inside a <g>, frames and rect.merged, in document order)
//   reset     after a click on "Reset zoom"
//   searched  after a click on "Search", REGEX typed into its prompt: the
//             rects' fills and the "Matched: ..." line
//   cleared   after Escape: the fills again
// With OUT.png, a screenshot of the zoomed graph.  Also the page's errors
// and the number of <script> elements.  The checks are in
// flamegraph_browser.sh; this only drives and reads the page.  Chromium is
// Debian's (CHROMIUM, default /usr/bin/chromium), driven by playwright-core
// from examples/node_modules (make deps).
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'examples', 'package.json'));
const { chromium } = require('playwright-core');
const [svgPath, click, regex, png] = process.argv.slice(2);
if (!svgPath || click === undefined || !regex) {
  console.error('usage: node flamegraph_browser.mjs GRAPH.svg CLICK REGEX [OUT.png]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => d.accept(regex));
  await page.goto(pathToFileURL(resolve(svgPath)).href);
  await page.waitForFunction(() => window.flamegraph !== undefined, null, { timeout: 20000 });
  const rects = () => page.evaluate(() => Array.from(document.querySelectorAll('g > rect'), (r) => ({
    x: Number(r.getAttribute('x')), width: Number(r.getAttribute('width')),
    shown: r.parentNode.style.display !== 'none', fill: r.getAttribute('fill'),
  })));
  const control = (text) => page.locator('text.control', { hasText: new RegExp(`^${text}$`) });
  const out = { errors, scripts: await page.evaluate(() => document.querySelectorAll('script').length) };
  out.loaded = await rects();
  // a real mouse click in the middle of the frame
  const box = await page.locator('g > rect').nth(Number(click)).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  out.zoomed = await rects();
  if (png) await page.screenshot({ path: png });
  await control('Reset zoom').click();
  out.reset = await rects();
  await control('Search').click();
  await page.waitForFunction(() => /Matched|Search:/.test(document.querySelector('text.control[text-anchor=end]').textContent),
    null, { timeout: 10000 });
  out.searched = await rects();
  out.matched = await page.evaluate(() => document.querySelector('text.control[text-anchor=end]').textContent);
  await page.keyboard.press('Escape');
  out.cleared = await rects();
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
}
