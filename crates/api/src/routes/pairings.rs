//! Pairing AMs with accounts (METHOD.md section 8): propose an optimal assignment, list the
//! proposals, apply all or some of their moves.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDateTime;
use gapscope_domain::assessment::Measure;
use gapscope_domain::pairing::{PairAccount, PairAm, Pairing, PairingProblem, optimise};
use gapscope_store::{NewProposal, Proposal, ProposalStatus, Role, Store, TokenScope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::analytics::CycleContext;
use crate::auth::caller::forbidden;
use crate::auth::{Caller, Principal};
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::paging::{Field, Page, Sorting, Window, sort_page};
use crate::routes::results::not_found;
use crate::state::AppState;

/// What to pair, and under which constraints.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalRequest {
    /// Only this team's AMs and the accounts they own now; the whole organization when absent.
    /// Supervisors must name their own team.
    pub team: Option<String>,
    /// Most accounts per AM; by default the largest current load, so today's assignment stays
    /// feasible.
    pub capacity: Option<usize>,
    /// Per-AM capacity overrides, by AM storage id.
    #[serde(default)]
    pub capacities: BTreeMap<i64, usize>,
    /// Pairs that must stay as given.
    #[serde(default)]
    pub locks: Vec<Lock>,
    /// AMs to leave out (their accounts must move).
    #[serde(default)]
    pub excluded: Vec<i64>,
    /// Cost of a change of owner, in units of an average account's fit; the org setting
    /// (default 0.25) when absent.
    pub change_penalty: Option<f64>,
}

/// A locked pair.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// Storage id of the account.
    pub account: i64,
    /// Storage id of the AM it stays with.
    pub account_manager: i64,
}

/// A stored proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalView {
    /// Storage id.
    pub id: i64,
    /// When it was made (UTC).
    pub created_at: NaiveDateTime,
    /// Who made it.
    pub created_by: String,
    /// The request it answers.
    #[schema(value_type = Object)]
    pub parameters: serde_json::Value,
    /// Objective before and after, every move with its gain, and per AM load and fit.
    pub result: Pairing,
    /// `proposed`, `partially_applied` or `applied`.
    pub status: String,
    /// When moves were last applied (UTC).
    pub applied_at: Option<NaiveDateTime>,
    /// Accounts whose move has been applied.
    pub applied_accounts: Vec<i64>,
}

impl From<Proposal> for ProposalView {
    fn from(p: Proposal) -> Self {
        Self {
            id: p.id,
            created_at: p.created_at,
            created_by: p.created_by,
            parameters: p.parameters,
            result: p.result,
            status: p.status.as_str().to_owned(),
            applied_at: p.applied_at,
            applied_accounts: p.applied_accounts,
        }
    }
}

/// Admins (and admin tokens) pair anywhere; a supervisor only within their own team.
fn may_pair(caller: &Caller, team: Option<&str>) -> ApiResult<()> {
    let allowed = match &caller.principal {
        Principal::User(user) => match user.role {
            Role::Admin => true,
            Role::Supervisor => team.is_some() && user.team.as_deref() == team,
            _ => false,
        },
        Principal::Token(token) => token.scope == TokenScope::Admin,
    };
    allowed.then_some(()).ok_or_else(|| {
        forbidden("pairing needs the admin role, or a supervisor for their own team")
    })
}

/// Proposes the optimal assignment of the scope's accounts to its AMs: each account one AM, no
/// AM over capacity, locked pairs kept, and the value-weighted fit minus the change penalty at
/// its maximum (an exact min-cost flow). The proposal is stored for later application.
#[utoipa::path(
    tag = "decisions",
    request_body = ProposalRequest,
    responses(
        (status = 201, description = "The stored proposal", body = ProposalView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 404, description = "No cycle yet", body = ErrorBody),
        (status = 422, description = "Infeasible: capacities, locks or settings (the field is named)", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[post("/pairings/proposals")]
pub async fn create_pairing_proposal(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ProposalRequest>,
) -> ApiResult<HttpResponse> {
    let request = body.into_inner();
    may_pair(&caller, request.team.as_deref())?;
    let store = state.store.clone();
    let view = web::block(move || -> ApiResult<ProposalView> {
        let problem = problem(&store, caller.org_id, &request)?;
        let pairing = optimise(&problem).map_err(|e| {
            let (field, text) = (e.field(), e.to_string());
            let prefix = format!("{field}: ");
            let reason = text
                .strip_prefix(&prefix)
                .map_or(text.clone(), str::to_owned);
            ApiError::unprocessable(field, reason)
        })?;
        let parameters =
            serde_json::to_value(&request).map_err(|e| ApiError::Internal(e.to_string()))?;
        let scope = serde_json::json!({ "team": request.team });
        let new = NewProposal {
            scope,
            parameters,
            result: &pairing,
        };
        Ok(store
            .save_proposal(caller.org_id, &new, &caller.actor())?
            .into())
    })
    .await??;
    Ok(HttpResponse::Created().json(view))
}

/// Builds the section-8 problem: the scope's AMs with their latest strengths, its accounts with
/// the weights of their latest scored cycle, values and owners.
fn problem(store: &Store, org: i64, request: &ProposalRequest) -> ApiResult<PairingProblem> {
    let members: Vec<i64> = store
        .account_managers(org)?
        .into_iter()
        .filter(|am| request.team.is_none() || am.team == request.team)
        .map(|am| am.id)
        .collect();
    check_request(request, &members)?;
    let ams: Vec<i64> = members
        .iter()
        .copied()
        .filter(|am| !request.excluded.contains(am))
        .collect();
    // A team's scope is the accounts its members (excluded ones included) own now: never
    // another team's accounts.
    let in_scope = |owner: Option<i64>| match &request.team {
        None => true,
        Some(_) => owner.is_some_and(|o| members.contains(&o)),
    };
    let accounts: Vec<gapscope_store::Account> = store
        .accounts(org)?
        .into_iter()
        .filter(|a| in_scope(a.current_account_manager))
        .collect();
    let cycles = store.cycles(org)?;
    let mut weights: BTreeMap<i64, BTreeMap<i64, f64>> = BTreeMap::new();
    let mut strengths: BTreeMap<i64, BTreeMap<i64, f64>> = BTreeMap::new();
    for (i, cycle) in cycles.iter().enumerate().rev() {
        let ctx = CycleContext::load(store, org, Some(&cycle.key))?;
        for result in ctx
            .account_results()
            .into_iter()
            .filter(|r| r.score.is_some())
        {
            weights.entry(result.account).or_insert_with(|| {
                result
                    .categories
                    .iter()
                    .filter_map(|c| Some((c.category, c.weight?)))
                    .collect()
            });
        }
        if i + 1 == cycles.len() {
            for row in ctx.assessment().results {
                if let Measure::Category { category } = row.measure {
                    strengths
                        .entry(row.account_manager)
                        .or_default()
                        .insert(category, row.strength);
                }
            }
        }
    }
    let default = request.capacity.unwrap_or_else(|| {
        ams.iter()
            .map(|am| {
                accounts
                    .iter()
                    .filter(|a| a.current_account_manager == Some(*am))
                    .count()
            })
            .max()
            .unwrap_or(0)
    });
    let lock_of = |account: i64| {
        request
            .locks
            .iter()
            .find(|l| l.account == account)
            .map(|l| l.account_manager)
    };
    if let Some((i, lock)) = request
        .locks
        .iter()
        .enumerate()
        .find(|(_, l)| !accounts.iter().any(|a| a.id == l.account))
    {
        return Err(ApiError::unprocessable(
            format!("locks[{i}].account"),
            format!("account {} is not in the scope", lock.account),
        ));
    }
    Ok(PairingProblem {
        accounts: accounts
            .iter()
            .map(|a| PairAccount {
                account: a.id,
                value: a.annual_value,
                weights: weights.get(&a.id).cloned().unwrap_or_default(),
                current: a.current_account_manager,
                locked_to: lock_of(a.id),
            })
            .collect(),
        ams: ams
            .iter()
            .map(|&am| PairAm {
                account_manager: am,
                capacity: request.capacities.get(&am).copied().unwrap_or(default),
                strengths: strengths.get(&am).cloned().unwrap_or_default(),
            })
            .collect(),
        change_penalty: match request.change_penalty {
            Some(p) => p,
            None => {
                crate::analytics::org_settings(store, org)?
                    .method
                    .decision
                    .change_penalty
            }
        },
    })
}

/// Refuses a request naming a team without AMs, AMs outside the scope, or one account locked
/// twice, naming the field.
fn check_request(request: &ProposalRequest, members: &[i64]) -> ApiResult<()> {
    if let Some(team) = request.team.as_ref().filter(|_| members.is_empty()) {
        return Err(ApiError::unprocessable(
            "team",
            format!("no account manager is in team {team:?}"),
        ));
    }
    if let Some(am) = request.excluded.iter().find(|am| !members.contains(am)) {
        return Err(ApiError::unprocessable(
            "excluded",
            format!("account manager {am} is not in the scope"),
        ));
    }
    if let Some(am) = request.capacities.keys().find(|am| !members.contains(am)) {
        return Err(ApiError::unprocessable(
            "capacities",
            format!("account manager {am} is not in the scope"),
        ));
    }
    for (i, lock) in request.locks.iter().enumerate() {
        if request.locks[..i].iter().any(|l| l.account == lock.account) {
            return Err(ApiError::unprocessable(
                format!("locks[{i}]"),
                format!("account {} is locked twice", lock.account),
            ));
        }
    }
    Ok(())
}

/// Filters, paging and sorting of the proposal list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProposalsQuery {
    /// Only proposals with this status: `proposed`, `partially_applied` or `applied`.
    #[param(value_type = Option<String>)]
    pub status: Option<ProposalStatus>,
    /// Page size, 1-1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// Items to skip before the page (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
    /// Sort keys, comma-separated, `-` in front for descending (e.g. `status,-created_at`).
    /// Fields: `created_at`, `status` (proposed < partially_applied < applied), `id`.
    /// Default: `-created_at,-id` (newest first). Ties are broken by `id`, ascending.
    pub sort: Option<String>,
}

/// The proposal list's sort fields (sorted in memory, see [`crate::paging::sort_page`]).
pub const SORT: Sorting<Field<Proposal>> = Sorting {
    fields: &[
        ("created_at", |p| p.created_at.into()),
        ("status", |p| {
            let rank = ProposalStatus::ALL.iter().position(|s| *s == p.status);
            rank.unwrap_or(usize::MAX).into()
        }),
        ("id", |p| p.id.into()),
    ],
    default: "-created_at,-id",
};

/// Lists pairing proposals, newest first by default (admins and read-only roles see all; a
/// supervisor sees their team's); filtered by status, sorted and paged.
#[utoipa::path(
    tag = "decisions",
    params(ProposalsQuery),
    responses(
        (status = 200, description = "One page of proposals", body = Page<ProposalView>),
        (status = 400, description = "Malformed or unknown parameter", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/pairings/proposals")]
pub async fn list_pairing_proposals(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ProposalsQuery>,
) -> ApiResult<HttpResponse> {
    let team = match &caller.principal {
        Principal::User(user) if user.role == Role::AccountManager => {
            return Err(forbidden(
                "pairing proposals are for supervisors and admins",
            ));
        }
        Principal::User(user) if user.role == Role::Supervisor => Some(user.team.clone()),
        _ => None,
    };
    let q = query.into_inner();
    let window = Window::parse(q.limit.as_deref(), q.offset.as_deref())?;
    let sort = SORT.parse(q.sort.as_deref())?;
    let (store, org) = (state.store.clone(), caller.org_id);
    let proposals = web::block(move || store.proposals(org)).await??;
    let wanted: Vec<Proposal> = proposals
        .into_iter()
        .filter(|p| {
            team.as_ref()
                .is_none_or(|t| p.scope["team"].as_str() == t.as_deref())
        })
        .filter(|p| q.status.is_none_or(|s| s == p.status))
        .collect();
    let page = sort_page(wanted, &sort, |p| p.id, window);
    Ok(HttpResponse::Ok().json(page.map(ProposalView::from)))
}

/// Which moves to apply.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyRequest {
    /// The accounts whose moves to apply; every move not yet applied when absent.
    pub accounts: Option<Vec<i64>>,
    /// Why: kept in the assignment history and the audit log.
    pub reason: String,
}

/// Applies all or some of a proposal's moves in one transaction: each writes the account's
/// assignment history with the reason; audited. Admins, or the supervisor of every AM involved.
#[utoipa::path(
    tag = "decisions",
    params(("id" = i64, Path, description = "Storage id of the proposal")),
    request_body = ApplyRequest,
    responses(
        (status = 200, description = "The proposal after applying", body = ProposalView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 404, description = "No such proposal", body = ErrorBody),
        (status = 409, description = "Applied already, or an account changed owner since", body = ErrorBody),
        (status = 422, description = "An account not among the moves, or no reason", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[post("/pairings/proposals/{id}/apply")]
pub async fn apply_pairing_proposal(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    body: web::Json<ApplyRequest>,
) -> ApiResult<HttpResponse> {
    let is_supervisor =
        matches!(&caller.principal, Principal::User(u) if u.role == Role::Supervisor);
    if !is_supervisor {
        caller.require_admin()?;
    }
    let (store, id, request) = (state.store.clone(), path.into_inner(), body.into_inner());
    let view = web::block(move || -> ApiResult<ProposalView> {
        let proposal = store
            .proposal(caller.org_id, id)?
            .ok_or_else(|| not_found("pairing proposal", id))?;
        if is_supervisor {
            let chosen = |account: i64| {
                request
                    .accounts
                    .as_ref()
                    .is_none_or(|a| a.contains(&account))
            };
            for m in proposal.result.moves.iter().filter(|m| chosen(m.account)) {
                for am in m.from.into_iter().chain([m.to]) {
                    caller.require_account_manager(&store, am)?;
                }
            }
        }
        // Without a list: every move not applied yet.
        let remaining: Vec<i64> = proposal
            .result
            .moves
            .iter()
            .map(|m| m.account)
            .filter(|a| !proposal.applied_accounts.contains(a))
            .collect();
        let accounts = match &request.accounts {
            Some(chosen) => Some(chosen.as_slice()),
            None if remaining.is_empty() => None,
            None => Some(remaining.as_slice()),
        };
        let applied = store.apply_proposal(
            caller.org_id,
            id,
            accounts,
            &request.reason,
            &caller.actor(),
        )?;
        Ok(applied.proposal.into())
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}
