//! The reporter of explanations: words a placement officer reads for the
//! codes the engine keeps as data (soft-rule names, how a nearest miss was
//! confirmed). Explanation texts are built from these words only, so no
//! internal code reaches a sentence; the codes stay in their own fields
//! (`ScoreComponent::name`, `NearestMiss::confirmed_by`) for programs.

/// Words for a soft rule's code (`carer_gender` → "carer of the preferred
/// gender"). An unknown code is spelt out with spaces, never shown raw.
pub fn component_words(code: &str) -> String {
    let words = match code {
        "placement" => "being placed at all",
        "distance" => "closeness to home",
        "same_area" => "same district",
        "interests" => "shared interests",
        "language" => "shared language",
        "faith" => "shared faith or culture",
        "carer_gender" => "carer of the preferred gender",
        "household_type" => "the kind of home preferred",
        "experience" => "carers' experience",
        "cost_saving" => "weekly saving",
        "urgency" => "how soon it is needed",
        "tenant_fit" => "fit with the people living there",
        "en_suite" => "en-suite room",
        other => return other.replace('_', " "),
    };
    words.to_owned()
}

/// Words for how a nearest miss was confirmed (`free_place`, `re_solve`).
pub fn confirmation_words(code: &str) -> String {
    match code {
        "free_place" => {
            "a place is free in this plan, so relaxing this rule alone would place them".to_owned()
        }
        "re_solve" => "checked by planning again with this rule relaxed for them".to_owned(),
        other => other.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::rules::SOFT_RULES;

    #[test]
    fn every_soft_rule_has_words_of_its_own() {
        for r in SOFT_RULES {
            let w = component_words(r.name());
            assert!(!w.contains('_'), "{} -> {w}", r.name());
            assert_ne!(
                w,
                r.name().replace('_', " "),
                "{} has no words of its own",
                r.name()
            );
        }
        assert_eq!(component_words("new_rule"), "new rule");
        assert!(!confirmation_words("re_solve").contains('_'));
        assert!(!confirmation_words("free_place").contains('_'));
    }
}
