//! Section 4 of the method: net promoter score and its 95% margin of error. Every answer counts
//! once (no role weights).

use serde::{Deserialize, Serialize};

use crate::cells::CellSet;

/// NPS of a scope.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Nps {
    /// Number of likelihood-to-recommend answers.
    pub n: i64,
    /// Answers of 9 or 10.
    pub promoters: i64,
    /// Answers of 0 to 6.
    pub detractors: i64,
    /// `100 * (promoters - detractors) / n`, in [-100, 100]; `None` when `n = 0`.
    pub nps: Option<f64>,
    /// `196 * sqrt((pP + pD - (pP - pD)^2) / n)`; `None` when `n = 0`.
    pub margin_of_error: Option<f64>,
}

/// NPS from counts. The counts must satisfy `promoters + detractors <= n`.
pub fn nps(promoters: i64, detractors: i64, n: i64) -> Nps {
    let shares = (n > 0).then(|| (promoters as f64 / n as f64, detractors as f64 / n as f64));
    Nps {
        n,
        promoters,
        detractors,
        nps: (n > 0).then(|| 100.0 * (promoters - detractors) as f64 / n as f64),
        margin_of_error: shares.map(|(p, d)| {
            // p + d - (p - d)^2 is the variance of a +1/0/-1 answer; the max only absorbs
            // rounding below zero when every answer agrees.
            let variance = (p + d - (p - d).powi(2)).max(0.0);
            196.0 * (variance / n as f64).sqrt()
        }),
    }
}

/// NPS of the scope `cells` from the cells of the likelihood-to-recommend indicator.
pub fn nps_of_cells(cells: &CellSet<'_>, ltr_indicator: i64) -> Nps {
    let (promoters, detractors, n) = cells
        .indicators
        .iter()
        .filter(|c| c.indicator == ltr_indicator)
        .fold((0, 0, 0), |(p, d, n), c| {
            (p + c.promoters, d + c.detractors, n + c.n)
        });
    nps(promoters, detractors, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::IndicatorCell;

    #[test]
    fn nps_and_margin_by_hand() {
        // 5 promoters, 2 detractors of 10: NPS = 100 * 3/10 = 30
        // pP = 0.5, pD = 0.2: 0.5 + 0.2 - 0.3^2 = 0.61; 196 * sqrt(0.061) = 48.408429...
        let result = nps(5, 2, 10);
        assert_eq!(result.nps, Some(30.0));
        let margin = result.margin_of_error.unwrap();
        assert!((margin - 196.0 * 0.061_f64.sqrt()).abs() < 1e-12);
        assert!((margin - 48.408_429).abs() < 1e-6);
    }

    #[test]
    fn no_answers_no_nps() {
        let result = nps(0, 0, 0);
        assert_eq!((result.nps, result.margin_of_error), (None, None));
        assert_eq!(result.n, 0);
    }

    #[test]
    fn unanimous_answers_have_no_margin() {
        assert_eq!(nps(4, 0, 4).nps, Some(100.0));
        assert_eq!(nps(4, 0, 4).margin_of_error, Some(0.0));
        assert_eq!(nps(0, 3, 3).nps, Some(-100.0));
        assert_eq!(nps(0, 3, 3).margin_of_error, Some(0.0));
        assert_eq!(nps(0, 0, 5).margin_of_error, Some(0.0));
    }

    #[test]
    fn cells_count_each_answer_once_whatever_the_role() {
        let cell = |role: &str, indicator, n, promoters, detractors| IndicatorCell {
            role: role.into(),
            indicator,
            n,
            promoters,
            detractors,
            ..IndicatorCell::default()
        };
        let cells = [
            cell("decision_maker", 1, 3, 2, 1),
            cell("user", 1, 5, 1, 2),
            cell("user", 2, 9, 9, 0),
        ];
        let set = CellSet::new(&[], &cells, &[]);
        // Indicator 1: 3 promoters, 3 detractors of 8 -> NPS 0.
        let result = nps_of_cells(&set, 1);
        assert_eq!((result.n, result.promoters, result.detractors), (8, 3, 3));
        assert_eq!(result.nps, Some(0.0));
    }
}
