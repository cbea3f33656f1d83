//! Confirmations, versions and reminders on real SQLite files: only participants' editors
//! confirm, a new revision resets the confirmation (the old one stays, as of an earlier
//! version), every version keeps its page, and a stale record is reminded about once, even
//! by two servers at once.
#![cfg(feature = "ssr")]

use app::filters::Filters;
use app::model::Confirmation;
use app::ssr::account::error::WorkflowError;
use app::ssr::account::workflow;
use app::ssr::db::Pool;
use app::ssr::search::{SearchHandle, SearchIndex};
use app::ssr::{record, trust};

mod support;
use support::{actor, seeded_with_accounts as seeded};

/// International University of Health and Welfare (Japan) with Cho Ray Hospital (Viet Nam).
const CHECKUP: &str = "iuhw-cho-ray-health-checkup-center";
const JAPAN: &str = "editor.international-university-of-health-and-welfare@example.org";
const ABROAD: &str = "editor.cho-ray-hospital@example.org";
/// An editor of an organisation the activity does not name.
const OUTSIDER: &str = "editor.nagasaki-university@example.org";

async fn search_handle(pool: &Pool) -> SearchHandle {
    SearchHandle::new(SearchIndex::load(pool).await.unwrap())
}

async fn activity_id(pool: &Pool) -> i64 {
    sqlx::query_scalar("SELECT id FROM activities WHERE slug = $1")
        .bind(CHECKUP)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn confirmations(pool: &Pool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM confirmations")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// How many activities the search finds with confirmation `c`.
fn found(search: &SearchHandle, c: Confirmation) -> usize {
    let filters = Filters {
        confirmations: vec![c],
        ..Filters::default()
    };
    search.current().summary(&filters, 0).total as usize
}

/// Publishes a change of the summary through the workflow; returns the new revision.
async fn publish_change(pool: &Pool, search: &SearchHandle, summary: &str) {
    let editor = actor(pool, JAPAN).await;
    let moderator = actor(pool, "moderator@example.org").await;
    let mut input = record::activity_input(pool, CHECKUP)
        .await
        .unwrap()
        .unwrap();
    input.summary_en = summary.into();
    let id = workflow::save_submission(
        pool,
        Some(&editor),
        Some(CHECKUP),
        workflow::Saving {
            draft: None,
            base: None,
            submit: true,
        },
        input,
        None,
    )
    .await
    .unwrap();
    workflow::approve(pool, search, Some(&moderator), id, None)
        .await
        .unwrap();
}

#[tokio::test]
async fn only_editors_of_organisations_named_in_the_activity_may_confirm() {
    let (_dir, pool) = seeded().await;
    let search = search_handle(&pool).await;
    let outsider = actor(&pool, OUTSIDER).await;
    let moderator = actor(&pool, "moderator@example.org").await;
    let admin = actor(&pool, "admin@example.org").await;
    for (who, actor, expected) in [
        ("a visitor", None, "Unauthorized"),
        (
            "another organisation's editor",
            Some(&outsider),
            "Forbidden",
        ),
        ("a moderator", Some(&moderator), "Forbidden"),
        ("an administrator", Some(&admin), "Forbidden"),
    ] {
        let refused = trust::confirm(&pool, &search, actor, CHECKUP, 1, None).await;
        let name = match refused {
            Err(WorkflowError::Unauthorized) => "Unauthorized",
            Err(WorkflowError::Forbidden) => "Forbidden",
            other => panic!("{who}: {other:?}"),
        };
        assert_eq!(name, expected, "{who}");
        assert_eq!(confirmations(&pool).await, 0, "{who} stored something");
    }
    let unknown = trust::confirm(
        &pool,
        &search,
        Some(&actor(&pool, JAPAN).await),
        "no-such-activity",
        1,
        None,
    )
    .await;
    assert!(matches!(unknown, Err(WorkflowError::NotFound)));
    assert_eq!(confirmations(&pool).await, 0);
}

#[tokio::test]
async fn both_sides_confirm_then_a_new_revision_resets_the_confirmation() {
    let (_dir, pool) = seeded().await;
    let search = search_handle(&pool).await;
    let id = activity_id(&pool).await;
    let before = found(&search, Confirmation::BothSides);

    let japan = actor(&pool, JAPAN).await;
    trust::confirm(&pool, &search, Some(&japan), CHECKUP, 1, None)
        .await
        .unwrap();
    // Twice is once.
    trust::confirm(&pool, &search, Some(&japan), CHECKUP, 1, None)
        .await
        .unwrap();
    let t = trust::trust(&pool, id, None).await.unwrap();
    assert_eq!(t.state, Confirmation::OneSide);
    assert_eq!(t.confirmed.len(), 1);
    assert!(t.confirmed[0].japanese);

    let abroad = actor(&pool, ABROAD).await;
    trust::confirm(&pool, &search, Some(&abroad), CHECKUP, 1, None)
        .await
        .unwrap();
    let t = trust::trust(&pool, id, None).await.unwrap();
    assert_eq!(t.state, Confirmation::BothSides);
    assert_eq!(t.revision, 1);
    assert_eq!(t.last_confirmed.as_deref(), Some(t.today.as_str()));
    assert_eq!(
        found(&search, Confirmation::BothSides),
        before + 1,
        "the search facet counts the confirmation at once"
    );

    publish_change(
        &pool,
        &search,
        "A health check-up centre in Ho Chi Minh City, renewed.",
    )
    .await;
    let t = trust::trust(&pool, id, None).await.unwrap();
    assert_eq!(t.revision, 2);
    assert_eq!(
        t.state,
        Confirmation::NotConfirmed,
        "a new revision starts unconfirmed"
    );
    assert!(t.confirmed.is_empty());
    let earlier: Vec<(i64, bool)> = t.earlier.iter().map(|c| (c.revision, c.japanese)).collect();
    assert_eq!(
        earlier.len(),
        2,
        "both stay, as confirmations of version 1: {earlier:?}"
    );
    assert!(earlier.iter().all(|(r, _)| *r == 1));
    assert_eq!(found(&search, Confirmation::BothSides), before);

    // A confirmation of the version the editor saw, replaced since, is refused.
    let stale = trust::confirm(&pool, &search, Some(&abroad), CHECKUP, 1, None).await;
    assert!(matches!(stale, Err(WorkflowError::Conflict)), "{stale:?}");
    assert_eq!(
        confirmations(&pool).await,
        2,
        "the refused one stored nothing"
    );
}

#[tokio::test]
async fn every_version_keeps_the_page_it_published() {
    let (_dir, pool) = seeded().await;
    let search = search_handle(&pool).await;
    let first = trust::version(&pool, CHECKUP, 1).await.unwrap().unwrap();
    assert!(!first.trust.is_earlier_version());
    publish_change(&pool, &search, "Changed for version two.").await;

    let old = trust::version(&pool, CHECKUP, 1).await.unwrap().unwrap();
    assert_eq!(old.summary, first.summary, "version 1 renders as it was");
    assert_eq!(old.sources, first.sources);
    assert_eq!(old.figures, first.figures);
    assert!(old.trust.is_earlier_version());
    assert_eq!((old.trust.revision, old.trust.current), (1, 2));

    let new = trust::version(&pool, CHECKUP, 2).await.unwrap().unwrap();
    assert_eq!(new.summary.en, "Changed for version two.");
    assert!(!new.trust.is_earlier_version());
    assert!(trust::version(&pool, CHECKUP, 3).await.unwrap().is_none());
    assert!(trust::version(&pool, "no-such", 1).await.unwrap().is_none());
}

/// Two servers that run the reminders at the same moment (two tasks on separate connections
/// of one database) queue each record's reminder once between them: the reminder's row,
/// inserted in the same transaction as its messages, is the claim. On PostgreSQL the second
/// insert of that row waits for the first transaction and then finds it taken.
#[tokio::test]
async fn reminders_run_at_once_by_two_servers_are_queued_once() {
    let (_dir, pool) = seeded().await;
    sqlx::query(
        "UPDATE revisions SET published_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-13 months')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let stale = trust::stale(&pool, None).await.unwrap().len();
    assert!(stale > 1, "every record is stale: {stale}");
    let (a, b) = tokio::join!(
        trust::remind(&pool, "https://a.example"),
        trust::remind(&pool, "https://b.example")
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.reminded + b.reminded, stale, "{a:?} {b:?}");
    let reminders: i64 = sqlx::query_scalar("SELECT count(*) FROM reminders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(reminders as usize, stale);
    let queued: i64 =
        sqlx::query_scalar("SELECT count(*) FROM outbox WHERE subject LIKE 'Please confirm%'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(queued as usize, a.messages + b.messages);
    let twice: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT recipient, subject FROM outbox
                               GROUP BY recipient, subject HAVING count(*) > 1) AS repeated",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(twice, 0, "no editor is told twice of one record");
}

#[tokio::test]
async fn a_stale_record_is_reminded_about_once_per_period() {
    let (_dir, pool) = seeded().await;
    let id = activity_id(&pool).await;
    // Nothing is stale on a freshly seeded record.
    let done = trust::remind(&pool, "https://k.example").await.unwrap();
    assert_eq!(done.reminded, 0);
    // Published 13 months ago, never confirmed.
    sqlx::query("UPDATE revisions SET published_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-13 months') WHERE activity_id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    let outbox = |pool: Pool| async move {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM outbox WHERE subject LIKE 'Please confirm%'",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let done = trust::remind(&pool, "https://k.example").await.unwrap();
    assert!(done.stale >= 1);
    assert!(done.reminded >= 1);
    let queued = outbox(pool.clone()).await;
    assert!(
        queued >= 2,
        "both organisations' editors are told: {queued}"
    );
    let to: Vec<String> = sqlx::query_scalar("SELECT recipient FROM outbox WHERE body LIKE $1")
        .bind(format!("%{CHECKUP}%"))
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(
        to.iter().any(|r| r == JAPAN) && to.iter().any(|r| r == ABROAD),
        "{to:?}"
    );

    // Again: nothing new.
    let again = trust::remind(&pool, "https://k.example").await.unwrap();
    assert_eq!(again.reminded, 0);
    assert_eq!(outbox(pool.clone()).await, queued);

    // Listed on the editors' dashboard until confirmed.
    let org: i64 =
        sqlx::query_scalar("SELECT id FROM organizations WHERE slug = 'cho-ray-hospital'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let stale = trust::stale(&pool, Some(org)).await.unwrap();
    assert!(stale.iter().any(|(a, _)| *a == id));
    let search = search_handle(&pool).await;
    trust::confirm(
        &pool,
        &search,
        Some(&actor(&pool, ABROAD).await),
        CHECKUP,
        1,
        None,
    )
    .await
    .unwrap();
    let stale = trust::stale(&pool, Some(org)).await.unwrap();
    assert!(
        !stale.iter().any(|(a, _)| *a == id),
        "confirmed: no longer stale"
    );
}
