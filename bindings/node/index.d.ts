/** The library's path without its suffix: what loadExtension() and .load take. */
export declare function getLoadablePath(): string;
/** Load timetrace into a better-sqlite3 Database (returns it) or a
 *  node-sqlite3 Database (returns a Promise that settles once loaded). */
export declare function load<T>(db: T): T | Promise<T>;
