//! A search result or list entry: enough of an activity to decide whether to open it.

use crate::i18n::{Key, Locale};
use crate::model::{format_range, ActivityCard as Card, Role};
use crate::routes::use_locale;
use leptos::prelude::*;
use leptos_router::components::A;

/// The institutions of a card, lead first, as one line.
pub fn institutions_line(card: &Card, locale: Locale) -> String {
    let mut orgs: Vec<_> = card.organizations.iter().collect();
    orgs.sort_by_key(|o| o.role != Role::Lead);
    let mut seen = Vec::new();
    for o in orgs {
        let name = o.name.get(locale);
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    let shown = seen.len().min(4);
    let mut line = seen[..shown].join(if locale == Locale::Ja { "、" } else { ", " });
    if seen.len() > shown {
        let more = seen.len() - shown;
        line.push_str(&match locale {
            Locale::En => format!(" and {more} more"),
            Locale::Ja => format!(" ほか{more}機関"),
        });
    }
    line
}

/// Where a card's activity takes place: its countries, or the source's own words.
pub fn places_line(card: &Card, locale: Locale) -> String {
    let sep = if locale == Locale::Ja { "、" } else { ", " };
    let mut parts: Vec<String> = card
        .countries
        .iter()
        .map(|c| c.name.get(locale).to_string())
        .collect();
    if let Some(note) = &card.area_note {
        parts.push(note.get(locale).to_string());
    }
    parts.join(sep)
}

#[component]
pub fn ActivityCard(card: Card) -> impl IntoView {
    let locale = use_locale();
    let card = StoredValue::new(card);
    let with = move |f: fn(&Card, Locale) -> String| card.with_value(|c| f(c, locale.get()));
    let href = move || card.with_value(|c| locale.get().href(&format!("/activities/{}", c.slug)));
    let title = move || card.with_value(|c| c.title.get(locale.get()).to_string());
    let kind = move || card.with_value(|c| c.kind.label(locale.get()));
    let years = move || {
        card.with_value(|c| format_range(c.start, c.end, locale.get()))
            .unwrap_or_else(|| locale.get().t(Key::DateUnknown).to_string())
    };
    let fields = move || {
        card.with_value(|c| {
            c.fields
                .iter()
                .map(|f| view! { <li>{f.name.get(locale.get()).to_string()}</li> })
                .collect_view()
        })
    };
    let figure = move || {
        card.with_value(|c| {
            c.key_figure.clone().map(|f| {
                let l = locale.get();
                view! {
                    <p class="card-figure">
                        <strong>{f.format_value(l)}</strong>
                        " "
                        {f.unit.get(l).to_string()}
                        <span class="card-figure-label">{f.label.get(l).to_string()}</span>
                    </p>
                }
            })
        })
    };
    view! {
        <article class="card">
            <p class="card-kind">
                <span>{kind}</span>
                <span aria-hidden="true">" · "</span>
                <span>{years}</span>
            </p>
            <h3 class="card-title">
                <A href=href>{title}</A>
            </h3>
            <dl class="card-facts">
                <dt>{move || locale.get().t(Key::Institutions)}</dt>
                <dd>{move || with(institutions_line)}</dd>
                <dt>{move || locale.get().t(Key::Countries)}</dt>
                <dd>{move || with(places_line)}</dd>
            </dl>
            <ul class="tags" aria-label=move || locale.get().t(Key::Fields)>
                {fields}
            </ul>
            {figure}
        </article>
    }
}
