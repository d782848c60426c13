// Autosave of the whole workspace in IndexedDB, so a reload or a crash loses
// nothing. One record holds the workspace; it is rewritten (debounced) after
// every change. Nothing here ever leaves the browser.

const DB = 'carematch';
const STORE = 'workspace';
const KEY = 'current';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export const loadWorkspace = <T>() => loadKey<T>(KEY);
export const saveWorkspace = <T>(value: T) => saveKey(KEY, value);

/** Reads another record kept beside the workspace (e.g. the postcode lookup). */
export async function loadKey<T>(key: string): Promise<T | undefined> {
  const db = await open();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const req = db.transaction(STORE, 'readonly').objectStore(STORE).get(key);
      req.onsuccess = () => resolve(req.result as T | undefined);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

export async function saveKey<T>(key: string, value: T): Promise<void> {
  const db = await open();
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(value, key);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export async function clearWorkspace(): Promise<void> {
  const db = await open();
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).clear();
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Calls `save` at most once per `ms`, always with the latest value; `flush` saves now. */
export function debounced<T>(save: (v: T) => Promise<void>, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: T | undefined;
  let status: (s: string) => void = () => undefined;
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (latest === undefined) return;
    const v = latest;
    latest = undefined;
    try {
      await save(v);
      status(`Saved in this browser at ${new Date().toLocaleTimeString()}`);
    } catch (e) {
      status(`Could not save in this browser: ${e}`);
    }
  };
  return {
    schedule(v: T) {
      latest = v;
      if (!timer) timer = setTimeout(flush, ms);
    },
    flush,
    onStatus(f: (s: string) => void) {
      status = f;
    },
  };
}
