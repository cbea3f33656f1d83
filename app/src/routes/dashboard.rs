//! An editor's dashboard ([`DashboardPage`] at `/partner`) and the activity form
//! ([`ActivityFormPage`] at `/partner/activities/new` and `/partner/activities/{slug}/edit`).
//! The addresses keep the word "partner" (they are public); the code says "dashboard".
//!
//! The form is a plain POST form with every row it may need already rendered (the rows
//! held plus blank ones), so it works without JavaScript; saving a draft brings more blank
//! rows. With JavaScript, "Submit for review" first runs the same rules in the browser and
//! shows problems without a round trip.

use crate::account::api::{get_activity_form, get_editor_dashboard};
use crate::account::{ActivityForm, EditorDashboard};
use crate::components::form::{
    account_page, provide_form_errors, vocabulary_options, AccountBar, ChangedSince, Confirmation,
    ErrorSummary, FieldProblem, SelectField, TextArea, TextField,
};
use crate::forms::{FigureInput, ParticipantInput, SourceInput};
use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::model::{ActivityKind, ActivityStatus, Headcount, OrgKind, Qualifier, Role};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

/// Blank rows offered after the rows a form holds.
const BLANK_ROWS: usize = 2;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let l = use_locale().get_untracked();
    let (submitted, confirmed) = use_query_map()
        .with_untracked(|q| (q.get("submitted").is_some(), q.get("confirmed").is_some()));
    view! {
        <Title text=format!("{} — {}", l.t(Key::PartnerTitle), l.t(Key::SiteName))/>
        {account_page(get_editor_dashboard, move |d| view! { <Dashboard d submitted confirmed/> })}
    }
}

#[component]
fn Dashboard(d: EditorDashboard, submitted: bool, confirmed: bool) -> impl IntoView {
    let l = use_locale().get_untracked();
    let org_name = d
        .actor
        .organization
        .as_ref()
        .map(|o| o.name.get(l).to_string())
        .unwrap_or_default();
    let submissions = d
        .submissions
        .iter()
        .map(|s| {
            let edit = s.status.editable().then(|| {
                let href = l.href(&s.edit_href());
                view! { <a href=href>{l.t(Key::ContinueEditing)}</a> }
            });
            view! {
                <tr>
                    <td>{s.title.get(l).to_string()}</td>
                    <td><span class=format!("badge badge-{}", s.status.slug())>{s.status.label(l)}</span></td>
                    <td>{s.reason.clone()}</td>
                    <td class="num">{s.updated_at.clone()}</td>
                    <td>{edit}</td>
                </tr>
            }
        })
        .collect_view();
    let confirm = |slug: &str, revision: i64| {
        view! {
            <form method="post" action=l.href(&paths::confirm_activity(slug)) class="inline-form">
                <input type="hidden" name="revision" value=revision.to_string()/>
                <button type="submit" class="secondary">{l.t(Key::ConfirmButton)}</button>
            </form>
        }
    };
    let activities = d
        .activities
        .iter()
        .zip(&d.standing)
        .map(|(a, st)| {
            let public = l.href(&paths::activity(&a.slug));
            let edit = l.href(&paths::edit_activity(&a.slug));
            let state = if st.confirmed_by_us {
                view! { <span class="badge badge-approved">{l.t(Key::ConfirmedByYou)}</span> }
                    .into_any()
            } else {
                confirm(&a.slug, st.revision).into_any()
            };
            view! {
                <li>
                    <a href=public>{a.title.get(l).to_string()}</a>
                    " · "{crate::i18n::version_label(l, st.revision)}
                    " · "{a.confirmation.label(l)}
                    " · "
                    <a href=edit class="edit-link">{l.t(Key::EditActivity)}</a>
                    " "{state}
                </li>
            }
        })
        .collect_view();
    let stale: Vec<_> = d
        .activities
        .iter()
        .zip(&d.standing)
        .filter_map(|(a, st)| st.stale_since.clone().map(|due| (a, st, due)))
        .map(|(a, st, due)| {
            let public = l.href(&paths::activity(&a.slug));
            let edit = l.href(&paths::edit_activity(&a.slug));
            view! {
                <li>
                    <a href=public>{a.title.get(l).to_string()}</a>
                    " · "{l.t(Key::StaleSince)}" "<time>{due}</time>
                    " · "<a href=edit class="edit-link">{l.t(Key::EditActivity)}</a>
                    " "{(!st.confirmed_by_us).then(|| confirm(&a.slug, st.revision))}
                </li>
            }
        })
        .collect();
    let stale = if stale.is_empty() {
        view! { <p>{l.t(Key::NoStale)}</p> }.into_any()
    } else {
        view! {
            <p>{l.t(Key::StaleIntro)}</p>
            <ul class="plain-list stale">{stale.into_iter().collect_view()}</ul>
        }
        .into_any()
    };
    let outdated =
        d.errors.iter().find(|e| e.field == "confirm").map(
            |e| view! { <p class="notice notice-error" role="alert">{e.problem.message(l)}</p> },
        );
    let no_submissions = d.submissions.is_empty();
    view! {
        <div class="wrap page">
            <AccountBar actor=d.actor.clone()/>
            <h1>{l.t(Key::PartnerTitle)}": "{org_name}</h1>
            {submitted.then(|| view! { <Confirmation key=Key::Submitted/> })}
            {confirmed.then(|| view! { <Confirmation key=Key::ConfirmDone/> })}
            {outdated}
            <p><a class="button" href=l.href(paths::NEW_ACTIVITY)>{l.t(Key::NewActivity)}</a></p>
            <section aria-labelledby="submissions-heading">
                <h2 id="submissions-heading">{l.t(Key::YourSubmissions)}</h2>
                {if no_submissions {
                    view! { <p>{l.t(Key::NoSubmissions)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll">
                            <table>
                                <thead><tr>
                                    <th scope="col">{l.t(Key::FormTitleEn)}</th>
                                    <th scope="col">{l.t(Key::FormStatus)}</th>
                                    <th scope="col">{l.t(Key::Reason)}</th>
                                    <th scope="col">{l.t(Key::When)}</th>
                                    <th scope="col"><span class="visually-hidden">{l.t(Key::ContinueEditing)}</span></th>
                                </tr></thead>
                                <tbody>{submissions}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                }}
            </section>
            <section aria-labelledby="stale-heading">
                <h2 id="stale-heading">{l.t(Key::StaleHeading)}</h2>
                {stale}
            </section>
            <section aria-labelledby="own-activities-heading">
                <h2 id="own-activities-heading">{l.t(Key::YourActivities)}</h2>
                <ul class="plain-list">{activities}</ul>
            </section>
        </div>
    }
}

#[component]
pub fn ActivityFormPage() -> impl IntoView {
    let l = use_locale().get_untracked();
    let slug = use_params_map().with_untracked(|p| p.get("slug").unwrap_or_default());
    let (draft, saved) = use_query_map().with_untracked(|q| {
        (
            q.get("draft").and_then(|d| d.parse::<i64>().ok()),
            q.get("saved").is_some(),
        )
    });
    let title = if slug.is_empty() {
        Key::NewActivity
    } else {
        Key::EditActivity
    };
    view! {
        <Title text=format!("{} — {}", l.t(title), l.t(Key::SiteName))/>
        {account_page(
            move || get_activity_form(slug.clone(), draft),
            move |form| view! { <ActivityFormView form saved/> },
        )}
    }
}

#[component]
fn ActivityFormView(form: ActivityForm, saved: bool) -> impl IntoView {
    let l = use_locale().get_untracked();
    let errors = provide_form_errors(form.errors.clone());
    let action = use_location().pathname.get_untracked();
    let input = form.input.clone();
    let heading = match &form.target {
        Some((_, title)) => format!("{} {}", l.t(Key::ChangeTo), title.get(l)),
        None => l.t(Key::NewActivity).to_string(),
    };
    let own_org = form.actor.organization.as_ref().map(|o| o.slug.clone());
    let vocabulary = form.options.vocabulary(own_org);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let submitting = ev
                .submitter()
                .and_then(|b| b.get_attribute("value"))
                .is_some_and(|v| v == "submit");
            if !submitting {
                return;
            }
            let Some(query) = crate::components::form::submitted_query(&ev) else {
                return;
            };
            let pairs = crate::filters::query_pairs(&query);
            let typed = crate::forms::ActivityInput::from_pairs(
                pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            );
            if let Err(problems) = typed.validate(&vocabulary) {
                ev.prevent_default();
                errors.0.set(problems);
                // The summary appears on the next frame; then it takes focus (and scrolls
                // into view), so the problems are announced.
                request_animation_frame(|| {
                    if let Some(summary) = document().get_element_by_id("error-summary") {
                        if let Ok(summary) = summary.dyn_into::<leptos::web_sys::HtmlElement>() {
                            let _ = summary.focus();
                        }
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, &vocabulary, errors);
    };

    let kinds = vocabulary_options(
        ActivityKind::ALL,
        ActivityKind::slug,
        ActivityKind::label,
        l,
    );
    let statuses = vocabulary_options(
        ActivityStatus::ALL,
        ActivityStatus::slug,
        ActivityStatus::label,
        l,
    );
    let roles = vocabulary_options(Role::ALL, Role::slug, Role::label, l);
    let org_kinds = vocabulary_options(OrgKind::ALL, OrgKind::slug, OrgKind::label, l);
    let qualifiers = vocabulary_options(Qualifier::ALL, Qualifier::slug, Qualifier::label, l);
    let headcounts = vocabulary_options(Headcount::ALL, Headcount::slug, Headcount::label, l);
    let countries: Vec<(String, String)> = form
        .options
        .countries
        .iter()
        .map(|c| (c.code.clone(), c.name.get(l).to_string()))
        .collect();
    let orgs: Vec<(String, String)> = form
        .options
        .organizations
        .iter()
        .map(|(slug, name)| (slug.clone(), name.get(l).to_string()))
        .collect();

    let field_boxes = form
        .options
        .fields
        .iter()
        .map(|f| {
            let id = format!("field-{}", f.slug);
            let checked = input.fields.contains(&f.slug);
            view! {
                <li>
                    <input type="checkbox" name="field" id=id.clone() value=f.slug.clone() checked=checked/>
                    <label for=id>{f.name.get(l).to_string()}</label>
                </li>
            }
        })
        .collect_view();

    let country_rows = (0..input.countries.len() + BLANK_ROWS)
        .map(|i| {
            let selected = input.countries.get(i).cloned().unwrap_or_default();
            view! {
                <SelectField
                    name=format!("c{i}_code")
                    label=format!("{} {}", l.t(Key::FormCountry), i + 1)
                    options=countries.clone()
                    selected
                />
            }
        })
        .collect_view();

    let participant_rows = (0..input.participants.len() + BLANK_ROWS)
        .map(|i| {
            let p = input.participants.get(i).cloned().unwrap_or(ParticipantInput::default());
            view! {
                <div class="row-group">
                    <SelectField name=format!("p{i}_org") label=format!("{} {}", l.t(Key::FormOrganisation), i + 1) options=orgs.clone() selected=p.org/>
                    <SelectField name=format!("p{i}_role") label=format!("{} {}", l.t(Key::Role), i + 1) options=roles.clone() selected=p.role/>
                </div>
            }
        })
        .collect_view();

    let figure_rows = (0..input.figures.len() + 1)
        .map(|i| {
            let f = input.figures.get(i).cloned().unwrap_or(FigureInput::default());
            let n = |k: &str| format!("f{i}_{k}");
            view! {
                <fieldset class="row-group">
                    <legend>{format!("{} {}", l.t(Key::Figures), i + 1)}</legend>
                    <TextField name=n("label_en") label=l.t(Key::FormLabelEn) value=f.label_en lang="en"/>
                    <TextField name=n("label_ja") label=l.t(Key::FormLabelJa) value=f.label_ja lang="ja"/>
                    <SelectField name=n("qualifier") label=l.t(Key::FormQualifier) options=qualifiers.clone() selected=f.qualifier/>
                    <TextField name=n("value") label=l.t(Key::FormValue) value=f.value kind="text"/>
                    <TextField name=n("value_max") label=l.t(Key::FormValueMax) value=f.value_max/>
                    <TextField name=n("unit_en") label=l.t(Key::FormUnitEn) value=f.unit_en lang="en"/>
                    <TextField name=n("unit_ja") label=l.t(Key::FormUnitJa) value=f.unit_ja lang="ja"/>
                    <TextField name=n("period") label=l.t(Key::FormPeriod) value=f.period/>
                    <TextField name=n("source") label=l.t(Key::FormSourceNumber) value=f.source/>
                    <SelectField name=n("people") label=l.t(Key::FormPeople) options=headcounts.clone() selected=f.people hint=l.t(Key::FormPeopleHint)/>
                </fieldset>
            }
        })
        .collect_view();

    let source_rows = (0..input.sources.len() + 1)
        .map(|i| {
            let s = input.sources.get(i).cloned().unwrap_or(SourceInput::default());
            let n = |k: &str| format!("s{i}_{k}");
            view! {
                <fieldset class="row-group">
                    <legend>{format!("{} {}", l.t(Key::Sources), i + 1)}</legend>
                    <TextField name=n("title") label=l.t(Key::FormSourceTitle) value=s.title/>
                    <TextField name=n("url") label=l.t(Key::FormSourceUrl) value=s.url kind="url"/>
                    <TextField name=n("publisher") label=l.t(Key::FormPublisher) value=s.publisher/>
                    <TextField name=n("published") label=l.t(Key::FormPublishedDate) value=s.published hint=l.t(Key::FormDateHint)/>
                </fieldset>
            }
        })
        .collect_view();

    let status_line = form.status.map(|s| {
        view! {
            <p>
                {l.t(Key::FormStatus)}": "
                <span class=format!("badge badge-{}", s.slug())>{s.label(l)}</span>
            </p>
        }
    });
    let reason = form.reason.clone().map(|r| {
        view! { <div class="notice notice-error"><h2>{l.t(Key::Reason)}</h2><p>{r}</p></div> }
    });
    let draft_field = form
        .draft
        .map(|d| view! { <input type="hidden" name="draft" value=d.to_string()/> });
    let base_field = form
        .base_revision
        .map(|b| view! { <input type="hidden" name="base" value=b.to_string()/> });
    let rebased = form.rebased.clone().map(|conflict| {
        view! {
            <div class="notice notice-error" role="status"><p>{l.t(Key::RebasedNotice)}</p></div>
            <ChangedSince conflict/>
        }
    });

    view! {
        <div class="wrap page">
            <AccountBar actor=form.actor.clone()/>
            <h1>{heading}</h1>
            {saved.then(|| view! { <Confirmation key=Key::DraftSaved/> })}
            {status_line}
            {reason}
            {rebased}
            <ErrorSummary/>
            <form method="post" action=action class="activity-form" novalidate on:submit=on_submit>
                {draft_field}
                {base_field}
                <fieldset>
                    <legend>{l.t(Key::FormAboutSection)}</legend>
                    <TextField name="title_en" label=l.t(Key::FormTitleEn) value=input.title_en.clone() lang="en"/>
                    <TextField name="title_ja" label=l.t(Key::FormTitleJa) value=input.title_ja.clone() lang="ja"/>
                    <TextArea name="summary_en" label=l.t(Key::FormSummaryEn) value=input.summary_en.clone() lang="en"/>
                    <TextArea name="summary_ja" label=l.t(Key::FormSummaryJa) value=input.summary_ja.clone() lang="ja"/>
                </fieldset>
                <fieldset>
                    <legend>{l.t(Key::FormWhenSection)}</legend>
                    <SelectField name="kind" label=l.t(Key::Kind) options=kinds selected=input.kind.clone()/>
                    <SelectField name="status" label=l.t(Key::FormStatus) options=statuses selected=input.status.clone() hint=l.t(Key::StatusStatedOn)/>
                    <TextField name="start" label=l.t(Key::FormStart) value=input.start.clone() hint=l.t(Key::FormDateHint)/>
                    <TextField name="end" label=l.t(Key::FormEnd) value=input.end.clone() hint=l.t(Key::FormDateHint)/>
                </fieldset>
                <fieldset>
                    <legend>{l.t(Key::FormWhereSection)}</legend>
                    <fieldset class="checkboxes" id="field">
                        <legend>{l.t(Key::Fields)}</legend>
                        <ul class="checkbox-list">{field_boxes}</ul>
                        <FieldProblem name="field"/>
                    </fieldset>
                    <div class="row-list">{country_rows}</div>
                    <TextField name="area_note_en" label=l.t(Key::FormAreaNoteEn) value=input.area_note_en.clone() lang="en"/>
                    <TextField name="area_note_ja" label=l.t(Key::FormAreaNoteJa) value=input.area_note_ja.clone() lang="ja"/>
                </fieldset>
                <fieldset>
                    <legend>{l.t(Key::FormWhoSection)}</legend>
                    <p class="field-hint">{l.t(Key::FormRowsHint)}</p>
                    {participant_rows}
                    <fieldset class="row-group">
                        <legend>{l.t(Key::FormNewOrg)}</legend>
                        <TextField name="new_org_name_en" label=l.t(Key::FormNewOrgNameEn) value=input.new_org.name_en.clone() lang="en"/>
                        <TextField name="new_org_name_ja" label=l.t(Key::FormNewOrgNameJa) value=input.new_org.name_ja.clone() lang="ja"/>
                        <SelectField name="new_org_kind" label=l.t(Key::FormOrgKind) options=org_kinds selected=input.new_org.kind.clone()/>
                        <SelectField name="new_org_country" label=l.t(Key::FormCountry) options=countries.clone() selected=input.new_org.country.clone()/>
                        <SelectField name="new_org_role" label=l.t(Key::Role) options=roles.clone() selected=input.new_org.role.clone()/>
                    </fieldset>
                </fieldset>
                <fieldset>
                    <legend>{l.t(Key::FormFiguresSection)}</legend>
                    {figure_rows}
                </fieldset>
                <fieldset>
                    <legend>{l.t(Key::FormSourcesSection)}</legend>
                    {source_rows}
                </fieldset>
                <div class="form-actions">
                    <button type="submit" name="intent" value="draft" class="secondary">{l.t(Key::FormSaveDraft)}</button>
                    <button type="submit" name="intent" value="submit">{l.t(Key::FormSubmit)}</button>
                </div>
            </form>
        </div>
    }
}
