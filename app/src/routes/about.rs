//! `/about`: how the record is kept (sources, moderation, confirmation by both sides,
//! versions, how to cite), with the record's live figures.

use crate::routes::drawn::{DrawnPage, PageKey};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    crate::error::AppError,
    crate::i18n::{count_label, Key, Locale},
    crate::paths,
    crate::routes::drawn::{self, Drawn, Head},
};

#[component]
pub fn AboutPage() -> impl IntoView {
    view! { <DrawnPage key=PageKey::About framed=true/> }
}

/// The page, with the record's figures as they are now.
#[cfg(feature = "ssr")]
pub async fn draw(l: Locale) -> Result<Drawn, AppError> {
    let counts = crate::api::get_record_counts().await?;
    let head = Head::page(
        format!("{} — {}", l.t(Key::AboutTitle), l.t(Key::SiteName)),
        Some(l.t(Key::AboutIntro).into()),
    );
    Ok(drawn::ok(head, drawn::render(l, move || about(l, counts))))
}

#[cfg(feature = "ssr")]
fn about(l: Locale, (records, sources, both): (i64, i64, i64)) -> impl IntoView {
    let sections = [
        (Key::AboutSourcesHeading, Key::AboutSources),
        (Key::AboutModerationHeading, Key::AboutModeration),
        (Key::AboutConfirmationHeading, Key::AboutConfirmation),
        (Key::AboutRevisionsHeading, Key::AboutRevisions),
        (Key::AboutCiteHeading, Key::AboutCite),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (heading, text))| {
        let id = format!("about-{i}");
        view! {
            <section aria-labelledby=id.clone()>
                <h2 id=id.clone()>{l.t(heading)}</h2>
                <p>{l.t(text)}</p>
            </section>
        }
    })
    .collect_view();
    let share = if records > 0 { both * 100 / records } else { 0 };
    view! {
        <div class="wrap page about">
            <nav aria-label=l.t(Key::Breadcrumbs) class="breadcrumbs">
                <ol>
                    <li><a href=l.href(paths::HOME)>{l.t(Key::NavHome)}</a></li>
                    <li aria-current="page">{l.t(Key::AboutTitle)}</li>
                </ol>
            </nav>
            <h1>{l.t(Key::AboutTitle)}</h1>
            <p class="lead">{l.t(Key::AboutIntro)}</p>
            <section aria-labelledby="about-figures">
                <h2 id="about-figures">{l.t(Key::AboutFigures)}</h2>
                <ul class="about-figures">
                    <li>{count_label(l, records, Key::AboutRecords)}</li>
                    <li>{count_label(l, sources, Key::AboutSourceCount)}</li>
                    <li>{format!("{both} / {records} ({share} %) ")}{l.t(Key::AboutBothSides)}</li>
                </ul>
            </section>
            {sections}
        </div>
    }
}
