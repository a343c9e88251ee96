// speedscope.mjs TRACE.json [THREAD [OUT.png]]: open a Chrome trace in
// speedscope, the trace viewer, in headless Chromium, and print as JSON what
// the page shows: its profiles (one per thread, named from the trace's M
// events) and the frame names of its Sandwich table for THREAD (the first
// profile whose name contains it; else the first profile).  With OUT.png,
// also a screenshot of that thread's flame chart (Time Order).
//   sqlite3 :memory: -cmd '.load build/timetrace' \
//     -cmd ".parameter set :trace 'examples/tiny.llvm_timings.json.gz'" \
//     -cmd '.parameter set :min_us 100' '.read sql/export-hot.sql' > hot.json
//   node examples/speedscope.mjs hot.json 'opt cgu' examples/speedscope.png
// speedscope is the offline build its npm package ships, served with the
// trace from a local HTTP server on 127.0.0.1 (speedscope fetches the trace
// from its #profileURL); nothing is fetched from outside.  Chromium is
// Debian's (CHROMIUM, default /usr/bin/chromium), driven by playwright-core;
// WebGL through SwiftShader, in software.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, 'package.json'));
const { chromium } = require('playwright-core');
const release = join(dirname(require.resolve('speedscope/package.json')), 'dist', 'release');
const [trace, thread = '', png] = process.argv.slice(2);
if (!trace) {
  console.error('usage: node examples/speedscope.mjs TRACE.json [THREAD [OUT.png]]');
  process.exit(2);
}

const types = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};
// speedscope's files, and the trace at /trace.json
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  const file = path === '/trace.json' ? trace : join(release, path.replace(/^\/+/, '').replace(/\.\.+/g, '.'));
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 420 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/index.html#profileURL=${encodeURIComponent(`${base}/trace.json`)}`);
  // the toolbar names the profile shown: "NAME (i/N)" once the trace is read
  const title = async () => page.evaluate(() => {
    const m = /^(.*) \((\d+)\/(\d+)\)$/m.exec(document.body.innerText);
    return m && { name: m[1], i: Number(m[2]), n: Number(m[3]) };
  });
  await page.waitForFunction(() => /\(\d+\/\d+\)$/m.test(document.body.innerText), null, { timeout: 20000 });
  // show profile i (1-based): 'n' and 'p' step through them
  const show = async (i) => {
    for (let cur = (await title()).i; cur !== i; cur = (await title()).i) {
      await page.keyboard.press(cur < i ? 'n' : 'p');
      await page.waitForFunction((c) => !new RegExp(`\\(${c}/\\d+\\)$`, 'm').test(document.body.innerText),
        cur, { timeout: 15000 });
    }
  };
  const profiles = [];
  for (let i = 1; i <= (await title()).n; i++) {
    await show(i);
    profiles.push((await title()).name);
  }
  const want = Math.max(0, profiles.findIndex((p) => p.includes(thread)));
  await show(want + 1);
  // the flame chart is drawn on a canvas, a few frames after the switch
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1000)));
  if (png) await page.screenshot({ path: png });
  await page.keyboard.press('3');         // Sandwich: a table of frames
  const frameNames = () => {
    const lines = document.body.innerText.split('\n').map((s) => s.trim());
    const at = lines.findIndex((s) => s.includes('Symbol Name'));
    const names = at < 0 ? [] : lines.slice(at + 1).filter((s) => s && !/^[\d.]+(µs|ms|s) \([\d.]+%\)$/.test(s));
    return names.length ? names : null;   // null until the table has rows
  };
  await page.waitForFunction(frameNames, null, { timeout: 20000 }).catch(() => {});
  const frames = (await page.evaluate(frameNames)) || [];
  console.log(JSON.stringify({ profiles, thread: profiles[want], frames, errors }));
} finally {
  await browser.close();
  server.close();
}
