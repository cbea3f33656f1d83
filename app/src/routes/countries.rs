//! `/countries`: the world map shaded by activities under the URL's filters, with the same
//! figures as a sortable table (the map's accessible twin, and the better view on phones).

use crate::api::get_map_data;
use crate::components::filter_form::FilterForm;
use crate::components::status::ErrorNotice;
use crate::components::svg_map::SvgMap;
use crate::filters::Filters;
use crate::i18n::use_locale;
use crate::i18n::{Key, Locale};
use crate::model::CountryCount;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

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
    let filters = Memo::new(move |_| {
        query.with(|m| {
            Filters::from_lookup(&crate::filters::MAP_KEYS, |k| {
                m.get_all(k).unwrap_or_default()
            })
        })
    });
    let sort = Memo::new(move |_| SortBy::parse(query.read().get("sort").as_deref()));
    let data = crate::wire::resource(move || filters.get(), get_map_data);
    let t = move |k| locale.get().t(k);
    let action = Signal::derive(move || locale.get().href(paths::COUNTRIES));
    view! {
        <Title text=crate::routes::head_text(move || format!("{} — {}", t(Key::CountriesTitle), t(Key::SiteName)))/>
        <Meta name="description" content=crate::routes::head_text(move || t(Key::MapCaption).to_string())/>
        <div class="wrap page">
            <h1>{move || t(Key::CountriesTitle)}</h1>
            // A Transition, not a Suspense: with JavaScript, applying filters navigates in
            // place, and the current map and table stay until the new figures arrive.
            <Transition fallback=move || view! { <p class="loading">{move || t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => {
                            let f = filters.get_untracked();
                            let query = f.to_query();
                            let max = data.countries.iter().map(|c| c.count).max().unwrap_or(0);
                            #[cfg(feature = "ssr")]
                            let markup = crate::ssr::maps::world(&data.countries, locale.get_untracked());
                            #[cfg(not(feature = "ssr"))]
                            let markup = String::new();
                            let rows = StoredValue::new(data.countries);
                            view! {
                                <FilterForm action filters=f.clone() fields=data.fields in_place=true/>
                                <figure class="map-figure">
                                    <SvgMap markup filters=f.clone() legend_max=max/>
                                    <figcaption>
                                        <p>{move || t(Key::MapCaption)}</p>
                                        <p class="muted">{move || t(Key::MapHint)}</p>
                                    </figcaption>
                                </figure>
                                <CountryTable rows sort query/>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn CountryTable(
    rows: StoredValue<Vec<CountryCount>>,
    sort: Memo<SortBy>,
    /// The filters' query string, kept by the sort links.
    query: String,
) -> impl IntoView {
    let locale = use_locale();
    let t = move |k| locale.get().t(k);
    let sort_href = move |by: &str| {
        let base = locale.get().href(paths::COUNTRIES);
        let sep = if query.is_empty() { "?" } else { "&" };
        format!("{base}{query}{sep}sort={by}")
    };
    let sort_href = StoredValue::new(sort_href);
    let aria_sort = move |by: SortBy| {
        if sort.get() == by {
            "descending"
        } else {
            "none"
        }
    };
    let body = move || {
        let l = locale.get();
        let mut rows = rows.get_value();
        sort_rows(&mut rows, sort.get(), l);
        rows.into_iter()
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
            .collect_view()
    };
    let empty = move || rows.with_value(Vec::is_empty);
    view! {
        <section aria-labelledby="table-heading">
            <h2 id="table-heading">{move || t(Key::TableHeading)}</h2>
            <Show when=move || !empty() fallback=move || view! { <p class="notice">{move || t(Key::NoCountries)}</p> }>
                <div class="table-scroll">
                    <table class="country-table">
                        <thead>
                            <tr>
                                <th scope="col" aria-sort=move || if sort.get() == SortBy::Name { "ascending" } else { "none" }>
                                    <a href=move || sort_href.with_value(|f| f("name"))>{move || t(Key::Country)}</a>
                                </th>
                                <th scope="col">{move || t(Key::Region)}</th>
                                <th scope="col" aria-sort=move || aria_sort(SortBy::Count) class="num">
                                    <a href=move || sort_href.with_value(|f| f("count"))>{move || t(Key::ActivitiesCount)}</a>
                                </th>
                            </tr>
                        </thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            </Show>
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
