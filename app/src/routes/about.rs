//! `/about`: how the record is kept (sources, moderation, confirmation by both sides,
//! versions, how to cite), with the record's live figures.

use crate::api::get_record_counts;
use crate::components::status::ErrorNotice;
use crate::i18n::{count_label, use_locale, Key};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn AboutPage() -> impl IntoView {
    let locale = use_locale();
    let l = locale.get_untracked();
    let counts = crate::wire::resource(|| (), |_| get_record_counts());
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
    view! {
        <Title text=format!("{} — {}", l.t(Key::AboutTitle), l.t(Key::SiteName))/>
        <Meta name="description" content=l.t(Key::AboutIntro)/>
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
                <Suspense fallback=move || view! { <p class="loading">{l.t(Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match counts.await {
                            Ok((records, sources, both)) => {
                                let share = if records > 0 { both * 100 / records } else { 0 };
                                view! {
                                    <ul class="about-figures">
                                        <li>{count_label(l, records, Key::AboutRecords)}</li>
                                        <li>{count_label(l, sources, Key::AboutSourceCount)}</li>
                                        <li>{format!("{both} / {records} ({share} %) ")}{l.t(Key::AboutBothSides)}</li>
                                    </ul>
                                }
                                .into_any()
                            }
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            {sections}
        </div>
    }
}
