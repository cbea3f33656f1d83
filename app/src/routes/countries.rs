//! `/countries`: the world map shaded by activities under the URL's filters, with the same
//! figures as a sortable table (the map's accessible twin, and the better view on phones).

use crate::filters::Filters;
use crate::i18n::use_locale;
use crate::i18n::{Key, Locale};
use crate::model::CountryCount;
use crate::routes::drawn::{self, DrawnPage, PageKey};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
#[cfg(feature = "ssr")]
use {
    crate::components::filter_form::FilterForm,
    crate::components::svg_map::SvgMap,
    crate::error::AppError,
    crate::paths,
    crate::routes::drawn::{Drawn, Head},
};

/// How the table is ordered (`?sort=name`); by count unless asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Count,
    Name,
}

impl SortBy {
    pub fn parse(value: Option<&str>) -> Self {
        match value {
            Some("name") => SortBy::Name,
            _ => SortBy::Count,
        }
    }
}

/// Orders the table's rows: most activities first (ties by name), or by name.
pub fn sort_rows(rows: &mut [CountryCount], by: SortBy, locale: Locale) {
    match by {
        SortBy::Count => rows.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.name.get(locale).cmp(b.name.get(locale)))
        }),
        SortBy::Name => rows.sort_by(|a, b| a.name.get(locale).cmp(b.name.get(locale))),
    }
}

#[component]
pub fn CountriesPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let key = Signal::derive(move || {
        query.with(|m| PageKey::Countries {
            filters: Filters::from_lookup(&crate::filters::MAP_KEYS, |k| {
                m.get_all(k).unwrap_or_default()
            }),
            by_name: SortBy::parse(m.get("sort").as_deref()) == SortBy::Name,
        })
    });
    view! {
        <div class="wrap page">
            <h1>{move || locale.get().t(Key::CountriesTitle)}</h1>
            // With JavaScript, applying filters navigates in place, and the current map and
            // table stay until the new ones arrive.
            <DrawnPage key in_place=drawn::filtered/>
        </div>
    }
}

/// The map and the table under `filters`.
#[cfg(feature = "ssr")]
pub async fn draw(filters: Filters, by_name: bool, locale: Locale) -> Result<Drawn, AppError> {
    let data = crate::api::get_map_data(filters.clone()).await?;
    let head = Head::page(
        format!(
            "{} — {}",
            locale.t(Key::CountriesTitle),
            locale.t(Key::SiteName)
        ),
        Some(locale.t(Key::MapCaption).into()),
    );
    let sort = if by_name { SortBy::Name } else { SortBy::Count };
    let html = drawn::render(locale, move || {
        let l = locale;
        let query = filters.to_query();
        let max = data.countries.iter().map(|c| c.count).max().unwrap_or(0);
        let markup = crate::ssr::maps::world(&data.countries, l);
        let action = Signal::derive(move || l.href(paths::COUNTRIES));
        let mut rows = data.countries;
        sort_rows(&mut rows, sort, l);
        view! {
            <FilterForm action filters=filters.clone() fields=data.fields in_place=true/>
            <figure class="map-figure">
                <SvgMap markup legend_max=max/>
                <figcaption>
                    <p>{l.t(Key::MapCaption)}</p>
                    <p class="muted">{l.t(Key::MapHint)}</p>
                </figcaption>
            </figure>
            <CountryTable rows sort query/>
        }
    });
    Ok(drawn::ok(head, html))
}

/// The map's figures as a table, sorted by `sort`; `query` is the filters' query string,
/// kept by the sort links.
#[cfg(feature = "ssr")]
#[component]
fn CountryTable(rows: Vec<CountryCount>, sort: SortBy, query: String) -> impl IntoView {
    let l = use_locale().get_untracked();
    let sort_href = |by: &str| {
        let base = l.href(paths::COUNTRIES);
        let sep = if query.is_empty() { "?" } else { "&" };
        format!("{base}{query}{sep}sort={by}")
    };
    let table = (!rows.is_empty()).then(|| {
        let body = rows
            .into_iter()
            .map(|c| {
                view! {
                    <tr>
                        <th scope="row">
                            <a href=l.href(&paths::country(&c.code))>{c.name.get(l).to_string()}</a>
                        </th>
                        <td>{c.region.map(|r| r.get(l).to_string()).unwrap_or_default()}</td>
                        <td class="num">{c.count}</td>
                    </tr>
                }
            })
            .collect_view();
        let (by_name, by_count) = match sort {
            SortBy::Name => ("ascending", "none"),
            SortBy::Count => ("none", "descending"),
        };
        view! {
            <div class="table-scroll">
                <table class="country-table">
                    <thead>
                        <tr>
                            <th scope="col" aria-sort=by_name>
                                <a href=sort_href("name")>{l.t(Key::Country)}</a>
                            </th>
                            <th scope="col">{l.t(Key::Region)}</th>
                            <th scope="col" aria-sort=by_count class="num">
                                <a href=sort_href("count")>{l.t(Key::ActivitiesCount)}</a>
                            </th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        }
    });
    let empty = table
        .is_none()
        .then(|| view! { <p class="notice">{l.t(Key::NoCountries)}</p> });
    view! {
        <section aria-labelledby="table-heading">
            <h2 id="table-heading">{l.t(Key::TableHeading)}</h2>
            {table}
            {empty}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Localized;

    fn row(code: &str, en: &str, n: u32) -> CountryCount {
        CountryCount {
            code: code.into(),
            name: Localized::new(en, en),
            region: None,
            count: n,
        }
    }

    #[test]
    fn the_table_sorts_by_count_then_name_or_by_name() {
        let mut rows = vec![
            row("VN", "Vietnam", 9),
            row("MN", "Mongolia", 3),
            row("KZ", "Kazakhstan", 3),
        ];
        sort_rows(&mut rows, SortBy::Count, Locale::En);
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["VN", "KZ", "MN"]);
        sort_rows(&mut rows, SortBy::Name, Locale::En);
        assert_eq!(rows[0].code, "KZ");
        assert_eq!(SortBy::parse(Some("bogus")), SortBy::Count);
    }
}
