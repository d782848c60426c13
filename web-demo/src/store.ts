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

/** True when a save failed because the browser's storage for this site is full. */
export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name ?? '';
  return name === 'QuotaExceededError' || /quota/i.test(String((e as Error)?.message ?? e));
}

/** What a failed save means for the person, in words. */
export function describeSaveError(e: unknown): string {
  if (isQuotaError(e)) {
    return 'This browser’s storage for this site is full, so the latest changes are not saved here. Nothing is lost: your work stays open in this tab and the last saved copy is kept. Export your scenario as CSV, or delete other scenarios, then carry on; saving is retried after every change.';
  }
  return `Could not save in this browser (${(e as Error)?.message ?? e}). Your work stays open in this tab and the last saved copy is kept; saving is retried after every change.`;
}

/**
 * Calls `save` at most once per `ms`, always with the latest value; `flush` saves now.
 * A failed save keeps the value pending and tries again after `retryMs` (or at the next
 * change or flush); the copy saved before stays in storage untouched.
 */
export function debounced<T>(save: (v: T) => Promise<void>, ms: number, retryMs = 5000) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: T | undefined;
  let status: (s: string, failed: boolean) => void = () => undefined;
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (latest === undefined) return;
    const v = latest;
    latest = undefined;
    try {
      await save(v);
      status(`Saved in this browser at ${new Date().toLocaleTimeString()}`, false);
    } catch (e) {
      if (latest === undefined) latest = v;
      if (!timer) timer = setTimeout(flush, retryMs);
      status(describeSaveError(e), true);
    }
  };
  return {
    schedule(v: T) {
      latest = v;
      if (!timer) {
        // Once per batch of changes (not while a failed save waits to retry,
        // whose message stays): "Saved" is never shown for work not yet saved.
        status('Saving changes in this browser…', false);
        timer = setTimeout(flush, ms);
      }
    },
    flush,
    onStatus(f: (s: string, failed: boolean) => void) {
      status = f;
    },
  };
}

// A run in progress is noted in localStorage (a few bytes, written
// synchronously), so that after a tab closed, a crash or a killed solver the
// reload can say that the run did not finish and that the last saved
// workspace was restored.
const RUNNING_KEY = 'carematch.running';

/** Notes that a long run started (`what` is shown to the person after a reload). */
export function markRunning(what: string): void {
  try {
    localStorage.setItem(RUNNING_KEY, JSON.stringify({ what, at: Date.now() }));
  } catch {
    /* storage unavailable or full: the note is a courtesy only */
  }
}

/** Notes that the run finished (or failed with a message shown). */
export function clearRunning(): void {
  try {
    localStorage.removeItem(RUNNING_KEY);
  } catch {
    /* as above */
  }
}

/** The run that was still going when the page was last closed or crashed, if any (and forgets it). */
export function takeInterruptedRun(): string | undefined {
  try {
    const raw = localStorage.getItem(RUNNING_KEY);
    localStorage.removeItem(RUNNING_KEY);
    if (!raw) return undefined;
    const what = (JSON.parse(raw) as { what?: unknown }).what;
    return typeof what === 'string' && what ? what : 'a run';
  } catch {
    return undefined;
  }
}
