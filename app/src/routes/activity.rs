//! `/activities/{slug}`: everything the record holds about one activity, with its sources.
//! An unknown slug renders the not-found page with status 404.

use crate::routes::drawn::{record_page, PageKey};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    crate::components::activity_card::{places_line, ActivityCard},
    crate::components::record_notes::{note_refs, notes_section},
    crate::error::AppError,
    crate::i18n::{label_separator, use_locale, Key, Locale},
    crate::model::provenance::{overtaken_line, status_line, NoteSubject},
    crate::model::{format_range, ActivityDetail, Role, Source},
    crate::paths,
    crate::routes::drawn::{self, Drawn, Head},
};

#[component]
pub fn ActivityPage() -> impl IntoView {
    // Where the breadcrumb leads back to: the results view the visitor came from. Worked out
    // once, where the visit begins (the server from `Referer`, the browser from the last
    // results view).
    let search = search_origin();
    record_page(move |params| PageKey::Activity {
        slug: params.get("slug").unwrap_or_default(),
        search: search.clone(),
    })
}

/// The query of the results page that led here, if one of this site's did (`""` for the
/// unfiltered list).
fn search_origin() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use http::header::{HOST, REFERER};
        let parts = use_context::<http::request::Parts>()?;
        let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let referer = header(REFERER)?;
        let (_, rest) = referer.split_once("://")?;
        let (authority, path_and_query) = rest.split_at(rest.find('/')?);
        let public = use_context::<crate::ssr::AppState>().map(|s| s.public_url);
        let same_site = header(HOST) == Some(authority)
            || public.is_some_and(|p| p.0.split_once("://").map(|(_, a)| a) == Some(authority));
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        (same_site && crate::routes::activities::is_results_path(path)).then(|| query.to_string())
    }
    #[cfg(not(feature = "ssr"))]
    {
        use crate::routes::activities::LastSearch;
        let LastSearch(last) = use_context::<LastSearch>()?;
        last.get_untracked()
    }
}

/// The activity `slug`, or the not-found page.
#[cfg(feature = "ssr")]
pub async fn draw(slug: String, search: Option<String>, locale: Locale) -> Result<Drawn, AppError> {
    Ok(match crate::api::get_activity(slug).await? {
        Some(detail) => draw_detail(detail, search, locale),
        None => drawn::not_found(locale),
    })
}

/// Version `n` of the activity `slug`, or the not-found page.
#[cfg(feature = "ssr")]
pub async fn draw_version(slug: String, n: String, locale: Locale) -> Result<Drawn, AppError> {
    Ok(
        match crate::api::get_version(format!("{slug}/{n}")).await? {
            Some(detail) => draw_detail(detail, None, locale),
            None => drawn::not_found(locale),
        },
    )
}

#[cfg(feature = "ssr")]
fn draw_detail(detail: ActivityDetail, search: Option<String>, locale: Locale) -> Drawn {
    let base = crate::routes::site_origin();
    let head = head(&detail, &base, locale);
    let back =
        search.map(|query| crate::filters::results_href(&locale.href(paths::ACTIVITIES), &query));
    drawn::ok(
        head,
        drawn::render(locale, move || view! { <ActivityView detail back/> }),
    )
}

/// The activity's head: title, description, canonical address, Open Graph and the citation
/// tags reference managers read.
#[cfg(feature = "ssr")]
fn head(d: &ActivityDetail, base: &str, l: Locale) -> Head {
    let title = d.card.title.get(l).to_string();
    let description = first_sentence(d.summary.get(l));
    let url = format!("{base}{}", l.href(&paths::activity(&d.card.slug)));
    let cite = crate::model::trust::citation(d, base);
    let cite_lang = match l {
        Locale::En => crate::cite::Lang::En,
        Locale::Ja => crate::cite::Lang::Ja,
    };
    let mut names = vec![("description".to_string(), description.clone())];
    names.extend(
        crate::cite::highwire_meta(&cite, cite_lang)
            .into_iter()
            .map(|(name, content)| (name.to_string(), content)),
    );
    let property = |p: &str, c: String| (p.to_string(), c);
    Head {
        title: format!("{title} — {}", l.t(Key::SiteName)),
        names,
        properties: vec![
            property("og:type", "article".into()),
            property("og:site_name", l.t(Key::SiteName).into()),
            property("og:title", title),
            property("og:description", description),
            property("og:url", url.clone()),
            property("og:locale", l.og_locale().into()),
        ],
        canonical: Some(url),
        feed: None,
    }
}

/// An activity's page: the current record, or (on a version's permanent address) an earlier
/// version of it, as `detail.trust` says. `back` is the results view the visitor came from.
#[cfg(feature = "ssr")]
#[component]
pub fn ActivityView(detail: ActivityDetail, back: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let d = StoredValue::new(detail);
    let text = move |f: fn(&ActivityDetail, Locale) -> String| d.with_value(|d| f(d, locale.get()));
    let title = move || text(|d, l| d.card.title.get(l).to_string());
    let permalink = move || d.with_value(|d| locale.get().href(&paths::activity(&d.card.slug)));
    let base = crate::routes::site_origin();
    let structured = d.with_value(|d| json_ld(d, &base, locale.get_untracked()));
    let related = d.with_value(|d| d.related.clone());
    let back_crumb = {
        let searched = back.as_deref().is_some_and(|b| b.contains('?'));
        let href = back.unwrap_or_else(|| locale.get_untracked().href(paths::ACTIVITIES));
        let label = if searched {
            Key::BackToResults
        } else {
            Key::NavActivities
        };
        // A plain link: it is not the current page, though its path is a prefix of this one.
        view! { <li><a href=href>{move || t(label)}</a></li> }
    };

    let facts = move || {
        let l = locale.get();
        d.with_value(|d| {
            let c = &d.card;
            let period = format_range(c.start, c.end, l)
                .unwrap_or_else(|| l.t(Key::DateUnknown).to_string());
            let fields = c
                .fields
                .iter()
                .map(|f| f.name.get(l).to_string())
                .collect::<Vec<_>>()
                .join(crate::i18n::list_separator(l));
            let refs = |subjects: &[NoteSubject]| note_refs(&d.notes, subjects, l);
            let overtaken = c
                .end
                .filter(|_| d.status_overtaken)
                .map(|end| view! { <p class="status-overtaken">{overtaken_line(end, l)}</p> });
            view! {
                <dl class="facts">
                    <div><dt>{l.t(Key::Kind)}</dt><dd>{c.kind.label(l)}{refs(&[NoteSubject::Kind])}</dd></div>
                    <div class="fact-status">
                        <dt>{l.t(Key::Status)}</dt>
                        <dd>{status_line(c.status, d.status_as_of, l)}{refs(&[NoteSubject::Status])}{overtaken}</dd>
                    </div>
                    <div><dt>{l.t(Key::Period)}</dt><dd>{period}{refs(&[NoteSubject::Start, NoteSubject::End])}</dd></div>
                    <div>
                        <dt>{l.t(Key::Countries)}</dt>
                        <dd>{places_line(c, l, usize::MAX)}{refs(&[NoteSubject::Countries, NoteSubject::Area])}</dd>
                    </div>
                    <div><dt>{l.t(Key::Fields)}</dt><dd>{fields}{refs(&[NoteSubject::Fields])}</dd></div>
                </dl>
            }
        })
    };

    let participants = move || {
        let l = locale.get();
        d.with_value(|d| {
            d.card
                .organizations
                .iter()
                .map(|o| {
                    let refs = note_refs(&d.notes, &[NoteSubject::Participant(o.slug.clone())], l);
                    view! {
                        <tr>
                            <th scope="row">{o.name.get(l).to_string()}{refs}</th>
                            <td>{o.role.label(l)}</td>
                            <td>{o.country.name.get(l).to_string()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };

    let figures = move || {
        let l = locale.get();
        d.with_value(|d| {
            (!d.figures.is_empty()).then(|| {
                let rows = d
                    .figures
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let refs = note_refs(&d.notes, &[NoteSubject::Figure(i as u32 + 1)], l);
                        let period = f.period.map(|p| p.format(l)).unwrap_or_default();
                        let source = f.source.map(|i| {
                            view! { <a href=format!("#source-{i}") target="_self" class="source-ref">{format!("[{i}]")}</a> }
                        });
                        view! {
                            <tr>
                                <th scope="row">{f.label.get(l).to_string()}{refs}</th>
                                <td class="num"><strong>{f.format_value(l)}</strong>" "{f.unit.get(l).to_string()}</td>
                                <td>{period}</td>
                                <td>{source}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <section aria-labelledby="figures-heading">
                        <h2 id="figures-heading">{l.t(Key::Figures)}</h2>
                        <div class="table-scroll">
                            <table>
                                <thead>
                                    <tr>
                                        <th scope="col">{l.t(Key::Figures)}</th>
                                        <th scope="col">{l.t(Key::FormValue)}</th>
                                        <th scope="col">{l.t(Key::Period)}</th>
                                        <th scope="col">{l.t(Key::AccordingTo)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </section>
                }
            })
        })
    };

    let sources = move || {
        let l = locale.get();
        d.with_value(|d| {
            d.sources
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let refs = note_refs(&d.notes, &[NoteSubject::Source(i as u32 + 1)], l);
                    view! { <SourceItem source=s.clone() index=i + 1 locale=l refs/> }
                })
                .collect_view()
        })
    };
    let notes = move || {
        let l = locale.get();
        d.with_value(|d| notes_section(&d.notes, |subject| note_label(d, subject, l), l))
    };

    let trust = move || {
        let l = locale.get();
        d.with_value(|d| trust_section(d, l))
    };
    let cite = d.with_value(|d| crate::model::trust::citation(d, &base));
    let cite_section = cite_section(
        &cite,
        d.with_value(|d| d.trust.revision),
        locale.get_untracked(),
    );
    let earlier = d.with_value(|d| d.trust.is_earlier_version()).then(|| {
        let l = locale.get_untracked();
        let current = permalink();
        view! {
            <p class="notice notice-earlier" role="note">
                {l.t(Key::EarlierVersionNotice)}" "
                <a href=current>{l.t(Key::SeeCurrentVersion)}</a>
            </p>
        }
    });
    view! {
        <script type="application/ld+json" inner_html=structured></script>
        <article class="wrap page activity">
            <nav aria-label=move || t(Key::Breadcrumbs) class="breadcrumbs">
                <ol>
                    <li><a href=move || locale.get().href("/")>{move || t(Key::NavHome)}</a></li>
                    {back_crumb}
                    <li aria-current="page">{title}</li>
                </ol>
            </nav>
            <h1>{title}</h1>
            {earlier}
            {facts}
            {trust}
            <section aria-labelledby="summary-heading">
                <h2 id="summary-heading">{move || t(Key::Summary)}</h2>
                <p class="summary">
                    {move || text(|d, l| d.summary.get(l).to_string())}
                    {move || d.with_value(|d| note_refs(&d.notes, &[NoteSubject::Title, NoteSubject::Summary], locale.get()))}
                </p>
            </section>
            <section aria-labelledby="participants-heading">
                <h2 id="participants-heading">{move || t(Key::Participants)}</h2>
                <div class="table-scroll">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{move || t(Key::Institutions)}</th>
                                <th scope="col">{move || t(Key::Role)}</th>
                                <th scope="col">{move || t(Key::Countries)}</th>
                            </tr>
                        </thead>
                        <tbody>{participants}</tbody>
                    </table>
                </div>
            </section>
            {figures}
            <section aria-labelledby="sources-heading">
                <h2 id="sources-heading">{move || t(Key::Sources)}</h2>
                <ol class="sources">{sources}</ol>
            </section>
            {notes}
            {cite_section}
            {(!related.is_empty()).then(|| view! {
                <section aria-labelledby="related-heading">
                    <h2 id="related-heading">{move || t(Key::Related)}</h2>
                    <ul class="cards">
                        {related.into_iter().map(|card| view! { <li><ActivityCard card/></li> }).collect_view()}
                    </ul>
                </section>
            })}
            <p class="record-meta">
                {move || t(Key::LastUpdated)}": "{move || d.with_value(|d| d.last_updated.clone())}
                " · "
                <a href=permalink>{move || t(Key::Permalink)}</a>
                " · "
                <a href=move || locale.get().href(&d.with_value(|d| paths::history(&d.card.slug)))>
                    {move || t(Key::HistoryTitle)}
                </a>
            </p>
        </article>
    }
}

#[cfg(feature = "ssr")]
#[component]
fn SourceItem(source: Source, index: usize, locale: Locale, refs: AnyView) -> impl IntoView {
    let l = locale;
    let title = source.title.clone();
    let heading = match &source.url {
        Some(url) => view! {
            <a href=url.clone() rel="noopener noreferrer external" class="source-link">{title}</a>
        }
        .into_any(),
        None => view! { <cite>{title}</cite> }.into_any(),
    };
    let mut details = Vec::new();
    if let Some(p) = &source.publisher {
        details.push(p.clone());
    }
    if let Some(d) = source.published {
        details.push(format!("{} {}", l.t(Key::Published), d.format(l)));
    }
    let url_text = source
        .url
        .clone()
        .map(|u| view! { <span class="source-url">{u}</span> });
    let no_url = source
        .url
        .is_none()
        .then(|| view! { <span class="muted">{l.t(Key::NoUrlCited)}</span> });
    let curator_title = source
        .curator_title
        .then(|| view! { <span class="muted curator-title">{l.t(Key::CuratorTitle)}</span> });
    let document = source.document.map(
        |doc| view! { <span class="muted">{format!("{}: {doc}", l.t(Key::SourceDocument))}</span> },
    );
    view! {
        <li id=format!("source-{index}")>
            {heading}
            {(!details.is_empty()).then(|| view! { <span>{details.join(" · ")}</span> })}
            {curator_title}
            {url_text}
            {no_url}
            {document}
            <span class="note-refs">{refs}</span>
        </li>
    }
}

#[cfg(feature = "ssr")]
/// What a note on this activity is about, as its section heads it.
fn note_label(d: &ActivityDetail, subject: &NoteSubject, l: Locale) -> String {
    let row = |part: Key, name: &str| format!("{}{}{name}", l.t(part), label_separator(l));
    match subject {
        NoteSubject::Participant(slug) => {
            let org = d.card.organizations.iter().find(|o| &o.slug == slug);
            row(
                Key::Participants,
                org.map_or(slug.as_str(), |o| o.name.get(l)),
            )
        }
        NoteSubject::Figure(n) => {
            let figure = d.figures.get(*n as usize - 1);
            row(Key::Figures, figure.map_or("", |f| f.label.get(l)))
        }
        NoteSubject::Source(n) => format!("{} [{n}]", l.t(Key::Sources)),
        other => other
            .label_key()
            .map(|k| l.t(k))
            .unwrap_or_default()
            .to_string(),
    }
}

#[cfg(feature = "ssr")]
/// Which version this is, who reported it and who has confirmed it.
fn trust_section(d: &ActivityDetail, l: Locale) -> impl IntoView {
    use crate::i18n::version_label;
    let t = &d.trust;
    let reported = match &t.reported_by {
        Some(org) => org.get(l).to_string(),
        None => l.t(Key::ReportedByCurators).to_string(),
    };
    let confirmed = if t.confirmed.is_empty() {
        view! { <p class="muted">{l.t(Key::NotConfirmedYet)}</p> }.into_any()
    } else {
        view! {
            <ul class="confirmations">
                {t.confirmed.iter().map(|c| view! {
                    <li>{c.name.get(l).to_string()}" · "<time>{c.at.clone()}</time>" · "{version_label(l, c.revision)}</li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let earlier = (!t.earlier.is_empty()).then(|| {
        view! {
            <ul class="confirmations earlier">
                {t.earlier.iter().map(|c| view! {
                    <li>
                        {c.name.get(l).to_string()}" "{l.t(Key::ConfirmedEarlierVersion)}" ("
                        <a href=l.href(&paths::version(&d.card.slug, c.revision))>{version_label(l, c.revision)}</a>
                        ", "<time>{c.at.clone()}</time>")"
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    let state = t.state;
    let mark = (state == crate::model::Confirmation::BothSides)
        .then(|| view! { <p class="confirmed-both"><strong>{state.label(l)}</strong></p> });
    view! {
        <section aria-labelledby="trust-heading" class="trust">
            <h2 id="trust-heading">{l.t(Key::TrustHeading)}</h2>
            {mark}
            <dl class="facts">
                <div>
                    <dt>{l.t(Key::ThisVersion)}</dt>
                    <dd>
                        <a href=l.href(&paths::version(&d.card.slug, t.revision))>{version_label(l, t.revision)}</a>
                        ", "{l.t(Key::PublishedOn)}" "<time>{t.published_at.clone()}</time>
                        " · "<a href=l.href(&paths::history(&d.card.slug))>{l.t(Key::AllVersions)}</a>
                    </dd>
                </div>
                <div><dt>{l.t(Key::ReportedBy)}</dt><dd>{reported}</dd></div>
                <div><dt>{l.t(Key::ConfirmedBy)}</dt><dd>{confirmed}{earlier}</dd></div>
                <div>
                    <dt>{l.t(Key::LastConfirmed)}</dt>
                    <dd>{t.last_confirmed.clone().unwrap_or_else(|| l.t(Key::NeverConfirmed).to_string())}</dd>
                </div>
            </dl>
        </section>
    }
}

#[cfg(feature = "ssr")]
/// The formatted citation in both languages and the downloads for reference managers.
fn cite_section(cite: &crate::cite::Citation, revision: i64, l: Locale) -> impl IntoView {
    use crate::cite::{formatted, Lang};
    let slug = cite.slug.clone();
    let lang = match l {
        Locale::En => "",
        Locale::Ja => "?lang=ja",
    };
    let files = [("json", "CSL-JSON"), ("ris", "RIS"), ("bib", "BibTeX")]
        .into_iter()
        .map(|(format, name)| {
            let href = format!("{}{lang}", paths::citation_file(&slug, revision, format));
            view! { <li><a href=href download="" rel="nofollow">{name}</a></li> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="cite-heading" class="cite">
            <h2 id="cite-heading">{l.t(Key::CiteHeading)}</h2>
            <p class="muted">{l.t(Key::CiteIntro)}</p>
            <dl class="citations">
                <div><dt>{l.t(Key::CiteIn)}</dt><dd><blockquote lang="en">{formatted(cite, Lang::En)}</blockquote></dd></div>
                <div><dt>{l.t(Key::CiteInJapanese)}</dt><dd><blockquote lang="ja">{formatted(cite, Lang::Ja)}</blockquote></dd></div>
            </dl>
            <p>{l.t(Key::CiteDownload)}":"</p>
            <ul class="cite-downloads">{files}</ul>
        </section>
    }
}

#[cfg(feature = "ssr")]
/// schema.org JSON-LD for an activity, safe to put inside a `<script>` element.
pub fn json_ld(d: &ActivityDetail, base: &str, locale: Locale) -> String {
    use serde_json::json;
    let url = format!("{base}{}", locale.href(&paths::activity(&d.card.slug)));
    let org = |o: &crate::model::OrgRef| {
        json!({
            "@type": "Organization",
            "name": o.name.get(locale),
            "url": format!("{base}{}", locale.href(&paths::organization(&o.slug))),
        })
    };
    let by_role = |roles: &[Role]| -> Vec<serde_json::Value> {
        d.card
            .organizations
            .iter()
            .filter(|o| roles.contains(&o.role))
            .map(org)
            .collect()
    };
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Project",
        "@id": url,
        "url": url,
        "name": d.card.title.get(locale),
        "description": d.summary.get(locale),
        "inLanguage": locale.code(),
        "dateModified": d.last_updated,
        "areaServed": d.card.countries.iter().map(|c| json!({"@type": "Country", "name": c.name.get(locale), "identifier": c.code})).collect::<Vec<_>>(),
        "keywords": d.card.fields.iter().map(|f| f.name.get(locale)).collect::<Vec<_>>(),
        "member": by_role(&[Role::Lead, Role::Partner, Role::Host, Role::Coordinator, Role::Participant]),
        "funder": by_role(&[Role::Funder]),
        "citation": d.sources.iter().map(|s| match &s.url {
            Some(u) => json!({"@type": "CreativeWork", "name": s.title, "url": u}),
            None => json!({"@type": "CreativeWork", "name": s.title, "publisher": s.publisher}),
        }).collect::<Vec<_>>(),
    });
    if let Some(start) = d.card.start {
        ld["startDate"] = json!(start.to_string());
    }
    if let Some(end) = d.card.end {
        ld["endDate"] = json!(end.to_string());
    }
    ld.to_string().replace("</", "<\\/")
}

#[cfg(feature = "ssr")]
/// The first sentence of a summary, for the page description.
fn first_sentence(text: &str) -> String {
    let end = text
        .find(['.', '。'])
        .map(|i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    text[..end.unwrap_or(text.len())]
        .chars()
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn structured_data_names_the_project_its_members_and_sources() {
        use crate::model::*;
        let d = ActivityDetail {
            card: ActivityCard {
                slug: "x".into(),
                title: Localized::new("A </script> title", "題"),
                kind: ActivityKind::Visit,
                status: ActivityStatus::Completed,
                start: PartialDate::parse("2012-07").ok(),
                end: None,
                organizations: vec![OrgRef {
                    slug: "org".into(),
                    name: Localized::new("Org", "機関"),
                    country: CountryRef {
                        code: "JP".into(),
                        name: Localized::new("Japan", "日本"),
                    },
                    role: Role::Funder,
                }],
                countries: vec![],
                fields: vec![],
                area_note: None,
                key_figure: None,
                confirmation: Confirmation::NotConfirmed,
            },
            summary: Localized::new("S.", "概要。"),
            figures: vec![],
            sources: vec![Source {
                url: Some("https://a.example/".into()),
                publisher: None,
                title: "T".into(),
                published: None,
                document: None,
                curator_title: false,
            }],
            status_as_of: None,
            status_overtaken: false,
            notes: vec![],
            last_updated: "2026-11-22".into(),
            related: vec![],
            trust: Default::default(),
        };
        let ld = super::json_ld(&d, "https://k.example", crate::i18n::Locale::Ja);
        assert!(!ld.contains("</script>"), "{ld}");
        let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(v["@type"], "Project");
        assert_eq!(v["url"], "https://k.example/ja/activities/x");
        assert_eq!(v["startDate"], "2012-07");
        assert_eq!(v["funder"][0]["name"], "機関");
        assert_eq!(v["citation"][0]["url"], "https://a.example/");
    }

    #[test]
    fn descriptions_stop_at_the_first_sentence() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(first_sentence("一つ目。二つ目。"), "一つ目。");
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
