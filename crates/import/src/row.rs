//! One data row: cells to values, every bad cell reported with its line and column.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use csv::StringRecord;
use gapscope_domain::survey::Scale;

use crate::column::Col;
use crate::plan::{ImportancePlan, PickPlan, Plan, ROLES, RatingCol, Source};
use crate::report::{ErrorCode, Errors, RowError};

/// Who answered, when and for whom: what the cross-row checks need.
#[derive(Debug)]
pub(crate) struct Identity {
    pub(crate) cycle: String,
    pub(crate) account: String,
    pub(crate) account_parts: Vec<String>,
    pub(crate) account_manager: Option<String>,
    pub(crate) contact: String,
    /// The mapped response id, when the mapping names a column for it.
    pub(crate) response_id: Option<String>,
}

/// Everything else a row holds.
#[derive(Debug)]
pub(crate) struct Values {
    pub(crate) contact_role: String,
    pub(crate) submitted_at: Option<NaiveDateTime>,
    pub(crate) importance: Vec<Option<i32>>,
    pub(crate) performance: Vec<Option<i32>>,
    pub(crate) indicators: Vec<Option<i32>>,
    pub(crate) comment: Option<String>,
    pub(crate) account_name: Option<String>,
    pub(crate) annual_value: Option<f64>,
    pub(crate) account_manager_name: Option<String>,
    pub(crate) account_manager_team: Option<String>,
}

/// A data row read against the plan; a part is `None` when one of its cells has an error.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) line: usize,
    pub(crate) identity: Option<Identity>,
    pub(crate) values: Option<Values>,
}

/// Reads one data row, pushing an error for every bad cell.
pub(crate) fn read(plan: &Plan, line: usize, record: &StringRecord, errors: &mut Errors) -> Row {
    let mut reader = Reader {
        plan,
        line,
        record,
        found: Vec::new(),
    };
    let identity = reader.identity();
    let identity_ok = reader.found.is_empty();
    let values = reader.values();
    let values_ok = reader.found.is_empty();

    // Left to right, as a person reads the row.
    reader.found.sort_by_key(|(index, _)| *index);
    for (_, error) in reader.found {
        errors.push(error);
    }
    Row {
        line,
        identity: identity.filter(|_| identity_ok),
        values: values.filter(|_| values_ok),
    }
}

struct Reader<'a> {
    plan: &'a Plan,
    line: usize,
    record: &'a StringRecord,
    /// The row's errors, with their column index.
    found: Vec<(usize, RowError)>,
}

impl<'a> Reader<'a> {
    fn cell(&self, col: &Col) -> &'a str {
        self.record.get(col.index).unwrap_or_default().trim()
    }

    fn error(&mut self, col: &Col, code: ErrorCode, message: String) {
        let error = RowError::at(
            self.line,
            Some(&col.label),
            col.field.clone(),
            code,
            message,
        );
        self.found.push((col.index, error));
    }

    /// The trimmed cell, or an error when it is blank.
    fn required(&mut self, col: &Col, code: ErrorCode, what: &str) -> Option<String> {
        let value = self.cell(col);
        if value.is_empty() {
            self.error(col, code, format!("the {what} is blank"));
            None
        } else {
            Some(value.to_owned())
        }
    }

    fn optional(&self, col: Option<&Col>) -> Option<String> {
        let value = self.cell(col?);
        (!value.is_empty()).then(|| value.to_owned())
    }

    fn identity(&mut self) -> Option<Identity> {
        let plan = self.plan;
        let cycle = match &plan.cycle {
            Source::Column(col) => self.required(col, ErrorCode::MissingCycle, "cycle"),
            Source::Constant(value) => Some(value.clone()),
        };
        let parts: Vec<Option<String>> = (plan.account.key.iter())
            .map(|col| self.required(col, ErrorCode::MissingAccountKey, "account key"))
            .collect();
        let account_manager = match plan.account_manager.as_ref().map(|am| &am.source) {
            None => Some(None),
            Some(Source::Column(col)) => self
                .required(col, ErrorCode::MissingAccountManager, "account manager")
                .map(Some),
            Some(Source::Constant(value)) => Some(Some(value.clone())),
        };
        let contact = self.required(&plan.contact.id, ErrorCode::MissingContactId, "contact id");
        let response_id = match &plan.response_id {
            None => Some(None),
            Some(col) => self
                .required(col, ErrorCode::MissingResponseId, "response id")
                .map(Some),
        };
        let account_parts: Vec<String> = parts.into_iter().collect::<Option<_>>()?;
        Some(Identity {
            cycle: cycle?,
            account: account_parts.join("/"),
            account_parts,
            account_manager: account_manager?,
            contact: contact?,
            response_id: response_id?,
        })
    }

    fn values(&mut self) -> Option<Values> {
        let plan = self.plan;
        let performance = plan.performance.iter().map(|r| self.rating(r)).collect();
        let importance = match &plan.importance {
            ImportancePlan::None => vec![None; plan.performance.len()],
            ImportancePlan::Rating(ratings) => ratings.iter().map(|r| self.rating(r)).collect(),
            ImportancePlan::Pick(pick) => self.picks(pick),
        };
        let indicators = plan.indicators.iter().map(|r| self.rating(r)).collect();
        let submitted_at = self.submitted_at();
        let annual_value = self.annual_value();
        let am = plan.account_manager.as_ref();
        Some(Values {
            contact_role: self.role(),
            submitted_at: submitted_at?,
            importance,
            performance,
            indicators,
            comment: self.optional(plan.comment.as_ref()),
            account_name: self.optional(plan.account.name.as_ref()),
            annual_value: annual_value?,
            account_manager_name: self.optional(am.and_then(|am| am.name.as_ref())),
            account_manager_team: self.optional(am.and_then(|am| am.team.as_ref())),
        })
    }

    /// A rating: `None` when blank, "don't know" or in error.
    fn rating(&mut self, rating: &RatingCol) -> Option<i32> {
        let raw = self.cell(&rating.col);
        if raw.is_empty() || rating.dont_know.iter().any(|code| code.matches(raw)) {
            return None;
        }
        let value = match self.plan.labels.get(raw) {
            Some(value) => i64::from(*value),
            None => self.integer(&rating.col, raw)?,
        };
        if rating
            .dont_know
            .iter()
            .any(|code| code.matches(&value.to_string()))
        {
            return None;
        }
        let Scale { min, max } = rating.scale;
        match i32::try_from(value) {
            Ok(value) if (min..=max).contains(&value) => Some(value),
            _ => {
                let message = format!(
                    "{value} is outside the scale {min}-{max}{}",
                    dont_know_hint(rating)
                );
                self.error(&rating.col, ErrorCode::OutOfScale, message);
                None
            }
        }
    }

    fn integer(&mut self, col: &Col, raw: &str) -> Option<i64> {
        match raw.parse::<i64>() {
            Ok(value) => Some(value),
            Err(_) => {
                let hint = if self.plan.labels.is_empty() {
                    "; map answer texts to numbers with `labels`"
                } else {
                    " and no entry of `labels`"
                };
                self.error(
                    col,
                    ErrorCode::NotAnInteger,
                    format!("{raw:?} is not an integer{hint}"),
                );
                None
            }
        }
    }

    /// Pick form: 1 for each picked category, 0 for the rest.
    fn picks(&mut self, pick: &PickPlan) -> Vec<Option<i32>> {
        let mut picked: Vec<usize> = Vec::new();
        for col in &pick.columns {
            let raw = self.cell(col);
            if raw.is_empty() || pick.no_answer.iter().any(|code| code.matches(raw)) {
                continue;
            }
            let Some(category) = pick.codes.iter().position(|code| code.matches(raw)) else {
                let message = format!("pick {raw:?} is the pick code of no category");
                self.error(col, ErrorCode::UnknownPickCode, message);
                continue;
            };
            if picked.contains(&category) {
                continue;
            }
            picked.push(category);
            if picked.len() == pick.k.saturating_add(1) {
                let message = format!("more than k = {} distinct categories picked", pick.k);
                self.error(col, ErrorCode::TooManyPicks, message);
            }
        }
        (0..pick.codes.len())
            .map(|i| Some(i32::from(picked.contains(&i))))
            .collect()
    }

    /// The role: the role map's entry, else the cell when it names a role, else `unspecified`.
    fn role(&self) -> String {
        let contact = &self.plan.contact;
        let Some(raw) = self.optional(contact.role.as_ref()) else {
            return "unspecified".to_owned();
        };
        match contact.roles.get(&raw) {
            Some(role) => role.clone(),
            None if ROLES.contains(&raw.as_str()) => raw,
            None => "unspecified".to_owned(),
        }
    }

    /// `Some(None)` when unmapped or blank, `None` on error.
    fn submitted_at(&mut self) -> Option<Option<NaiveDateTime>> {
        let Some((col, format)) = &self.plan.submitted_at else {
            return Some(None);
        };
        let raw = self.cell(col);
        if raw.is_empty() {
            return Some(None);
        }
        let parsed = NaiveDateTime::parse_from_str(raw, format).or_else(|_| {
            NaiveDate::parse_from_str(raw, format).map(|d| d.and_time(NaiveTime::MIN))
        });
        match parsed {
            Ok(time) => Some(Some(time)),
            Err(error) => {
                let message = format!("{raw:?} does not fit the format {format:?} ({error})");
                self.error(col, ErrorCode::BadDatetime, message);
                None
            }
        }
    }

    /// `Some(None)` when unmapped or blank, `None` on error.
    fn annual_value(&mut self) -> Option<Option<f64>> {
        let Some(col) = &self.plan.account.annual_value else {
            return Some(None);
        };
        let raw = self.cell(col);
        if raw.is_empty() {
            return Some(None);
        }
        match raw.parse::<f64>() {
            Ok(value) if value.is_finite() && value >= 0.0 => Some(Some(value)),
            _ => {
                let message = format!("{raw:?} is not a non-negative number such as 125000.50");
                self.error(col, ErrorCode::BadNumber, message);
                None
            }
        }
    }
}

fn dont_know_hint(rating: &RatingCol) -> String {
    if rating.dont_know.is_empty() {
        " and no \"don't know\" code is set".to_owned()
    } else {
        let codes: Vec<String> = rating.dont_know.iter().map(ToString::to_string).collect();
        format!(" and not a \"don't know\" code ({})", codes.join(", "))
    }
}
