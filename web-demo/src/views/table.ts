// A sortable, filterable table. Sorting is by column header buttons
// (aria-sort announces the order); the filter matches any cell text.
import { clear, h } from '../dom';

export interface Column<T> {
  label: string;
  value: (row: T) => string | number;
  /** Display text (defaults to the value). */
  show?: (row: T) => string | Node;
  numeric?: boolean;
}

export interface TableOptions<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  testid?: string;
  /** Adds an "Explain" button per row. */
  onExplain?: (row: T) => void;
  rowKey?: (row: T) => string;
  emptyText?: string;
}

/** Sort and filter of each table, kept when the table is redrawn with new rows. */
const memory = new WeakMap<HTMLElement, { sortCol: number; asc: boolean; filter: string }>();

export function renderTable<T>(host: HTMLElement, opts: TableOptions<T>) {
  const kept = memory.get(host) ?? { sortCol: -1, asc: true, filter: '' };
  memory.set(host, kept);
  let sortCol = kept.sortCol < opts.columns.length ? kept.sortCol : -1;
  let asc = kept.asc;
  let filter = kept.filter;
  const id = `f-${Math.random().toString(36).slice(2, 8)}`;
  const input = h('input', { id, type: 'search', placeholder: 'Filter rows', autocomplete: 'off' });
  const count = h('span', { class: 'muted', 'aria-live': 'polite' });
  const table = h('table', { 'data-testid': opts.testid ?? null });
  const tbody = h('tbody');
  const headRow = h('tr');
  const headers: HTMLTableCellElement[] = [];

  opts.columns.forEach((c, i) => {
    const btn = h('button', { type: 'button', class: 'sort', onclick: () => setSort(i) }, c.label);
    const th = h('th', { scope: 'col', class: c.numeric ? 'num' : null }, btn);
    headers.push(th);
    headRow.append(th);
  });
  if (opts.onExplain) headRow.append(h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Explain')));
  table.append(h('caption', {}, opts.caption), h('thead', {}, headRow), tbody);

  function setSort(i: number) {
    if (sortCol === i) asc = !asc;
    else {
      sortCol = i;
      asc = true;
    }
    kept.sortCol = sortCol;
    kept.asc = asc;
    headers.forEach((th, j) => {
      if (j === sortCol) th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
    draw();
  }

  function draw() {
    clear(tbody);
    const f = filter.trim().toLowerCase();
    let rows = opts.rows;
    if (f) rows = rows.filter((r) => opts.columns.some((c) => String(c.value(r)).toLowerCase().includes(f)));
    if (sortCol >= 0) {
      const c = opts.columns[sortCol];
      rows = [...rows].sort((a, b) => {
        const va = c.value(a);
        const vb = c.value(b);
        const d = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'en-GB', { numeric: true });
        return asc ? d : -d;
      });
    }
    for (const r of rows) {
      const tr = h('tr', { 'data-key': opts.rowKey ? opts.rowKey(r) : null });
      opts.columns.forEach((c, i) => {
        const content = c.show ? c.show(r) : String(c.value(r));
        tr.append(i === 0 ? h('th', { scope: 'row' }, content) : h('td', { class: c.numeric ? 'num' : null }, content));
      });
      if (opts.onExplain) {
        const explain = opts.onExplain;
        tr.append(h('td', {}, h('button', { type: 'button', class: 'small', onclick: () => explain(r) }, 'Explain')));
      }
      tbody.append(tr);
    }
    if (rows.length === 0) {
      tbody.append(h('tr', {}, h('td', { colspan: opts.columns.length + (opts.onExplain ? 1 : 0) }, opts.emptyText ?? 'Nothing to show.')));
    }
    count.textContent = `${rows.length} of ${opts.rows.length} rows`;
  }

  input.addEventListener('input', () => {
    filter = input.value;
    kept.filter = filter;
    draw();
  });
  input.value = filter;
  headers.forEach((th, j) => {
    if (j === sortCol) th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
  });
  const hadFocus = host.contains(document.activeElement) ? document.activeElement : null;
  const focusFilter = hadFocus?.tagName === 'INPUT';
  clear(host);
  host.append(h('div', { class: 'filter' }, h('label', { for: id }, 'Filter'), input, count), h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': opts.caption }, table));
  draw();
  if (focusFilter) input.focus();
}
