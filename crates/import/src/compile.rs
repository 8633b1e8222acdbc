//! Checks a mapping and, given a file's header, turns it into a [`Plan`] of resolved columns.
//!
//! The same pass serves [`crate::Mapping::validate`] (no header: syntax and meaning only) and
//! [`crate::parse`] (with the header: every column looked up too), so both report alike.

use std::collections::{BTreeMap, HashMap};

use chrono::format::{Item, StrftimeItems};
use encoding_rs::Encoding;
use gapscope_domain::survey::{ImportanceForm, IndicatorKind, Scale};

use crate::batch::{CategoryDef, IndicatorDef};
use crate::column::{Col, ColumnRef, Header, no_names_row};
use crate::mapping::{
    AccountManagerMapping, AccountMapping, CategoryMapping, Code, ContactMapping,
    ImportanceFormName, ImportanceMapping, IndicatorMapping, Mapping, ResponseMapping, ValueSource,
};
use crate::plan::{
    AccountManagerPlan, AccountPlan, ContactPlan, ImportancePlan, PickPlan, Plan, ROLES, RatingCol,
    Source,
};
use crate::report::{ErrorCode, Errors, ImportReport, RowError};
use crate::template::Template;

/// Checks the mapping without a file.
pub(crate) fn validate(mapping: &Mapping) -> Result<(), ImportReport> {
    let mut errors = Errors::default();
    if let Err(error) = file_encoding(mapping) {
        errors.push(error);
    }
    if let Err(error) = check_header_rows(mapping) {
        errors.push(error);
    }
    compile(mapping, None, &mut errors);
    errors.into_result(())
}

/// The encoding the mapping names, if any.
pub(crate) fn file_encoding(mapping: &Mapping) -> Result<Option<&'static Encoding>, RowError> {
    let Some(label) = &mapping.encoding else {
        return Ok(None);
    };
    match Encoding::for_label_no_replacement(label.trim().as_bytes()) {
        Some(encoding) => Ok(Some(encoding)),
        None => Err(RowError::mapping(
            "encoding",
            ErrorCode::UnknownEncoding,
            format!(
                "unknown encoding label {label:?}; use a WHATWG label such as \"utf-8\", \
                 \"windows-1252\", \"iso-8859-15\" or \"utf-16le\""
            ),
        )),
    }
}

fn check_header_rows(mapping: &Mapping) -> Result<(), RowError> {
    let rows = mapping.header_rows;
    match mapping.names_row {
        Some(n) if n == 0 || n > rows => Err(RowError::mapping(
            "names_row",
            ErrorCode::BadHeaderRows,
            format!("names_row = {n} must lie between 1 and header_rows = {rows}"),
        )),
        _ => Ok(()),
    }
}

/// Checks the mapping and, when `header` is given, resolves its columns. Returns the plan only
/// when there is a header and no error.
pub(crate) fn compile(
    mapping: &Mapping,
    header: Option<&Header>,
    errors: &mut Errors,
) -> Option<Plan> {
    let before = errors.count();
    let mut compiler = Compiler {
        header,
        has_names: mapping.effective_names_row().is_some(),
        errors,
        dont_know: mapping.dont_know.clone(),
        overrides: Vec::new(),
    };
    compiler.overrides(&mapping.dont_know_by_column);
    compiler.labels(&mapping.labels);
    let plan = compiler.plan(mapping);
    if errors.count() > before { None } else { plan }
}

/// One `dont_know_by_column` entry.
struct Override {
    reference: String,
    index: Option<usize>,
    codes: Vec<Code>,
}

struct Compiler<'a> {
    header: Option<&'a Header>,
    has_names: bool,
    errors: &'a mut Errors,
    dont_know: Vec<Code>,
    overrides: Vec<Override>,
}

impl Compiler<'_> {
    fn error(&mut self, field: impl Into<String>, code: ErrorCode, message: String) {
        self.errors.push(RowError::mapping(field, code, message));
    }

    fn plan(&mut self, m: &Mapping) -> Option<Plan> {
        let cycle = self.source(&m.cycle, "cycle");
        let account = self.account(&m.account);
        let account_manager = self.account_manager(m.account_manager.as_ref());
        let contact = self.contact(&m.contact);
        let response = self.response(&m.response);
        let performance_scale = self.scale(m.performance.scale, "performance.scale");
        let (importance_form, importance_scale) = self.importance_form(&m.importance);
        let categories = self.categories(m, performance_scale, importance_scale);
        let pick = self.pick(&m.importance, &m.categories);
        let (indicators, indicator_defs) = self.indicators(&m.indicators);
        let (response_id, submitted_at, comment) = response?;
        let (performance, importance_ratings) = categories?;
        let importance = match importance_form {
            ImportanceForm::Rating { .. } => ImportancePlan::Rating(importance_ratings),
            ImportanceForm::Pick { .. } => ImportancePlan::Pick(pick?),
            ImportanceForm::None => ImportancePlan::None,
        };
        Some(Plan {
            cycle: cycle?,
            account: account?,
            account_manager: account_manager?,
            contact: contact?,
            response_id,
            submitted_at,
            comment,
            performance,
            importance,
            indicators: indicators?,
            labels: m.labels.clone(),
            performance_scale,
            importance_form,
            category_defs: category_defs(&m.categories),
            indicator_defs,
        })
    }

    /// Resolves one column reference; `None` on error or when there is no header.
    fn column(&mut self, reference: &str, field: String) -> Option<Col> {
        let parsed = match ColumnRef::parse(reference) {
            Ok(parsed) => parsed,
            Err(message) => {
                self.error(field, ErrorCode::BadColumnReference, message);
                return None;
            }
        };
        if let (ColumnRef::Name(name), false) = (&parsed, self.has_names) {
            let message = no_names_row(name);
            self.error(field, ErrorCode::ColumnNotFound, message);
            return None;
        }
        let header = self.header?;
        match header.resolve(&parsed) {
            Ok(index) => Some(Col {
                index,
                label: header.label(index),
                field,
            }),
            Err((code, message)) => {
                self.error(field, code, message);
                None
            }
        }
    }

    /// Resolves an optional column: `Some(None)` when absent, `None` on error or no header.
    fn optional(&mut self, reference: Option<&str>, field: &str) -> Option<Option<Col>> {
        match reference {
            None => Some(None),
            Some(reference) => self.column(reference, field.to_owned()).map(Some),
        }
    }

    fn source(&mut self, source: &ValueSource, field: &str) -> Option<Source> {
        match (&source.column, &source.constant) {
            (Some(column), None) => self
                .column(column, format!("{field}.column"))
                .map(Source::Column),
            (None, Some(constant)) if constant.trim().is_empty() => {
                self.error(
                    format!("{field}.constant"),
                    ErrorCode::EmptyValue,
                    "must not be blank".into(),
                );
                None
            }
            (None, Some(constant)) => Some(Source::Constant(constant.trim().to_owned())),
            (Some(_), Some(_)) => {
                let message = "set either `column` or `constant`, not both".to_owned();
                self.error(field, ErrorCode::ConflictingFields, message);
                None
            }
            (None, None) => {
                let message =
                    "set `column` (a column of the file) or `constant` (one value)".to_owned();
                self.error(field, ErrorCode::MissingField, message);
                None
            }
        }
    }

    fn scale(&mut self, scale: Scale, field: &str) -> Scale {
        if scale.min >= scale.max {
            let message = format!(
                "a scale needs min < max, got min = {}, max = {}",
                scale.min, scale.max
            );
            self.error(field, ErrorCode::BadScale, message);
        }
        scale
    }

    fn template(&mut self, text: Option<&str>, parts: usize, field: &str) -> Option<Template> {
        match Template::parse(text?, parts) {
            Ok(template) => Some(template),
            Err(message) => {
                self.error(field, ErrorCode::BadTemplate, message);
                None
            }
        }
    }

    fn exclusive(&mut self, field: &str, a: (&str, bool), b: (&str, bool)) {
        if a.1 && b.1 {
            let message = format!("set either `{}` or `{}`, not both", a.0, b.0);
            self.error(field, ErrorCode::ConflictingFields, message);
        }
    }

    fn account(&mut self, m: &AccountMapping) -> Option<AccountPlan> {
        if m.key.is_empty() {
            let message = "name at least one key column".to_owned();
            self.error("account.key", ErrorCode::MissingField, message);
        }
        let key: Vec<Option<Col>> = (m.key.iter().enumerate())
            .map(|(i, r)| self.column(r, format!("account.key[{i}]")))
            .collect();
        self.exclusive(
            "account",
            ("name", m.name.is_some()),
            ("name_template", m.name_template.is_some()),
        );
        let name_template = self.template(
            m.name_template.as_deref(),
            m.key.len(),
            "account.name_template",
        );
        let name = self.optional(m.name.as_deref(), "account.name");
        let annual_value = self.optional(m.annual_value.as_deref(), "account.annual_value");
        Some(AccountPlan {
            key: key.into_iter().collect::<Option<Vec<_>>>()?,
            name: name?,
            name_template,
            annual_value: annual_value?,
        })
    }

    fn account_manager(
        &mut self,
        m: Option<&AccountManagerMapping>,
    ) -> Option<Option<AccountManagerPlan>> {
        let Some(m) = m else {
            return Some(None);
        };
        let source = ValueSource {
            column: m.column.clone(),
            constant: m.constant.clone(),
        };
        let source = self.source(&source, "account_manager");
        let am = "account_manager";
        self.exclusive(
            am,
            ("name", m.name.is_some()),
            ("name_template", m.name_template.is_some()),
        );
        let name_template = self.template(
            m.name_template.as_deref(),
            1,
            "account_manager.name_template",
        );
        let name = self.optional(m.name.as_deref(), "account_manager.name");
        let team = self.optional(m.team.as_deref(), "account_manager.team");
        Some(Some(AccountManagerPlan {
            source: source?,
            name: name?,
            name_template,
            team: team?,
        }))
    }

    fn contact(&mut self, m: &ContactMapping) -> Option<ContactPlan> {
        let id = self.column(&m.id, "contact.id".to_owned());
        let role = self.optional(m.role.as_deref(), "contact.role");
        for (value, role) in &m.roles {
            if !ROLES.contains(&role.as_str()) {
                let message = format!("{role:?} is no role; use one of {}", ROLES.join(", "));
                self.error(
                    format!("contact.roles[{value:?}]"),
                    ErrorCode::BadRole,
                    message,
                );
            }
        }
        if m.role.is_none() && !m.roles.is_empty() {
            let message = "`roles` is set but `role` names no column".to_owned();
            self.error("contact.roles", ErrorCode::UnusedField, message);
        }
        Some(ContactPlan {
            id: id?,
            role: role?,
            roles: m.roles.clone(),
        })
    }

    #[expect(
        clippy::type_complexity,
        reason = "a private tuple read once, in plan()"
    )]
    fn response(
        &mut self,
        m: &ResponseMapping,
    ) -> Option<(Option<Col>, Option<(Col, String)>, Option<Col>)> {
        let id = self.optional(m.id.as_deref(), "response.id");
        let comment = self.optional(m.comment.as_deref(), "response.comment");
        let submitted_at = self.optional(m.submitted_at.as_deref(), "response.submitted_at");
        let format = match (&m.submitted_at, &m.submitted_at_format) {
            (Some(_), Some(format)) => self.date_format(format),
            (Some(_), None) => {
                let message =
                    "give the chrono format of `submitted_at`, e.g. \"%Y-%m-%d %H:%M:%S\""
                        .to_owned();
                self.error(
                    "response.submitted_at_format",
                    ErrorCode::MissingField,
                    message,
                );
                None
            }
            (None, Some(_)) => {
                let message = "set only together with `submitted_at`".to_owned();
                self.error(
                    "response.submitted_at_format",
                    ErrorCode::UnusedField,
                    message,
                );
                None
            }
            (None, None) => None,
        };
        let submitted_at = match (submitted_at?, format) {
            (Some(col), Some(format)) => Some((col, format)),
            (Some(_), None) => return None,
            (None, _) => None,
        };
        Some((id?, submitted_at, comment?))
    }

    fn date_format(&mut self, format: &str) -> Option<String> {
        if format.trim().is_empty() || StrftimeItems::new(format).any(|item| item == Item::Error) {
            let message =
                format!("{format:?} is not a chrono format such as \"%Y-%m-%d %H:%M:%S\"");
            self.error(
                "response.submitted_at_format",
                ErrorCode::BadDateFormat,
                message,
            );
            return None;
        }
        Some(format.to_owned())
    }

    fn overrides(&mut self, by_column: &BTreeMap<String, Vec<Code>>) {
        for (reference, codes) in by_column {
            let col = self.column(reference, format!("dont_know_by_column[{reference:?}]"));
            self.overrides.push(Override {
                reference: reference.trim().to_owned(),
                index: col.map(|c| c.index),
                codes: codes.clone(),
            });
        }
    }

    fn labels(&mut self, labels: &BTreeMap<String, i32>) {
        if labels.keys().any(|label| label.trim().is_empty()) {
            let message = "a label must not be blank: blank cells are always null".to_owned();
            self.error("labels", ErrorCode::EmptyValue, message);
        }
    }

    /// The "don't know" codes of one column: its override, else the global list.
    fn dont_know_for(&self, reference: &str, index: Option<usize>) -> Vec<Code> {
        let hit = self
            .overrides
            .iter()
            .find(|o| (o.index.is_some() && o.index == index) || o.reference == reference.trim());
        hit.map_or_else(|| self.dont_know.clone(), |o| o.codes.clone())
    }

    fn rating(&mut self, reference: &str, field: String, scale: Scale) -> Option<RatingCol> {
        let col = self.column(reference, field.clone());
        let dont_know = self.dont_know_for(reference, col.as_ref().map(|c| c.index));
        if scale.min < scale.max {
            let inside = dont_know.iter().find_map(|code| match code {
                Code::Int(n) if (i64::from(scale.min)..=i64::from(scale.max)).contains(n) => {
                    Some(*n)
                }
                _ => None,
            });
            if let Some(n) = inside {
                let message = format!(
                    "\"don't know\" code {n} lies inside the scale {}-{}, so real answers of {n} \
                     would be lost; use a code outside the scale or set this column's own list \
                     in dont_know_by_column",
                    scale.min, scale.max
                );
                self.error(field, ErrorCode::DontKnowInScale, message);
                return None;
            }
        }
        Some(RatingCol {
            col: col?,
            scale,
            dont_know,
        })
    }

    /// The importance form, and the importance scale in the rating form.
    fn importance_form(&mut self, m: &ImportanceMapping) -> (ImportanceForm, Scale) {
        let set = [
            ("scale", m.scale.is_some()),
            ("columns", !m.columns.is_empty()),
            ("k", m.k.is_some()),
            ("no_answer", !m.no_answer.is_empty()),
        ];
        let used: &[&str] = match m.form {
            ImportanceFormName::Rating => &["scale"],
            ImportanceFormName::Pick => &["columns", "k", "no_answer"],
            ImportanceFormName::None => &[],
        };
        for (name, _) in set
            .iter()
            .filter(|(name, set)| *set && !used.contains(name))
        {
            let message = format!("not used when importance.form = {:?}", form_name(m.form));
            self.error(
                format!("importance.{name}"),
                ErrorCode::UnusedField,
                message,
            );
        }

        let default_scale = Scale { min: 1, max: 10 };
        match m.form {
            ImportanceFormName::Rating => {
                let scale = self.scale(m.scale.unwrap_or(default_scale), "importance.scale");
                (ImportanceForm::Rating { scale }, scale)
            }
            ImportanceFormName::Pick => (ImportanceForm::Pick { k: self.pick_k(m) }, default_scale),
            ImportanceFormName::None => (ImportanceForm::None, default_scale),
        }
    }

    fn pick_k(&mut self, m: &ImportanceMapping) -> u32 {
        match m.k {
            None => {
                let message =
                    "the pick form needs `k`, the most categories one respondent may pick"
                        .to_owned();
                self.error("importance.k", ErrorCode::MissingField, message);
                1
            }
            Some(0) => {
                let message = "k must be at least 1".to_owned();
                self.error("importance.k", ErrorCode::BadK, message);
                1
            }
            Some(k) => k,
        }
        .max(1)
    }

    /// Performance and (rating form) importance columns, aligned with the categories.
    fn categories(
        &mut self,
        m: &Mapping,
        performance_scale: Scale,
        importance_scale: Scale,
    ) -> Option<(Vec<RatingCol>, Vec<RatingCol>)> {
        if m.categories.is_empty() {
            let message = "name at least one category ([[categories]])".to_owned();
            self.error("categories", ErrorCode::NoCategories, message);
        }
        self.unique_keys("categories", m.categories.iter().map(|c| c.key.as_str()));
        let mut performance = Vec::new();
        let mut importance = Vec::new();
        for (i, category) in m.categories.iter().enumerate() {
            let field = format!("categories[{i}]");
            performance.push(self.rating(
                &category.performance,
                format!("{field}.performance"),
                performance_scale,
            ));
            importance.push(self.category_importance(
                category,
                m.importance.form,
                &field,
                importance_scale,
            ));
        }
        let performance: Option<Vec<RatingCol>> = performance.into_iter().collect();
        let importance: Option<Vec<RatingCol>> = importance.into_iter().flatten().collect();
        self.distinct_columns(performance.as_deref().unwrap_or_default());
        Some((performance?, importance?))
    }

    /// The importance column of one category in the rating form: `None` in other forms, and
    /// `Some(None)` on error.
    fn category_importance(
        &mut self,
        category: &CategoryMapping,
        form: ImportanceFormName,
        field: &str,
        scale: Scale,
    ) -> Option<Option<RatingCol>> {
        let name = form_name(form);
        match (form, &category.importance, &category.pick_code) {
            (ImportanceFormName::Rating, Some(column), pick) => {
                if pick.is_some() {
                    let message = format!("not used when importance.form = {name:?}");
                    self.error(
                        format!("{field}.pick_code"),
                        ErrorCode::UnusedField,
                        message,
                    );
                }
                Some(self.rating(column, format!("{field}.importance"), scale))
            }
            (ImportanceFormName::Rating, None, _) => {
                let message = "the rating form needs each category's importance column".to_owned();
                self.error(
                    format!("{field}.importance"),
                    ErrorCode::MissingField,
                    message,
                );
                Some(None)
            }
            (_, Some(_), _) => {
                let message = format!("not used when importance.form = {name:?}");
                self.error(
                    format!("{field}.importance"),
                    ErrorCode::UnusedField,
                    message,
                );
                None
            }
            (ImportanceFormName::None, None, Some(_)) => {
                let message = format!("not used when importance.form = {name:?}");
                self.error(
                    format!("{field}.pick_code"),
                    ErrorCode::UnusedField,
                    message,
                );
                None
            }
            _ => None,
        }
    }

    fn unique_keys<'k>(&mut self, list: &str, keys: impl Iterator<Item = &'k str>) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, key) in keys.enumerate() {
            let field = format!("{list}[{i}].key");
            if key.trim().is_empty() {
                self.error(
                    field,
                    ErrorCode::EmptyValue,
                    "a key must not be blank".into(),
                );
            } else if let Some(first) = seen.insert(key, i) {
                let message = format!("key {key:?} is already used by {list}[{first}]");
                self.error(field, ErrorCode::DuplicateKey, message);
                seen.insert(key, first);
            }
        }
    }

    /// Two categories rated from one column is almost always a copy-paste slip.
    fn distinct_columns(&mut self, columns: &[RatingCol]) {
        let mut seen: HashMap<usize, &str> = HashMap::new();
        for rating in columns {
            if let Some(first) = seen.insert(rating.col.index, &rating.col.field) {
                let message = format!("column {:?} is already mapped by {first}", rating.col.label);
                self.error(
                    rating.col.field.clone(),
                    ErrorCode::DuplicateColumn,
                    message,
                );
                seen.insert(rating.col.index, first);
            }
        }
    }

    fn pick(&mut self, m: &ImportanceMapping, categories: &[CategoryMapping]) -> Option<PickPlan> {
        if m.form != ImportanceFormName::Pick {
            return None;
        }
        if m.columns.is_empty() {
            let message = "the pick form needs the columns holding the picks".to_owned();
            self.error("importance.columns", ErrorCode::MissingField, message);
        }
        let columns: Vec<Option<Col>> = (m.columns.iter().enumerate())
            .map(|(i, r)| self.column(r, format!("importance.columns[{i}]")))
            .collect();
        let codes = self.pick_codes(categories);
        let columns: Option<Vec<Col>> = columns.into_iter().collect();
        if let Some(columns) = &columns {
            self.distinct_pick_columns(columns);
        }
        Some(PickPlan {
            columns: columns?,
            k: usize::try_from(m.k.unwrap_or(1)).unwrap_or(usize::MAX),
            codes: codes?,
            no_answer: m.no_answer.clone(),
        })
    }

    fn pick_codes(&mut self, categories: &[CategoryMapping]) -> Option<Vec<Code>> {
        let mut codes = Vec::new();
        let mut ok = true;
        for (i, category) in categories.iter().enumerate() {
            let field = format!("categories[{i}].pick_code");
            match &category.pick_code {
                None => {
                    let message = "the pick form needs each category's pick code".to_owned();
                    self.error(field, ErrorCode::MissingField, message);
                    ok = false;
                }
                Some(code) => {
                    if let Some(first) = codes.iter().position(|c| c == code) {
                        let message =
                            format!("pick code {code} is already used by categories[{first}]");
                        self.error(field, ErrorCode::DuplicatePickCode, message);
                        ok = false;
                    }
                    codes.push(code.clone());
                }
            }
        }
        ok.then_some(codes)
    }

    fn distinct_pick_columns(&mut self, columns: &[Col]) {
        for (i, col) in columns.iter().enumerate() {
            if let Some(first) = columns[..i].iter().find(|c| c.index == col.index) {
                let message = format!(
                    "column {:?} is already listed as {}",
                    col.label, first.field
                );
                self.error(col.field.clone(), ErrorCode::DuplicateColumn, message);
            }
        }
    }

    fn indicators(
        &mut self,
        indicators: &[IndicatorMapping],
    ) -> (Option<Vec<RatingCol>>, Vec<IndicatorDef>) {
        self.unique_keys("indicators", indicators.iter().map(|x| x.key.as_str()));
        let mut columns = Vec::new();
        let mut defs = Vec::new();
        for (i, indicator) in indicators.iter().enumerate() {
            let field = format!("indicators[{i}]");
            let scale = indicator
                .scale
                .unwrap_or(default_indicator_scale(indicator.kind));
            let scale = self.scale(scale, &format!("{field}.scale"));
            columns.push(self.rating(&indicator.column, format!("{field}.column"), scale));
            defs.push(IndicatorDef {
                key: indicator.key.trim().to_owned(),
                name: display_name(indicator.name.as_deref(), &indicator.key),
                kind: indicator.kind,
                scale,
            });
        }
        (columns.into_iter().collect(), defs)
    }
}

fn category_defs(categories: &[CategoryMapping]) -> Vec<CategoryDef> {
    categories
        .iter()
        .map(|c| CategoryDef {
            key: c.key.trim().to_owned(),
            name: display_name(c.name.as_deref(), &c.key),
        })
        .collect()
}

fn display_name(name: Option<&str>, key: &str) -> String {
    name.map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(key.trim())
        .to_owned()
}

/// 0-10 for likelihood to recommend, 1-10 for everything else (METHOD.md section 1).
fn default_indicator_scale(kind: IndicatorKind) -> Scale {
    match kind {
        IndicatorKind::Ltr => Scale { min: 0, max: 10 },
        _ => Scale { min: 1, max: 10 },
    }
}

fn form_name(form: ImportanceFormName) -> &'static str {
    match form {
        ImportanceFormName::Rating => "rating",
        ImportanceFormName::Pick => "pick",
        ImportanceFormName::None => "none",
    }
}
