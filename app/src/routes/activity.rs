//! `/activities/{slug}`: everything the record holds about one activity, with its sources.
//! An unknown slug renders the not-found page with status 404.

use crate::api::get_activity;
use crate::components::activity_card::places_line;
use crate::components::record_page::record_page;
use crate::i18n::{Key, Locale};
use crate::model::{format_range, ActivityDetail, Source};
use crate::routes::use_locale;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;

#[component]
pub fn ActivityPage() -> impl IntoView {
    record_page(
        "slug",
        get_activity,
        |detail| view! { <ActivityView detail/> },
    )
}

#[component]
fn ActivityView(detail: ActivityDetail) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let d = StoredValue::new(detail);
    let text = move |f: fn(&ActivityDetail, Locale) -> String| d.with_value(|d| f(d, locale.get()));
    let title = move || text(|d, l| d.card.title.get(l).to_string());
    let permalink =
        move || d.with_value(|d| locale.get().href(&format!("/activities/{}", d.card.slug)));

    let facts = move || {
        let l = locale.get();
        d.with_value(|d| {
            let c = &d.card;
            let period = format_range(c.start, c.end, l)
                .unwrap_or_else(|| l.t(Key::DateUnknown).to_string());
            let fields = c
                .fields
                .iter()
                .map(|f| f.name.get(l).to_string())
                .collect::<Vec<_>>()
                .join(if l == Locale::Ja { "、" } else { ", " });
            view! {
                <dl class="facts">
                    <div><dt>{l.t(Key::Kind)}</dt><dd>{c.kind.label(l)}</dd></div>
                    <div><dt>{l.t(Key::Status)}</dt><dd>{c.status.label(l)}</dd></div>
                    <div><dt>{l.t(Key::Period)}</dt><dd>{period}</dd></div>
                    <div><dt>{l.t(Key::Countries)}</dt><dd>{places_line(c, l, usize::MAX)}</dd></div>
                    <div><dt>{l.t(Key::Fields)}</dt><dd>{fields}</dd></div>
                </dl>
            }
        })
    };

    let participants = move || {
        let l = locale.get();
        d.with_value(|d| {
            d.card
                .organizations
                .iter()
                .map(|o| {
                    view! {
                        <tr>
                            <th scope="row">{o.name.get(l).to_string()}</th>
                            <td>{o.role.label(l)}</td>
                            <td>{o.country.name.get(l).to_string()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };

    let figures = move || {
        let l = locale.get();
        d.with_value(|d| {
            (!d.figures.is_empty()).then(|| {
                let rows = d
                    .figures
                    .iter()
                    .map(|f| {
                        let period = f.period.map(|p| p.format(l)).unwrap_or_default();
                        let source = f.source.map(|i| {
                            view! { <a href=format!("#source-{i}") class="source-ref">{format!("[{i}]")}</a> }
                        });
                        view! {
                            <tr>
                                <th scope="row">{f.label.get(l).to_string()}</th>
                                <td class="num"><strong>{f.format_value(l)}</strong>" "{f.unit.get(l).to_string()}</td>
                                <td>{period}</td>
                                <td>{source}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <section aria-labelledby="figures-heading">
                        <h2 id="figures-heading">{l.t(Key::Figures)}</h2>
                        <div class="table-scroll">
                            <table>
                                <thead>
                                    <tr>
                                        <th scope="col">{l.t(Key::Figures)}</th>
                                        <th scope="col">{if l == Locale::Ja { "値" } else { "Value" }}</th>
                                        <th scope="col">{l.t(Key::Period)}</th>
                                        <th scope="col">{l.t(Key::AccordingTo)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </section>
                }
            })
        })
    };

    let sources = move || {
        let l = locale.get();
        d.with_value(|d| {
            d.sources
                .iter()
                .enumerate()
                .map(|(i, s)| view! { <SourceItem source=s.clone() index=i + 1 locale=l/> })
                .collect_view()
        })
    };

    view! {
        <Title text=move || format!("{} — {}", title(), t(Key::SiteName))/>
        <Meta name="description" content=move || text(|d, l| first_sentence(d.summary.get(l)))/>
        <article class="wrap page activity">
            <nav aria-label=move || t(Key::Breadcrumbs) class="breadcrumbs">
                <ol>
                    <li><A href=move || locale.get().href("/")>{move || t(Key::NavHome)}</A></li>
                    <li><A href=move || locale.get().href("/activities")>{move || t(Key::NavActivities)}</A></li>
                    <li aria-current="page">{title}</li>
                </ol>
            </nav>
            <h1>{title}</h1>
            {facts}
            <section aria-labelledby="summary-heading">
                <h2 id="summary-heading">{move || t(Key::Summary)}</h2>
                <p class="summary">{move || text(|d, l| d.summary.get(l).to_string())}</p>
            </section>
            <section aria-labelledby="participants-heading">
                <h2 id="participants-heading">{move || t(Key::Participants)}</h2>
                <div class="table-scroll">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{move || t(Key::Institutions)}</th>
                                <th scope="col">{move || t(Key::Role)}</th>
                                <th scope="col">{move || t(Key::Countries)}</th>
                            </tr>
                        </thead>
                        <tbody>{participants}</tbody>
                    </table>
                </div>
            </section>
            {figures}
            <section aria-labelledby="sources-heading">
                <h2 id="sources-heading">{move || t(Key::Sources)}</h2>
                <ol class="sources">{sources}</ol>
            </section>
            <p class="record-meta">
                {move || t(Key::LastUpdated)}": "{move || d.with_value(|d| d.last_updated.clone())}
                " · "
                <a href=permalink>{move || t(Key::Permalink)}</a>
            </p>
        </article>
    }
}

#[component]
fn SourceItem(source: Source, index: usize, locale: Locale) -> impl IntoView {
    let l = locale;
    let title = source.title.clone();
    let heading = match &source.url {
        Some(url) => view! {
            <a href=url.clone() rel="noopener noreferrer external" class="source-link">{title}</a>
        }
        .into_any(),
        None => view! { <cite>{title}</cite> }.into_any(),
    };
    let mut details = Vec::new();
    if let Some(p) = &source.publisher {
        details.push(p.clone());
    }
    if let Some(d) = source.published {
        details.push(format!("{} {}", l.t(Key::Published), d.format(l)));
    }
    let url_text = source
        .url
        .clone()
        .map(|u| view! { <span class="source-url">{u}</span> });
    let no_url = source
        .url
        .is_none()
        .then(|| view! { <span class="muted">{l.t(Key::NoUrlCited)}</span> });
    let document = source.document.map(
        |doc| view! { <span class="muted">{format!("{}: {doc}", l.t(Key::SourceDocument))}</span> },
    );
    view! {
        <li id=format!("source-{index}")>
            {heading}
            {(!details.is_empty()).then(|| view! { <span>{details.join(" · ")}</span> })}
            {url_text}
            {no_url}
            {document}
        </li>
    }
}

/// The first sentence of a summary, for the page description.
fn first_sentence(text: &str) -> String {
    let end = text
        .find(['.', '。'])
        .map(|i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    text[..end.unwrap_or(text.len())]
        .chars()
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn descriptions_stop_at_the_first_sentence() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(first_sentence("一つ目。二つ目。"), "一つ目。");
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
