//! Duration and load segments: O(1) time-window feasibility by
//! concatenation.
//!
//! A [`Seg`] summarises a sequence of stops: its total duration (travel,
//! service and unavoidable waiting), the *time warp* it needs (how far back in
//! time one would have to travel to meet every window), the window for its
//! first start that achieves that minimum duration, and sums of distance,
//! travel time, service time and load. Two segments merge in constant time,
//! so a local-search move that splices prefixes and suffixes of routes is
//! evaluated without walking the routes (Vidal et al. 2013, "A hybrid genetic
//! algorithm with adaptive diversity management for a large class of vehicle
//! routing problems with time-windows"; the same scheme as PyVRP's
//! `DurationSegment`). Written here because no Rust crate offers it.

/// A summary of a sequence of visits, mergeable in O(1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Seg {
    /// Location of the first stop.
    pub first: usize,
    /// Location of the last stop.
    pub last: usize,
    /// Minimum total duration including waiting.
    pub duration: i64,
    /// Unavoidable time warp.
    pub time_warp: i64,
    /// Earliest start at the first stop that achieves `duration`.
    pub tw_early: i64,
    /// Latest start at the first stop without extra time warp.
    pub tw_late: i64,
    /// Summed distance of the inner arcs.
    pub distance: i64,
    /// Summed travel time of the inner arcs.
    pub travel: i64,
    /// Summed service time.
    pub service: i64,
    /// Summed demand.
    pub load: i64,
}

impl Seg {
    /// A single stop at `location` with service `duration` that must start in
    /// `[early, late]`.
    pub fn stop(location: usize, duration: i64, early: i64, late: i64, demand: i64) -> Seg {
        Seg {
            first: location,
            last: location,
            duration,
            time_warp: 0,
            tw_early: early,
            tw_late: late,
            distance: 0,
            travel: 0,
            service: duration,
            load: demand,
        }
    }

    /// This segment followed by `next`, joined by an arc of `edge_time` and
    /// `edge_dist`.
    #[inline]
    pub fn merge(&self, next: &Seg, edge_time: i64, edge_dist: i64) -> Seg {
        let at_next = self.duration - self.time_warp + edge_time;
        let diff_wait = (next.tw_early - at_next - self.tw_late).max(0);
        let diff_tw = (self.tw_early + at_next - next.tw_late).max(0);
        Seg {
            first: self.first,
            last: next.last,
            duration: self.duration + next.duration + edge_time + diff_wait,
            time_warp: self.time_warp + next.time_warp + diff_tw,
            tw_early: (next.tw_early - at_next).max(self.tw_early) - diff_wait,
            tw_late: (next.tw_late - at_next).min(self.tw_late) + diff_tw,
            distance: self.distance + next.distance + edge_dist,
            travel: self.travel + next.travel + edge_time,
            service: self.service + next.service,
            load: self.load + next.load,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_and_time_warp() {
        // Stop A [0,10] service 5, arc 5, stop B [30,40] service 1: wait 20.
        let a = Seg::stop(0, 5, 0, 10, 1);
        let b = Seg::stop(1, 1, 30, 40, 2);
        let ab = a.merge(&b, 5, 7);
        assert_eq!(ab.time_warp, 0);
        // Starting A at 10 gives arrival at B at 20: still 10 of waiting.
        assert_eq!(ab.duration, 5 + 5 + 10 + 1);
        assert_eq!(ab.tw_early, 10);
        assert_eq!(ab.load, 3);
        assert_eq!(ab.distance, 7);
        // B then A: B ends at >= 31, A late is 10: warp 31 + 5 - 10 = 26.
        let ba = b.merge(&a, 5, 7);
        assert_eq!(ba.time_warp, 26);
    }

    #[test]
    fn merge_is_associative() {
        let s = [
            Seg::stop(0, 3, 0, 50, 1),
            Seg::stop(1, 4, 20, 30, 1),
            Seg::stop(2, 2, 10, 15, 1),
            Seg::stop(3, 5, 40, 90, 1),
        ];
        let e = |_a: usize, _b: usize| 4;
        let left = s[0].merge(&s[1], e(0, 1), 1).merge(&s[2], e(1, 2), 1);
        let left = left.merge(&s[3], e(2, 3), 1);
        let right = s[2].merge(&s[3], e(2, 3), 1);
        let right = s[1].merge(&right, e(1, 2), 1);
        let right = s[0].merge(&right, e(0, 1), 1);
        assert_eq!(left, right);
    }
}
