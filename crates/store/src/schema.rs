//! The diesel schema, written by hand so that one file matches both migration sets
//! (`migrations/sqlite` and `migrations/postgres`). Change it together with a new migration.

diesel::table! {
    organizations (id) {
        id -> BigInt,
        name -> Text,
        settings -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    account_managers (id) {
        id -> BigInt,
        org_id -> BigInt,
        external_id -> Text,
        name -> Text,
        team -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    accounts (id) {
        id -> BigInt,
        org_id -> BigInt,
        external_id -> Text,
        name -> Text,
        annual_value -> Nullable<Double>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    assignments (id) {
        id -> BigInt,
        org_id -> BigInt,
        account_id -> BigInt,
        account_manager_id -> BigInt,
        valid_from -> Timestamp,
        valid_to -> Nullable<Timestamp>,
        reason -> Text,
    }
}

diesel::table! {
    contacts (id) {
        id -> BigInt,
        org_id -> BigInt,
        account_id -> BigInt,
        external_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    categories (id) {
        id -> BigInt,
        org_id -> BigInt,
        key -> Text,
        name -> Text,
        position -> Integer,
    }
}

diesel::table! {
    indicators (id) {
        id -> BigInt,
        org_id -> BigInt,
        key -> Text,
        name -> Text,
        kind -> Text,
        scale_min -> Integer,
        scale_max -> Integer,
    }
}

diesel::table! {
    cycles (id) {
        id -> BigInt,
        org_id -> BigInt,
        key -> Text,
        performance_min -> Integer,
        performance_max -> Integer,
        importance_form -> Text,
        importance_min -> Nullable<Integer>,
        importance_max -> Nullable<Integer>,
        pick_k -> Nullable<Integer>,
        outcome_indicator_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    imports (id) {
        id -> Text,
        org_id -> BigInt,
        file_name -> Nullable<Text>,
        created_at -> Timestamp,
        row_count -> BigInt,
        responses_inserted -> BigInt,
        responses_updated -> BigInt,
        responses_unchanged -> BigInt,
        cycles_created -> BigInt,
        categories_created -> BigInt,
        indicators_created -> BigInt,
        account_managers_created -> BigInt,
        accounts_created -> BigInt,
        contacts_created -> BigInt,
        assignments_changed -> BigInt,
    }
}

diesel::table! {
    responses (id) {
        id -> BigInt,
        org_id -> BigInt,
        cycle_id -> BigInt,
        account_id -> BigInt,
        contact_id -> BigInt,
        account_manager_id -> BigInt,
        external_id -> Text,
        submitted_at -> Timestamp,
        comment -> Nullable<Text>,
        import_id -> Text,
    }
}

diesel::table! {
    ratings (response_id, category_id) {
        org_id -> BigInt,
        response_id -> BigInt,
        category_id -> BigInt,
        importance -> Nullable<Integer>,
        performance -> Nullable<Integer>,
    }
}

diesel::table! {
    indicator_values (response_id, indicator_id) {
        org_id -> BigInt,
        response_id -> BigInt,
        indicator_id -> BigInt,
        value -> Integer,
    }
}

diesel::table! {
    agg_category (cycle_id, account_id, account_manager_id, role, category_id) {
        org_id -> BigInt,
        cycle_id -> BigInt,
        account_id -> BigInt,
        account_manager_id -> BigInt,
        role -> Text,
        category_id -> BigInt,
        importance_n -> BigInt,
        importance_sum -> BigInt,
        performance_n -> BigInt,
        performance_sum -> BigInt,
        top_box_n -> BigInt,
        bottom_box_n -> BigInt,
        pair_n -> BigInt,
        sum_x -> BigInt,
        sum_y -> BigInt,
        sum_xx -> BigInt,
        sum_yy -> BigInt,
        sum_xy -> BigInt,
    }
}

diesel::table! {
    agg_indicator (cycle_id, account_id, account_manager_id, role, indicator_id) {
        org_id -> BigInt,
        cycle_id -> BigInt,
        account_id -> BigInt,
        account_manager_id -> BigInt,
        role -> Text,
        indicator_id -> BigInt,
        n -> BigInt,
        sum -> BigInt,
        promoters -> BigInt,
        detractors -> BigInt,
        min_value -> Nullable<BigInt>,
    }
}

diesel::table! {
    agg_response (cycle_id, account_id, account_manager_id, role) {
        org_id -> BigInt,
        cycle_id -> BigInt,
        account_id -> BigInt,
        account_manager_id -> BigInt,
        role -> Text,
        responses -> BigInt,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        org_id -> BigInt,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        account_manager_id -> Nullable<BigInt>,
        team -> Nullable<Text>,
        disabled -> Bool,
        password_changed_at -> Timestamp,
        tokens_valid_after -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        org_id -> BigInt,
        name -> Text,
        scope -> Text,
        secret_digest -> Text,
        created_by_user_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        org_id -> Nullable<BigInt>,
        at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        actor_token_id -> Nullable<BigInt>,
        actor -> Text,
        client_addr -> Nullable<Text>,
        action -> Text,
        target_type -> Nullable<Text>,
        target_id -> Nullable<Text>,
        before -> Nullable<Text>,
        after -> Nullable<Text>,
    }
}

diesel::table! {
    alerts (id) {
        id -> BigInt,
        org_id -> BigInt,
        cycle_id -> BigInt,
        account_id -> BigInt,
        account_manager_id -> BigInt,
        rule -> Text,
        category_id -> BigInt,
        severity -> Text,
        magnitude -> Double,
        detail -> Text,
        evidence -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    alert_events (id) {
        id -> BigInt,
        org_id -> BigInt,
        alert_id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        actor_user_id -> Nullable<BigInt>,
        kind -> Text,
        severity -> Text,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    outcomes (id) {
        id -> BigInt,
        org_id -> BigInt,
        account_id -> BigInt,
        renewed -> Bool,
        decided_on -> Date,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    pairing_proposals (id) {
        id -> BigInt,
        org_id -> BigInt,
        created_at -> Timestamp,
        created_by -> Text,
        scope -> Text,
        parameters -> Text,
        result -> Text,
        status -> Text,
        applied_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    pairing_applied_moves (proposal_id, account_id) {
        proposal_id -> BigInt,
        account_id -> BigInt,
        org_id -> BigInt,
        assignment_id -> BigInt,
        applied_at -> Timestamp,
    }
}

diesel::joinable!(ratings -> responses (response_id));
diesel::joinable!(indicator_values -> responses (response_id));
diesel::joinable!(responses -> contacts (contact_id));

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    account_managers,
    accounts,
    assignments,
    contacts,
    categories,
    indicators,
    cycles,
    imports,
    responses,
    ratings,
    indicator_values,
    agg_category,
    agg_indicator,
    agg_response,
    users,
    api_tokens,
    audit_log,
    alerts,
    alert_events,
    outcomes,
    pairing_proposals,
    pairing_applied_moves,
);
