// timetrace: SQL over compiler time traces, a SQLite extension.
//
//   const Database = require('better-sqlite3');
//   const timetrace = require('timetrace');
//   const db = new Database(':memory:');
//   timetrace.load(db);
//   db.prepare('SELECT count(*) AS n FROM trace_events(?)').get('trace.json');
//
//   const sqlite3 = require('sqlite3');            // node-sqlite3
//   const db = new sqlite3.Database(':memory:');
//   await timetrace.load(db);                      // a Promise: it loads in the background
//
// getLoadablePath() is the library's path without its suffix (.so), what
// loadExtension() and the sqlite3 shell's .load take.  load(db) loads it
// into a better-sqlite3 database (at once; it returns the database) or a
// node-sqlite3 one (queued before the statements that follow; it returns a
// Promise that settles once loaded or failed).
'use strict';
const path = require('path');

function getLoadablePath() {
  return path.join(__dirname, 'timetrace');
}

// node-sqlite3's Database runs statements in the background and reports
// through callbacks (it has serialize()); better-sqlite3's is synchronous.
function isNodeSqlite3(db) {
  return typeof db.serialize === 'function' && typeof db.prepare === 'function' &&
         typeof db.pragma !== 'function';
}

function load(db) {
  if (!db || typeof db.loadExtension !== 'function') {
    throw new TypeError('timetrace.load(db): db has no loadExtension(); give it a better-sqlite3 or node-sqlite3 Database');
  }
  if (isNodeSqlite3(db)) {
    return new Promise((resolve, reject) => {
      db.loadExtension(getLoadablePath(), (err) => (err ? reject(err) : resolve(db)));
    });
  }
  db.loadExtension(getLoadablePath());
  return db;
}

module.exports = { getLoadablePath, load };
