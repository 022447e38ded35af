// The key cache of the holder engine, keyed by the verifying key's hash:
// IndexedDB where there is one (browsers, workers), else memory.

function memory() {
  const m = new Map();
  return {
    async get(k) { return m.get(k) ?? null; },
    async put(k, v) { m.set(k, v); },
    async delete(k) { m.delete(k); },
  };
}

function indexedDb(name = "zkcred-keys") {
  const db = new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => open.result.createObjectStore("keys");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const run = (mode, f) => db.then((d) => new Promise((resolve) => {
    const tx = d.transaction("keys", mode);
    const req = f(tx.objectStore("keys"));
    tx.oncomplete = () => resolve(req.result ?? null);
    tx.onerror = () => resolve(null);
    tx.onabort = () => resolve(null);
  })).catch(() => null); // a browser without storage works uncached
  return {
    get: (k) => run("readonly", (s) => s.get(k)),
    put: (k, v) => run("readwrite", (s) => s.put(v, k)),
    delete: (k) => run("readwrite", (s) => s.delete(k)),
  };
}

/** "auto" | "indexeddb" | "memory" | false | a {get, put, delete} object. */
export function openCache(option) {
  if (option && typeof option === "object") return option;
  if (option === false) return { async get() { return null; }, async put() {}, async delete() {} };
  if (option === "memory") return memory();
  if (option === "indexeddb" || (option === "auto" && typeof indexedDB !== "undefined")) return indexedDb();
  return memory();
}
