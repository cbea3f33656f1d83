//! Marks the words of the current search in a text (`<mark>`), as cards show their titles.

use leptos::prelude::*;

/// The search words whose matches are marked, provided by the search page.
#[derive(Clone, Copy)]
pub struct HighlightTerms(pub Signal<String>);

/// Splits `text` into runs, `true` where a term matches (ASCII case-insensitive; terms of
/// any script, including one-character Japanese terms).
pub fn segments(text: &str, q: &str) -> Vec<(String, bool)> {
    let terms: Vec<String> = q
        .split_whitespace()
        .map(|t| t.to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    let lower = text.to_ascii_lowercase(); // same byte offsets as `text`
    let mut marked = vec![false; text.len()];
    for term in &terms {
        let mut from = 0;
        while let Some(i) = lower[from..].find(term.as_str()) {
            let start = from + i;
            marked[start..start + term.len()]
                .iter_mut()
                .for_each(|m| *m = true);
            from = start + term.len();
        }
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    for (i, c) in text.char_indices() {
        let m = marked[i];
        match out.last_mut() {
            Some((s, lm)) if *lm == m => s.push(c),
            _ => out.push((c.to_string(), m)),
        }
    }
    out
}

/// `text` with the current search's words marked (plain text when there is no search).
#[component]
pub fn Highlighted(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let terms = use_context::<HighlightTerms>();
    move || {
        let q = terms.map(|t| t.0.get()).unwrap_or_default();
        segments(&text.get(), &q)
            .into_iter()
            .map(|(s, m)| {
                if m {
                    view! { <mark>{s}</mark> }.into_any()
                } else {
                    s.into_any()
                }
            })
            .collect_view()
    }
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn search_words_are_marked_in_any_case_and_script() {
        assert_eq!(
            segments("Living donor LIVER transplant", "liver"),
            vec![
                ("Living donor ".into(), false),
                ("LIVER".into(), true),
                (" transplant".into(), false)
            ]
        );
        assert_eq!(
            segments("長崎大学、生体肝移植を支援", "肝 支援"),
            vec![
                ("長崎大学、生体".into(), false),
                ("肝".into(), true),
                ("移植を".into(), false),
                ("支援".into(), true)
            ]
        );
        assert_eq!(segments("abc", ""), vec![("abc".into(), false)]);
    }
}
