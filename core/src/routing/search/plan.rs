//! Candidate routes as short lists of pieces: a [`Plan`] describes one
//! vehicle's new sequence as prefixes, suffixes, slices and single jobs of
//! the current routes, and a [`Move`] changes one or two routes. Moves are
//! priced without materialising them (see `evaluate.rs`).

/// A part of a candidate route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Jobs `0..end` of a route (with that route's start depot).
    Prefix(usize, usize),
    /// Jobs `start..` of a route.
    Suffix(usize, usize),
    /// Jobs `start..end` of a route.
    Range(usize, usize, usize),
    /// Jobs `start..end` of a route, reversed.
    Rev(usize, usize, usize),
    /// One job.
    Job(usize),
}

/// A candidate sequence for one route (vehicle).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    /// The vehicle whose route this becomes.
    pub route: usize,
    pieces: [Piece; 6],
    len: usize,
}

impl Plan {
    /// A plan built from `pieces` (at most six).
    pub fn new(route: usize, pieces: &[Piece]) -> Plan {
        let mut p = Plan {
            route,
            pieces: [Piece::Job(0); 6],
            len: pieces.len().min(6),
        };
        p.pieces[..p.len].copy_from_slice(&pieces[..p.len]);
        p
    }
    /// The pieces.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces[..self.len]
    }
}

/// A move: new sequences for one or two routes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Move {
    /// The changed routes.
    pub plans: [Option<Plan>; 2],
}

impl Move {
    /// A move changing one route.
    pub fn one(a: Plan) -> Move {
        Move {
            plans: [Some(a), None],
        }
    }
    /// A move changing two routes.
    pub fn two(a: Plan, b: Plan) -> Move {
        Move {
            plans: [Some(a), Some(b)],
        }
    }
}
