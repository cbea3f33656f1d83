//! Writing XML by hand for the feeds and the sitemap: text escaping and one element per call.
//!
//! Rules: every piece of text and every attribute value that reaches a document passes
//! through [`escape`], which also drops the characters XML 1.0 cannot carry (control
//! characters other than tab, line feed and carriage return), so no record content can
//! break a document or inject markup. Element and attribute names are fixed strings of
//! the caller's, never content.

/// `text` made safe for XML character data and for quoted attribute values: `&`, `<`, `>`,
/// `"` and `'` become entities (`'` as `&#39;`, which HTML reads too: the map's SVG uses
/// this inside pages), characters XML 1.0 forbids are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Appends `<name>text</name>` (text escaped) on a line of its own, indented by `indent`.
pub fn element(out: &mut String, indent: usize, name: &str, text: &str) {
    element_with(out, indent, name, &[], text);
}

/// Appends `<name a="v" …>text</name>` (values and text escaped) on a line of its own.
pub fn element_with(
    out: &mut String,
    indent: usize,
    name: &str,
    attributes: &[(&str, &str)],
    text: &str,
) {
    push_indent(out, indent);
    out.push('<');
    out.push_str(name);
    push_attributes(out, attributes);
    out.push('>');
    out.push_str(&escape(text));
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

/// Appends the empty element `<name a="v" …/>` (values escaped) on a line of its own.
pub fn empty(out: &mut String, indent: usize, name: &str, attributes: &[(&str, &str)]) {
    push_indent(out, indent);
    out.push('<');
    out.push_str(name);
    push_attributes(out, attributes);
    out.push_str("/>\n");
}

/// Appends the start tag `<name a="v" …>` (values escaped) on a line of its own.
pub fn open(out: &mut String, indent: usize, name: &str, attributes: &[(&str, &str)]) {
    push_indent(out, indent);
    out.push('<');
    out.push_str(name);
    push_attributes(out, attributes);
    out.push_str(">\n");
}

/// Appends the end tag `</name>` on a line of its own.
pub fn close(out: &mut String, indent: usize, name: &str) {
    push_indent(out, indent);
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

fn push_attributes(out: &mut String, attributes: &[(&str, &str)]) {
    for (attribute, value) in attributes {
        out.push(' ');
        out.push_str(attribute);
        out.push_str("=\"");
        out.push_str(&escape(value));
        out.push('"');
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.push_str(&"  ".repeat(indent));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn ordinary_text_in_any_script_is_kept_as_it_is() {
        let text = "肝移植 · Almaty\tline\nnext 🏥";
        assert_eq!(escape(text), text);
        assert_eq!(escape(""), "");
    }

    #[test]
    fn characters_xml_cannot_carry_are_dropped() {
        assert_eq!(escape("a\u{0}b\u{8}c\u{1F}d\u{FFFE}e"), "abcde");
        assert_eq!(escape("\r\n"), "\r\n");
    }

    #[test]
    fn elements_escape_their_text_and_attribute_values() {
        let mut out = String::new();
        element(&mut out, 1, "title", "A < B");
        empty(
            &mut out,
            0,
            "link",
            &[("href", "/x?a=1&b=2"), ("rel", "self")],
        );
        open(&mut out, 0, "author", &[("x", "\"")]);
        close(&mut out, 0, "author");
        assert_eq!(
            out,
            "  <title>A &lt; B</title>\n<link href=\"/x?a=1&amp;b=2\" rel=\"self\"/>\n\
             <author x=\"&quot;\">\n</author>\n"
        );
    }
}
