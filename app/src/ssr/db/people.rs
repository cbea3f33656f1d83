//! The figures that count people ([`crate::model::Headcount`]) of a few activities, with the
//! sources that state them: what the flows of people name beside their numbers.

use super::cards::{FigureRow, SourceRow};
use super::Pool;
use crate::model::{Figure, Localized, Source};
use sqlx::FromRow;
use std::collections::HashMap;

/// One activity's figures that count people, each with the source that states it.
#[derive(Clone, Debug, PartialEq)]
pub struct PeopleStated {
    pub slug: String,
    pub title: Localized,
    pub figures: Vec<(Figure, Option<Source>)>,
}

#[derive(FromRow)]
struct TitleRow {
    id: i64,
    slug: String,
    title_en: String,
    title_ja: String,
}

#[derive(FromRow)]
struct NumberedSourceRow {
    activity_id: i64,
    position: i64,
    #[sqlx(flatten)]
    source: SourceRow,
}

/// For each of `ids`, its figures that count people and their sources (three queries
/// whatever the number of ids).
pub async fn people_stated(
    pool: &Pool,
    ids: &[i64],
) -> Result<HashMap<i64, PeopleStated>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ids_json = serde_json::to_string(ids).expect("ids serialise");
    let titles: Vec<TitleRow> = sqlx::query_as(
        "SELECT id, slug, title_en, title_ja FROM activities
         WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_each($1))",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    let figures: Vec<FigureRow> = sqlx::query_as(
        "SELECT activity_id, label_en, label_ja, value, value_max, qualifier, unit_en, unit_ja, period, source, people
         FROM figures WHERE people IS NOT NULL AND activity_id IN (SELECT CAST(value AS BIGINT) FROM json_each($1))
         ORDER BY activity_id, position",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    let sources: Vec<NumberedSourceRow> = sqlx::query_as(
        "SELECT activity_id, position, url, publisher, title, published, document, curator_title
         FROM sources WHERE activity_id IN (SELECT CAST(value AS BIGINT) FROM json_each($1))",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    let sources: HashMap<(i64, i64), Source> = sources
        .into_iter()
        .map(|r| ((r.activity_id, r.position), Source::from(r.source)))
        .collect();
    let mut out: HashMap<i64, PeopleStated> = titles
        .into_iter()
        .map(|t| {
            (
                t.id,
                PeopleStated {
                    slug: t.slug,
                    title: Localized::new(t.title_en, t.title_ja),
                    figures: Vec::new(),
                },
            )
        })
        .collect();
    for row in figures {
        let id = row.activity_id;
        let figure = Figure::from(row);
        // Sources are numbered from 1, as a figure names them.
        let source = figure
            .source
            .and_then(|n| sources.get(&(id, i64::from(n))).cloned());
        if let Some(stated) = out.get_mut(&id) {
            stated.figures.push((figure, source));
        }
    }
    Ok(out)
}
