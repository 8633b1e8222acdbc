//! Rows to a batch: distinct cycles, AMs and accounts in order of first appearance, and the
//! checks that span rows (duplicate responses, a contact under two accounts).

use std::collections::HashMap;

use crate::batch::{AccountDef, AccountManagerDef, Batch, ResponseRow};
use crate::plan::Plan;
use crate::report::{ErrorCode, Errors, RowError};
use crate::row::{Identity, Row, Values};

/// Builds a [`Batch`] row by row.
pub(crate) struct Assembler<'p> {
    plan: &'p Plan,
    cycles: Vec<String>,
    account_managers: Vec<AccountManagerDef>,
    /// External id to (index, whether the name came from a name cell).
    account_manager_index: HashMap<String, (usize, bool)>,
    accounts: Vec<AccountDef>,
    account_index: HashMap<String, (usize, bool)>,
    response_lines: HashMap<String, usize>,
    contact_cycle_lines: HashMap<(String, String), usize>,
    contact_accounts: HashMap<String, (String, usize)>,
    responses: Vec<ResponseRow>,
}

impl<'p> Assembler<'p> {
    pub(crate) fn new(plan: &'p Plan) -> Self {
        Self {
            plan,
            cycles: Vec::new(),
            account_managers: Vec::new(),
            account_manager_index: HashMap::new(),
            accounts: Vec::new(),
            account_index: HashMap::new(),
            response_lines: HashMap::new(),
            contact_cycle_lines: HashMap::new(),
            contact_accounts: HashMap::new(),
            responses: Vec::new(),
        }
    }

    /// Adds one row, pushing the errors that only show across rows.
    pub(crate) fn add(&mut self, row: Row, errors: &mut Errors) {
        let Some(identity) = row.identity else {
            return;
        };
        let external_id = self.check_duplicates(&identity, row.line, errors);
        self.register(&identity, row.values.as_ref());
        if let Some(values) = row.values {
            self.responses
                .push(response(row.line, external_id, identity, values));
        }
    }

    pub(crate) fn finish(self) -> Batch {
        let plan = self.plan;
        Batch {
            performance_scale: plan.performance_scale,
            importance_form: plan.importance_form,
            categories: plan.category_defs.clone(),
            indicators: plan.indicator_defs.clone(),
            cycles: self.cycles,
            account_managers: self.account_managers,
            accounts: self.accounts,
            responses: self.responses,
        }
    }

    /// Checks the row against earlier ones and returns its response external id.
    fn check_duplicates(&mut self, id: &Identity, line: usize, errors: &mut Errors) -> String {
        let contact_col = &self.plan.contact.id;
        let at = |code, message| {
            RowError::at(
                line,
                Some(&contact_col.label),
                contact_col.field.clone(),
                code,
                message,
            )
        };
        let pair = (id.cycle.clone(), id.contact.clone());
        let repeated = self.contact_cycle_lines.get(&pair).copied();
        if let Some(first) = repeated {
            let message = format!(
                "contact {:?} already answered cycle {:?} on line {first}",
                id.contact, id.cycle
            );
            errors.push(at(ErrorCode::DuplicateContactInCycle, message));
        } else {
            self.contact_cycle_lines.insert(pair, line);
        }

        match self.contact_accounts.get(&id.contact) {
            Some((account, first)) if *account != id.account => {
                let message = format!(
                    "contact {:?} is listed under account {account:?} on line {first} and under \
                     account {:?} here; a contact belongs to one account",
                    id.contact, id.account
                );
                errors.push(at(ErrorCode::ContactInTwoAccounts, message));
            }
            Some(_) => {}
            None => {
                self.contact_accounts
                    .insert(id.contact.clone(), (id.account.clone(), line));
            }
        }

        let external_id =
            (id.response_id.clone()).unwrap_or_else(|| format!("{}/{}", id.cycle, id.contact));
        match self.response_lines.get(&external_id) {
            // Without a response id column the id is cycle/contact: already reported above.
            Some(_) if repeated.is_some() && id.response_id.is_none() => {}
            Some(first) => {
                let col = self.plan.response_id.as_ref().unwrap_or(contact_col);
                let message =
                    format!("response id {external_id:?} is already used on line {first}");
                let error = RowError::at(
                    line,
                    Some(&col.label),
                    col.field.clone(),
                    ErrorCode::DuplicateResponseId,
                    message,
                );
                errors.push(error);
            }
            None => {
                self.response_lines.insert(external_id.clone(), line);
            }
        }
        external_id
    }

    /// Records the row's cycle, account manager and account on first sight; a later row may
    /// fill in a name, value or team the first one left blank.
    fn register(&mut self, id: &Identity, values: Option<&Values>) {
        if !self.cycles.contains(&id.cycle) {
            self.cycles.push(id.cycle.clone());
        }
        if let Some(am) = &id.account_manager {
            self.register_account_manager(am, values);
        }
        self.register_account(id, values);
    }

    fn register_account_manager(&mut self, external_id: &str, values: Option<&Values>) {
        let name_cell = values.and_then(|v| v.account_manager_name.clone());
        let team = values.and_then(|v| v.account_manager_team.clone());
        if let Some((index, named)) = self.account_manager_index.get_mut(external_id) {
            let am = &mut self.account_managers[*index];
            if let (false, Some(name)) = (*named, name_cell) {
                am.name = name;
                *named = true;
            }
            am.team = am.team.take().or(team);
            return;
        }
        let template = self
            .plan
            .account_manager
            .as_ref()
            .and_then(|am| am.name_template.as_ref());
        let named = name_cell.is_some();
        let name = name_cell
            .or_else(|| template.map(|t| t.render(external_id, &[external_id.to_owned()])))
            .unwrap_or_else(|| external_id.to_owned());
        self.account_manager_index
            .insert(external_id.to_owned(), (self.account_managers.len(), named));
        self.account_managers.push(AccountManagerDef {
            external_id: external_id.to_owned(),
            name,
            team,
        });
    }

    fn register_account(&mut self, id: &Identity, values: Option<&Values>) {
        let name_cell = values.and_then(|v| v.account_name.clone());
        let annual_value = values.and_then(|v| v.annual_value);
        if let Some((index, named)) = self.account_index.get_mut(&id.account) {
            let account = &mut self.accounts[*index];
            if let (false, Some(name)) = (*named, name_cell) {
                account.name = name;
                *named = true;
            }
            account.annual_value = account.annual_value.or(annual_value);
            return;
        }
        let template = self.plan.account.name_template.as_ref();
        let named = name_cell.is_some();
        let name = name_cell
            .or_else(|| template.map(|t| t.render(&id.account, &id.account_parts)))
            .unwrap_or_else(|| id.account.clone());
        self.account_index
            .insert(id.account.clone(), (self.accounts.len(), named));
        self.accounts.push(AccountDef {
            external_id: id.account.clone(),
            name,
            annual_value,
        });
    }
}

fn response(line: usize, external_id: String, id: Identity, values: Values) -> ResponseRow {
    ResponseRow {
        row: line,
        external_id,
        cycle: id.cycle,
        account: id.account,
        account_manager: id.account_manager,
        contact: id.contact,
        contact_role: values.contact_role,
        submitted_at: values.submitted_at,
        importance: values.importance,
        performance: values.performance,
        indicators: values.indicators,
        comment: values.comment,
    }
}
