//! Placement matching: Shared Lives households and supported-living vacancies.
