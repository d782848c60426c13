// Tiny DOM helpers. Elements are built node by node (never from HTML
// strings), so imported text can never inject markup, and no inline style
// attribute is written, which keeps the strict CSP happy.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((ev: Event) => void)>;

function apply(el: Element, attrs: Attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v as EventListener);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
}

function append(el: Element, children: Child[]) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'object' ? c : String(c));
  }
}

/** Creates an HTML element. Attributes starting with `on` are event listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element. */
export function s(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag) as SVGElement;
  apply(el, attrs);
  append(el, children);
  return el;
}

export function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el;
}

export function clear(el: Element) {
  while (el.firstChild) el.firstChild.remove();
}

/** Offers `text` as a file download; the data never leaves the browser. */
export function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const pounds = (pence: number) =>
  (pence < 0 ? '−£' : '£') + Math.round(Math.abs(pence) / 100).toLocaleString('en-GB');

export const hhmm = (minutes: number) => {
  const m = Math.round(minutes);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(((m % 60) + 60) % 60).padStart(2, '0')}`;
};

/** Minutes since midnight from "HH:MM" (or a number of minutes). */
export const minutesOf = (t: string | number): number => {
  if (typeof t === 'number') return t;
  const neg = t.startsWith('-');
  const [hh, mm] = t.replace('-', '').split(':').map(Number);
  const v = (hh || 0) * 60 + (mm || 0);
  return neg ? -v : v;
};
