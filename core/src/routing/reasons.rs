//! Why a job is unplanned: checks, for that job alone, which rule keeps every
//! vehicle from taking it (VROOM-style unassigned jobs reported as data, with
//! reasons).

use super::instance::Instance;
use super::schedule::{SyncBounds, Trace, simulate};
use super::solution::UnassignedReason;

/// Reasons for job `j`, most specific first. `partner_planned` says whether
/// its synchronised partner (if any) is planned.
pub(crate) fn reasons(
    inst: &Instance,
    j: usize,
    partner_planned: Option<bool>,
) -> Vec<UnassignedReason> {
    let job = &inst.p.jobs[j];
    let allowed: Vec<usize> = (0..inst.m).filter(|&v| inst.can_serve(j, v)).collect();
    if allowed.is_empty() {
        return vec![UnassignedReason::NoAllowedVehicle];
    }
    let mut out = Vec::new();
    let vs = &inst.p.vehicles;
    if allowed.iter().all(|&v| job.demand > vs[v].capacity) {
        out.push(UnassignedReason::CapacityExceeded);
    }
    let too_long = |v: usize| {
        let veh = &vs[v];
        job.duration > veh.shift.latest - veh.shift.earliest
            || veh.max_duration.is_some_and(|d| job.duration > d)
    };
    if allowed.iter().all(|&v| too_long(v)) {
        out.push(UnassignedReason::LongerThanShifts);
    }
    let alone_ok = |v: usize| {
        let s = simulate(inst, v, &[j], SyncBounds::None, None, Trace::default());
        s.time_warp == 0
    };
    if out.is_empty() && !allowed.iter().any(|&v| alone_ok(v)) {
        out.push(UnassignedReason::WindowUnreachable);
    }
    if partner_planned == Some(false) {
        out.push(UnassignedReason::PartnerUnplanned);
    }
    if out.is_empty() {
        out.push(UnassignedReason::AllRoutesFull);
    }
    out
}
