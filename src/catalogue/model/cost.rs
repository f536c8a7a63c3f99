//! What a network or an opportunity costs, and how that is told.

use serde::Serialize;

/// What a network or an opportunity costs, as far as the sources say.
#[derive(
    Clone, Debug, Default, PartialEq, Serialize, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub struct Cost {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_gbp: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The cost facet: a missing cost is "not known", never "free".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CostClass {
    Free,
    Paid,
    Unknown,
}

impl CostClass {
    pub const ALL: [CostClass; 3] = [CostClass::Free, CostClass::Paid, CostClass::Unknown];

    pub fn of(cost: Option<&Cost>) -> CostClass {
        match cost {
            Some(Cost {
                free: Some(true), ..
            }) => CostClass::Free,
            Some(Cost {
                free: Some(false), ..
            }) => CostClass::Paid,
            Some(Cost {
                amount_gbp: Some(a),
                ..
            }) if *a > 0.0 => CostClass::Paid,
            _ => CostClass::Unknown,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            CostClass::Free => "free",
            CostClass::Paid => "paid",
            CostClass::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CostClass::Free => "Free",
            CostClass::Paid => "Paid",
            CostClass::Unknown => "Not known",
        }
    }
}

impl Cost {
    /// A one-line description: "Free", "£60 (2025)", "Paid, amount not known", "Not known".
    pub fn describe(cost: Option<&Cost>) -> String {
        let class = CostClass::of(cost);
        let mut s = match (class, cost.and_then(|c| c.amount_gbp)) {
            (CostClass::Free, _) => "Free".to_string(),
            (_, Some(a)) => {
                let mut s = if a.fract() == 0.0 {
                    format!("£{a:.0}")
                } else {
                    format!("£{a:.2}")
                };
                if let Some(y) = cost.and_then(|c| c.year) {
                    s.push_str(&format!(" ({y})"));
                }
                s
            }
            (CostClass::Paid, None) => "Paid, amount not known".to_string(),
            (CostClass::Unknown, None) => "Not known".to_string(),
        };
        if let Some(note) = cost.and_then(|c| c.note.as_deref()) {
            s.push_str(" — ");
            s.push_str(note);
        }
        s
    }
}
