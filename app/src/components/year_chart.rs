//! A small bar chart of activities per year, drawn as SVG on the server and in the browser
//! alike (it is a few dozen elements, not map data).

use crate::i18n::use_locale;
use crate::i18n::{Key, Locale};
use leptos::prelude::*;

/// Every year from the first to the last with its count, gaps filled with zero.
pub fn fill_years(per_year: &[(u16, u32)]) -> Vec<(u16, u32)> {
    let (Some(first), Some(last)) = (per_year.first(), per_year.last()) else {
        return Vec::new();
    };
    (first.0..=last.0)
        .map(|y| {
            (
                y,
                per_year
                    .iter()
                    .find(|(py, _)| *py == y)
                    .map_or(0, |(_, n)| *n),
            )
        })
        .collect()
}

/// "2012: 1, 2023: 2" — the chart in words, for screen readers.
pub fn describe(per_year: &[(u16, u32)], locale: Locale) -> String {
    let parts: Vec<String> = per_year
        .iter()
        .map(|&(y, n)| crate::i18n::year_count(locale, y, n))
        .collect();
    format!("{}. {}", locale.t(Key::PerYear), parts.join(", "))
}

#[component]
pub fn YearChart(per_year: Vec<(u16, u32)>, undated: u32) -> impl IntoView {
    let locale = use_locale();
    let years = fill_years(&per_year);
    let max = years.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let width = (years.len().max(1) * 28) as u32;
    let label_every = years.len().div_ceil(12).max(1);
    let bars = years
        .iter()
        .enumerate()
        .map(|(i, (year, n))| {
            let x = i as u32 * 28 + 4;
            let h = (*n * 80).div_ceil(max);
            let label = (i % label_every == 0 || i + 1 == years.len()).then(|| {
                view! { <text x=x + 10 y="116" text-anchor="middle" class="chart-year">{year.to_string()}</text> }
            });
            view! {
                <g>
                    <rect x=x y=100 - h width="20" height=h class="chart-bar"></rect>
                    {(*n > 0).then(|| view! { <text x=x + 10 y=96 - h text-anchor="middle" class="chart-count">{n.to_string()}</text> })}
                    {label}
                </g>
            }
        })
        .collect_view();
    let summary = move || describe(&per_year, locale.get());
    view! {
        <figure class="year-chart">
            <svg viewBox=format!("0 0 {width} 120") role="img" aria-label=summary preserveAspectRatio="xMinYMid meet">
                {bars}
            </svg>
            {(undated > 0).then(|| view! {
                <figcaption class="muted">
                    {move || crate::i18n::undated_count(locale.get(), undated)}
                </figcaption>
            })}
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_between_years_are_zero() {
        assert_eq!(
            fill_years(&[(2012, 1), (2014, 2)]),
            vec![(2012, 1), (2013, 0), (2014, 2)]
        );
        assert!(fill_years(&[]).is_empty());
    }

    #[test]
    fn the_chart_is_described_in_words() {
        assert_eq!(
            describe(&[(2012, 1)], Locale::Ja),
            "開始年別の活動数. 2012年：1件"
        );
    }
}
