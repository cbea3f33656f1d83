//! The notes on an activity's or an organisation's values, in record order.

use super::Pool;
use crate::model::provenance::{CuratorNote, NoteSubject, RecordNote, Stated};
use crate::model::Localized;
use sqlx::FromRow;

#[derive(FromRow)]
struct NoteRow {
    about: String,
    stated: Option<String>,
    stated_source: Option<i64>,
    stated_url: Option<String>,
    stated_document: Option<String>,
    note_en: Option<String>,
    note_ja: Option<String>,
    basis_en: Option<String>,
    basis_ja: Option<String>,
}

/// Whose notes to read.
#[derive(Clone, Copy)]
pub(super) enum Owner {
    Activity(i64),
    Organization(i64),
}

/// The notes of one activity or organisation. A row whose subject this code no longer knows
/// is skipped (and logged), never shown against the wrong value.
pub(super) async fn notes(pool: &Pool, owner: Owner) -> Result<Vec<RecordNote>, sqlx::Error> {
    let (sql, id, parse): (&str, i64, fn(&str) -> _) = match owner {
        Owner::Activity(id) => (
            "SELECT about, stated, stated_source, stated_url, stated_document, note_en, note_ja, basis_en, basis_ja
             FROM record_notes WHERE activity_id = $1 ORDER BY position",
            id,
            NoteSubject::parse_for_activity,
        ),
        Owner::Organization(id) => (
            "SELECT about, stated, stated_source, stated_url, stated_document, note_en, note_ja, basis_en, basis_ja
             FROM record_notes WHERE organization_id = $1 ORDER BY position",
            id,
            NoteSubject::parse_for_organization,
        ),
    };
    let rows: Vec<NoteRow> = sqlx::query_as(sql).bind(id).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let about = match parse(&r.about) {
                Ok(about) => about,
                Err(e) => {
                    tracing::warn!(about = %r.about, "record note skipped: {e}");
                    return None;
                }
            };
            let stated = r.stated.map(|text| Stated {
                text,
                source: r.stated_source.and_then(|s| u32::try_from(s).ok()),
                url: r.stated_url,
                document: r.stated_document,
            });
            let curator = match (r.note_en, r.note_ja, r.basis_en, r.basis_ja) {
                (Some(en), Some(ja), Some(b_en), Some(b_ja)) => Some(CuratorNote {
                    text: Localized::new(en, ja),
                    basis: Localized::new(b_en, b_ja),
                }),
                _ => None,
            };
            Some(RecordNote {
                about,
                stated,
                curator,
            })
        })
        .collect())
}
