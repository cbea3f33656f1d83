//! The choropleth's colour scale: how a count of activities becomes a shade.
//!
//! Rules: zero is not a shade but its own class ("none"), drawn with a pattern so that it is
//! clearly different from "few"; counts fall into at most five classes whose bounds are
//! whole numbers chosen from the largest count, so the legend reads "1", "2–3", "4–7"…;
//! the palette is ColorBrewer's 5-class YlGnBu, which is safe for the common forms of
//! colour blindness and prints in grey in the right order.

use crate::i18n::Locale;

/// Light to dark: few to many.
pub const PALETTE: [&str; 5] = ["#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"];

/// The fill of a country with no activity (a light grey, patterned in the map's CSS).
pub const NONE_FILL: &str = "#eceae4";

/// Japan, the origin of every activity: not counted, marked apart.
pub const ORIGIN_FILL: &str = "#c2410c";

/// The classes of a map: inclusive upper bounds, ascending, at most five.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale {
    upper: Vec<u32>,
}

impl Scale {
    /// Classes for counts from 1 to `max`. Small maxima get one class per value; larger
    /// ones doubling bounds (1, 2–3, 4–7, …) that end exactly at `max`.
    pub fn for_max(max: u32) -> Self {
        let max = max.max(1);
        let upper = if max as usize <= PALETTE.len() {
            (1..=max).collect()
        } else {
            // Geometric bounds: the classes double in width, the last one ends at max.
            let ratio = f64::from(max).powf(1.0 / (PALETTE.len() as f64 - 1.0));
            let mut bounds: Vec<u32> = Vec::new();
            for i in 0..PALETTE.len() {
                let b = if i == PALETTE.len() - 1 {
                    max
                } else {
                    ratio.powi(i as i32).round() as u32
                };
                let b = b.max(bounds.last().map_or(1, |l| l + 1));
                if b <= max && bounds.last() != Some(&max) {
                    bounds.push(b);
                }
            }
            bounds
        };
        Self { upper }
    }

    /// The class of a count: `None` for zero, else an index into the palette.
    pub fn class_of(&self, count: u32) -> Option<usize> {
        if count == 0 {
            return None;
        }
        Some(
            self.upper
                .iter()
                .position(|&u| count <= u)
                .unwrap_or(self.upper.len() - 1),
        )
    }

    /// The palette position of a count's shade (`None` for zero): for markup that shades by
    /// class instead of fill (the insights matrix's cells, `q0` … `q4` in the stylesheet).
    pub fn shade(&self, count: u32) -> Option<usize> {
        self.class_of(count).map(|i| self.palette_offset() + i)
    }

    /// The fill for a count.
    pub fn fill(&self, count: u32) -> &'static str {
        match self.class_of(count) {
            None => NONE_FILL,
            Some(i) => PALETTE[self.palette_offset() + i],
        }
    }

    /// With fewer classes than colours, use the darker end so that every class is
    /// clearly visible against the "none" grey.
    fn palette_offset(&self) -> usize {
        PALETTE.len() - self.upper.len()
    }

    /// The legend: one entry per class, then "none".
    pub fn legend(&self, locale: Locale) -> Vec<(String, &'static str)> {
        let mut lower = 1;
        let mut entries: Vec<(String, &'static str)> = self
            .upper
            .iter()
            .enumerate()
            .map(|(i, &u)| {
                let label = if lower == u {
                    u.to_string()
                } else {
                    format!("{lower}–{u}")
                };
                lower = u + 1;
                (label, PALETTE[self.palette_offset() + i])
            })
            .collect();
        entries.push((crate::i18n::none_label(locale).to_string(), NONE_FILL));
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shade_is_the_palette_position_of_the_fill() {
        for max in [1, 3, 16, 1000] {
            let s = Scale::for_max(max);
            assert_eq!(s.shade(0), None);
            for n in [1, max / 2 + 1, max] {
                assert_eq!(
                    PALETTE[s.shade(n).unwrap()],
                    s.fill(n),
                    "max {max}, count {n}"
                );
            }
        }
        // Few values use the dark end, so that "1" is clearly not "none".
        assert_eq!(Scale::for_max(2).shade(1), Some(3));
    }

    #[test]
    fn zero_is_its_own_class_never_a_shade() {
        let s = Scale::for_max(10);
        assert_eq!(s.class_of(0), None);
        assert_eq!(s.fill(0), NONE_FILL);
        assert_ne!(s.fill(1), NONE_FILL);
    }

    #[test]
    fn small_maxima_get_one_class_per_value_from_the_dark_end() {
        let s = Scale::for_max(3);
        assert_eq!(s.class_of(1), Some(0));
        assert_eq!(s.class_of(3), Some(2));
        assert_eq!(s.fill(3), PALETTE[4]);
        assert_eq!(s.fill(1), PALETTE[2]);
        let labels: Vec<String> = s.legend(Locale::En).into_iter().map(|(l, _)| l).collect();
        assert_eq!(labels, ["1", "2", "3", "none"]);
    }

    #[test]
    fn larger_maxima_get_five_classes_ending_at_the_max() {
        for max in [6, 9, 16, 100, 1000, 100_000] {
            let s = Scale::for_max(max);
            let legend = s.legend(Locale::En);
            assert_eq!(legend.len(), 6, "max {max}: {legend:?}");
            assert_eq!(s.class_of(1), Some(0), "max {max}");
            assert_eq!(s.class_of(max), Some(4), "max {max}");
            assert!(legend[4].0.ends_with(&max.to_string()), "{legend:?}");
        }
    }

    #[test]
    fn classes_are_ordered_and_cover_every_count() {
        let s = Scale::for_max(40);
        let mut last = 0;
        for n in 1..=40 {
            let c = s.class_of(n).unwrap();
            assert!(c >= last, "count {n} fell to a lower class");
            last = c;
        }
        // A count above the max (a stale legend) still gets the darkest class.
        assert_eq!(s.class_of(41), Some(4));
    }

    #[test]
    fn the_legend_reads_as_ranges_in_both_languages() {
        let s = Scale::for_max(16);
        let en: Vec<String> = s.legend(Locale::En).into_iter().map(|(l, _)| l).collect();
        assert_eq!(en, ["1", "2", "3–4", "5–8", "9–16", "none"]);
        assert_eq!(s.legend(Locale::Ja).last().unwrap().0, "なし");
    }
}
