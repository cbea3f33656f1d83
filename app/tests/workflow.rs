//! Proposals, decisions and accounts on real SQLite files: who may do what (the matrix),
//! and that nothing unapproved reaches any public read.
#![cfg(feature = "ssr")]

use app::account::{AccountRole, Actor};
use app::filters::Filters;
use app::forms::{change_label, ActivityInput, Problem, RecordPart, IMPORTED};
use app::i18n::Locale;
use app::ssr::account::error::WorkflowError;
use app::ssr::account::{auth, workflow};
use app::ssr::db::Pool;
use app::ssr::search::{SearchHandle, SearchIndex};
use app::ssr::{db, record};

mod support;
use support::{actor, seeded_with_accounts as seeded};

/// The search index as a running site holds it, built from the record as it is now.
async fn search_handle(pool: &Pool) -> SearchHandle {
    SearchHandle::new(SearchIndex::load(pool).await.unwrap())
}

const NAGASAKI: &str = "editor.nagasaki-university@example.org";
const TOYAMA: &str = "editor.university-of-toyama@example.org";
/// A published activity Nagasaki University takes part in (and Toyama does not).
const NAGASAKI_ACTIVITY: &str = "nagasaki-living-donor-liver-transplantation-georgia";

fn proposal(title: &str) -> ActivityInput {
    ActivityInput::from_pairs([
        ("title_en", title),
        ("title_ja", "ザンジバル遠隔ICU試行"),
        ("summary_en", "Remote intensive-care rounds."),
        ("summary_ja", "遠隔でのICU回診。"),
        ("kind", "capacity-building"),
        ("status", "ongoing"),
        ("start", "2025-04"),
        ("field", "intensive-care"),
        ("c0_code", "TZ"),
        ("p0_org", "nagasaki-university"),
        ("p0_role", "lead"),
        ("s0_title", "Nagasaki University news"),
        ("s0_url", "https://example.org/zanzibar"),
    ])
}

/// Everything a refused call must leave as it was.
async fn snapshot(pool: &Pool) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for (name, sql) in [
        ("activities", "SELECT count(*) FROM activities"),
        ("organizations", "SELECT count(*) FROM organizations"),
        ("submissions", "SELECT count(*) FROM submissions"),
        ("pending", "SELECT count(*) FROM submissions WHERE status = 'pending'"),
        ("decided", "SELECT count(*) FROM submissions WHERE decided_at IS NOT NULL"),
        ("revisions", "SELECT count(*) FROM revisions"),
        ("invitations", "SELECT count(*) FROM invitations"),
        ("outbox", "SELECT count(*) FROM outbox"),
        ("accounts", "SELECT count(*) FROM accounts"),
        ("confirmations", "SELECT count(*) FROM confirmations"),
        ("georgia title", "SELECT length(title_en) FROM activities WHERE slug = 'nagasaki-living-donor-liver-transplantation-georgia'"),
    ] {
        out.push((name.to_string(), sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()));
    }
    out
}

/// A pending proposal by Nagasaki's editor: a new activity.
async fn pending(pool: &Pool, title: &str) -> i64 {
    let editor = actor(pool, NAGASAKI).await;
    workflow::save_submission(
        pool,
        Some(&editor),
        None,
        workflow::Saving {
            draft: None,
            base: None,
            submit: true,
        },
        proposal(title),
        None,
    )
    .await
    .unwrap()
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    ParticipatingEditor,
    OtherEditor,
    Moderator,
    Admin,
}

async fn as_actor(pool: &Pool, who: Who) -> Option<Actor> {
    match who {
        Who::Anonymous => None,
        Who::ParticipatingEditor => Some(actor(pool, NAGASAKI).await),
        Who::OtherEditor => Some(actor(pool, TOYAMA).await),
        Who::Moderator => Some(actor(pool, "moderator@example.org").await),
        Who::Admin => Some(actor(pool, "admin@example.org").await),
    }
}

#[derive(Clone, Copy, Debug)]
enum Action {
    ProposeNew,
    ProposeChange,
    Approve,
    Reject,
    Invite,
    /// Confirm the published version of an activity (Nagasaki's) as accurate.
    Confirm,
}

/// Runs `action` as `who` on a fresh database; returns whether it was allowed, after
/// checking that a refusal changed nothing.
async fn attempt(action: Action, who: Who) -> bool {
    let (_dir, pool) = seeded().await;
    let id = pending(&pool, "Zanzibar tele-ICU pilot").await;
    let actor = as_actor(&pool, who).await;
    let before = snapshot(&pool).await;
    let result: Result<(), WorkflowError> = match action {
        Action::ProposeNew => workflow::save_submission(
            &pool,
            actor.as_ref(),
            None,
            workflow::Saving {
                draft: None,
                base: None,
                submit: true,
            },
            proposal("Another pilot"),
            None,
        )
        .await
        .map(drop),
        Action::ProposeChange => {
            let mut input = record::activity_input(&pool, NAGASAKI_ACTIVITY)
                .await
                .unwrap()
                .unwrap();
            input.title_en.push_str(" (updated)");
            workflow::save_submission(
                &pool,
                actor.as_ref(),
                Some(NAGASAKI_ACTIVITY),
                workflow::Saving {
                    draft: None,
                    base: None,
                    submit: true,
                },
                input,
                None,
            )
            .await
            .map(drop)
        }
        Action::Approve => {
            workflow::approve(&pool, &search_handle(&pool).await, actor.as_ref(), id, None)
                .await
                .map(drop)
        }
        Action::Reject => workflow::reject(&pool, actor.as_ref(), id, "Needs a source", None).await,
        Action::Invite => auth::invite(
            &pool,
            actor.as_ref(),
            "new.editor@example.org",
            "editor",
            "mie-university",
            "https://k.example",
        )
        .await
        .map(drop),
        Action::Confirm => app::ssr::trust::confirm(
            &pool,
            &search_handle(&pool).await,
            actor.as_ref(),
            NAGASAKI_ACTIVITY,
            1,
            None,
        )
        .await
        .map(drop),
    };
    match result {
        Ok(()) => true,
        Err(error) => {
            assert!(
                !matches!(error, WorkflowError::Database(_)),
                "{action:?} as {who:?} failed in the database: {error}"
            );
            assert_eq!(
                snapshot(&pool).await,
                before,
                "{action:?} as {who:?} was refused but changed something"
            );
            false
        }
    }
}

#[tokio::test]
async fn the_authorisation_matrix_holds_and_refusals_change_nothing() {
    use Who::*;
    // Rows: actions. Columns: anonymous, editor of a participating organisation, editor of
    // another organisation, moderator, admin.
    let matrix = [
        (Action::ProposeNew, [false, true, false, false, false]),
        (Action::ProposeChange, [false, true, false, false, false]),
        (Action::Approve, [false, false, false, true, true]),
        (Action::Reject, [false, false, false, true, true]),
        (Action::Invite, [false, false, false, false, true]),
        (Action::Confirm, [false, true, false, false, false]),
    ];
    for (action, expected) in matrix {
        for (who, allowed) in [
            Anonymous,
            ParticipatingEditor,
            OtherEditor,
            Moderator,
            Admin,
        ]
        .into_iter()
        .zip(expected)
        {
            assert_eq!(attempt(action, who).await, allowed, "{action:?} as {who:?}");
        }
    }
}

/// Every public read the site has: search, home, map counts, pages.
async fn publicly_visible(pool: &Pool, needle: &str) -> Vec<&'static str> {
    let mut seen = Vec::new();
    let index = SearchIndex::load(pool).await.unwrap();
    if !index
        .search(needle, &Filters::default(), app::filters::Sort::Relevance)
        .ids
        .is_empty()
    {
        seen.push("search index");
    }
    if db::recent(pool, &index, 100)
        .await
        .unwrap()
        .iter()
        .any(|c| c.title.en.contains(needle))
    {
        seen.push("recent");
    }
    let tz = db::country_counts(pool, &index, &Filters::default())
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.code == "TZ")
        .map_or(0, |c| c.count);
    if tz > 0 {
        seen.push("map counts");
    }
    if db::country(pool, &index, "TZ", 20)
        .await
        .unwrap()
        .is_some_and(|c| !c.activities.is_empty())
    {
        seen.push("country page");
    }
    if db::organization(pool, &index, "nagasaki-university", 20)
        .await
        .unwrap()
        .is_some_and(|o| {
            o.activities
                .items
                .iter()
                .any(|a| a.title.en.contains(needle))
        })
    {
        seen.push("organisation page");
    }
    seen
}

#[tokio::test]
async fn drafts_pending_and_rejected_proposals_are_nowhere_public_until_approved() {
    let (_dir, pool) = seeded().await;
    let editor = actor(&pool, NAGASAKI).await;
    let moderator = actor(&pool, "moderator@example.org").await;
    let needle = "Zanzibar";
    assert!(publicly_visible(&pool, needle).await.is_empty());

    let draft = workflow::save_submission(
        &pool,
        Some(&editor),
        None,
        workflow::Saving {
            draft: None,
            base: None,
            submit: false,
        },
        proposal("Zanzibar tele-ICU pilot"),
        None,
    )
    .await
    .unwrap();
    assert!(
        publicly_visible(&pool, needle).await.is_empty(),
        "a draft leaked"
    );

    let id = workflow::save_submission(
        &pool,
        Some(&editor),
        None,
        workflow::Saving {
            draft: Some(draft),
            base: None,
            submit: true,
        },
        proposal("Zanzibar tele-ICU pilot"),
        None,
    )
    .await
    .unwrap();
    assert_eq!(id, draft, "submitting a draft keeps its id");
    assert!(
        publicly_visible(&pool, needle).await.is_empty(),
        "a pending proposal leaked"
    );

    workflow::reject(
        &pool,
        Some(&moderator),
        id,
        "Which hospital hosts it?",
        None,
    )
    .await
    .unwrap();
    assert!(
        publicly_visible(&pool, needle).await.is_empty(),
        "a rejected proposal leaked"
    );
    let dashboard = workflow::dashboard(&pool, editor.clone()).await.unwrap();
    assert_eq!(
        dashboard.submissions[0].reason.as_deref(),
        Some("Which hospital hosts it?")
    );

    // Resubmitted and approved: now everywhere at once.
    workflow::save_submission(
        &pool,
        Some(&editor),
        None,
        workflow::Saving {
            draft: Some(id),
            base: None,
            submit: true,
        },
        proposal("Zanzibar tele-ICU pilot"),
        None,
    )
    .await
    .unwrap();
    let search = search_handle(&pool).await;
    let slug = workflow::approve(&pool, &search, Some(&moderator), id, None)
        .await
        .unwrap();
    // The approval itself swapped in a fresh index: nobody had to refresh it.
    assert!(!search
        .current()
        .search(needle, &Filters::default(), app::filters::Sort::Relevance)
        .ids
        .is_empty());
    assert_eq!(slug, "zanzibar-tele-icu-pilot");
    let seen = publicly_visible(&pool, needle).await;
    for place in [
        "search index",
        "recent",
        "map counts",
        "country page",
        "organisation page",
    ] {
        assert!(
            seen.contains(&place),
            "approved but not in {place}: {seen:?}"
        );
    }
    let history = workflow::history(&pool, &slug).await.unwrap().unwrap();
    assert_eq!(history.revisions.len(), 1);
    assert_eq!(
        history.revisions[0].organization.as_ref().unwrap().en,
        "Nagasaki University"
    );
}

#[tokio::test]
async fn a_pending_change_leaves_the_published_version_until_approved_and_becomes_revision_two() {
    let (_dir, pool) = seeded().await;
    let editor = actor(&pool, NAGASAKI).await;
    let moderator = actor(&pool, "moderator@example.org").await;
    let mut input = record::activity_input(&pool, NAGASAKI_ACTIVITY)
        .await
        .unwrap()
        .unwrap();
    let published_title = input.title_en.clone();
    input.title_en = "Living-donor liver transplantation in Tbilisi, renewed".into();
    let id = workflow::save_submission(
        &pool,
        Some(&editor),
        Some(NAGASAKI_ACTIVITY),
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
    let page = published_page(&pool, NAGASAKI_ACTIVITY).await;
    assert_eq!(
        page.card.title.en, published_title,
        "the pending title leaked"
    );
    assert!(publicly_visible(&pool, "renewed").await.is_empty());

    let review = workflow::review(&pool, id, None).await.unwrap().unwrap();
    let keys: Vec<&str> = review.changes.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["title-en"], "the diff names exactly what changed");

    workflow::approve(
        &pool,
        &search_handle(&pool).await,
        Some(&moderator),
        id,
        None,
    )
    .await
    .unwrap();
    let page = published_page(&pool, NAGASAKI_ACTIVITY).await;
    assert_eq!(
        page.card.title.en,
        "Living-donor liver transplantation in Tbilisi, renewed"
    );
    let history = workflow::history(&pool, NAGASAKI_ACTIVITY)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        history
            .revisions
            .iter()
            .map(|r| r.number)
            .collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(history.revisions[0].changes, ["title-en"]);
    assert_eq!(change_label("title-en", Locale::En), "Title (English)");
    assert_eq!(history.revisions[1].changes, ["imported"]);
    // Approving twice changes nothing the second time.
    let again = workflow::approve(
        &pool,
        &search_handle(&pool).await,
        Some(&moderator),
        id,
        None,
    )
    .await;
    assert!(
        matches!(again, Err(WorkflowError::Invalid(ref e)) if e[0].problem == Problem::AlreadyDecided)
    );
}

#[tokio::test]
async fn revisions_stored_with_the_old_key_names_keep_their_labels_after_migrating() {
    // A database as it was before `0005_stable_change_keys`, holding a revision that names
    // every part of the record by the Rust name of its label key.
    let (_dir, url, pool) = support::migrations::database_before("0005").await;
    // One activity as that schema held it, first published by the seed load (today's seed
    // loader writes today's schema, so the row is written by hand).
    sqlx::query(
        "INSERT INTO activities (slug, title_en, title_ja, summary_en, summary_ja, kind, status, last_updated)
         VALUES ($1, 'Title', '題', 'Summary.', '概要。', 'visit', 'completed', '2026-11-22')",
    )
    .bind(NAGASAKI_ACTIVITY)
    .execute(&pool)
    .await
    .unwrap();
    let old_names = r#"["FormTitleEn","FormTitleJa","FormSummaryEn","FormSummaryJa","Kind",
        "FormStatus","FormStart","FormEnd","FormAreaNote","Fields","Countries","Institutions",
        "Figures","Sources"]"#;
    let imported = format!("[\"{IMPORTED}\"]");
    for (number, changes) in [(1, imported.as_str()), (2, old_names)] {
        sqlx::query(
            "INSERT INTO revisions (activity_id, number, changes)
             SELECT id, $1, json($2) FROM activities WHERE slug = $3",
        )
        .bind(number)
        .bind(changes)
        .bind(NAGASAKI_ACTIVITY)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;

    let pool = db::connect(&url).await.unwrap().pool;
    let history = workflow::history(&pool, NAGASAKI_ACTIVITY)
        .await
        .unwrap()
        .unwrap();
    let slugs: Vec<&str> = RecordPart::ALL.iter().map(|p| p.slug()).collect();
    assert_eq!(
        history.revisions[0].changes, slugs,
        "renamed in place, in order"
    );
    for key in &history.revisions[0].changes {
        for locale in Locale::ALL {
            assert!(!change_label(key, locale).is_empty(), "{key} has no label");
        }
    }
    assert_eq!(history.revisions[1].changes, [IMPORTED], "left as it was");
}

#[tokio::test]
async fn an_invalid_submission_stores_nothing_and_names_each_problem() {
    let (_dir, pool) = seeded().await;
    let editor = actor(&pool, NAGASAKI).await;
    let before = snapshot(&pool).await;
    let mut input = proposal("Zanzibar tele-ICU pilot");
    input.start = "April 2025".into();
    input.sources[0].url = "example.org".into();
    let Err(WorkflowError::Invalid(errors)) = workflow::save_submission(
        &pool,
        Some(&editor),
        None,
        workflow::Saving {
            draft: None,
            base: None,
            submit: true,
        },
        input.clone(),
        None,
    )
    .await
    else {
        panic!("should be refused");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["start", "s0_url"]);
    assert_eq!(snapshot(&pool).await, before);
    // The same input is accepted as a draft, to be fixed later.
    workflow::save_submission(
        &pool,
        Some(&editor),
        None,
        workflow::Saving {
            draft: None,
            base: None,
            submit: false,
        },
        input,
        None,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn logins_are_checked_audited_and_throttled_per_account() {
    let (_dir, pool) = seeded().await;
    let ok = auth::login(
        &pool,
        "Moderator@Example.org ",
        auth::DEMO_PASSWORD,
        "10.0.0.1",
    )
    .await
    .unwrap();
    assert_eq!(ok.unwrap().role, AccountRole::Moderator);
    for _ in 0..auth::MAX_FAILURES_PER_ACCOUNT {
        let wrong = auth::login(&pool, "moderator@example.org", "guess", "10.0.0.2")
            .await
            .unwrap();
        assert_eq!(wrong, Err(Problem::WrongCredentials));
    }
    let refused = auth::login(
        &pool,
        "moderator@example.org",
        auth::DEMO_PASSWORD,
        "10.0.0.3",
    )
    .await
    .unwrap();
    assert_eq!(
        refused,
        Err(Problem::TooManyAttempts),
        "the right password is refused while throttled"
    );
    // Another account is not affected.
    assert!(
        auth::login(&pool, "admin@example.org", auth::DEMO_PASSWORD, "10.0.0.3")
            .await
            .unwrap()
            .is_ok()
    );
    let failed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'login-failed'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(failed, auth::MAX_FAILURES_PER_ACCOUNT);
}

#[tokio::test]
async fn an_invitation_link_works_once_and_creates_the_account_it_names() {
    let (_dir, pool) = seeded().await;
    let admin = actor(&pool, "admin@example.org").await;
    let token = auth::invite(
        &pool,
        Some(&admin),
        "New.Editor@Example.org",
        "editor",
        "mie-university",
        "https://k.example",
    )
    .await
    .unwrap();
    let body: String = sqlx::query_scalar("SELECT body FROM outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(body.contains(&format!("https://k.example/invite/{token}")));
    let short = auth::accept_invitation(&pool, &token, "short", "short", "ip").await;
    assert!(
        matches!(short, Err(WorkflowError::Invalid(ref e)) if e[0].problem == Problem::PasswordTooShort)
    );
    let account = auth::accept_invitation(
        &pool,
        &token,
        "a long enough password",
        "a long enough password",
        "ip",
    )
    .await
    .unwrap();
    assert_eq!(account.email, "new.editor@example.org");
    assert_eq!(account.organization.unwrap().slug, "mie-university");
    let again = auth::accept_invitation(
        &pool,
        &token,
        "a long enough password",
        "a long enough password",
        "ip",
    )
    .await;
    assert!(
        matches!(again, Err(WorkflowError::Invalid(ref e)) if e[0].problem == Problem::InvitationInvalid)
    );
    assert!(auth::login(
        &pool,
        "new.editor@example.org",
        "a long enough password",
        "ip"
    )
    .await
    .unwrap()
    .is_ok());
}

/// `editor` proposes `input` as the new version of `slug`, `moderator` approves it; the
/// activity as it is published then.
async fn propose_and_approve(
    pool: &Pool,
    editor: &Actor,
    moderator: &Actor,
    slug: &str,
    input: ActivityInput,
) -> app::model::ActivityDetail {
    let id = workflow::save_submission(
        pool,
        Some(editor),
        Some(slug),
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
    workflow::approve(pool, &search_handle(pool).await, Some(moderator), id, None)
        .await
        .unwrap();
    db::activity(pool, &SearchIndex::load(pool).await.unwrap(), slug)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_partner_restates_a_status_the_dates_have_overtaken_and_the_notes_follow_their_values() {
    use app::model::provenance::NoteSubject;
    const UTOKYO: &str = "utokyo-hospital-china-lifelong-education-project";
    let (_dir, pool) = seeded().await;
    let editor = actor(&pool, "editor.university-of-tokyo-hospital@example.org").await;
    let moderator = actor(&pool, "moderator@example.org").await;
    let published = db::activity(&pool, &SearchIndex::load(&pool).await.unwrap(), UTOKYO)
        .await
        .unwrap()
        .unwrap();
    let subjects =
        |d: &app::model::ActivityDetail| d.notes.iter().map(|n| n.about.slug()).collect::<Vec<_>>();
    assert!(subjects(&published).contains(&"status".to_string()));

    // The plan ended in 2024: submitting it unchanged as "planned" is refused, on the status.
    let mut input = record::activity_input(&pool, UTOKYO)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(input.status, "planned");
    let before = snapshot(&pool).await;
    let refused = workflow::save_submission(
        &pool,
        Some(&editor),
        Some(UTOKYO),
        workflow::Saving {
            draft: None,
            base: None,
            submit: true,
        },
        input.clone(),
        None,
    )
    .await;
    let Err(WorkflowError::Invalid(errors)) = refused else {
        panic!("a plan whose end has passed should be refused: {refused:?}");
    };
    assert_eq!(errors[0].field, "status");
    assert_eq!(errors[0].problem, Problem::StatusEndPassed);
    assert_eq!(snapshot(&pool).await, before, "nothing stored");

    // Restated as completed, today.
    input.status = "completed".into();
    let after = propose_and_approve(&pool, &editor, &moderator, UTOKYO, input).await;
    let today = record::today(&pool).await.unwrap();
    assert_eq!(after.status_as_of, Some(today));
    assert!(!after.status_overtaken);
    let kept = subjects(&after);
    assert!(
        !kept.contains(&"status".to_string()),
        "the source's wording of the status no longer applies"
    );
    for still in ["end", "participant:renji-hospital", "source:1"] {
        assert!(
            kept.contains(&still.to_string()),
            "{still} was dropped: {kept:?}"
        );
    }

    // A change of participants takes the note on a participant with it.
    let mut input = record::activity_input(&pool, UTOKYO)
        .await
        .unwrap()
        .unwrap();
    input.participants.retain(|p| p.org != "renji-hospital");
    let after = propose_and_approve(&pool, &editor, &moderator, UTOKYO, input).await;
    assert!(!after
        .notes
        .iter()
        .any(|n| n.about == NoteSubject::Participant("renji-hospital".into())));
    assert!(after.notes.iter().any(|n| n.about == NoteSubject::End));
}

#[tokio::test]
async fn a_source_title_the_curator_wrote_stays_marked_while_it_is_unchanged() {
    const CHECKUP: &str = "iuhw-cho-ray-health-checkup-center";
    let (_dir, pool) = seeded().await;
    let editor = actor(
        &pool,
        "editor.international-university-of-health-and-welfare@example.org",
    )
    .await;
    let moderator = actor(&pool, "moderator@example.org").await;
    assert!(
        db::activity(&pool, &SearchIndex::load(&pool).await.unwrap(), CHECKUP)
            .await
            .unwrap()
            .unwrap()
            .sources[0]
            .curator_title
    );
    let mut input = record::activity_input(&pool, CHECKUP)
        .await
        .unwrap()
        .unwrap();
    input.title_en.push_str(" (HECI)");
    assert!(
        propose_and_approve(&pool, &editor, &moderator, CHECKUP, input.clone())
            .await
            .sources[0]
            .curator_title,
        "an unrelated edit kept the mark"
    );
    input.sources[0].title = "IUHW: international cooperation".into();
    assert!(
        !propose_and_approve(&pool, &editor, &moderator, CHECKUP, input)
            .await
            .sources[0]
            .curator_title,
        "a partner's own title is theirs"
    );
}

/// The published page of an activity, as a visitor would read it now.
async fn published_page(pool: &Pool, slug: &str) -> app::model::ActivityDetail {
    let index = SearchIndex::load(pool).await.unwrap();
    db::activity(pool, &index, slug).await.unwrap().unwrap()
}

#[tokio::test]
async fn a_change_made_from_an_older_revision_is_never_approved_over_a_newer_one_and_is_rebased() {
    let (_dir, pool) = seeded().await;
    let editor = actor(&pool, NAGASAKI).await;
    let moderator = actor(&pool, "moderator@example.org").await;
    let search = search_handle(&pool).await;
    let slug = NAGASAKI_ACTIVITY;
    // Two forms opened on the same published version.
    let form = workflow::activity_form(&pool, editor.clone(), Some(slug), None, None)
        .await
        .unwrap();
    let base = form.base_revision;
    assert_eq!(base, Some(1), "the imported version is revision 1");
    let mut first = form.input.clone();
    first.summary_en = "First: a new summary.".into();
    first.summary_ja = "一つ目の要約。".into();
    let mut second = form.input.clone();
    second.title_en = "Second: a new title".into();
    second.summary_en = "Second: another summary.".into();
    let save = |input: ActivityInput, draft: Option<i64>, base: Option<i64>| {
        let (pool, editor) = (pool.clone(), editor.clone());
        async move {
            workflow::save_submission(
                &pool,
                Some(&editor),
                Some(slug),
                workflow::Saving {
                    draft,
                    base,
                    submit: true,
                },
                input,
                None,
            )
            .await
            .unwrap()
        }
    };
    let a = save(first, None, base).await;
    let b = save(second, None, base).await;
    workflow::approve(&pool, &search, Some(&moderator), a, None)
        .await
        .unwrap();

    // The second would overwrite the first: refused, nothing changed, still pending.
    let before = snapshot(&pool).await;
    let refused = workflow::approve(&pool, &search, Some(&moderator), b, None).await;
    assert!(
        matches!(refused, Err(WorkflowError::Conflict)),
        "{refused:?}"
    );
    assert_eq!(snapshot(&pool).await, before);
    let published = record::activity_input(&pool, slug).await.unwrap().unwrap();
    assert_eq!(published.summary_en, "First: a new summary.");

    // The moderator sees what changed since, part by part, and what both change.
    let review = workflow::review(&pool, b, None).await.unwrap().unwrap();
    let conflict = review.conflict.expect("a conflict");
    assert_eq!((conflict.base, conflict.current), (1, 2));
    let since: Vec<&str> = conflict
        .since
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(since, ["summary-en", "summary-ja"]);
    assert_eq!(conflict.both, ["summary-en"]);

    // Returned, the editor finds the proposal on top of the current version.
    workflow::reject(
        &pool,
        Some(&moderator),
        b,
        "Changed since; please check.",
        None,
    )
    .await
    .unwrap();
    let form = workflow::activity_form(&pool, editor.clone(), Some(slug), Some(b), None)
        .await
        .unwrap();
    assert!(form.rebased.is_some());
    assert_eq!(form.base_revision, Some(2));
    assert_eq!(form.input.title_en, "Second: a new title");
    assert_eq!(
        form.input.summary_en, "Second: another summary.",
        "the editor's own value"
    );
    assert_eq!(
        form.input.summary_ja, "一つ目の要約。",
        "the newer change is kept"
    );

    // Submitted again from the current version, it is approved, and both changes stand.
    let b = save(form.input, Some(b), form.base_revision).await;
    assert!(workflow::review(&pool, b, None)
        .await
        .unwrap()
        .unwrap()
        .conflict
        .is_none());
    workflow::approve(&pool, &search, Some(&moderator), b, None)
        .await
        .unwrap();
    let published = record::activity_input(&pool, slug).await.unwrap().unwrap();
    assert_eq!(published.title_en, "Second: a new title");
    assert_eq!(published.summary_ja, "一つ目の要約。");
    // The replaced revisions kept their content.
    let kept: i64 = sqlx::query_scalar("SELECT count(payload) FROM revisions WHERE activity_id = (SELECT id FROM activities WHERE slug = $1)")
        .bind(slug)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        kept, 2,
        "revisions 1 and 2 (replaced) keep what they published"
    );
}
