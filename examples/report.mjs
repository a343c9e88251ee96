// report.mjs TRACE [PATTERN]: every query of sql/ on one trace, from Node
// with better-sqlite3 (npm install --prefix examples), as a readable report
// (:limit 10: 10 rows per list).  better-sqlite3 wants a value for every
// parameter a statement names: :limit null would mean the files' default, 50;
// :options (build-*, clang-* and folded.sql) null: no options, every file read.
//   node examples/report.mjs examples/tiny.llvm_timings.json.gz
// PATTERN (for sql/functions-matching.sql) defaults to the functions of the
// trace's own crate; queries that need two traces are skipped, and so are
// the exports (sql/export-*.sql: they write a trace, not a table) and the
// files of other inputs (self-profiles, a whole build: no :trace).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ext = process.env.TT_EXT ?? join(root, 'build', 'timetrace');
const [trace, patternArg] = process.argv.slice(2);
if (!trace) {
  console.error('usage: report.mjs TRACE [PATTERN]');
  process.exit(2);
}

// The statements of a sql/ file: each ends at a line ending in ';'.
function statements(text) {
  const out = [];
  let stmt = [];
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('--')) continue;
    stmt.push(line);
    if (line.trimEnd().endsWith(';')) {
      out.push(stmt.join('\n').trim());
      stmt = [];
    }
  }
  return out;
}

// NULL, integers as integers, other numbers with up to 9 decimals.
function cell(v) {
  if (v === null) return 'NULL';
  if (typeof v === 'number' && !Number.isInteger(v)) return v.toFixed(9).replace(/0+$/, '').replace(/\.$/, '');
  return String(v);
}

function show(columns, rows) {
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  console.log(columns.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd());
}

const db = new Database(':memory:');
db.loadExtension(ext);
const unit = db.prepare('SELECT unit FROM trace_events(?) LIMIT 1').pluck().get(trace);
const pattern = patternArg ?? `^(core::ptr::drop_in_place::<)?<*${unit}::`;
console.log(`timetrace report: ${trace}`);
for (const file of readdirSync(join(root, 'sql')).filter((f) => f.endsWith('.sql')).sort()) {
  const text = readFileSync(join(root, 'sql', file), 'utf8');
  if (!text.includes(':trace') || text.includes(':before') || file.startsWith('export-')) continue;
  console.log('\n== ' + text.split('\n', 1)[0].replace(/^--\s*/, ''));
  for (const stmt of statements(text)) {
    const st = db.prepare(stmt);
    const rows = st.all({ trace, pattern, options: null, limit: 10 });
    show(st.columns().map((c) => c.name), rows);
  }
}
