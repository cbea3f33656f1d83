//! `/insights/flows`: flows of people between Japan and its partner countries, drawn as arcs
//! on the site's world map ([`crate::ssr::geo`], the same projection), with a table twin.
//!
//! Rules: a flow is a partner country and a direction ([`ActivityKind::direction`]); its
//! activities are those of the kinds moving that way in the country, so its link is the search
//! for the country and those kinds, whose total is the flow's count. The arc's width is by
//! activities, or (`width=people`) by the people the figures state, and then only flows with
//! such figures are drawn. Hover and keyboard focus name the numbers and the figures' sources
//! (the arc's `<title>` and accessible name; the page's readout shows them with JavaScript),
//! and the table beside the map holds the same, every figure with its source.

use super::{escape, heading, switch, View};
use crate::i18n::{self, InsightText, Key, Locale};
use crate::insights::InsightMarkup;
use crate::model::{ActivityKind, Direction};
use crate::paths;
use crate::ssr::db::Pool;
use crate::ssr::db::{people_stated, PeopleStated};
use crate::ssr::export::figure_text;
use crate::ssr::geo::{flow_style, FlowArc};
use crate::ssr::search::FlowTally;
use std::collections::HashMap;
use std::fmt::Write;

/// The narrowest and widest arc, in map units (the map is 960 wide).
const THINNEST: f64 = 1.2;
const WIDEST: f64 = 9.0;

/// An arc's width for `n` of at most `max`: by area (square root), so that a flow four times
/// another looks twice as wide, from `THINNEST` to `WIDEST`.
pub fn width(n: u32, max: u32) -> f64 {
    if max == 0 {
        return THINNEST;
    }
    THINNEST + (WIDEST - THINNEST) * (f64::from(n) / f64::from(max)).sqrt()
}

/// One flow as the view shows it.
struct Flow<'t> {
    code: &'t str,
    name: String,
    direction: Direction,
    tally: &'t FlowTally,
}

/// The kinds of an arc's search: those moving its way, within the filters' kinds if any.
fn kinds_of(direction: Direction, chosen: &[ActivityKind]) -> Vec<ActivityKind> {
    direction
        .kinds()
        .into_iter()
        .filter(|k| chosen.is_empty() || chosen.contains(k))
        .collect()
}

/// The view's flows, by country name then direction.
fn flows<'t>(view: &View<'t>) -> Vec<Flow<'t>> {
    let mut out: Vec<Flow<'t>> = view
        .tallies
        .flows
        .iter()
        .map(|((code, direction), tally)| Flow {
            code,
            name: view.name(&view.names.countries, code).to_string(),
            direction: *direction,
            tally,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.direction.cmp(&b.direction)));
    out
}

/// Everything the view says about one flow's figures: "Students accepted (cumulative): 34
/// students (source: …)", each stated activity's figures.
fn figures_text(
    tally: &FlowTally,
    stated: &HashMap<i64, PeopleStated>,
    locale: Locale,
) -> Vec<String> {
    let mut out = Vec::new();
    for id in &tally.examples {
        let Some(s) = stated.get(id) else { continue };
        for (figure, source) in &s.figures {
            let mut text = figure_text(figure, locale);
            if let Some(source) = source {
                let _ = write!(
                    text,
                    " — {}{}{}",
                    locale.t(Key::AccordingTo),
                    i18n::label_separator(locale),
                    source.title
                );
            }
            out.push(text);
        }
    }
    out
}

/// The figures with their sources of the activities the flows name by id.
async fn stated(
    view: &View<'_>,
    all: &[Flow<'_>],
    pool: &Pool,
) -> Result<HashMap<i64, PeopleStated>, sqlx::Error> {
    let ids: Vec<i64> = all
        .iter()
        .flat_map(|f| f.tally.examples.iter())
        .chain(
            view.tallies
                .unplaced
                .values()
                .flat_map(|u| u.examples.iter()),
        )
        .copied()
        .collect();
    people_stated(pool, &ids).await
}

/// The flows view: its figures at a glance and its markup.
pub async fn render(
    view: &View<'_>,
    pool: &Pool,
) -> Result<(Vec<String>, InsightMarkup), crate::error::AppError> {
    let l = view.locale;
    let t = view.tallies;
    let all = flows(view);
    let stated = stated(view, &all, pool).await?;
    let people: Vec<(&str, u32)> = Direction::ALL
        .iter()
        .map(|d| {
            let on_arcs: u32 = all
                .iter()
                .filter(|f| f.direction == *d)
                .map(|f| f.tally.people)
                .sum();
            let elsewhere = t.unplaced.get(d).map_or(0, |u| u.people);
            (d.label(l), on_arcs + elsewhere)
        })
        .collect();
    let glance = vec![
        i18n::activities_count(l, t.total),
        i18n::people_glance(l, &people),
    ];
    if all.is_empty() {
        let figure = format!(
            r#"<p class="notice">{}</p>"#,
            escape(view.t(InsightText::NoFlows))
        );
        return Ok((
            glance,
            InsightMarkup {
                figure,
                ..Default::default()
            },
        ));
    }
    let by_people = view.query.by_people;
    let measure = |f: &Flow<'_>| {
        if by_people {
            f.tally.people
        } else {
            f.tally.activities
        }
    };
    let max = all.iter().map(measure).max().unwrap_or(0);
    let arcs: Vec<FlowArc> = all
        .iter()
        .filter(|f| measure(f) > 0)
        .map(|f| FlowArc {
            code: f.code.to_string(),
            direction: f.direction,
            width: width(measure(f), max),
            href: arc_search(view, f),
            label: arc_label(f, &stated, l),
        })
        .collect();
    let mut lead = String::new();
    width_links(&mut lead, view);
    let figure = format!(
        r#"<div class="map flow-map">{}</div>"#,
        crate::ssr::maps::flows(&arcs, l)
    );
    let mut details = String::new();
    legend(&mut details, view, max);
    table(&mut details, view, &all, &stated);
    Ok((
        glance,
        InsightMarkup {
            lead,
            figure,
            details,
        },
    ))
}

/// The search for a flow's activities: its country and the kinds moving its way.
fn arc_search(view: &View<'_>, f: &Flow<'_>) -> String {
    view.search(|filters| {
        filters.countries = vec![f.code.to_string()];
        filters.kinds = kinds_of(f.direction, &filters.kinds);
    })
}

/// What an arc says on hover and focus: its numbers, then its figures with their sources.
fn arc_label(f: &Flow<'_>, stated: &HashMap<i64, PeopleStated>, l: Locale) -> String {
    let t = f.tally;
    let mut label = i18n::flow_label(
        l,
        &f.name,
        f.direction.label(l),
        t.activities,
        t.people,
        t.with_people,
    );
    let figures = figures_text(t, stated, l);
    if !figures.is_empty() {
        label.push_str(match l {
            Locale::En => ". ",
            Locale::Ja => "。",
        });
        label.push_str(&figures.join(i18n::list_separator(l)));
    }
    label
}

/// "Arc width: by number of activities · by people stated in figures".
fn width_links(out: &mut String, view: &View<'_>) {
    let q = view.query;
    switch(
        out,
        view,
        InsightText::WidthBy,
        [
            (q.with(false, false), InsightText::ByActivities),
            (q.with(false, true), InsightText::ByPeople),
        ],
    );
    if q.by_people {
        let _ = write!(
            out,
            r#"<p class="muted">{}</p>"#,
            escape(view.t(InsightText::ByPeopleNote))
        );
    }
}

/// A short line in a direction's style, for the legend and the table.
fn line_sample(out: &mut String, direction: Direction, width: f64) {
    let (colour, dashes) = flow_style(direction, width);
    let dash = dashes
        .map(|d| format!(r#" stroke-dasharray="{d}""#))
        .unwrap_or_default();
    let _ = write!(
        out,
        r#"<svg class="line-sample" viewBox="0 0 40 12" aria-hidden="true" focusable="false"><line x1="6" y1="6" x2="34" y2="6" stroke="{colour}" stroke-width="{width:.1}" stroke-linecap="round"{dash}/></svg>"#
    );
}

/// The directions' styles and what the widths mean.
fn legend(out: &mut String, view: &View<'_>, max: u32) {
    let l = view.locale;
    let _ = write!(
        out,
        r#"<div class="legend flow-legend"><p class="legend-title" id="flow-legend-title">{}</p><ul aria-labelledby="flow-legend-title">"#,
        escape(view.t(InsightText::Direction))
    );
    for direction in Direction::ALL {
        out.push_str("<li>");
        line_sample(out, *direction, 3.0);
        let _ = write!(out, "{}</li>", escape(direction.label(l)));
    }
    out.push_str("</ul>");
    let count = |n: u32| {
        if view.query.by_people {
            i18n::people_count(l, n)
        } else {
            i18n::activities_count(l, n)
        }
    };
    let _ = write!(
        out,
        r#"<p class="legend-title" id="width-legend-title">{}</p><ul aria-labelledby="width-legend-title">"#,
        escape(view.t(InsightText::WidthBy))
    );
    let mut samples = vec![1, max.div_ceil(4), max];
    samples.retain(|&n| n >= 1 && n <= max);
    samples.dedup();
    for n in samples {
        out.push_str("<li>");
        line_sample(out, Direction::ToJapan, width(n, max));
        let _ = write!(out, "{}</li>", escape(&count(n)));
    }
    out.push_str("</ul></div>");
}

/// The table twin: every flow with its numbers, figures and sources, then the people no arc
/// shows.
fn table(out: &mut String, view: &View<'_>, all: &[Flow<'_>], stated: &HashMap<i64, PeopleStated>) {
    let l = view.locale;
    let t = |k: InsightText| escape(k.text(l));
    let _ = write!(
        out,
        r#"<section aria-labelledby="flows-table-heading"><h2 id="flows-table-heading">{}</h2><div class="table-scroll"><table class="flow-table"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        t(InsightText::FlowsTableHeading),
        escape(l.t(Key::Country)),
        t(InsightText::Direction),
        escape(l.t(Key::ActivitiesCount)),
        t(InsightText::People),
        t(InsightText::FiguresAndSources),
    );
    let mut previous = "";
    for f in all {
        let id = if f.code != previous {
            format!(r#" id="flow-{}""#, escape(f.code))
        } else {
            String::new()
        };
        previous = f.code;
        let _ = write!(
            out,
            r#"<tr{id}><th scope="row"><a href="{}">{}</a></th><td>"#,
            escape(&l.href(&paths::country(f.code))),
            escape(&f.name)
        );
        line_sample(out, f.direction, 3.0);
        let _ = write!(
            out,
            r#"{}</td><td class="num"><a href="{}" aria-label="{}">{}</a></td>"#,
            escape(f.direction.label(l)),
            escape(&arc_search(view, f)),
            escape(&i18n::flow_label(
                l,
                &f.name,
                f.direction.label(l),
                f.tally.activities,
                0,
                0
            )),
            f.tally.activities
        );
        people_cells(out, view, f.tally, stated);
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
    if !view.tallies.unplaced.is_empty() {
        out.push_str(r#"<tbody class="unplaced">"#);
        for (direction, tally) in &view.tallies.unplaced {
            let _ = write!(
                out,
                r#"<tr><th scope="row">{}</th><td>"#,
                t(InsightText::Unplaced)
            );
            line_sample(out, *direction, 3.0);
            let _ = write!(
                out,
                r#"{}</td><td class="num">{}</td>"#,
                escape(direction.label(l)),
                tally.with_people
            );
            people_cells(out, view, tally, stated);
            out.push_str("</tr>");
        }
        out.push_str("</tbody>");
    }
    let _ = write!(
        out,
        r#"</table></div><p class="muted">{}</p></section>"#,
        t(InsightText::UnplacedNote)
    );
}

/// A flow's people and, for each stated activity, its figures with their sources.
fn people_cells(
    out: &mut String,
    view: &View<'_>,
    tally: &FlowTally,
    stated: &HashMap<i64, PeopleStated>,
) {
    let l = view.locale;
    if tally.with_people == 0 {
        out.push_str(r#"<td class="num">—</td><td></td>"#);
        return;
    }
    let _ = write!(
        out,
        r#"<td class="num">{}</td><td><ul class="stated">"#,
        tally.people
    );
    for id in &tally.examples {
        let Some(s) = stated.get(id) else { continue };
        for (figure, source) in &s.figures {
            let _ = write!(
                out,
                r#"<li><a href="{}">{}</a>{}{}"#,
                escape(&l.href(&paths::activity(&s.slug))),
                escape(s.title.get(l)),
                i18n::label_separator(l),
                escape(&figure_text(figure, l))
            );
            if let Some(source) = source {
                let _ = write!(
                    out,
                    " — {}{}",
                    escape(l.t(Key::AccordingTo)),
                    i18n::label_separator(l)
                );
                // A source with no web address (a document the curators hold) leads to its
                // entry on the activity's page, which says what it is.
                let (href, external) = match &source.url {
                    Some(url) => (url.clone(), r#" rel="external noopener""#),
                    None => (
                        format!(
                            "{}#source-{}",
                            l.href(&paths::activity(&s.slug)),
                            figure.source.unwrap_or(1)
                        ),
                        "",
                    ),
                };
                let _ = write!(
                    out,
                    r#"<a href="{}"{external}>{}</a>"#,
                    escape(&href),
                    escape(&source.title)
                );
            }
            out.push_str("</li>");
        }
    }
    out.push_str("</ul>");
    let more = tally.with_people as usize - tally.examples.len().min(tally.with_people as usize);
    if more > 0 {
        let _ = write!(out, "<p>{}</p>", escape(&i18n::and_n_more(l, more)));
    }
    out.push_str("</td>");
}

/// The flows as CSV: a row per flow (country code and names in both languages, direction
/// code and name, activities, people stated, how many activities state them, their figures
/// with sources, the search's address), then a row per direction for the people no arc
/// shows.
pub async fn csv(
    view: &View<'_>,
    pool: &Pool,
    base: &str,
) -> Result<String, crate::error::AppError> {
    use crate::ssr::export::line;
    let l = view.locale;
    let all = flows(view);
    let t = view.tallies;
    let stated = stated(view, &all, pool).await?;
    let mut out = line(
        [
            ("Country code (ISO 3166-1)", "国コード（ISO 3166-1）"),
            ("Country (English)", "国（英語）"),
            ("Country (Japanese)", "国（日本語）"),
            ("Direction code", "方向コード"),
            ("Direction", "方向"),
            ("Activities", "活動数"),
            ("People stated", "示された人数"),
            ("Activities stating people", "人数が示された活動数"),
            ("Figures and their sources", "数値と出典"),
            ("Activities in the search", "検索での活動一覧"),
        ]
        .into_iter()
        .map(|h| heading(l, h)),
    );
    let figures = |tally: &FlowTally| {
        let mut text = figures_text(tally, &stated, l).join("; ");
        let more =
            tally.with_people as usize - tally.examples.len().min(tally.with_people as usize);
        if more > 0 {
            text.push_str(&i18n::and_n_more(l, more));
        }
        text
    };
    for f in &all {
        let names = view.names.countries.get(f.code);
        out.push_str(&line([
            f.code.to_string(),
            names.map_or_else(|| f.code.to_string(), |n| n.en.clone()),
            names.map_or_else(|| f.code.to_string(), |n| n.ja.clone()),
            f.direction.slug().to_string(),
            f.direction.label(l).to_string(),
            f.tally.activities.to_string(),
            f.tally.people.to_string(),
            f.tally.with_people.to_string(),
            figures(f.tally),
            format!("{base}{}", arc_search(view, f)),
        ]));
    }
    for (direction, tally) in &t.unplaced {
        out.push_str(&line([
            String::new(),
            InsightText::Unplaced.text(Locale::En).to_string(),
            InsightText::Unplaced.text(Locale::Ja).to_string(),
            direction.slug().to_string(),
            direction.label(l).to_string(),
            tally.with_people.to_string(),
            tally.people.to_string(),
            tally.with_people.to_string(),
            figures(tally),
            String::new(),
        ]));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_the_square_root_from_thinnest_to_widest() {
        assert_eq!(width(0, 0), THINNEST);
        assert_eq!(width(10, 10), WIDEST);
        assert!((width(1, 4) - (THINNEST + (WIDEST - THINNEST) / 2.0)).abs() < 1e-9);
        let mut last = 0.0;
        for n in 1..=100 {
            let w = width(n, 100);
            assert!(w > last && (THINNEST..=WIDEST).contains(&w), "{n}: {w}");
            last = w;
        }
    }

    #[test]
    fn an_arcs_search_keeps_to_its_direction_within_the_chosen_kinds() {
        assert_eq!(
            kinds_of(Direction::ToJapan, &[]),
            [ActivityKind::TraineesInJapan, ActivityKind::Scholarship]
        );
        assert_eq!(
            kinds_of(
                Direction::FromJapan,
                &[ActivityKind::Visit, ActivityKind::Webinar]
            ),
            [ActivityKind::Visit]
        );
        assert!(kinds_of(Direction::Online, &[ActivityKind::Visit]).is_empty());
    }
}
