//! The intervention ladder (indsatstrappen): configurable steps, each in one of three categories.
//! The default is Norddjurs' 0–7 ladder; municipalities may configure their own.

use serde::{Deserialize, Serialize};

/// The three groups the half-yearly report and the catalogue use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LadderCategory {
    /// Almene tilbud: for all children and families.
    Universal,
    /// Forebyggende og foregribende tilbud.
    Preventive,
    /// Visiterede indsatser og anbringelser.
    Referred,
}

impl LadderCategory {
    pub fn label_da(self) -> &'static str {
        match self {
            LadderCategory::Universal => "Almene tilbud",
            LadderCategory::Preventive => "Forebyggende og foregribende tilbud",
            LadderCategory::Referred => "Visiterede indsatser og anbringelser",
        }
    }
}

/// One step of the ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LadderStep {
    pub number: u8,
    pub label: String,
    pub category: LadderCategory,
}

/// The configured ladder: steps in ascending order, numbers unique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ladder {
    steps: Vec<LadderStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LadderError {
    #[error("a ladder needs at least one step")]
    Empty,
    #[error("ladder step {0} appears more than once")]
    DuplicateStep(u8),
}

impl Ladder {
    pub fn new(mut steps: Vec<LadderStep>) -> Result<Self, LadderError> {
        if steps.is_empty() {
            return Err(LadderError::Empty);
        }
        steps.sort_by_key(|s| s.number);
        if let Some(w) = steps.windows(2).find(|w| w[0].number == w[1].number) {
            return Err(LadderError::DuplicateStep(w[0].number));
        }
        Ok(Self { steps })
    }

    pub fn steps(&self) -> &[LadderStep] {
        &self.steps
    }

    pub fn step(&self, number: u8) -> Option<&LadderStep> {
        self.steps.iter().find(|s| s.number == number)
    }
}

impl Default for Ladder {
    /// Steps 0–7: 0 universal, 1–3 preventive/anticipatory, 4–7 referred interventions and placements.
    fn default() -> Self {
        let labels = [
            "Almene tilbud til alle børn og familier",
            "Tidlig forebyggelse i almenområdet",
            "Forebyggende tilbud uden visitation",
            "Foregribende tilbud og rådgivning",
            "Visiterede indsatser i hjemmet",
            "Intensive visiterede indsatser",
            "Netværkspleje og plejefamilie",
            "Anbringelse på institution",
        ];
        let steps = labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let number = i as u8;
                let category = match number {
                    0 => LadderCategory::Universal,
                    1..=3 => LadderCategory::Preventive,
                    _ => LadderCategory::Referred,
                };
                LadderStep { number, label: (*label).to_owned(), category }
            })
            .collect();
        Self { steps }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ladder_has_three_categories_as_in_the_2022_report() {
        let ladder = Ladder::default();
        assert_eq!(ladder.steps().len(), 8);
        assert_eq!(ladder.step(0).map(|s| s.category), Some(LadderCategory::Universal));
        assert_eq!(ladder.step(3).map(|s| s.category), Some(LadderCategory::Preventive));
        assert_eq!(ladder.step(4).map(|s| s.category), Some(LadderCategory::Referred));
        assert_eq!(ladder.step(7).map(|s| s.category), Some(LadderCategory::Referred));
    }

    #[test]
    fn duplicate_steps_are_rejected() {
        let step = LadderStep { number: 1, label: "a".into(), category: LadderCategory::Preventive };
        assert_eq!(Ladder::new(vec![step.clone(), step]), Err(LadderError::DuplicateStep(1)));
        assert_eq!(Ladder::new(vec![]), Err(LadderError::Empty));
    }
}
