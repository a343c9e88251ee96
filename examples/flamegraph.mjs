// flamegraph.mjs TRACE OUT.svg: the flame graph of a trace, from Node with
// better-sqlite3 (npm install --prefix examples).
//   node examples/flamegraph.mjs examples/tiny.llvm_timings.json.gz fg.svg
// flamegraph() returns the SVG as text and Node writes it to a file (the
// sqlite3 shell's writefile() is not in better-sqlite3).  The graph is
// titled after the trace, as examples/flamegraph.sh titles it.
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ext = process.env.TT_EXT ?? join(root, 'build', 'timetrace');
const [trace, out] = process.argv.slice(2);
if (!trace || !out) {
  console.error('usage: flamegraph.mjs TRACE OUT.svg');
  process.exit(2);
}
const db = new Database(':memory:');
db.loadExtension(ext);
const svg = db.prepare('SELECT flamegraph(stack, self_dur, ?) FROM trace_events(?)')
  .pluck().get(`${basename(trace)}: self time by call stack`, trace);
if (svg === null) {
  console.error(`flamegraph.mjs: ${trace} has no slices to draw`);
  process.exit(1);
}
writeFileSync(out, svg);
console.log(`wrote ${out}`);
