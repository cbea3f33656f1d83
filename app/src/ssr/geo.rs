//! The world map as server-rendered SVG: outlines from `data/generated/world-map.json`
//! (Natural Earth, Equal Earth projection), shaded by counts with [`Scale`].
//!
//! Rules: the geometry lives only here, on the server: it is never serialised into the page
//! data or compiled into the wasm. Each country with activities is a link with an
//! `aria-label` ("Mongolia: 4 activities"), so it is reachable by Tab and opens with Enter;
//! countries without activities are plain shapes; Japan is marked as the origin. All text
//! put into the markup is escaped.

use super::xml::escape;
use crate::i18n::Locale;
use crate::model::Direction;
use crate::scale::{Scale, NONE_FILL, ORIGIN_FILL};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::LazyLock;

#[derive(Deserialize)]
struct WorldMap {
    #[serde(rename = "viewBox")]
    view_box: String,
    countries: Vec<Shape>,
    background: Vec<Background>,
}

#[derive(Deserialize)]
struct Shape {
    alpha2: String,
    name_en: String,
    name_ja: String,
    d: Option<String>,
    point: Option<[f64; 2]>,
    marker: bool,
}

#[derive(Deserialize)]
struct Background {
    d: String,
}

static WORLD: LazyLock<WorldMap> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../data/generated/world-map.json"))
        .expect("data/generated/world-map.json is valid (it is checked by a test)")
});

/// Forces the map data to be parsed (at start, so a broken file fails early).
pub fn preload() -> usize {
    WORLD.countries.len()
}

/// What to draw.
pub enum MapView<'a> {
    /// Every country shaded by its count; those with activities link to their pages.
    World {
        counts: &'a HashMap<String, u32>,
        /// The address of a country's page, from its code.
        href: &'a dyn Fn(&str) -> String,
    },
    /// One country highlighted on a close-up of its part of the world.
    Locator { code: &'a str },
    /// Arcs between Japan and partner countries (the flows of people); the countries they
    /// reach are shaded lightly, the arcs are the links.
    Flows { arcs: &'a [FlowArc] },
}

/// One arc of [`MapView::Flows`]: between Japan and a partner country, one way.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowArc {
    /// The partner country (ISO alpha-2).
    pub code: String,
    pub direction: Direction,
    /// The stroke width, in map units (the map is 960 wide).
    pub width: f64,
    /// Where selecting it leads (the search for its activities).
    pub href: String,
    /// What it says to a reader (its numbers and sources): the tooltip and accessible name.
    pub label: String,
}

/// How each direction is drawn: its stroke colour and, for a line `width` wide, its dash
/// pattern. Okabe–Ito colours (safe for the common forms of colour blindness); the lines
/// tell the directions apart without colour too: to Japan solid, from Japan dashed, online
/// dotted. The patterns grow with the width, because the round line caps eat half a width
/// into each gap (a fixed "10 3" looked solid on a wide arc).
pub fn flow_style(direction: Direction, width: f64) -> (&'static str, Option<String>) {
    match direction {
        Direction::ToJapan => ("#0072b2", None),
        Direction::FromJapan => (
            "#d55e00",
            Some(format!("{:.1} {:.1}", 2.5 * width + 2.0, 2.0 * width + 2.0)),
        ),
        // Round dots: a dash of (almost) nothing is a dot as wide as the line.
        Direction::Online => ("#009e73", Some(format!("0.1 {:.1}", 2.0 * width + 1.5))),
    }
}

/// The path of an arc from `from` to `to`: a quadratic curve bowed to one side by a share of
/// its length, the side and the share set by the direction, so the arcs of one country in
/// different directions never lie on each other.
fn arc_path(from: [f64; 2], to: [f64; 2], direction: Direction) -> String {
    let bow = match direction {
        Direction::ToJapan => 0.16,
        Direction::FromJapan => -0.16,
        Direction::Online => 0.34,
    };
    let (dx, dy) = (to[0] - from[0], to[1] - from[1]);
    let (mx, my) = ((from[0] + to[0]) / 2.0, (from[1] + to[1]) / 2.0);
    // The normal (-dy, dx), scaled by the bow, already carries the length.
    let (cx, cy) = (mx - dy * bow, my + dx * bow);
    format!(
        "M{:.1} {:.1}Q{cx:.1} {cy:.1} {:.1} {:.1}",
        from[0], from[1], to[0], to[1]
    )
}

/// "Mongolia: 4 activities" / "モンゴル：4件".
pub fn country_label(name: &str, count: u32, locale: Locale) -> String {
    crate::i18n::country_count(locale, name, count)
}

fn shape(out: &mut String, s: &Shape, fill: &str, class: &str) {
    match (s.marker, s.point, &s.d) {
        (true, Some([x, y]), _) => {
            let _ = write!(
                out,
                r#"<circle class="{class} marker" cx="{x}" cy="{y}" r="3" fill="{fill}"/>"#
            );
        }
        (_, _, Some(d)) => {
            let _ = write!(out, r#"<path class="{class}" d="{d}" fill="{fill}"/>"#);
        }
        _ => {}
    }
}

/// The SVG markup of a map. `title` names it for assistive technology.
pub fn render(view: &MapView<'_>, locale: Locale, title: &str) -> String {
    let world = &*WORLD;
    let name = |s: &'static Shape| match locale {
        Locale::En => s.name_en.as_str(),
        Locale::Ja => s.name_ja.as_str(),
    };
    let view_box = match view {
        MapView::World { .. } | MapView::Flows { .. } => world.view_box.clone(),
        MapView::Locator { code } => locator_box(world, code),
    };
    let mut out = String::with_capacity(200_000);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" role="group" aria-label="{}" class="world-map" focusable="false"><g class="land">"#,
        escape(title)
    );
    for b in &world.background {
        let _ = write!(
            out,
            r#"<path class="none" d="{}" fill="{NONE_FILL}"/>"#,
            b.d
        );
    }
    match view {
        MapView::World { counts, href } => {
            let max = counts.values().copied().max().unwrap_or(0);
            let scale = Scale::for_max(max);
            let mut active: Vec<(&'static Shape, u32)> = Vec::new();
            for s in &world.countries {
                let count = counts.get(&s.alpha2).copied().unwrap_or(0);
                if s.alpha2 == "JP" {
                    continue;
                } else if count > 0 {
                    active.push((s, count));
                } else if !s.marker {
                    shape(&mut out, s, scale.fill(0), "none");
                }
            }
            // Japan, the origin, then the countries with activities on top (their focus
            // outlines must not be hidden by neighbours), in name order, the Tab order.
            if let Some(japan) = world.countries.iter().find(|s| s.alpha2 == "JP") {
                let label = escape(&crate::i18n::origin(locale, name(japan)));
                let _ = write!(out, r#"<g class="origin"><title>{label}</title>"#);
                shape(&mut out, japan, ORIGIN_FILL, "origin");
                out.push_str("</g>");
            }
            active.sort_by(|a, b| name(a.0).cmp(name(b.0)));
            for (s, count) in active {
                let label = escape(&country_label(name(s), count, locale));
                let _ = write!(
                    out,
                    r#"<a href="{}" aria-label="{label}" data-count="{count}"><title>{label}</title>"#,
                    escape(&href(&s.alpha2))
                );
                shape(&mut out, s, scale.fill(count), "active");
                out.push_str("</a>");
            }
        }
        MapView::Flows { arcs } => {
            let reached: std::collections::HashSet<&str> =
                arcs.iter().map(|a| a.code.as_str()).collect();
            for s in world.countries.iter().filter(|s| s.alpha2 != "JP") {
                if reached.contains(s.alpha2.as_str()) {
                    shape(&mut out, s, crate::scale::PALETTE[0], "reached");
                } else if !s.marker {
                    shape(&mut out, s, NONE_FILL, "none");
                }
            }
            let japan = world.countries.iter().find(|s| s.alpha2 == "JP");
            if let Some(japan) = japan {
                let label = escape(&crate::i18n::origin(locale, name(japan)));
                let _ = write!(out, r#"<g class="origin"><title>{label}</title>"#);
                shape(&mut out, japan, ORIGIN_FILL, "origin");
                out.push_str("</g>");
            }
            out.push_str("</g><defs>");
            for direction in Direction::ALL {
                let (colour, _) = flow_style(*direction, 1.0);
                // Sized by the line's width, so that a wide arc still shows its arrow.
                let _ = write!(
                    out,
                    r#"<marker id="arrow-{}" viewBox="0 0 10 10" refX="6" refY="5" markerWidth="3.2" markerHeight="3.2" markerUnits="strokeWidth" orient="auto"><path d="M0 0L10 5L0 10z" fill="{colour}"/></marker>"#,
                    direction.slug()
                );
            }
            out.push_str(r#"</defs><g class="flows">"#);
            let origin = japan.and_then(|s| s.point);
            let point = |code: &str| {
                world
                    .countries
                    .iter()
                    .find(|s| s.alpha2 == code)
                    .and_then(|s| s.point)
            };
            // Widest first, so that thin arcs stay on top and can be pointed at.
            let mut order: Vec<&FlowArc> = arcs.iter().collect();
            order.sort_by(|a, b| b.width.total_cmp(&a.width));
            for arc in order {
                let (Some(japan), Some(partner)) = (origin, point(&arc.code)) else {
                    continue;
                };
                let (from, to) = match arc.direction {
                    Direction::ToJapan => (partner, japan),
                    Direction::FromJapan | Direction::Online => (japan, partner),
                };
                let (colour, dashes) = flow_style(arc.direction, arc.width);
                let label = escape(&arc.label);
                let dash = dashes
                    .map(|d| format!(r#" stroke-dasharray="{d}""#))
                    .unwrap_or_default();
                let arrow = match arc.direction {
                    Direction::Online => String::new(),
                    d => format!(r#" marker-end="url(#arrow-{})""#, d.slug()),
                };
                let _ = write!(
                    out,
                    r#"<a href="{}" aria-label="{label}" class="flow {}"><title>{label}</title><path class="arc" d="{}" fill="none" stroke="{colour}" stroke-width="{:.1}" stroke-linecap="round"{dash}{arrow}/></a>"#,
                    escape(&arc.href),
                    arc.direction.slug(),
                    arc_path(from, to, arc.direction),
                    arc.width,
                );
            }
        }
        MapView::Locator { code } => {
            // Only the neighbourhood: shapes whose label point lies within one view-width
            // of the close-up (large neighbours such as Russia or China included).
            let centre = locator_centre(world, code);
            let near = |s: &Shape| match (s.point, centre) {
                (Some([x, y]), Some([cx, cy])) => (x - cx).abs() < 240.0 && (y - cy).abs() < 125.0,
                _ => false,
            };
            for s in world
                .countries
                .iter()
                .filter(|s| s.alpha2 != *code && !s.marker && near(s))
            {
                shape(&mut out, s, NONE_FILL, "none");
            }
            if let Some(s) = world.countries.iter().find(|s| s.alpha2 == *code) {
                let _ = write!(
                    out,
                    r#"<g class="highlight"><title>{}</title>"#,
                    escape(name(s))
                );
                shape(&mut out, s, ORIGIN_FILL, "active");
                if let Some([x, y]) = s.point {
                    let _ = write!(out, r#"<circle class="pin" cx="{x}" cy="{y}" r="4"/>"#);
                }
                out.push_str("</g>");
            }
        }
    }
    out.push_str("</g></svg>");
    out
}

fn locator_centre(world: &WorldMap, code: &str) -> Option<[f64; 2]> {
    world
        .countries
        .iter()
        .find(|s| s.alpha2 == code)
        .and_then(|s| s.point)
}

/// A close-up around a country: 320 × 167 units (the map's aspect), centred on its label
/// point and kept inside the map.
fn locator_box(world: &WorldMap, code: &str) -> String {
    let (w, h) = (320.0_f64, 166.7_f64);
    let Some([x, y]) = world
        .countries
        .iter()
        .find(|s| s.alpha2 == code)
        .and_then(|s| s.point)
    else {
        return world.view_box.clone();
    };
    let left = (x - w / 2.0).clamp(0.0, 960.0 - w);
    let top = (y - h / 2.0).clamp(0.0, 500.0 - h);
    format!("{left:.1} {top:.1} {w} {h}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, u32)]) -> HashMap<String, u32> {
        pairs.iter().map(|(c, n)| (c.to_string(), *n)).collect()
    }

    #[test]
    fn countries_with_activities_are_labelled_links() {
        let href = |c: &str| format!("/countries/{c}");
        let counts = counts(&[("MN", 4), ("VN", 1)]);
        let svg = render(
            &MapView::World {
                counts: &counts,
                href: &href,
            },
            Locale::En,
            "Map",
        );
        assert!(
            svg.contains(r#"<a href="/countries/MN" aria-label="Mongolia: 4 activities""#),
            "{}",
            &svg[..200]
        );
        assert!(
            svg.contains(r#"aria-label="Vietnam: 1 activity""#)
                || svg.contains(r#"aria-label="Viet Nam: 1 activity""#)
        );
        assert_eq!(svg.matches("<a ").count(), 2);
        assert!(svg.contains("Japan (origin)"));
        // Every shape has a fill: none is left to the browser's default black.
        assert_eq!(svg.matches("<path ").count(), svg.matches(" fill=").count());
    }

    #[test]
    fn small_states_are_drawn_as_markers() {
        let href = |c: &str| format!("/countries/{c}");
        let counts = counts(&[("SG", 2)]);
        let svg = render(
            &MapView::World {
                counts: &counts,
                href: &href,
            },
            Locale::Ja,
            "地図",
        );
        assert!(svg.contains(r#"aria-label="シンガポール：2件""#));
        assert!(svg.contains(r#"<circle class="active marker""#));
    }

    #[test]
    fn flows_are_labelled_links_drawn_apart_by_direction() {
        let arc = |code: &str, direction, label: &str| FlowArc {
            code: code.into(),
            direction,
            width: 3.0,
            href: format!("/activities?country={code}"),
            label: label.into(),
        };
        let arcs = [
            arc(
                "MN",
                Direction::FromJapan,
                "Mongolia, from Japan: 4 activities",
            ),
            arc(
                "MN",
                Direction::ToJapan,
                "Mongolia, to Japan: 1 activity <b>",
            ),
            arc("VN", Direction::Online, "Viet Nam, online: 1 activity"),
        ];
        let svg = render(&MapView::Flows { arcs: &arcs }, Locale::En, "Flows");
        assert_eq!(svg.matches(r#"<a href="/activities?country="#).count(), 3);
        assert!(svg.contains(r#"aria-label="Mongolia, to Japan: 1 activity &lt;b&gt;""#));
        assert!(svg.contains(r#"class="flow to-japan""#) && svg.contains(r#"class="flow online""#));
        // Arrows say the direction; online is dashed and has none.
        assert!(svg.contains(r#"marker-end="url(#arrow-to-japan)""#));
        assert!(svg.contains(r#"marker-end="url(#arrow-from-japan)""#));
        assert!(!svg.contains("arrow-online)"));
        assert!(svg.contains(r#"stroke-dasharray="0.1 7.5""#));
        // The two Mongolian arcs are bowed to opposite sides, never on each other.
        let paths: Vec<&str> = svg
            .split(r#"class="arc" d=""#)
            .skip(1)
            .map(|p| p.split('"').next().unwrap())
            .collect();
        assert_eq!(paths.len(), 3);
        assert_ne!(paths[0], paths[1]);
        // The countries reached are shaded, Japan is the origin, no other country is a link.
        assert!(svg.contains(r#"class="reached""#) && svg.contains("Japan (origin)"));
    }

    #[test]
    fn the_gaps_of_dashed_and_dotted_arcs_outgrow_their_round_caps() {
        for width in [1.2, 3.0, 9.0] {
            assert_eq!(flow_style(Direction::ToJapan, width).1, None);
            for direction in [Direction::FromJapan, Direction::Online] {
                let dashes = flow_style(direction, width).1.unwrap();
                let gap: f64 = dashes.split(' ').nth(1).unwrap().parse().unwrap();
                // Each round cap reaches half a width into the gap.
                assert!(gap - width >= 1.0, "{direction:?} at {width}: {dashes}");
            }
        }
        assert_ne!(
            flow_style(Direction::FromJapan, 3.0).0,
            flow_style(Direction::Online, 3.0).0
        );
    }

    #[test]
    fn an_arc_bows_to_its_directions_side() {
        let (a, b) = ([0.0, 0.0], [100.0, 0.0]);
        let control_y = |d| {
            arc_path(a, b, d)
                .split('Q')
                .nth(1)
                .and_then(|q| q.split(' ').nth(1))
                .and_then(|y| y.parse::<f64>().ok())
                .unwrap()
        };
        assert!(control_y(Direction::ToJapan) > 0.0);
        assert!(control_y(Direction::FromJapan) < 0.0);
        assert!(control_y(Direction::Online) > control_y(Direction::ToJapan));
    }

    #[test]
    fn names_are_escaped() {
        assert_eq!(
            escape(r#"Côte d'Ivoire & "x" <y>"#),
            "Côte d&#39;Ivoire &amp; &quot;x&quot; &lt;y&gt;"
        );
    }

    #[test]
    fn a_locator_centres_on_its_country() {
        let svg = render(&MapView::Locator { code: "MN" }, Locale::En, "Mongolia");
        assert!(svg.contains("<title>Mongolia</title>"));
        assert!(!svg.contains(r#"viewBox="0 0 960 500""#));
        assert!(!svg.contains("<a "));
        // A close-up carries its neighbourhood, not the whole world.
        let (counts, href) = (HashMap::new(), |c: &str| c.to_string());
        let world = render(
            &MapView::World {
                counts: &counts,
                href: &href,
            },
            Locale::En,
            "world",
        );
        assert!(
            svg.len() < world.len() / 2,
            "{} vs {}",
            svg.len(),
            world.len()
        );
    }
}
