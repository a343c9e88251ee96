// sql_clients.mjs: runs one sql/ file through Node's better-sqlite3 (the
// SQLite it bundles, newer than the shell's) for tests/oracle/sql_clients_test.py.
//   node tests/oracle/sql_clients.mjs EXT FILE.sql PARAMS_JSON
// Each statement (a statement ends at a line ending in ';', as in
// examples/report.mjs) is run with every parameter of PARAMS_JSON; prints
// one JSON object: the SQLite version and, per statement, its rows (arrays
// of values), the CPU seconds of this process (all its threads) and the
// bytes it read while the statement ran
// (rchar of /proc/self/io: the extension reads the trace in this process;
// temporary tables are kept in memory so that SQLite's own temporary files
// do not count).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const Database = createRequire(join(root, 'examples', 'package.json'))('better-sqlite3');
const [ext, file, paramsJson] = process.argv.slice(2);

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

function bytesRead() {
  const m = /^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
  if (!m) throw new Error('no rchar in /proc/self/io');
  return Number(m[1]);
}

const db = new Database(':memory:');
db.loadExtension(ext);
db.pragma('temp_store = MEMORY');
const params = JSON.parse(paramsJson);
const result = { version: db.prepare('SELECT sqlite_version()').pluck().get(), statements: [] };
for (const sql of statements(readFileSync(file, 'utf8'))) {
  const c0 = process.cpuUsage();
  const r0 = bytesRead();
  const rows = db.prepare(sql).raw().all(params);
  const read = bytesRead() - r0;
  const cpu = process.cpuUsage(c0);
  result.statements.push({ rows, cpu: (cpu.user + cpu.system) / 1e6, read });
}
console.log(JSON.stringify(result));
