//! Homecare rounds: visits, care workers and their shifts.
