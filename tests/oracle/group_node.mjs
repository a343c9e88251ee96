// group_node.mjs: GROUP BY statements through Node's better-sqlite3 (the
// newer SQLite it bundles) for tests/oracle/group_test.py.
//   node tests/oracle/group_node.mjs EXT STATEMENTS_JSON PARAMS_JSON
// Prints one JSON object: the SQLite version and, per statement, its rows
// (arrays of values; safe integers as strings, so that none is rounded)
// and its EXPLAIN QUERY PLAN lines joined with " | ".
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const Database = createRequire(join(root, 'examples', 'package.json'))('better-sqlite3');
const [ext, stmtsJson, paramsJson] = process.argv.slice(2);
const db = new Database(':memory:');
db.loadExtension(ext);
db.defaultSafeIntegers(true);
const params = JSON.parse(paramsJson);
const out = { version: db.prepare('SELECT sqlite_version()').pluck().get(), statements: [] };
for (const sql of JSON.parse(stmtsJson)) {
  const plan = db.prepare('EXPLAIN QUERY PLAN ' + sql).all(params).map((r) => r.detail).join(' | ');
  const rows = db.prepare(sql).raw(true).all(params)
    .map((r) => r.map((v) => (typeof v === 'bigint' ? v.toString() : v)));
  out.statements.push({ plan, rows });
}
process.stdout.write(JSON.stringify(out));
