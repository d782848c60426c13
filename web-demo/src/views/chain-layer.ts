// The move-on chains drawn on the map: one arrow per move, from the place
// the person leaves to the place they take, numbered by chain. The arrows
// take one Tab stop; the arrow keys move between them, Enter shows the
// chain in the chains list. Each arrow's name says the move in words, and
// the chains list below the map is the full text alternative.
import { s } from '../dom';
import type { MatchResult, Scenario } from '../types';
import { moveEnds, moveWords } from './chain-words';
import { xy } from './projection';

/** Shows chain `i` (0-based) in the chains list. */
export type OnChain = (i: number) => void;

export function chainLayer(sc: Scenario, result: MatchResult, onChain: OnChain): SVGElement {
  const moves = result.chains.reduce((n, c) => n + c.moves.length, 0);
  const g = s('g', {
    class: 'chains',
    'data-testid': 'chains-map',
    role: 'group',
    'aria-label': `Move-on chains: ${result.chains.length} chain(s), ${moves} move(s). Tab to an arrow, use the arrow keys to go from move to move, Enter shows the chain in the list of chains.`,
  });
  g.append(s('defs', {}, s('marker', { id: 'chain-arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '5', markerHeight: '5', orient: 'auto-start-reverse' }, s('path', { d: 'M0,0L10,5L0,10Z', class: 'chain-head' }))));
  const arrows: SVGElement[] = [];
  result.chains.forEach((chain, ci) => {
    chain.moves.forEach((m, mi) => {
      const ends = moveEnds(sc, m);
      if (!ends.from || !ends.to) return;
      const [x1, y1] = xy(ends.from.lat, ends.from.lon);
      const [x2, y2] = xy(ends.to.lat, ends.to.lon);
      // A move that ends where it starts on this scale is drawn as a small loop.
      const d = Math.hypot(x2 - x1, y2 - y1) < 4 ? `M${x1.toFixed(1)},${y1.toFixed(1)}a7,7 0 1 1 0.1,0` : `M${x1.toFixed(1)},${y1.toFixed(1)}L${x2.toFixed(1)},${y2.toFixed(1)}`;
      const name = `Chain ${ci + 1}, move ${mi + 1} of ${chain.moves.length}: ${moveWords(m)}. Enter shows the chain in the list.`;
      const arrow = s(
        'g',
        { class: 'chain-move', role: 'button', tabindex: '-1', 'aria-label': name, 'data-chain': String(ci), 'data-move': String(mi) },
        s('path', { d, class: 'chain-halo' }),
        s('path', { d, class: 'chain-line', 'marker-end': 'url(#chain-arrow)' }),
        s('title', {}, name),
      );
      arrow.addEventListener('click', () => onChain(ci));
      arrows.push(arrow);
      g.append(arrow);
    });
  });
  arrows[0]?.setAttribute('tabindex', '0');
  g.addEventListener('keydown', (ev) => {
    const k = (ev as KeyboardEvent).key;
    const i = arrows.indexOf((ev.target as Element).closest('.chain-move') as SVGElement);
    if (i < 0) return;
    if (k === 'Enter' || k === ' ') {
      ev.preventDefault();
      onChain(Number(arrows[i].dataset.chain));
      return;
    }
    const step = k === 'ArrowRight' || k === 'ArrowDown' ? 1 : k === 'ArrowLeft' || k === 'ArrowUp' ? -1 : k === 'Home' ? -i : k === 'End' ? arrows.length - 1 - i : 0;
    if (!step) return;
    ev.preventDefault();
    const next = arrows[(i + step + arrows.length) % arrows.length];
    arrows[i].setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    (next as unknown as HTMLElement).focus();
  });
  return g;
}
