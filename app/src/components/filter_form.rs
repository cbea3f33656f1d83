//! The filters of the map and the insights views: a plain GET form (field, organisation, kind,
//! status, years) that works the same with and without JavaScript and keeps its state in the
//! URL. A view that counts by field gets no field choice; one that offers organisations gets
//! that choice. The address it leads to has no empty fields: on a page that redraws itself
//! (`in_place`), submitting with JavaScript navigates in place to the canonical address of the
//! chosen filters; otherwise the browser sends the form and the server redirects its address
//! (every field, the empty ones too) to the same one without them.

use crate::filters::Filters;
use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::model::{ActivityKind, ActivityStatus, FieldRef, Localized};
use leptos::prelude::*;

#[component]
pub fn FilterForm(
    /// Where the form submits (the current page, in the current language).
    #[prop(into)]
    action: Signal<String>,
    filters: Filters,
    /// The fields to choose from; none hides the choice.
    fields: Vec<FieldRef>,
    /// The organisations to choose from (slug, name); none (the default) hides the choice.
    #[prop(optional)]
    orgs: Vec<(String, Localized)>,
    /// With JavaScript, submitting navigates in place instead of loading the page anew: for
    /// a page whose view follows its URL in the browser (the map, the insights). The form is
    /// marked `data-in-place`, and the drawn page around it does so (`routes::drawn`).
    #[prop(optional)]
    in_place: bool,
) -> impl IntoView {
    let locale = use_locale();
    let t = move |k| locale.get().t(k);
    let f = StoredValue::new(filters);
    let has_fields = !fields.is_empty();
    let has_orgs = !orgs.is_empty();
    let fields = StoredValue::new(fields);
    let orgs = StoredValue::new(orgs);
    let org_options = move || {
        let l = locale.get();
        let chosen = f.with_value(|f| f.orgs.first().cloned());
        orgs.with_value(|orgs| {
            orgs.iter()
                .map(|(slug, name)| {
                    let selected = chosen.as_deref() == Some(slug.as_str());
                    view! { <option value=slug.clone() selected=selected>{name.get(l).to_string()}</option> }
                })
                .collect_view()
        })
    };
    let field_options = move || {
        let l = locale.get();
        let chosen = f.with_value(|f| f.fields.first().cloned());
        fields.with_value(|fields| {
            fields
                .iter()
                .map(|fr| {
                    let selected = chosen.as_deref() == Some(fr.slug.as_str());
                    view! { <option value=fr.slug.clone() selected=selected>{fr.name.get(l).to_string()}</option> }
                })
                .collect_view()
        })
    };
    let kind_options = move || {
        let l = locale.get();
        let chosen = f.with_value(|f| f.kinds.first().copied());
        ActivityKind::ALL
            .iter()
            .map(|k| view! { <option value=k.slug() selected=chosen == Some(*k)>{k.label(l)}</option> })
            .collect_view()
    };
    let status_options = move || {
        let l = locale.get();
        let chosen = f.with_value(|f| f.statuses.first().copied());
        ActivityStatus::ALL
            .iter()
            .map(|s| view! { <option value=s.slug() selected=chosen == Some(*s)>{s.label(l)}</option> })
            .collect_view()
    };
    let year = |y: Option<u16>| y.map(|y| y.to_string()).unwrap_or_default();
    view! {
        <form
            method="get"
            action=move || action.get()
            class="filter-form"
            aria-label=move || t(Key::Filters)
            data-in-place=in_place.then_some("submit")
        >
            <div class="filter-grid">
                {has_fields.then(|| view! {
                    <label>
                        <span>{move || t(Key::FilterField)}</span>
                        <select name="field">
                            <option value="">{move || t(Key::AnyOption)}</option>
                            {field_options}
                        </select>
                    </label>
                })}
                {has_orgs.then(|| view! {
                    <label>
                        <span>{move || t(Key::Organisation)}</span>
                        <select name="org">
                            <option value="">{move || t(Key::AnyOption)}</option>
                            {org_options}
                        </select>
                    </label>
                })}
                <label>
                    <span>{move || t(Key::FilterKind)}</span>
                    <select name="kind">
                        <option value="">{move || t(Key::AnyOption)}</option>
                        {kind_options}
                    </select>
                </label>
                <label>
                    <span>{move || t(Key::FilterStatus)}</span>
                    <select name="status">
                        <option value="">{move || t(Key::AnyOption)}</option>
                        {status_options}
                    </select>
                </label>
                <label>
                    <span>{move || t(Key::FilterFrom)}</span>
                    <input type="number" name="from" min="1900" max="2100" inputmode="numeric" value=f.with_value(|f| year(f.from))/>
                </label>
                <label>
                    <span>{move || t(Key::FilterTo)}</span>
                    <input type="number" name="to" min="1900" max="2100" inputmode="numeric" value=f.with_value(|f| year(f.to))/>
                </label>
            </div>
            <div class="filter-actions">
                <button type="submit">{move || t(Key::ApplyFilters)}</button>
                {move || (!f.with_value(Filters::is_empty)).then(|| view! {
                    <a href=action.get() rel="external">{t(Key::ClearFilters)}</a>
                })}
            </div>
        </form>
    }
}
