//! A search result or list entry: enough of an activity to decide whether to open it.

use crate::components::highlight::Highlighted;
use crate::i18n::use_locale;
use crate::i18n::{and_more, list_separator, Key, Locale, More};
use crate::model::{format_range, ActivityCard as Card, Role};
use crate::paths;
use leptos::prelude::*;

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
    let mut line = seen[..shown].join(list_separator(locale));
    if seen.len() > shown {
        line.push_str(&and_more(locale, seen.len() - shown, More::Organisations));
    }
    line
}

/// Where an activity takes place: its countries (at most `limit`, then how many more), and
/// the source's own words where it is vague.
pub fn places_line(card: &Card, locale: Locale, limit: usize) -> String {
    let names: Vec<&str> = card.countries.iter().map(|c| c.name.get(locale)).collect();
    let mut line = names[..names.len().min(limit)].join(list_separator(locale));
    if names.len() > limit {
        line.push_str(&and_more(locale, names.len() - limit, More::Countries));
    }
    if let Some(note) = &card.area_note {
        let (open, close) = match (line.is_empty(), locale) {
            (true, _) => ("", ""),
            (false, Locale::En) => (" (", ")"),
            (false, Locale::Ja) => ("（", "）"),
        };
        line = format!("{line}{open}{}{close}", note.get(locale));
    }
    line
}

/// How many countries a card names before "and N more".
pub const CARD_COUNTRIES: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActivityKind, ActivityStatus, Confirmation, CountryRef, Localized};

    fn card(countries: usize, note: bool) -> Card {
        Card {
            slug: "x".into(),
            title: Localized::new("T", "T"),
            kind: ActivityKind::Visit,
            status: ActivityStatus::Completed,
            start: None,
            end: None,
            organizations: vec![],
            countries: (0..countries)
                .map(|i| CountryRef {
                    code: format!("C{i}"),
                    name: Localized::new(format!("Country {i}"), format!("国{i}")),
                })
                .collect(),
            fields: vec![],
            area_note: note.then(|| Localized::new("and others", "ほか")),
            key_figure: None,
            confirmation: Confirmation::NotConfirmed,
        }
    }

    #[test]
    fn long_country_lists_are_cut_with_a_count() {
        assert_eq!(
            places_line(&card(7, false), Locale::En, 5),
            "Country 0, Country 1, Country 2, Country 3, Country 4 and 2 more"
        );
        assert_eq!(
            places_line(&card(2, true), Locale::Ja, 5),
            "国0、国1（ほか）"
        );
        assert_eq!(places_line(&card(0, true), Locale::En, 5), "and others");
    }
}

#[component]
pub fn ActivityCard(card: Card) -> impl IntoView {
    let locale = use_locale();
    let card = StoredValue::new(card);
    let with = move |f: fn(&Card, Locale) -> String| card.with_value(|c| f(c, locale.get()));
    let href = move || card.with_value(|c| locale.get().href(&paths::activity(&c.slug)));
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
                <a href=href><Highlighted text=Signal::derive(title)/></a>
            </h3>
            <dl class="card-facts">
                <dt>{move || locale.get().t(Key::Institutions)}</dt>
                <dd>{move || with(institutions_line)}</dd>
                <dt>{move || locale.get().t(Key::Countries)}</dt>
                <dd>{move || with(|c, l| places_line(c, l, CARD_COUNTRIES))}</dd>
            </dl>
            <ul class="tags" aria-label=move || locale.get().t(Key::Fields)>
                {fields}
            </ul>
            {figure}
            {move || card.with_value(|c| {
                (c.confirmation == crate::model::Confirmation::BothSides).then(|| view! {
                    <p class="card-confirmed">{c.confirmation.label(locale.get())}</p>
                })
            })}
        </article>
    }
}
