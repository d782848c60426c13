//! The exact search for the best budget multiplier, and the knapsack of the
//! exchange heuristic.

use super::*;

/// Exact search for the best budget multiplier: intersects the Lagrangian
/// lines of the best known over-budget (`lo`) and under-budget (`hi`)
/// solutions until the new solution lies on both lines.
pub(super) fn lagrangian(
    w: &mut Work<'_>,
    p0: &Point,
    points: &mut Vec<Point>,
    opts: &SideOptions,
) -> Result<()> {
    let none = vec![false; w.p.edges()];
    let lam_max = w.lambda_max();
    let exact_max = lam_max
        == Lambda {
            num: w.lambda_big(),
            den: 1,
        };
    let Some(top) = w.relaxed(lam_max, &none)? else {
        return Err(Error::Internal(
            "relaxation infeasible at a larger multiplier",
        ));
    };
    points.push(top.clone());
    if top.spend > w.limit {
        if exact_max {
            return Err(Error::Infeasible(format!(
                "no assignment meets the budget: the least spend possible is {} > {}",
                top.spend, w.limit
            )));
        }
        return Ok(()); // bounds from p0 and top only
    }
    let (mut lo, mut hi) = (p0.clone(), top);
    for _ in 0..opts.max_lagrange_iterations {
        let dn = i128::from(hi.cost) - i128::from(lo.cost);
        let dd = i128::from(lo.spend) - i128::from(hi.spend);
        if dd <= 0 || dn < 0 {
            break;
        }
        let lam = w.representable(dn, dd);
        if lam == lo.lam || lam == hi.lam {
            break;
        }
        let Some(pt) = w.relaxed(lam, &none)? else {
            break;
        };
        let on_lo_line =
            pt.scaled() == lam.den * i128::from(lo.cost) + lam.num * i128::from(lo.spend);
        points.push(pt.clone());
        if on_lo_line {
            break; // lo and hi are both optimal at λ: the dual optimum
        }
        if pt.spend > w.limit {
            lo = pt;
        } else {
            hi = pt;
        }
    }
    Ok(())
}

/// Chooses items `(cost, weight)` minimising total cost with total weight
/// ≤ `cap` (weights and cost may be negative). Exact dynamic programme over
/// the reachable weights when that is small (items × weight range ≤ 2^25),
/// otherwise greedy by cost per unit of weight saved. `None` when no subset
/// fits.
pub(super) fn knapsack(items: &[(i64, i64)], cap: i64) -> Option<Vec<bool>> {
    let lo: i64 = items.iter().map(|&(_, w)| w.min(0)).sum();
    let hi: i64 = items.iter().map(|&(_, w)| w.max(0)).sum();
    if cap < lo {
        return None;
    }
    let span = usize::try_from(hi - lo + 1).ok()?;
    if span.saturating_mul(items.len()) <= 1 << 25 {
        let mut best: Vec<Option<i64>> = vec![None; span];
        best[usize::try_from(-lo).ok()?] = Some(0);
        let words = span.div_ceil(64);
        let mut took: Vec<Vec<u64>> = Vec::with_capacity(items.len());
        for &(c, w) in items {
            let mut t = vec![0u64; words];
            let mut nb = best.clone();
            for (s, b) in best.iter().enumerate() {
                let Some(b) = *b else { continue };
                let to = s as i64 + w;
                if to < 0 || to >= span as i64 {
                    continue;
                }
                let to = to as usize;
                if nb[to].is_none_or(|x| b + c < x) {
                    nb[to] = Some(b + c);
                    t[to / 64] |= 1 << (to % 64);
                }
            }
            best = nb;
            took.push(t);
        }
        let top = usize::try_from((cap.min(hi)) - lo).ok()?;
        let (mut s, _) = best[..=top]
            .iter()
            .enumerate()
            .filter_map(|(s, b)| b.map(|b| (s, b)))
            .min_by_key(|&(s, b)| (b, std::cmp::Reverse(s)))?;
        let mut chosen = vec![false; items.len()];
        for k in (0..items.len()).rev() {
            if took[k][s / 64] >> (s % 64) & 1 == 1 {
                chosen[k] = true;
                s = usize::try_from(s as i64 - items[k].1).ok()?;
            }
        }
        return Some(chosen);
    }
    // Greedy: take every item that saves weight at no cost, then the
    // cheapest savings per unit until the weight fits.
    let mut chosen: Vec<bool> = items.iter().map(|&(c, w)| c <= 0 && w <= 0).collect();
    let mut weight: i64 = items
        .iter()
        .zip(&chosen)
        .filter(|(_, t)| **t)
        .map(|(&(_, w), _)| w)
        .sum();
    let mut order: Vec<usize> = (0..items.len())
        .filter(|&k| !chosen[k] && items[k].1 < 0)
        .collect();
    order.sort_by(|&a, &b| {
        let (ca, wa) = (i128::from(items[a].0), i128::from(-items[a].1));
        let (cb, wb) = (i128::from(items[b].0), i128::from(-items[b].1));
        (ca * wb).cmp(&(cb * wa)).then(a.cmp(&b))
    });
    for k in order {
        if weight <= cap {
            break;
        }
        chosen[k] = true;
        weight += items[k].1;
    }
    (weight <= cap).then_some(chosen)
}
