//! Writing a generated organization into a store, as a real one would arrive: each cycle
//! imported, every cycle closed, then the renewal outcomes recorded.

use gapscope_store::{Actor, ImportOptions, NewOutcome, Store, StoreError};

use crate::Synthetic;

/// Imports every cycle of `synthetic` into `org_id`, closes the cycles it lists, and records
/// its outcomes; each step is its own transaction, attributed to `actor`.
pub fn load(
    store: &Store,
    org_id: i64,
    synthetic: &Synthetic,
    actor: &Actor,
) -> Result<(), StoreError> {
    for batch in &synthetic.cycles {
        let opts = ImportOptions {
            dry_run: false,
            file_name: None,
            actor: actor.clone(),
        };
        store.import(org_id, batch, &opts)?;
    }
    for key in &synthetic.closed_cycles {
        let cycle = store
            .cycle_by_key(org_id, key)?
            .ok_or_else(|| StoreError::NotFound(format!("cycle {key}")))?;
        store.close_cycle(org_id, cycle.id, actor)?;
    }
    let outcomes: Vec<NewOutcome> = synthetic
        .outcomes
        .iter()
        .map(|o| NewOutcome {
            account_external_id: o.account.clone(),
            renewed: o.renewed,
            decided_on: o.date,
        })
        .collect();
    store.record_outcomes(org_id, &outcomes, actor)?;
    Ok(())
}
