// Page registration. Each part of the tool (summary, map and explanation,
// placements, homecare board, comparison, help, …) is a `Page` in its own
// file under views/. A page owns one <section> (taken from index.html when
// present as `#page-<id>`, created otherwise), draws itself on every change
// and may wire its controls once. Adding a page is one import and one entry
// in main.ts's PAGES list; the jump menu at the top lists every page.
import { h } from './dom';
import type { Entry, Workspace } from './scenarios';

export interface Page {
  /** Stable id: the section is `#page-<id>`, its heading `#<id>-heading`. */
  id: string;
  /** Heading and menu text. */
  title: string;
  /** Builds the page's fixed content once (controls, containers). */
  mount?(section: HTMLElement): void;
  /** Redraws the page for the scenario on screen. */
  render?(entry: Entry, ws: Workspace): void;
}

const pages: Page[] = [];

/** Registers pages in order; mounts each into its section and adds it to the menu. */
export function registerPages(list: Page[]) {
  const main = document.getElementById('main') as HTMLElement;
  const nav = document.getElementById('page-nav');
  for (const page of list) {
    let section = document.getElementById(`page-${page.id}`);
    if (!section) {
      section = h('section', { id: `page-${page.id}`, class: 'panel page', 'aria-labelledby': `${page.id}-heading` }, h('h2', { id: `${page.id}-heading` }, page.title));
      main.append(section);
    }
    page.mount?.(section);
    pages.push(page);
    nav?.append(h('li', {}, h('a', { href: `#page-${page.id}` }, page.title)));
  }
}

/** Redraws every registered page, or only the pages named in `only`. */
export function renderPages(entry: Entry, ws: Workspace, only?: string[]) {
  for (const p of pages) if (!only || only.includes(p.id)) p.render?.(entry, ws);
}
