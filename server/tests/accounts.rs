//! HTTP tests of accounts on the real router: login and its redirects, session rotation and
//! logout, cookie flags, the login limit, cross-site request refusal, and an editor's
//! proposal going through moderation to the public pages.

mod support;

use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use reqwest::StatusCode;

type Site = support::TestSite;

async fn spawn_site(secure_cookies: bool) -> Site {
    let turn = support::render_turn().await;
    let (mut state, listener, dir) = support::prepare().await;
    state.secure_cookies = secure_cookies;
    app::ssr::account::auth::ensure_demo_accounts(&state.pool)
        .await
        .unwrap();
    support::TestSite::serve(turn, state, listener, dir)
}

const EDITOR: &str = "editor.nagasaki-university@example.org";
const PASSWORD: &str = "kakehashi-demo";

fn location(r: &reqwest::Response) -> String {
    r.headers()[LOCATION].to_str().unwrap().to_string()
}

#[tokio::test]
async fn visitors_are_sent_to_login_and_brought_back() {
    let site = spawn_site(false).await;
    let r = site.get_as("/partner/activities/new?x=1", None).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?next=/partner/activities/new%3Fx%3D1");
    let r = site.get_as("/ja/moderation", None).await;
    assert_eq!(location(&r), "/ja/login?next=/ja/moderation");

    let page = site
        .get_as("/login?next=/partner", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"<label for="email">Email</label>"#),
        "{page:.3000}"
    );
    assert!(page.contains(r#"name="next" value="/partner""#));

    let r = site
        .post(
            "/login",
            None,
            &[
                ("email", EDITOR),
                ("password", PASSWORD),
                ("next", "/partner/activities/new"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/partner/activities/new");
    // Another site's address is never a destination.
    let r = site
        .post(
            "/login",
            None,
            &[
                ("email", EDITOR),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/partner");
}

#[tokio::test]
async fn the_session_id_changes_at_login_and_logout_ends_the_session() {
    let site = spawn_site(false).await;
    let first = site.login(EDITOR, None).await;
    assert_eq!(
        site.get_as("/partner", Some(&first)).await.status(),
        StatusCode::OK
    );
    // Logging in again from the same browser gives a new id; the old one stops working.
    let second = site.login(EDITOR, Some(&first)).await;
    assert_ne!(first, second);
    assert_eq!(
        site.get_as("/partner", Some(&first)).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        site.get_as("/partner", Some(&second)).await.status(),
        StatusCode::OK
    );

    let r = site.post("/logout", Some(&second), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        site.get_as("/partner", Some(&second)).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_secure_when_configured() {
    for secure in [false, true] {
        let site = spawn_site(secure).await;
        let r = site
            .post("/login", None, &[("email", EDITOR), ("password", PASSWORD)])
            .await;
        let header = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
        assert!(header.contains("HttpOnly"), "{header}");
        assert!(header.contains("SameSite=Lax"), "{header}");
        assert_eq!(header.contains("Secure"), secure, "{header}");
    }
    // Visitors who never log in get no cookie at all.
    let site = spawn_site(false).await;
    assert!(site
        .get_as("/", None)
        .await
        .headers()
        .get(SET_COOKIE)
        .is_none());
}

#[tokio::test]
async fn wrong_passwords_get_a_message_at_the_field_then_the_login_is_throttled() {
    let site = spawn_site(false).await;
    for _ in 0..5 {
        let r = site
            .post("/login", None, &[("email", EDITOR), ("password", "not it")])
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let page = r.text().await.unwrap();
        assert!(page.contains(r#"id="password-error""#), "{page:.2000}");
        assert!(page.contains("The email or the password is not right."));
        assert!(
            page.contains(&format!(r#"value="{EDITOR}""#)),
            "the email typed is kept"
        );
        assert!(!page.contains("not it"), "the password is never echoed");
    }
    let r = site
        .post(
            "/ja/login",
            None,
            &[("email", EDITOR), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "900");
    let page = r.text().await.unwrap();
    assert!(
        page.contains("失敗が続いたため、15分後にもう一度お試しください。"),
        "{page:.2000}"
    );
    // A malformed email is refused before any password check.
    let r = site
        .post("/login", None, &[("email", "nobody"), ("password", "x")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn cross_site_posts_are_refused_before_anything_happens() {
    let site = spawn_site(false).await;
    let cookie = site.login("moderator@example.org", None).await;
    for (origin, path) in [
        ("https://evil.example", "/login"),
        ("https://evil.example", "/moderation/1"),
        ("null", "/logout"),
    ] {
        let r = site
            .client
            .post(site.url(path))
            .header(ORIGIN, origin)
            .header(COOKIE, &cookie)
            .form(&[
                ("email", EDITOR),
                ("password", PASSWORD),
                ("decision", "approve"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{origin} → {path}");
    }
    // A Referer from another site counts too when there is no Origin.
    let r = site
        .client
        .post(site.url("/logout"))
        .header("referer", "https://evil.example/page")
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        site.get_as("/moderation", Some(&cookie)).await.status(),
        StatusCode::OK,
        "still logged in"
    );
}

#[tokio::test]
async fn an_editors_proposal_is_checked_reviewed_and_published_over_http() {
    let site = spawn_site(false).await;
    let editor = site.login(EDITOR, None).await;
    let mut form = vec![
        ("title_en", "Zanzibar tele-ICU pilot"),
        ("title_ja", "ザンジバル遠隔ICU試行"),
        ("summary_en", "Remote intensive-care rounds."),
        ("summary_ja", "遠隔でのICU回診。"),
        ("kind", "capacity-building"),
        ("status", "ongoing"),
        ("start", "April 2025"),
        ("field", "intensive-care"),
        ("c0_code", "TZ"),
        ("p0_org", "nagasaki-university"),
        ("p0_role", "lead"),
        ("s0_title", "Nagasaki University news"),
        ("s0_url", "https://example.org/zanzibar"),
        ("intent", "submit"),
    ];
    // A bad date: 422, the message at the field, everything typed still there.
    let r = site
        .post("/partner/activities/new", Some(&editor), &form)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains(r#"id="start-error""#), "{page:.3000}");
    assert!(page.contains(r#"aria-invalid="true""#));
    assert!(page.contains("ザンジバル遠隔ICU試行"));
    assert!(page.contains(r#"value="April 2025""#));

    form[6] = ("start", "2025-04");
    let r = site
        .post("/partner/activities/new", Some(&editor), &form)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/partner?submitted="));
    let dashboard = site
        .get_as("/partner", Some(&editor))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        dashboard.contains("Zanzibar tele-ICU pilot") && dashboard.contains("Waiting for review")
    );
    let search = site
        .get_as("/activities?q=Zanzibar", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        search.contains("No activity matches"),
        "pending proposal is public"
    );

    // The editor may not decide; the moderator approves.
    let id = location(&r).rsplit('=').next().unwrap().to_string();
    let r = site
        .post(
            &format!("/moderation/{id}"),
            Some(&editor),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let moderator = site.login("moderator@example.org", None).await;
    let review = site
        .get_as(&format!("/moderation/{id}"), Some(&moderator))
        .await
        .text()
        .await
        .unwrap();
    assert!(review.contains("Zanzibar tele-ICU pilot") && review.contains(EDITOR));
    let r = site
        .post(
            &format!("/moderation/{id}"),
            Some(&moderator),
            &[("decision", "reject"), ("reason", "  ")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a rejection needs a reason"
    );
    let r = site
        .post(
            &format!("/moderation/{id}"),
            Some(&moderator),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let search = site
        .get_as("/activities?q=Zanzibar", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        search.contains("/activities/zanzibar-tele-icu-pilot"),
        "approved but not found"
    );
    let country = site
        .get_as("/countries/TZ", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(country.contains("Zanzibar tele-ICU pilot"));
    let history = site
        .get_as("/activities/zanzibar-tele-icu-pilot/history", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(history.contains("Nagasaki University"));
    assert!(
        !history.contains(EDITOR),
        "the history names organisations, not people"
    );

    // Another organisation's editor cannot propose changes to it.
    let other = site
        .login("editor.university-of-toyama@example.org", None)
        .await;
    let r = site
        .get_as(
            "/partner/activities/zanzibar-tele-icu-pilot/edit",
            Some(&other),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = site
        .post(
            "/partner/activities/zanzibar-tele-icu-pilot/edit",
            Some(&other),
            &form,
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_status_the_dates_contradict_today_is_refused_at_the_status_field_in_both_languages() {
    let site = spawn_site(false).await;
    let editor = site.login(EDITOR, None).await;
    let form = [
        ("title_en", "Tbilisi follow-up visits"),
        ("title_ja", "トビリシでの追跡訪問"),
        ("summary_en", "Follow-up visits."),
        ("summary_ja", "追跡訪問。"),
        ("kind", "visit"),
        ("status", "ongoing"),
        ("start", "2019"),
        ("end", "2021-03"),
        ("field", "liver-transplantation"),
        ("c0_code", "GE"),
        ("p0_org", "nagasaki-university"),
        ("p0_role", "lead"),
        ("s0_title", "Nagasaki University news"),
        ("s0_url", "https://example.org/tbilisi"),
        ("intent", "submit"),
    ];
    for (path, message) in [
        (
            "/partner/activities/new",
            "The end has already passed, so this cannot be planned or ongoing",
        ),
        (
            "/ja/partner/activities/new",
            "終了時期がすでに過ぎているため「計画中」「実施中」にはできません",
        ),
    ] {
        let r = site.post(path, Some(&editor), &form).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let page = r.text().await.unwrap();
        assert!(page.contains(r#"id="status-error""#), "{page:.3000}");
        assert!(
            page.contains(message),
            "{path}: the translated message is missing"
        );
        assert!(
            page.contains(r#"value="2021-03""#),
            "what was typed is kept"
        );
    }
    let dashboard = site
        .get_as("/partner", Some(&editor))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !dashboard.contains("Tbilisi follow-up visits"),
        "nothing was stored"
    );
}

#[tokio::test]
async fn a_published_title_that_looks_like_a_formula_is_exported_as_text() {
    let site = spawn_site(false).await;
    let editor = site.login(EDITOR, None).await;
    let title = "=HYPERLINK(\"https://evil.example\",\"Click\")";
    let form = support::proposal_form(title, "@SUM(1+1)");
    let r = site
        .post("/partner/activities/new", Some(&editor), &form)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = location(&r).rsplit('=').next().unwrap().to_string();
    let moderator = site.login("moderator@example.org", None).await;
    let r = site
        .post(
            &format!("/moderation/{id}"),
            Some(&moderator),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let csv = site
        .get_as("/activities.csv?country=GE&from=2023", None)
        .await
        .text()
        .await
        .unwrap();
    let row = csv
        .lines()
        .find(|l| l.contains("HYPERLINK"))
        .expect("the new activity is exported");
    assert!(
        row.contains(r#","'=HYPERLINK(""https://evil.example"",""Click"")","#),
        "{row}"
    );
    assert!(row.contains(",'@SUM(1+1),"), "{row}");
    assert!(!row.contains(",=HYPERLINK"), "no cell starts with =");
}

/// A demo site and its database, for tests that read what the site stored (the outbox).
async fn spawn_site_with_pool() -> (Site, app::ssr::db::Pool) {
    let turn = support::render_turn().await;
    let (state, listener, dir) = support::prepare().await;
    app::ssr::account::auth::ensure_demo_accounts(&state.pool)
        .await
        .unwrap();
    let pool = state.pool.clone();
    (support::TestSite::serve(turn, state, listener, dir), pool)
}

async fn account_id(pool: &app::ssr::db::Pool, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn disabling_an_account_ends_its_session_at_once_and_enabling_lets_it_log_in_again() {
    let (site, pool) = spawn_site_with_pool().await;
    let editor = site.login(EDITOR, None).await;
    assert_eq!(
        site.get_as("/partner", Some(&editor)).await.status(),
        StatusCode::OK
    );
    let admin = site.login("admin@example.org", None).await;
    let id = account_id(&pool, EDITOR).await;
    let to = format!("/admin/accounts/{id}");

    let r = site.post(&to, Some(&admin), &[("action", "disable")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/admin?done=disabled");
    let page = site
        .get_as("/admin?done=disabled", Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Account disabled: its sessions have ended."),
        "{page}"
    );
    // The editor's next request finds the session ended.
    let r = site.get_as("/partner", Some(&editor)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?next=/partner");
    let r = site
        .post("/login", None, &[("email", EDITOR), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Only administrators; never oneself; nothing but the two actions.
    let moderator = site.login("moderator@example.org", None).await;
    let r = site
        .post(&to, Some(&moderator), &[("action", "enable")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let own = format!(
        "/admin/accounts/{}",
        account_id(&pool, "admin@example.org").await
    );
    let r = site
        .post(&format!("/ja{own}"), Some(&admin), &[("action", "disable")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("自分のアカウントは無効にできません。"));
    let r = site.post(&to, Some(&admin), &[("action", "delete")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let r = site.post(&to, Some(&admin), &[("action", "enable")]).await;
    assert_eq!(location(&r), "/admin?done=enabled");
    site.login(EDITOR, None).await;
}

#[tokio::test]
async fn an_invitation_is_sent_again_or_revoked_from_the_admin_page() {
    let (site, pool) = spawn_site_with_pool().await;
    let admin = site.login("admin@example.org", None).await;
    let r = site
        .post(
            "/admin",
            Some(&admin),
            &[
                ("email", "slow.reader@example.org"),
                ("role", "moderator"),
                ("organization", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM invitations WHERE email = 'slow.reader@example.org'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let page = site
        .get_as("/admin", Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("action=\"/admin/invitations/{id}\"")),
        "a resend/revoke form"
    );

    let r = site
        .post(
            &format!("/admin/invitations/{id}"),
            Some(&admin),
            &[("action", "resend")],
        )
        .await;
    assert_eq!(location(&r), "/admin?done=resent");
    let messages: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE recipient = 'slow.reader@example.org'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(messages, 2);
    let r = site
        .post(
            &format!("/ja/admin/invitations/{id}"),
            Some(&admin),
            &[("action", "revoke")],
        )
        .await;
    assert_eq!(location(&r), "/ja/admin?done=revoked");
    let page = site
        .get_as("/ja/admin?done=revoked", Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("招待を取り消しました。"), "{page}");
    assert!(page.contains("取り消し済み"));
    let r = site
        .post(
            &format!("/admin/invitations/{id}"),
            Some(&admin),
            &[("action", "resend")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("This invitation was already accepted or revoked."));
}

/// The session cookie a response sets, or the one sent when it sets none.
fn cookie_after(r: &reqwest::Response, sent: &str) -> String {
    support::session_cookie(r).unwrap_or_else(|| sent.to_string())
}

#[tokio::test]
async fn a_password_change_keeps_this_session_and_ends_the_others() {
    let site = spawn_site(false).await;
    let here = site.login(EDITOR, None).await;
    let elsewhere = site.login(EDITOR, None).await;
    let page = site.get_as("/account/password", Some(&here)).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Change your password"));

    let new = "a password nobody has";
    let r = site
        .post(
            "/account/password",
            Some(&here),
            &[("current", "not it"), ("password", new), ("confirm", new)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("The current password is not right."),
        "{body}"
    );
    assert!(!body.contains(new), "a password is never echoed");

    let r = site
        .post(
            "/account/password",
            Some(&here),
            &[("current", PASSWORD), ("password", new), ("confirm", new)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/account/password?changed=1");
    let here = cookie_after(&r, &here);
    assert_eq!(
        site.get_as("/partner", Some(&here)).await.status(),
        StatusCode::OK
    );
    let r = site.get_as("/partner", Some(&elsewhere)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the other session ended");
    let r = site
        .post("/login", None, &[("email", EDITOR), ("password", new)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn forgetting_a_password_answers_alike_for_any_address_and_the_mailed_link_sets_a_new_one() {
    let (site, pool) = spawn_site_with_pool().await;
    let page = site.get_as("/login", None).await.text().await.unwrap();
    assert!(
        page.contains("href=\"/forgot-password\""),
        "the login page links to it"
    );

    let known = site
        .post("/forgot-password", None, &[("email", EDITOR)])
        .await;
    let unknown = site
        .post(
            "/forgot-password",
            None,
            &[("email", "nobody.here@example.org")],
        )
        .await;
    assert_eq!(known.status(), StatusCode::SEE_OTHER);
    assert_eq!(unknown.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&known), location(&unknown));
    assert_eq!(location(&known), "/forgot-password?sent=1");
    let r = site
        .post("/ja/forgot-password", None, &[("email", "nope")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().await.unwrap().contains("nope"),
        "the address comes back to correct"
    );

    let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = $1")
        .bind(EDITOR)
        .fetch_one(&pool)
        .await
        .unwrap();
    let start = body
        .find("https://kakehashi.example/reset-password/")
        .unwrap();
    let link = &body[start + "https://kakehashi.example".len()..][..16 + 64];
    let page = site.get_as(link, None).await.text().await.unwrap();
    assert!(page.contains(EDITOR), "the form names the account");

    let r = site
        .post(
            link,
            None,
            &[
                ("password", "long enough one"),
                ("confirm", "another long one"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let new = "the new long password";
    let r = site
        .post(link, None, &[("password", new), ("confirm", new)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?reset=1");
    let page = site
        .get_as("/login?reset=1", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Your password is changed. Log in with the new one."));
    let r = site
        .post("/login", None, &[("email", EDITOR), ("password", new)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = site.get_as(link, None).await.text().await.unwrap();
    assert!(
        page.contains("it has expired or was already used"),
        "once only"
    );
}

#[tokio::test]
async fn guessing_the_current_password_is_held_back_like_a_login() {
    let site = spawn_site(false).await;
    let editor = site.login(EDITOR, None).await;
    let new = "a password nobody has";
    for _ in 0..app::ssr::account::auth::MAX_FAILURES_PER_ACCOUNT {
        let r = site
            .post(
                "/account/password",
                Some(&editor),
                &[("current", "a guess"), ("password", new), ("confirm", new)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = site
        .post(
            "/ja/account/password",
            Some(&editor),
            &[("current", PASSWORD), ("password", new), ("confirm", new)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "900");
    let page = r.text().await.unwrap();
    assert!(
        page.contains("失敗が続いたため、15分後にもう一度お試しください。"),
        "{page}"
    );
}

#[tokio::test]
async fn text_typed_into_a_text_area_comes_back_as_text_and_return_paths_stay_on_the_site() {
    let site = spawn_site(false).await;
    let editor = site.login(EDITOR, None).await;
    let hostile = "</textarea><b id=pwn>x</b>";
    let r = site
        .post(
            "/partner/activities/new",
            Some(&editor),
            &[
                ("title_en", "A draft"),
                ("summary_en", hostile),
                ("intent", "draft"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = site
        .get_as(&location(&r), Some(&editor))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("<b id=pwn>"),
        "the text area was broken out of"
    );
    assert!(page.contains("&lt;/textarea&gt;&lt;b id=pwn&gt;x&lt;/b&gt;"));
    for next in ["/\t/evil.example/", "/\u{b}/evil.example"] {
        let r = site
            .post(
                "/login",
                None,
                &[("email", EDITOR), ("password", PASSWORD), ("next", next)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(location(&r), "/partner", "{next:?}");
    }
}
