//! `/insights`: activities by partner country × medical field, as one accessible `<table>`.
//!
//! Rules: rows are the countries with activity under the filters, columns every medical field
//! of the vocabulary (a field nobody works in is an empty column: absence is what the matrix
//! shows). Grouped (the default), rows sit under their UN M49 region, regions and countries
//! most active first, and columns under their DAC purpose code; by total (`sort=total`),
//! both are in one run, largest first. Cells are shaded with the map's [`Scale`], an empty
//! cell is hatched and says "no activity", and a gap ([`gaps`]) is marked apart. Every count
//! links to the search for exactly its country, field and filters.

use super::{escape, heading, swatch, switch, View};
use crate::i18n::{self, InsightText, Key, Locale};
use crate::insights::InsightMarkup;
use crate::scale::Scale;
use std::collections::HashMap;
use std::fmt::Write;

/// How many gaps the list under the table names; the rest are counted.
const GAPS_LISTED: usize = 40;

/// A partner country's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub code: String,
    pub name: String,
    /// Its region's slug, if the country has one.
    pub region: Option<String>,
    pub total: u32,
    /// Per column, in column order.
    pub cells: Vec<u32>,
}

/// A medical field's column.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub slug: String,
    pub name: String,
    pub dac: i64,
    pub total: u32,
}

/// The matrix in the order it is drawn, with its groups (consecutive runs of rows or
/// columns) when grouped.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    pub rows: Vec<Row>,
    pub columns: Vec<Column>,
    /// Runs of rows by region: (region slug, how many rows), in order; empty by total.
    pub row_groups: Vec<(Option<String>, usize)>,
    /// Runs of columns by DAC code, in order; empty by total.
    pub column_groups: Vec<(i64, usize)>,
    /// Activities under the filters that name at least one partner country.
    pub placed: u32,
}

impl Matrix {
    /// The matrix of the view's tallies, ordered as its query asks.
    pub fn of(view: &View<'_>) -> Self {
        let t = view.tallies;
        let field_totals: HashMap<&str, u32> =
            t.fields.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        let mut columns: Vec<Column> = view
            .names
            .fields
            .keys()
            .map(|slug| Column {
                slug: slug.clone(),
                name: view.name(&view.names.fields, slug).to_string(),
                dac: view.names.field_dac.get(slug).copied().unwrap_or_default(),
                total: field_totals.get(slug.as_str()).copied().unwrap_or(0),
            })
            .collect();
        let mut by_country: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
        for ((country, field), n) in &t.pairs {
            by_country
                .entry(country.as_str())
                .or_default()
                .insert(field.as_str(), *n);
        }
        let grouped = !view.query.by_total;
        let most_then_name =
            |a: (u32, &str), b: (u32, &str)| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1));
        if grouped {
            columns.sort_by(|a, b| {
                a.dac
                    .cmp(&b.dac)
                    .then_with(|| most_then_name((a.total, &a.name), (b.total, &b.name)))
            });
        } else {
            columns.sort_by(|a, b| most_then_name((a.total, &a.name), (b.total, &b.name)));
        }
        let mut rows: Vec<Row> = t
            .countries
            .iter()
            .map(|(code, total)| {
                let counts = by_country.get(code.as_str());
                Row {
                    code: code.clone(),
                    name: view.name(&view.names.countries, code).to_string(),
                    region: view.names.country_regions.get(code).cloned(),
                    total: *total,
                    cells: columns
                        .iter()
                        .map(|c| {
                            counts
                                .and_then(|m| m.get(c.slug.as_str()))
                                .copied()
                                .unwrap_or(0)
                        })
                        .collect(),
                }
            })
            .collect();
        let (mut row_groups, mut column_groups) = (Vec::new(), Vec::new());
        if grouped {
            // Regions with the most activity first (by the sum of their rows' totals).
            let mut weight: HashMap<Option<String>, u32> = HashMap::new();
            for r in &rows {
                *weight.entry(r.region.clone()).or_default() += r.total;
            }
            let region_name = |r: &Option<String>| {
                r.as_deref()
                    .map(|slug| view.name(&view.names.regions, slug).to_string())
                    .unwrap_or_default()
            };
            rows.sort_by(|a, b| {
                most_then_name(
                    (weight[&a.region], &region_name(&a.region)),
                    (weight[&b.region], &region_name(&b.region)),
                )
                .then_with(|| most_then_name((a.total, &a.name), (b.total, &b.name)))
            });
            row_groups = runs(rows.iter().map(|r| r.region.clone()));
            column_groups = runs(columns.iter().map(|c| c.dac));
        } else {
            rows.sort_by(|a, b| most_then_name((a.total, &a.name), (b.total, &b.name)));
        }
        Matrix {
            rows,
            columns,
            row_groups,
            column_groups,
            placed: t.total - t.placeless,
        }
    }

    /// The gaps of the matrix: see [`gaps`].
    pub fn gaps(&self) -> Gaps {
        let rows: Vec<(Option<&str>, &[u32])> = self
            .rows
            .iter()
            .map(|r| (r.region.as_deref(), r.cells.as_slice()))
            .collect();
        gaps(&rows)
    }
}

/// The gaps of a matrix: per (row, column), how many of the region's rows hold the column
/// and how many rows the region has.
pub type Gaps = HashMap<(usize, usize), (usize, usize)>;

/// Consecutive runs of equal values: `a a b` → `[(a, 2), (b, 1)]`.
fn runs<T: PartialEq>(values: impl Iterator<Item = T>) -> Vec<(T, usize)> {
    let mut out: Vec<(T, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((last, n)) if *last == v => *n += 1,
            _ => out.push((v, 1)),
        }
    }
    out
}

/// The gaps among `rows` (each a region, if any, and its counts per column): a column is
/// common in a region when at least half of the region's rows, and at least two, have
/// activity in it; a gap is a row of that region with none there. Rows without a region
/// have no gaps. Answers, per gap (row, column), how many of the region's rows hold the
/// column and how many rows the region has.
pub fn gaps(rows: &[(Option<&str>, &[u32])]) -> Gaps {
    let mut regions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (region, _)) in rows.iter().enumerate() {
        if let Some(region) = region {
            regions.entry(region).or_default().push(i);
        }
    }
    let mut out = HashMap::new();
    for members in regions.values() {
        let columns = members.iter().map(|&i| rows[i].1.len()).max().unwrap_or(0);
        for c in 0..columns {
            let count = |i: usize| rows[i].1.get(c).copied().unwrap_or(0);
            let have = members.iter().filter(|&&i| count(i) > 0).count();
            if have >= 2 && have * 2 >= members.len() && have < members.len() {
                for &i in members.iter().filter(|&&i| count(i) == 0) {
                    out.insert((i, c), (have, members.len()));
                }
            }
        }
    }
    out
}

/// The DAC purpose code's name: what a group of columns is.
fn dac_name(locale: Locale, dac: i64) -> String {
    let (en, ja) = match dac {
        12110 => ("Health policy and administration", "保健政策・行政"),
        12181 => ("Medical education and training", "医学教育・研修"),
        12182 => ("Medical research", "医学研究"),
        12191 => ("Medical services", "医療サービス"),
        12230 => ("Basic health infrastructure", "基礎的保健インフラ"),
        12310 => ("NCD control, general", "非感染性疾患対策（一般）"),
        12350 => (
            "Other NCD prevention and treatment",
            "その他の非感染性疾患の予防・治療",
        ),
        _ => ("Other", "その他"),
    };
    format!("{} ({dac})", heading(locale, (en, ja)))
}

/// The matrix view: its figures at a glance and its markup.
pub fn render(view: &View<'_>) -> (Vec<String>, InsightMarkup) {
    let l = view.locale;
    let m = Matrix::of(view);
    let held = m.columns.iter().filter(|c| c.total > 0).count();
    let glance = vec![i18n::matrix_glance(l, m.placed, m.rows.len(), held)];
    if m.rows.is_empty() {
        let figure = format!(
            r#"<p class="notice">{}</p>"#,
            escape(view.t(InsightText::NoMatrix))
        );
        return (
            glance,
            InsightMarkup {
                figure,
                ..Default::default()
            },
        );
    }
    let max = m
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .copied()
        .max()
        .unwrap_or(0);
    let scale = Scale::for_max(max);
    let gaps = m.gaps();
    let mut lead = String::new();
    order_links(&mut lead, view);
    legend(&mut lead, &scale, l);
    let figure = table(view, &m, &scale, &gaps);
    let mut details = String::new();
    let t = view.tallies;
    if t.placeless > 0 {
        let _ = write!(
            details,
            r#"<p class="muted">{}</p>"#,
            escape(&i18n::placeless(l, t.placeless))
        );
    }
    gap_list(&mut details, view, &m, &gaps);
    (
        glance,
        InsightMarkup {
            lead,
            figure,
            details,
        },
    )
}

/// "Order: Grouped by region and field group · By total, largest first".
fn order_links(out: &mut String, view: &View<'_>) {
    let q = view.query;
    switch(
        out,
        view,
        InsightText::Order,
        [
            (q.with(false, false), InsightText::GroupedOrder),
            (q.with(true, false), InsightText::TotalOrder),
        ],
    );
}

/// The shades, "no activity" and "gap".
fn legend(out: &mut String, scale: &Scale, locale: Locale) {
    let _ = write!(
        out,
        r#"<div class="legend matrix-legend"><p class="legend-title" id="matrix-legend-title">{}</p><ul aria-labelledby="matrix-legend-title">"#,
        escape(locale.t(Key::ActivitiesCount))
    );
    let mut entries = scale.legend(locale);
    entries.pop(); // "none": drawn below as the cells draw it
    for (label, fill) in entries {
        out.push_str("<li>");
        swatch(out, fill, "");
        let _ = write!(out, "{}</li>", escape(&label));
    }
    out.push_str(r#"<li><span class="swatch-cell none" aria-hidden="true"></span>"#);
    let _ = write!(out, "{}</li>", escape(InsightText::NoActivity.text(locale)));
    out.push_str(r#"<li><span class="swatch-cell none gap" aria-hidden="true">◌</span>"#);
    let _ = write!(
        out,
        "{}</li></ul></div>",
        escape(InsightText::GapLegend.text(locale))
    );
}

/// The table itself.
fn table(view: &View<'_>, m: &Matrix, scale: &Scale, gaps: &Gaps) -> String {
    let l = view.locale;
    let total = view.t(InsightText::Total);
    let mut out = String::with_capacity(400 + m.rows.len() * m.columns.len() * 160);
    let _ = write!(
        out,
        r#"<div class="table-scroll matrix-scroll"><table class="matrix"><caption>{}</caption>"#,
        escape(view.t(InsightText::MatrixHeading))
    );
    // Column groups, so that their headers can say `scope="colgroup"`.
    out.push_str("<colgroup></colgroup>");
    if m.column_groups.is_empty() {
        let _ = write!(out, r#"<colgroup span="{}"></colgroup>"#, m.columns.len());
    } else {
        for (_, n) in &m.column_groups {
            let _ = write!(out, r#"<colgroup span="{n}"></colgroup>"#);
        }
    }
    out.push_str(r#"<colgroup class="totals"></colgroup><thead>"#);
    if !m.column_groups.is_empty() {
        out.push_str(r#"<tr class="column-groups"><td></td>"#);
        for (dac, n) in &m.column_groups {
            let _ = write!(
                out,
                r#"<th scope="colgroup" colspan="{n}">{}</th>"#,
                escape(&dac_name(l, *dac))
            );
        }
        out.push_str("<td></td></tr>");
    }
    let _ = write!(
        out,
        r#"<tr><th scope="col" class="corner">{}</th>"#,
        escape(l.t(Key::Country))
    );
    for c in &m.columns {
        let href = view.search(|f| f.fields = vec![c.slug.clone()]);
        let label = i18n::activities_count(l, c.total);
        let _ = write!(
            out,
            r#"<th scope="col" class="field"><a href="{}" title="{}: {}"><span>{}</span></a></th>"#,
            escape(&href),
            escape(&c.name),
            escape(&label),
            escape(&c.name)
        );
    }
    let sort = if view.query.by_total {
        "descending"
    } else {
        "none"
    };
    let _ = write!(
        out,
        r#"<th scope="col" class="total" aria-sort="{sort}"><a href="{}">{}</a></th></tr></thead>"#,
        escape(&view.query.with(true, false).href(l)),
        escape(total)
    );
    let groups: Vec<(Option<String>, usize)> = if m.row_groups.is_empty() {
        vec![(None, m.rows.len())]
    } else {
        m.row_groups.clone()
    };
    let mut start = 0;
    for (region, n) in groups {
        out.push_str("<tbody>");
        if !m.row_groups.is_empty() {
            let name = region.as_deref().map_or_else(String::new, |r| {
                view.name(&view.names.regions, r).to_string()
            });
            let _ = write!(
                out,
                r#"<tr class="region"><th scope="rowgroup" colspan="{}">{}</th></tr>"#,
                m.columns.len() + 2,
                escape(&name)
            );
        }
        for (i, r) in m.rows.iter().enumerate().skip(start).take(n) {
            row(&mut out, view, m, scale, gaps, i, r);
        }
        out.push_str("</tbody>");
        start += n;
    }
    let _ = write!(out, r#"<tfoot><tr><th scope="row">{}</th>"#, escape(total));
    for c in &m.columns {
        let _ = write!(
            out,
            r#"<td class="total">{}</td>"#,
            count_link(
                view,
                c.total,
                &view.search(|f| f.fields = vec![c.slug.clone()]),
                &format!("{}: {}", c.name, i18n::activities_count(l, c.total))
            )
        );
    }
    let _ = write!(
        out,
        r#"<td class="total grand">{}</td></tr></tfoot></table></div>"#,
        m.placed
    );
    out
}

/// A count linking to its search, named for readers who meet it out of the table.
fn count_link(view: &View<'_>, n: u32, href: &str, label: &str) -> String {
    if n == 0 {
        return format!(
            r#"<span aria-hidden="true">·</span><span class="visually-hidden">{}</span>"#,
            escape(view.t(InsightText::NoActivity))
        );
    }
    format!(
        r#"<a href="{}" aria-label="{}" title="{}">{n}</a>"#,
        escape(href),
        escape(label),
        escape(label)
    )
}

fn row(
    out: &mut String,
    view: &View<'_>,
    m: &Matrix,
    scale: &Scale,
    gaps: &Gaps,
    i: usize,
    r: &Row,
) {
    let l = view.locale;
    let country = view.search(|f| f.countries = vec![r.code.clone()]);
    let _ = write!(
        out,
        r#"<tr id="row-{}"><th scope="row"><a href="{}">{}</a></th>"#,
        escape(&r.code),
        escape(&country),
        escape(&r.name)
    );
    for (j, (c, &n)) in m.columns.iter().zip(&r.cells).enumerate() {
        let label = i18n::cell_label(l, &r.name, &c.name, n);
        match (scale.shade(n), gaps.get(&(i, j))) {
            (Some(q), _) => {
                let href = view.search(|f| {
                    f.countries = vec![r.code.clone()];
                    f.fields = vec![c.slug.clone()];
                });
                let _ = write!(
                    out,
                    r#"<td class="q{q}">{}</td>"#,
                    count_link(view, n, &href, &label)
                );
            }
            (None, Some(_)) => {
                let _ = write!(
                    out,
                    r#"<td class="none gap" title="{}"><span aria-hidden="true">◌</span><span class="visually-hidden">{} ({})</span></td>"#,
                    escape(&label),
                    escape(view.t(InsightText::NoActivity)),
                    escape(view.t(InsightText::GapsHeading))
                );
            }
            (None, None) => {
                let _ = write!(
                    out,
                    r#"<td class="none">{}</td>"#,
                    count_link(view, 0, "", "")
                );
            }
        }
    }
    let _ = write!(
        out,
        r#"<td class="total">{}</td></tr>"#,
        count_link(
            view,
            r.total,
            &country,
            &format!("{}: {}", r.name, i18n::activities_count(l, r.total))
        )
    );
}

/// The gaps in words, each leading to its row.
fn gap_list(out: &mut String, view: &View<'_>, m: &Matrix, gaps: &Gaps) {
    let l = view.locale;
    let _ = write!(
        out,
        r#"<section aria-labelledby="gaps-heading" class="gaps"><h2 id="gaps-heading">{}</h2><p class="muted">{}</p>"#,
        escape(view.t(InsightText::GapsHeading)),
        escape(view.t(InsightText::GapsIntro))
    );
    if gaps.is_empty() {
        let _ = write!(
            out,
            "<p>{}</p></section>",
            escape(view.t(InsightText::NoGaps))
        );
        return;
    }
    let mut listed: Vec<_> = gaps.iter().collect();
    listed.sort();
    out.push_str("<ul>");
    for (&(i, j), &(have, of)) in listed.iter().take(GAPS_LISTED) {
        let r = &m.rows[i];
        let region = r
            .region
            .as_deref()
            .map_or("", |slug| view.name(&view.names.regions, slug));
        let _ = write!(
            out,
            "<li><a href=\"#row-{}\">{}</a></li>",
            escape(&r.code),
            escape(&i18n::gap_line(
                l,
                &r.name,
                &m.columns[j].name,
                have,
                of,
                region
            ))
        );
    }
    out.push_str("</ul>");
    if listed.len() > GAPS_LISTED {
        let _ = write!(
            out,
            "<p>{}</p>",
            escape(&i18n::and_n_more(l, listed.len() - GAPS_LISTED))
        );
    }
    out.push_str("</section>");
}

/// The matrix as CSV: a row per country (code, names in both languages, region, total, then
/// a column per field in the page's order), then the totals.
pub fn csv(view: &View<'_>) -> String {
    use crate::ssr::export::line;
    let l = view.locale;
    let m = Matrix::of(view);
    let both = |names: &HashMap<String, crate::model::Localized>, key: &str| {
        names
            .get(key)
            .map_or((key.to_string(), key.to_string()), |n| {
                (n.en.clone(), n.ja.clone())
            })
    };
    let mut out = line(
        [
            ("Country code (ISO 3166-1)", "国コード（ISO 3166-1）"),
            ("Country (English)", "国（英語）"),
            ("Country (Japanese)", "国（日本語）"),
            ("Region (English)", "地域（英語）"),
            ("Region (Japanese)", "地域（日本語）"),
            ("Activities in the country", "国の活動数"),
        ]
        .into_iter()
        .map(|h| heading(l, h))
        .chain(m.columns.iter().map(|c| {
            let (en, ja) = both(&view.names.fields, &c.slug);
            format!("{} / {} ({})", en, ja, c.slug)
        })),
    );
    for r in &m.rows {
        let (en, ja) = both(&view.names.countries, &r.code);
        let (region_en, region_ja) = r
            .region
            .as_deref()
            .map_or((String::new(), String::new()), |slug| {
                both(&view.names.regions, slug)
            });
        out.push_str(&line(
            [
                r.code.clone(),
                en,
                ja,
                region_en,
                region_ja,
                r.total.to_string(),
            ]
            .into_iter()
            .chain(r.cells.iter().map(u32::to_string)),
        ));
    }
    out.push_str(&line(
        [
            String::new(),
            "Activities in the field".to_string(),
            "分野の活動数".to_string(),
            String::new(),
            String::new(),
            m.placed.to_string(),
        ]
        .into_iter()
        .chain(m.columns.iter().map(|c| c.total.to_string())),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_is_a_common_field_of_the_region_that_a_country_lacks() {
        let (a, b, c, d) = ([2, 1, 0], [1, 0, 0], [3, 1, 1], [0, 0, 4]);
        let rows: Vec<(Option<&str>, &[u32])> = vec![
            (Some("se-asia"), &a),
            (Some("se-asia"), &b),
            (Some("se-asia"), &c),
            (None, &d),
        ];
        let found = gaps(&rows);
        // Column 1 is held by 2 of the 3 South-eastern Asian rows: row 1 lacks it.
        assert_eq!(found.get(&(1, 1)), Some(&(2, 3)));
        // Column 0 is held by all three: no gap. Column 2 by one only: not common.
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn a_region_of_two_has_a_gap_only_where_both_would_need_it() {
        let (a, b) = ([1, 1], [1, 0]);
        // With two countries a field held by one is held by half, but by fewer than two.
        assert!(gaps(&[(Some("e-asia"), &a[..]), (Some("e-asia"), &b[..])]).is_empty());
        // A country alone in its region has no gaps.
        assert!(gaps(&[(Some("x"), &[0, 1][..])]).is_empty());
    }

    #[test]
    fn runs_group_consecutive_values() {
        assert_eq!(runs([1, 1, 2, 1].into_iter()), vec![(1, 2), (2, 1), (1, 1)]);
        assert!(runs(std::iter::empty::<u8>()).is_empty());
    }
}
