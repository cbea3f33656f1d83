//! The source's own wording and the curator's notes on a page: a numbered reference beside
//! each value a note is about, and the notes themselves in one section, each headed by the
//! value it is about.
//!
//! Rules: notes are numbered in record order, the same on the activity and organisation
//! pages; the source's words are shown as a quotation, the curator's note beside its basis,
//! under headings that say which is which. Links within the page carry `target="_self"`,
//! so the browser follows them itself (the router would push the URL without scrolling
//! or updating `:target`).

use crate::i18n::{label_separator, Key, Locale};
use crate::model::provenance::{NoteSubject, RecordNote};
use leptos::prelude::*;

/// `note 1`, `note 2` links to the notes about any of `subjects`, for beside a value.
pub fn note_refs(notes: &[RecordNote], subjects: &[NoteSubject], locale: Locale) -> AnyView {
    notes
        .iter()
        .enumerate()
        .filter(|(_, n)| subjects.contains(&n.about))
        .map(|(i, _)| {
            let n = i + 1;
            view! {
                " "
                <a href=format!("#note-{n}") target="_self" class="note-ref">
                    {format!("{} {n}", locale.t(Key::NoteRef))}
                </a>
            }
        })
        .collect_view()
        .into_any()
}

/// The section listing every note; `label` names the value a note is about. Nothing when
/// there are no notes.
pub fn notes_section(
    notes: &[RecordNote],
    label: impl Fn(&NoteSubject) -> String,
    locale: Locale,
) -> Option<AnyView> {
    let l = locale;
    let (stated_heading, curator_heading) = (l.t(Key::StatedInSource), l.t(Key::CuratorNote));
    let items = notes
        .iter()
        .enumerate()
        .map(|(i, note)| {
            let stated = note.stated.as_ref().map(|s| {
                let source = s.source.map(|n| {
                    view! { " " <a href=format!("#source-{n}") target="_self" class="source-ref">{format!("[{n}]")}</a> }
                });
                let document = s.document.as_ref().map(|d| {
                    view! { <span class="muted">{format!(" ({}{}{d})", l.t(Key::SourceDocument), label_separator(l))}</span> }
                });
                let url = s.url.clone().map(|u| {
                    view! { " " <a href=u.clone() rel="noopener noreferrer external" class="source-url">{u.clone()}</a> }
                });
                view! {
                    <div class="note-part note-stated">
                        <dt>{stated_heading}</dt>
                        <dd><q>{s.text.clone()}</q>{source}{url}{document}</dd>
                    </div>
                }
            });
            let curator = note.curator.as_ref().map(|c| {
                view! {
                    <div class="note-part note-curator">
                        <dt>{curator_heading}</dt>
                        <dd>
                            {c.text.get(l).to_string()}
                            <span class="note-basis">{format!("{}{}{}", l.t(Key::CuratorBasis), label_separator(l), c.basis.get(l))}</span>
                        </dd>
                    </div>
                }
            });
            view! {
                <li id=format!("note-{}", i + 1)>
                    <h3>{label(&note.about)}</h3>
                    <dl>{stated}{curator}</dl>
                </li>
            }
        })
        .collect_view();
    (!notes.is_empty()).then(|| {
        view! {
            <section aria-labelledby="notes-heading" class="record-notes">
                <h2 id="notes-heading">{l.t(Key::NotesOnRecord)}</h2>
                <p class="muted">{l.t(Key::NotesOnRecordIntro)}</p>
                <ol class="notes">{items}</ol>
            </section>
        }
        .into_any()
    })
}
