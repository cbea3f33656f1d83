//! `/insights/trends`: activities started per year, by region and by kind, as small multiples
//! (one small bar chart per series, all on one scale), each with its numbers in words and a
//! table underneath.
//!
//! Rules: an activity counts in the year it started, else the year it ended; undated ones
//! are counted apart. The years run from the first to the last the activities under the
//! filters name, so the range follows the record. Small multiples need no colour to tell
//! series apart. A series' name leads to the search for it (its region or kind, with the
//! filters).

use super::{escape, heading, View};
use crate::i18n::{self, InsightText, Key, Locale};
use crate::insights::InsightMarkup;
use crate::model::ActivityKind;
use std::fmt::Write;

/// One series: a region (or no country) or a kind, its activities per year of the range.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The region's slug ("" for activities naming no country) or the kind's.
    pub code: String,
    pub name: String,
    /// Where its name leads, if anywhere.
    pub href: Option<String>,
    /// Per year of the range, in order.
    pub counts: Vec<u32>,
}

impl Series {
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }
}

/// The view's years and its series, each list most first.
#[derive(Clone, Debug, PartialEq)]
pub struct Trends {
    pub first: u16,
    pub last: u16,
    pub regions: Vec<Series>,
    pub kinds: Vec<Series>,
}

/// The view's years (first and last) and its series by region and by kind, most first;
/// `None` when no activity under the filters gives a year.
pub fn series(view: &View<'_>) -> Option<Trends> {
    let t = view.tallies;
    let years = t
        .per_year_region
        .keys()
        .map(|(y, _)| *y)
        .chain(t.per_year_kind.keys().map(|(y, _)| *y));
    let (first, last) = years.fold(None, |range: Option<(u16, u16)>, y| {
        Some(range.map_or((y, y), |(a, b)| (a.min(y), b.max(y))))
    })?;
    let span = usize::from(last - first) + 1;
    let mut regions: Vec<Series> = Vec::new();
    for ((year, region), n) in &t.per_year_region {
        let at = regions
            .iter()
            .position(|s| &s.code == region)
            .unwrap_or_else(|| {
                regions.push(Series {
                    code: region.clone(),
                    name: if region.is_empty() {
                        view.t(InsightText::NoCountryStated).to_string()
                    } else {
                        view.name(&view.names.regions, region).to_string()
                    },
                    href: (!region.is_empty())
                        .then(|| view.search(|f| f.regions = vec![region.clone()])),
                    counts: vec![0; span],
                });
                regions.len() - 1
            });
        regions[at].counts[usize::from(year - first)] += n;
    }
    let mut kinds: Vec<Series> = Vec::new();
    for ((year, kind), n) in &t.per_year_kind {
        let at = kinds
            .iter()
            .position(|s| s.code == kind.slug())
            .unwrap_or_else(|| {
                kinds.push(Series {
                    code: kind.slug().to_string(),
                    name: kind.label(view.locale).to_string(),
                    href: Some(view.search(|f| f.kinds = vec![*kind])),
                    counts: vec![0; span],
                });
                kinds.len() - 1
            });
        kinds[at].counts[usize::from(year - first)] += n;
    }
    for list in [&mut regions, &mut kinds] {
        list.sort_by(|a, b| b.total().cmp(&a.total()).then_with(|| a.name.cmp(&b.name)));
    }
    Some(Trends {
        first,
        last,
        regions,
        kinds,
    })
}

/// The trends view: its figures at a glance and its markup.
pub fn render(view: &View<'_>) -> (Vec<String>, InsightMarkup) {
    let l = view.locale;
    let t = view.tallies;
    let Some(Trends {
        first,
        last,
        regions,
        kinds,
    }) = series(view)
    else {
        let figure = format!(
            r#"<p class="notice">{}</p>"#,
            escape(view.t(InsightText::NoTrends))
        );
        return (
            vec![i18n::activities_count(l, t.total)],
            InsightMarkup {
                figure,
                ..Default::default()
            },
        );
    };
    let mut glance = vec![i18n::years_glance(l, first, last, t.total - t.undated)];
    if t.undated > 0 {
        glance.push(i18n::undated_count(l, t.undated));
    }
    let mut figure = String::new();
    for (heading_text, id, list) in [
        (InsightText::ByRegion, "by-region", &regions),
        (InsightText::ByKind, "by-kind", &kinds),
    ] {
        let _ = write!(
            figure,
            r#"<section aria-labelledby="{id}" class="multiples-section"><h2 id="{id}">{}</h2>"#,
            escape(heading_text.text(l))
        );
        let max = list
            .iter()
            .flat_map(|s| s.counts.iter())
            .copied()
            .max()
            .unwrap_or(1);
        let _ = write!(
            figure,
            r#"<p class="muted">{}</p>"#,
            escape(&i18n::bar_scale(l, max))
        );
        figure.push_str(r#"<div class="multiples">"#);
        for s in list.iter() {
            multiple(&mut figure, s, (first, last), max, l);
        }
        figure.push_str("</div></section>");
    }
    let mut details = String::new();
    let _ = write!(
        details,
        r#"<details class="trends-table"><summary>{}</summary>"#,
        escape(view.t(InsightText::TrendsTable))
    );
    for (caption, list) in [
        (InsightText::ByRegion, &regions),
        (InsightText::ByKind, &kinds),
    ] {
        table(&mut details, caption.text(l), list, first, l);
    }
    details.push_str("</details>");
    (
        glance,
        InsightMarkup {
            figure,
            details,
            ..Default::default()
        },
    )
}

/// One small chart: the series' name and total, its bars on the shared scale `max`, its
/// first and last year.
fn multiple(out: &mut String, s: &Series, (first, last): (u16, u16), max: u32, l: Locale) {
    const BAR: usize = 8;
    const HEIGHT: u32 = 48;
    let width = (s.counts.len() * BAR).max(BAR);
    let name = match &s.href {
        Some(href) => format!(r#"<a href="{}">{}</a>"#, escape(href), escape(&s.name)),
        None => escape(&s.name),
    };
    let years: Vec<(u16, u32)> = s
        .counts
        .iter()
        .enumerate()
        .map(|(i, n)| (first + i as u16, *n))
        .collect();
    let _ = write!(
        out,
        r#"<figure class="multiple"><figcaption>{name} <span class="muted">{}</span></figcaption><svg viewBox="0 0 {width} {HEIGHT}" preserveAspectRatio="none" role="img" aria-label="{}"><line class="baseline" x1="0" y1="{HEIGHT}" x2="{width}" y2="{HEIGHT}"/>"#,
        escape(&i18n::activities_count(l, s.total())),
        escape(&i18n::series_description(l, &s.name, &years)),
    );
    for (i, &(year, n)) in years.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let h = (n * HEIGHT).div_ceil(max.max(1));
        let _ = write!(
            out,
            r#"<rect class="chart-bar" x="{}" y="{}" width="{}" height="{h}"><title>{}</title></rect>"#,
            i * BAR + 1,
            HEIGHT - h,
            BAR - 2,
            escape(&i18n::year_count(l, year, n))
        );
    }
    let _ = write!(
        out,
        r#"</svg><p class="axis" aria-hidden="true"><span>{first}</span><span>{last}</span></p></figure>"#
    );
}

/// A section's series as a table: a row per year, a column per series.
fn table(out: &mut String, caption: &str, list: &[Series], first: u16, l: Locale) {
    let _ = write!(
        out,
        r#"<div class="table-scroll"><table class="trend-table"><caption>{}</caption><thead><tr><th scope="col">{}</th>"#,
        escape(caption),
        escape(InsightText::Year.text(l))
    );
    for s in list {
        let _ = write!(
            out,
            r#"<th scope="col" class="num">{}</th>"#,
            escape(&s.name)
        );
    }
    out.push_str("</tr></thead><tbody>");
    let span = list.first().map_or(0, |s| s.counts.len());
    for i in 0..span {
        let _ = write!(out, r#"<tr><th scope="row">{}</th>"#, first + i as u16);
        for s in list {
            let _ = write!(out, r#"<td class="num">{}</td>"#, s.counts[i]);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// The trends as CSV, one row per series and year of the range (zeros included): which
/// breakdown, the series' code, its names in both languages, the year, the activities.
pub fn csv(view: &View<'_>) -> String {
    use crate::ssr::export::line;
    let l = view.locale;
    let mut out = line(
        [
            ("Series", "系列"),
            ("Code", "コード"),
            ("Name (English)", "名称（英語）"),
            ("Name (Japanese)", "名称（日本語）"),
            ("Year", "年"),
            ("Activities started", "開始した活動数"),
        ]
        .into_iter()
        .map(|h| heading(l, h)),
    );
    let Some(Trends {
        first,
        regions,
        kinds,
        ..
    }) = series(view)
    else {
        return out;
    };
    let region_names = |code: &str| -> (String, String) {
        if code.is_empty() {
            (
                InsightText::NoCountryStated.text(Locale::En).to_string(),
                InsightText::NoCountryStated.text(Locale::Ja).to_string(),
            )
        } else {
            view.names
                .regions
                .get(code)
                .map_or((code.to_string(), code.to_string()), |n| {
                    (n.en.clone(), n.ja.clone())
                })
        }
    };
    let kind_names = |code: &str| -> (String, String) {
        ActivityKind::from_slug(code).map_or((code.to_string(), code.to_string()), |k| {
            (
                k.label(Locale::En).to_string(),
                k.label(Locale::Ja).to_string(),
            )
        })
    };
    for (breakdown, list, names) in [
        (
            Key::Region,
            &regions,
            &region_names as &dyn Fn(&str) -> (String, String),
        ),
        (Key::Kind, &kinds, &kind_names),
    ] {
        for s in list {
            let (en, ja) = names(&s.code);
            for (i, n) in s.counts.iter().enumerate() {
                out.push_str(&line([
                    l.t(breakdown).to_string(),
                    s.code.clone(),
                    en.clone(),
                    ja.clone(),
                    (first + i as u16).to_string(),
                    n.to_string(),
                ]));
            }
        }
    }
    out
}
