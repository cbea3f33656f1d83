//! The one translation layer: every piece of interface text, in English and Japanese.
//!
//! Rules: the language is chosen by the URL (`/…` English, `/ja/…` Japanese) and nothing
//! else, so every view has one shareable address per language. Each text is declared once
//! with both translations in the `texts!` table below; a missing translation does not
//! compile. Record content (titles, names) is bilingual in the data, not here.

use serde::{Deserialize, Serialize};

/// A language the site is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Ja,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Ja];

    /// The language of a request path: `/ja` and everything below it is Japanese.
    pub fn from_path(path: &str) -> Self {
        if path == "/ja" || path.starts_with("/ja/") {
            Locale::Ja
        } else {
            Locale::En
        }
    }

    /// BCP 47 code, for `<html lang>` and `hreflang`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ja => "ja",
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Ja => "日本語",
        }
    }

    pub fn other(self) -> Self {
        match self {
            Locale::En => Locale::Ja,
            Locale::Ja => Locale::En,
        }
    }

    /// The address of a site path (`/activities`) in this language (`/ja/activities`).
    pub fn href(self, path: &str) -> String {
        match self {
            Locale::En => path.to_string(),
            Locale::Ja if path == "/" || path.is_empty() => "/ja".to_string(),
            Locale::Ja => format!("/ja{path}"),
        }
    }

    /// The same view in this language: `/ja/activities?q=x` ⇄ `/activities?q=x`.
    pub fn switch_href(self, pathname: &str, search: &str) -> String {
        let bare = strip_locale(pathname);
        let mut href = self.href(bare);
        if !search.is_empty() {
            if !search.starts_with('?') {
                href.push('?');
            }
            href.push_str(search);
        }
        href
    }

    /// `t(Key)` in this language.
    pub fn t(self, key: Key) -> &'static str {
        key.text(self)
    }
}

/// The site path without its language prefix (`/ja/activities` → `/activities`, `/ja` → `/`).
pub fn strip_locale(pathname: &str) -> &str {
    match pathname.strip_prefix("/ja") {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => pathname,
    }
}

/// The language of the current page (provided by the frame, derived from the URL).
pub fn use_locale() -> leptos::prelude::Signal<Locale> {
    use leptos::prelude::*;
    use_context::<Signal<Locale>>().unwrap_or_else(|| Signal::derive(|| Locale::En))
}

macro_rules! texts {
    ($(#[$doc:meta])* $name:ident { $($key:ident => $en:expr, $ja:expr;)* }) => {
        $(#[$doc])*
        ///
        /// Each text is a constant holding its two translations (`Key::SiteName`), not an
        /// index into one table: the browser bundle then holds only the texts its own code
        /// uses, and the texts of views drawn on the server stay on the server.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name([&'static str; 2]);

        #[allow(non_upper_case_globals)]
        impl $name {
            $(pub const $key: $name = $name([$en, $ja]);)*

            /// Every text with its name (for the tests; the browser's code never reads it,
            /// which would bring every text into the bundle).
            pub const ALL: &'static [(&'static str, $name)] = &[$((stringify!($key), $name::$key),)*];

            pub fn text(self, locale: Locale) -> &'static str {
                self.0[locale as usize]
            }
        }
    };
}

texts! {
/// A piece of interface text. Its translations sit beside it in the table.
Key {
    SiteName => "Kakehashi", "架け橋";
    SiteTagline =>
        "The public atlas of Japan's international medical cooperation: who works with whom, where, in which field, and according to which source.",
        "日本の国際医療協力の公開アトラス。誰がどこで誰と、どの分野で協力しているかを、出典とともに示します。";
    SkipToContent => "Skip to content", "本文へ移動";
    NavHome => "Home", "ホーム";
    NavActivities => "Activities", "活動";
    NavMain => "Main", "メイン";
    LanguageSwitchLabel => "Language", "言語";
    SearchLabel => "Search activities", "活動を検索";
    SearchPlaceholder => "e.g. liver transplant, Mongolia, 肝移植", "例：肝移植、モンゴル、liver transplant";
    SearchButton => "Search", "検索";
    StatActivities => "activities", "件の活動";
    StatCountries => "partner countries", "か国と協力";
    StatInstitutions => "institutions", "機関";
    RecentActivities => "Recently added activities", "最近追加された活動";
    AllActivities => "All activities", "すべての活動";
    ResultsHeading => "Activities", "活動";
    ResultList => "Results", "検索結果";
    Loading => "Loading…", "読み込み中…";
    NoResults => "No activity matches this search.", "この検索に一致する活動はありません。";
    NoResultsHint =>
        "Try a shorter or broader term, or another language: English and Japanese are both searched.",
        "短い語や広い語、または別の言語でお試しください。英語と日本語の両方を検索します。";
    ShowAll => "Show all activities", "すべての活動を表示";
    Institutions => "Institutions", "機関";
    Countries => "Countries", "国";
    Fields => "Medical fields", "医療分野";
    Period => "Period", "期間";
    Kind => "Kind", "種類";
    Status => "Status", "状況";
    Area => "Area", "地域";
    Summary => "Summary", "概要";
    Figures => "Figures", "数値";
    Sources => "Sources", "出典";
    Participants => "Participating institutions", "参加機関";
    Role => "Role", "役割";
    SourceDocument => "Seed document", "元資料";
    Published => "Published", "公開日";
    NoUrlCited => "No web address is cited; publisher and title as given.", "URLの記載はありません。発行者と題名を記載しています。";
    LastUpdated => "Record last updated", "記録の最終更新";
    Permalink => "Permanent link", "固定リンク";
    AccordingTo => "Source", "出典";
    DateUnknown => "Date not stated", "日付の記載なし";
    NotFoundTitle => "Page not found", "ページが見つかりません";
    TooLargeTitle => "What was sent is too large", "送信された内容が大きすぎます";
    TooLargeText => "This site accepts at most 256 KB in one form. Nothing was saved: go back, shorten the text and send it again.", "このサイトが一度に受け付けるのは256 KBまでです。何も保存されていません。前のページに戻り、文章を短くしてからもう一度送信してください。";
    GoBack => "Back to the page", "ページに戻る";
    NotFoundBody =>
        "There is no page at this address. It may have moved, or the link may be mistyped.",
        "このアドレスにページはありません。移動したか、リンクが誤っている可能性があります。";
    BackHome => "Go to the home page", "ホームへ戻る";
    ErrorTitle => "Something went wrong", "問題が発生しました";
    ErrorBody =>
        "The page could not be loaded. Please try again in a moment.",
        "ページを読み込めませんでした。しばらくしてから再度お試しください。";
    ErrorBadRequest => "The request could not be understood.", "リクエストを理解できませんでした。";
    ErrorNetwork =>
        "The server could not be reached. Check your connection and try again.",
        "サーバーに接続できませんでした。接続を確認して再度お試しください。";
    FooterData =>
        "Every fact on this site names its source. Records are curated from public documents.",
        "このサイトのすべての事実には出典が示されています。記録は公開資料から作成しています。";
    FooterApi => "Open data: API and exports", "オープンデータ：APIとエクスポート";
    ApiTitle => "Open data: the API and exports", "オープンデータ：APIとエクスポート";
    ApiLead =>
        "Everything on Kakehashi is also data: a read-only JSON API for programs, and files of any search for spreadsheets. Texts come in English and Japanese side by side, countries as ISO 3166-1 codes, everything else by stable slugs. No key or account is needed.",
        "架け橋の内容はすべてデータとしても利用できます。プログラム向けの読み取り専用JSON APIと、表計算ソフト向けの検索結果ファイルです。テキストは英語と日本語を並べて、国はISO 3166-1コードで、その他は変わらないスラッグで示します。キーやアカウントは不要です。";
    ApiOperations => "The API", "API";
    ApiExample => "Example:", "例：";
    ApiActivities =>
        "Search the activities: the search page's parameters (q, country, region, field, kind, org, status, from, to, sort) plus page and per_page (at most 100). Answers total, page, per_page, pages, the items and the facet counts.",
        "活動の検索。検索ページと同じパラメータ（q、country、region、field、kind、org、status、from、to、sort）に page と per_page（最大100）を加えます。total、page、per_page、pages、items と絞り込みの件数を返します。";
    ApiActivity =>
        "One activity: titles and summary, kind, status, dates, countries, fields, participants and their roles, figures and sources.",
        "1件の活動：タイトルと概要、種類、状況、期間、国、分野、参加機関と役割、数値、出典。";
    ApiOrganizations =>
        "The organisations with their numbers of activities; side=japan or partner, kind, name.",
        "機関の一覧と活動件数。side=japan または partner、kind、name で絞り込めます。";
    ApiOrganization =>
        "One organisation: profile, activities, countries and partners.",
        "1つの機関：概要、活動、国、協力相手。";
    ApiCountries => "Every country with its number of activities.", "すべての国とその活動件数。";
    ApiCountry =>
        "One country: its activities, the institutions on each side, fields and activities per year.",
        "1つの国：活動、双方の機関、分野、年ごとの活動件数。";
    ApiFields =>
        "The medical fields, with their DAC purpose codes and numbers of activities.",
        "医療分野の一覧。DAC目的コードと活動件数つき。";
    ApiDescribed => "Described by OpenAPI", "OpenAPIによる記述";
    ApiDescribedBody =>
        "An OpenAPI 3.1 document describes every operation, parameter and field with its type; OpenAPI tools read it to build clients:",
        "OpenAPI 3.1 の文書が、すべての操作・パラメータ・フィールドとその型を記述しています。OpenAPIツールでクライアントを生成できます：";
    ApiErrors => "Errors", "エラー";
    ApiErrorsBody =>
        "Errors are JSON too, with the HTTP status: 400 for a parameter that is unknown, malformed or names nothing in the record (the answer names the parameter), 404 for an unknown slug, code or address. For example:",
        "エラーもHTTPステータスつきのJSONで返します。不明・不正なパラメータや記録にない値は400（どのパラメータかを示します）、不明なスラッグ・コード・アドレスは404です。例：";
    ApiCaching => "Caching and use from other sites", "キャッシュと他のサイトからの利用";
    ApiCachingBody =>
        "Every answer carries an ETag that changes when the record does: send it back as If-None-Match and the answer is 304 Not Modified, without a body. Answers carry Access-Control-Allow-Origin: *, so scripts on any website may call the API.",
        "すべての応答には記録の更新とともに変わる ETag が付きます。If-None-Match で送り返すと、本文なしの 304 Not Modified が返ります。応答には Access-Control-Allow-Origin: * が付くため、どのウェブサイトのスクリプトからも呼び出せます。";
    ApiExports => "Exports of any view", "表示中の一覧のエクスポート";
    ApiExportsBody =>
        "The search, country and organisation pages link their view as a file. The addresses take the search page's parameters (without paging) and hold every match, here the activities in Vietnam:",
        "検索・国・機関のページは、表示中の一覧をファイルとしてリンクしています。アドレスは検索ページと同じパラメータ（ページ指定を除く）を取り、一致するすべての活動を含みます。例はベトナムの活動です：";
    ApiExportCsv =>
        "a spreadsheet in the page's language (UTF-8 with BOM)",
        "ページの言語の表（UTF-8、BOM付き）";
    ApiExportJson =>
        "both languages side by side, the same items as the API",
        "英語と日本語を並べたもの。APIと同じ項目";
    ApiExportXml => "IATI activity standard 2.03", "IATI活動標準 2.03";
    ApiSources =>
        "Every activity names the documents its facts come from, in its sources.",
        "すべての活動は、その事実の出典となった文書を sources に示しています。";
    Breadcrumbs => "Breadcrumbs", "パンくずリスト";
    BackToResults => "Your search results", "検索結果";
    YearRange => "Years", "年";
    FromYear => "From", "開始年";
    ToYear => "To", "終了年";
    Opens => "opens the source", "出典を開く";
    NavCountries => "Countries", "国・地域";
    CountriesTitle => "Cooperation by country", "国別の協力";
    MapTitle => "Map of activities by partner country", "パートナー国別の活動数の地図";
    LocatorTitle => "Location", "位置";
    MapCaption =>
        "Shading shows how many activities in the record take place in each partner country under the filters shown. An activity in several countries counts once in each. Japan, where every activity originates, is marked in orange.",
        "色の濃さは、表示中の条件で各パートナー国において行われた記録上の活動数を示します。複数の国にまたがる活動はそれぞれの国で1件と数えます。すべての活動の拠点である日本はオレンジ色で示しています。";
    MapHint =>
        "Point at a country, or reach it with the Tab key, to see its count; select it to open its page. The table below holds the same figures.",
        "国にカーソルを合わせるかTabキーで移動すると件数が表示され、選択するとその国のページが開きます。下の表にも同じ数値があります。";
    Legend => "Activities per country", "国ごとの活動数";
    JapanOrigin => "Japan (origin)", "日本（拠点）";
    TableHeading => "Countries with activities", "活動のある国";
    Country => "Country", "国";
    Region => "Region", "地域";
    ActivitiesCount => "Activities", "活動数";
    SortBy => "Sort by", "並べ替え";
    NoCountries => "No partner country has an activity under these filters.", "この条件に該当する活動のあるパートナー国はありません。";
    Filters => "Filters", "絞り込み";
    FilterField => "Medical field", "医療分野";
    FilterKind => "Kind of activity", "活動の種類";
    FilterStatus => "Status", "状況";
    FilterFrom => "From year", "開始年";
    FilterTo => "To year", "終了年";
    AnyOption => "Any", "すべて";
    ApplyFilters => "Apply filters", "条件を適用";
    ClearFilters => "Clear filters", "条件をクリア";
    AtAGlance => "At a glance", "概要";
    JapaneseInstitutions => "Japanese institutions", "日本の機関";
    LocalPartners => "Partner institutions in the country", "現地のパートナー機関";
    OtherParticipants => "Other participants", "その他の参加機関";
    FirstYear => "First year", "最初の年";
    LatestYear => "Latest year", "最新の年";
    PerYear => "Activities by starting year", "開始年別の活動数";
    Undated => "without a stated year", "件は年の記載なし";
    NoActivitiesHere =>
        "No activity in the record takes place in this country yet. The record grows as institutions add their work.",
        "この国での活動はまだ記録されていません。各機関が活動を登録すると、記録は増えていきます。";
    SeeAllCountries => "See all countries", "すべての国を見る";
    HomeMapHeading => "Where Japan cooperates", "日本が協力している国";
    ExploreMap => "Explore the map", "地図で見る";
    Website => "Website", "ウェブサイト";
    BasedIn => "Based in", "所在地";
    WorksIn => "Countries of its activities", "活動している国";
    Partners => "Partners", "パートナー";
    NoneYet => "None in the record yet.", "記録はまだありません。";
    Organisation => "Organisation", "機関";
    Related => "Related activities", "関連する活動";
    NavOrganizations => "Organisations", "機関";
    PartnersAbroad => "Partner institutions abroad", "海外のパートナー機関";
    Side => "Japanese or partner", "日本／海外";
    NameContains => "Name contains", "名称に含む語";
    ActiveFilters => "Active filters", "適用中の条件";
    RemoveFilter => "Remove filter", "条件を外す";
    SortRelevance => "Best match", "関連度順";
    SortNewest => "Newest", "新しい順";
    SortTitle => "Title", "タイトル順";
    PrevPage => "Previous page", "前のページ";
    NextPage => "Next page", "次のページ";
    Pagination => "Pages", "ページ";
    ShowFilters => "Filter the results", "結果を絞り込む";
    NoResultsFiltered =>
        "Remove a filter above, or try a broader search.",
        "上の条件を外すか、より広い語で検索してください。";
    // Form problems, shown next to the field.
    ProblemRequired => "This is required.", "入力してください。";
    ProblemTooLong => "This is too long.", "長すぎます。";
    ProblemNotInList => "Choose one of the listed values.", "一覧から選んでください。";
    ProblemDate => "Write a date as 2012, 2012-07 or 2012-07-15 (a period as 2015/2023-12).", "日付は 2012、2012-07、2012-07-15 の形で入力してください（期間は 2015/2023-12）。";
    ProblemEndBeforeStart => "The end is before the start.", "終了が開始より前です。";
    ProblemStatusEndPassed => "The end has already passed, so this cannot be planned or ongoing: choose Completed, or correct the end.", "終了時期がすでに過ぎているため「計画中」「実施中」にはできません。「完了」を選ぶか、終了時期を直してください。";
    ProblemStatusNotStarted => "The start is still to come, so this cannot be completed: choose Planned, or correct the start.", "開始時期がまだ来ていないため「完了」にはできません。「計画中」を選ぶか、開始時期を直してください。";
    StatusStatedOn => "The status is recorded as of the day it is checked: it must agree with the dates on that day.", "状況は確認した日の時点のものとして記録されます。その日の時点で期間と矛盾しないようにしてください。";
    StatedInSource => "In the source", "出典の表現";
    CuratorNote => "Kakehashi's note", "Kakehashiの注記";
    CuratorBasis => "Basis", "根拠";
    CuratorTitle => "Title written by Kakehashi; the document gives none", "タイトルはKakehashiによるもの（文書自体にタイトルなし）";
    RecordTitle => "Title", "タイトル";
    Download => "Download", "ダウンロード";
    OrgName => "Name", "名称";
    Profile => "Profile", "概要";
    NoteRef => "note", "注";
    NotesOnRecord => "What the sources say and what Kakehashi adds", "出典の記述とKakehashiによる補足";
    NotesOnRecordIntro => "Values above are normalised by Kakehashi. Where a source words them differently, or Kakehashi identifies or infers something the sources do not state, it is shown here.", "上記の値はKakehashiが正規化したものです。出典の表現が異なる場合や、出典に書かれていないことをKakehashiが特定・推定した場合は、ここに示します。";
    ProblemNumber => "Write a number of zero or more (1200 or 1,200).", "0以上の数字を入力してください（1200 または 1,200）。";
    ProblemMaxBelowValue => "The upper value is below the value.", "上限が値より小さくなっています。";
    ProblemUrl => "Write a web address starting with https:// or http://.", "https:// または http:// で始まるアドレスを入力してください。";
    ProblemSourceOutOfRange => "Give the number of one of the sources below (1 for the first).", "下の出典の番号を入力してください（最初の出典は1）。";
    ProblemChooseOne => "Choose at least one.", "少なくとも一つ選んでください。";
    ProblemOwnOrganisation => "Your organisation must be among the participants.", "ご所属の機関を参加機関に含めてください。";
    ProblemDuplicate => "This is listed twice.", "重複しています。";
    ProblemEmail => "Write an email address such as name@example.org.", "name@example.org のようなメールアドレスを入力してください。";
    ProblemPasswordTooShort => "Use at least 12 characters.", "12文字以上にしてください。";
    ProblemPasswordsDiffer => "The two passwords differ.", "二つのパスワードが一致しません。";
    ProblemWrongCredentials => "The email or the password is not right.", "メールアドレスまたはパスワードが正しくありません。";
    ProblemTooManyAttempts => "Too many failed attempts. Wait 15 minutes, then try again.", "失敗が続いたため、15分後にもう一度お試しください。";
    ProblemConflict => "Not approved: the activity changed since this proposal was made (see above). Return it to the editor with a reason.", "承認できません。この提案の後に活動が変更されています（上記参照）。理由を付けて編集者に差し戻してください。";
    ProblemOwnAccount => "You cannot disable your own account.", "自分のアカウントは無効にできません。";
    ProblemInvitationClosed => "This invitation was already accepted or revoked.", "この招待はすでに受諾または取り消されています。";
    ProblemWrongPassword => "The current password is not right.", "現在のパスワードが正しくありません。";
    ProblemResetLinkInvalid => "This link to set a new password is not valid: it has expired or was already used. Ask for a new one.", "このパスワード再設定リンクは無効です（期限切れまたは使用済み）。もう一度依頼してください。";
    ProblemInvitationInvalid => "This invitation link is not valid: it has expired or was already used. Ask for a new one.", "この招待リンクは無効です（期限切れまたは使用済み）。新しい招待を依頼してください。";
    ProblemReasonRequired => "Say why, so the editor can fix it.", "編集者が直せるよう、理由を書いてください。";
    ProblemAlreadyDecided => "This proposal has already been decided.", "この提案はすでに判断済みです。";
    // The activity form.
    FormTitleEn => "Title (English)", "タイトル（英語）";
    FormTitleJa => "Title (Japanese)", "タイトル（日本語）";
    FormSummaryEn => "Summary (English)", "概要（英語）";
    FormSummaryJa => "Summary (Japanese)", "概要（日本語）";
    FormStatus => "Status", "状況";
    FormStart => "Start", "開始";
    FormEnd => "End", "終了";
    FormDateHint => "2012, 2012-07 or 2012-07-15; leave empty if unknown", "2012、2012-07、2012-07-15 の形。不明なら空欄";
    FormAreaNote => "Area within the countries", "対象地域";
    FormAreaNoteEn => "Area within the countries (English, optional)", "対象地域（英語・任意）";
    FormAreaNoteJa => "Area within the countries (Japanese, optional)", "対象地域（日本語・任意）";
    FormCountry => "Country", "国";
    FormOrganisation => "Organisation", "機関";
    FormNewOrg => "An organisation not yet in the record (optional)", "まだ登録されていない機関（任意）";
    FormNewOrgNameEn => "Name (English)", "名称（英語）";
    FormNewOrgNameJa => "Name (Japanese)", "名称（日本語）";
    FormOrgKind => "Kind of organisation", "機関の種類";
    FormLabelEn => "What is counted (English)", "数える対象（英語）";
    FormLabelJa => "What is counted (Japanese)", "数える対象（日本語）";
    FormQualifier => "Exactness", "精度";
    FormPeople => "People who took part", "参加した人数";
    FormPeopleHint =>
        "Only for a number of trainees, students, attendees or experts sent; the flows of people add it up.",
        "研修生・学生・参加者・派遣専門家の人数の場合のみ選択してください。人の流れの集計に使われます。";
    FormExact => "Exact", "正確な値";
    FormValue => "Value", "値";
    FormValueMax => "Up to (for a range)", "上限（範囲の場合）";
    FormUnitEn => "Unit (English)", "単位（英語）";
    FormUnitJa => "Unit (Japanese)", "単位（日本語）";
    FormPeriod => "Period (2015 or 2015-01/2023-12)", "期間（2015 または 2015-01/2023-12）";
    FormSourceNumber => "Source number", "出典番号";
    FormSourceTitle => "Title of the source", "出典のタイトル";
    FormSourceUrl => "Web address", "URL";
    FormPublisher => "Publisher", "発行者";
    FormPublishedDate => "Date published", "公開日";
    FormChoose => "— choose —", "— 選択 —";
    FormRowsHint => "Empty rows are ignored. Save a draft to get more rows.", "空の行は無視されます。行が足りなければ下書きを保存してください。";
    FormAboutSection => "About the activity", "活動について";
    FormWhenSection => "Kind, status and dates", "種類・状況・時期";
    FormWhereSection => "Fields and countries", "分野と国";
    FormWhoSection => "Who takes part", "参加機関";
    FormFiguresSection => "Figures (optional)", "数値（任意）";
    FormSourcesSection => "Sources", "出典";
    FormSaveDraft => "Save draft", "下書きを保存";
    FormSubmit => "Submit for review", "審査に提出";
    FormErrorSummary => "Please correct the highlighted fields.", "強調された項目を修正してください。";
    // Accounts.
    LoginTitle => "Log in", "ログイン";
    LoginIntro => "For partner institutions, moderators and administrators. Visitors do not need an account.", "提携機関・モデレーター・管理者向けです。閲覧にアカウントは不要です。";
    Email => "Email", "メールアドレス";
    Password => "Password", "パスワード";
    LogIn => "Log in", "ログインする";
    LogOut => "Log out", "ログアウト";
    LoggedInAs => "Logged in as", "ログイン中：";
    PartnerLogin => "Partner institutions: log in", "提携機関の方：ログイン";
    ConfirmPassword => "Repeat the password", "パスワード（確認）";
    InviteTitle => "Accept your invitation", "招待を受ける";
    InviteIntro => "Choose a password of at least 12 characters for", "12文字以上のパスワードを設定してください：";
    SetPassword => "Set password and log in", "パスワードを設定してログイン";
    ForgotPassword => "Forgot your password?", "パスワードをお忘れですか？";
    ForgotTitle => "Set a new password", "パスワードの再設定";
    ForgotIntro => "Give the address of your account: we send a link to set a new password. It works once, for an hour.", "アカウントのメールアドレスを入力してください。パスワードを再設定するリンクを送ります（1時間以内に一度だけ有効）。";
    SendResetLink => "Send the link", "リンクを送る";
    ResetLinkSent => "If an account exists for that address, a link to set a new password is on its way. It works once, for an hour.", "そのアドレスのアカウントがあれば、パスワード再設定のリンクを送りました。1時間以内に一度だけ使えます。";
    ResetTitle => "Choose a new password", "新しいパスワードの設定";
    ResetIntro => "Choose a new password of at least 12 characters for", "12文字以上の新しいパスワードを設定してください：";
    SaveNewPassword => "Save the new password", "新しいパスワードを保存";
    PasswordResetDone => "Your password is changed. Log in with the new one.", "パスワードを変更しました。新しいパスワードでログインしてください。";
    ChangePasswordTitle => "Change your password", "パスワードの変更";
    ChangePasswordIntro => "Your other sessions (other browsers and devices) are logged out when the password changes.", "パスワードを変更すると、ほかのブラウザや端末のセッションはログアウトされます。";
    CurrentPassword => "Current password", "現在のパスワード";
    NewPassword => "New password (at least 12 characters)", "新しいパスワード（12文字以上）";
    PasswordChanged => "Password changed. Your other sessions are logged out.", "パスワードを変更しました。ほかのセッションはログアウトされました。";
    ErrorUnauthorized => "Please log in to continue.", "続けるにはログインしてください。";
    ErrorForbidden => "Your account does not have access to this page.", "このアカウントではこのページを利用できません。";
    RoleEditor => "Editor", "編集者";
    RoleModerator => "Moderator", "モデレーター";
    RoleAdmin => "Administrator", "管理者";
    // The partner's pages.
    PartnerTitle => "Your organisation's record", "自機関の記録";
    YourActivities => "Activities of your organisation", "自機関の活動";
    YourSubmissions => "Your proposals", "提案";
    NewActivity => "Propose a new activity", "新しい活動を提案";
    EditActivity => "Propose a change", "修正を提案";
    ChangeTo => "Change to", "修正：";
    NoSubmissions => "No proposals yet.", "まだ提案はありません。";
    StatusDraft => "Draft", "下書き";
    StatusPending => "Waiting for review", "審査待ち";
    StatusApproved => "Published", "公開済み";
    StatusRejected => "Returned", "差し戻し";
    Reason => "Reason", "理由";
    ContinueEditing => "Continue editing", "編集を続ける";
    DraftSaved => "Draft saved. Only your organisation's editors and the moderators can see it.", "下書きを保存しました。自機関の編集者とモデレーターだけが閲覧できます。";
    Submitted => "Submitted. A moderator will review it; it stays unpublished until approved.", "提出しました。モデレーターの承認まで公開されません。";
    // Moderation.
    ModerationTitle => "Moderation", "モデレーション";
    QueueEmpty => "Nothing is waiting for review.", "審査待ちの提案はありません。";
    ProposedBy => "Proposed by", "提案者";
    SubmittedAt => "Submitted", "提出日時";
    ReviewTitle => "Review a proposal", "提案の審査";
    NewActivityBadge => "New activity", "新規の活動";
    ColumnPart => "Part of the record", "項目";
    ColumnBefore => "Published now", "現在の公開内容";
    ColumnThen => "When the proposal was made", "提案の時点";
    ColumnNow => "Published now", "現在の公開内容";
    ChangedByBoth => "also changed by this proposal", "この提案でも変更";
    ConflictTitle => "Changed since this proposal was made", "提案後に変更された内容";
    ConflictIntro => "This proposal was made from an earlier version of the activity; a later one has been published since. Approving it would overwrite those changes, so it cannot be approved as it is. Return it to the editor: they will see their proposal on top of the current version, and can check it and submit it again.", "この提案は以前の版をもとに作られ、その後に新しい版が公開されています。承認するとその変更を上書きするため、このままでは承認できません。編集者に差し戻すと、現在の版に提案内容を重ねたフォームが表示され、確認して再提出できます。";
    ConflictUnknown => "The content of the earlier version was not kept: compare every part with the published version.", "以前の版の内容は保存されていません。すべての項目を公開中の内容と比べてください。";
    ConflictReasonDefault => "The activity was changed since you made this proposal. Please check your proposal against the current version and submit it again.", "この提案の後に活動が更新されました。現在の版と照らして提案を確認し、再提出してください。";
    RebasedNotice => "The published version changed since this proposal was made. The form now shows the current version with your changes on top: check it, then submit it again.", "この提案の後に公開版が変更されました。フォームには現在の版にあなたの変更を重ねた内容を表示しています。確認のうえ再提出してください。";
    RevisionOf => "revision", "版";
    ColumnAfter => "Proposed", "提案内容";
    NoChanges => "The proposal changes nothing.", "変更点はありません。";
    Approve => "Approve and publish", "承認して公開";
    Reject => "Return with a reason", "理由を付けて差し戻す";
    RejectReason => "Reason (shown to the editor)", "理由（編集者に表示されます）";
    Decided => "Decided", "判断済み";
    Approved => "Approved and published.", "承認し、公開しました。";
    Rejected => "Returned to the editor.", "編集者に差し戻しました。";
    // Administration.
    AdminTitle => "Administration", "管理";
    Accounts => "Accounts", "アカウント";
    Invitations => "Invitations", "招待";
    Outbox => "Outbox (mail the site sends)", "送信メール";
    Delivery => "Delivery", "送信状況";
    MailSent => "Sent", "送信済み";
    MailWaiting => "Waiting to be sent", "送信待ち";
    MailRetrying => "Not sent yet, will try again; attempts so far:", "未送信（再試行します）。試行回数：";
    MailGivenUp => "Not sent, given up; attempts:", "送信を断念しました。試行回数：";
    AuditLog => "Audit log", "監査ログ";
    InviteSomeone => "Invite someone", "招待する";
    CreateInvitation => "Create invitation", "招待を作成";
    InvitationCreated => "Invitation created: the message with its link is in the outbox below.", "招待を作成しました。リンク付きのメッセージは下の送信待ちにあります。";
    Expires => "Expires", "有効期限";
    Expired => "Expired", "期限切れ";
    Revoked => "Revoked", "取り消し済み";
    Resend => "Send again", "再送する";
    Revoke => "Revoke", "取り消す";
    InvitationResent => "Invitation sent again with a new link; the old link no longer works.", "新しいリンクで招待を再送しました。以前のリンクは使えません。";
    InvitationRevoked => "Invitation revoked: its link no longer works.", "招待を取り消しました。リンクは使えません。";
    AccountState => "State", "状態";
    AccountActive => "Active", "有効";
    AccountDisabled => "Disabled", "無効";
    Disable => "Disable", "無効にする";
    Enable => "Enable", "有効にする";
    AccountWasDisabled => "Account disabled: its sessions have ended.", "アカウントを無効にしました。セッションは終了しました。";
    AccountWasEnabled => "Account enabled: it can log in again.", "アカウントを有効にしました。再びログインできます。";
    Accepted => "Accepted", "受諾済み";
    Open => "Open", "未使用";
    Recipient => "To", "宛先";
    Subject => "Subject", "件名";
    When => "When", "日時";
    Action => "Action", "操作";
    Actor => "Who", "実行者";
    AddressIp => "Address", "接続元";
    Detail => "Detail", "詳細";
    // History.
    HistoryTitle => "History of changes", "変更履歴";
    RevisionN => "Revision", "版";
    ChangedParts => "What changed", "変更された項目";
    FirstPublished => "First published", "初版公開";
    ApprovedBy => "approved by a moderator", "モデレーターが承認";
    // Trust and citation.
    ConfirmationFacet => "Confirmation", "確認状況";
    TrustHeading => "Who stands behind this record", "この記録の確認状況";
    ReportedBy => "Reported by", "報告";
    ReportedByCurators =>
        "Kakehashi's curators, from the published sources listed below",
        "架け橋の編集者（下記の公開資料に基づく）";
    ConfirmedBy => "Confirmed by", "確認した機関";
    ConfirmedEarlierVersion => "confirmed an earlier version", "以前の版を確認";
    NotConfirmedYet =>
        "No organisation named in this record has confirmed this version yet.",
        "この版は、記録に掲載された機関によってまだ確認されていません。";
    LastConfirmed => "Last confirmed", "最終確認日";
    NeverConfirmed => "never", "なし";
    ThisVersion => "This page shows", "このページの版";
    PublishedOn => "published", "公開";
    EarlierVersionNotice =>
        "This is an earlier version of this record, exactly as it was published. The record has changed since.",
        "これはこの記録の以前の版で、公開時の内容そのままです。記録はその後更新されています。";
    SeeCurrentVersion => "See the current version", "最新版を見る";
    ViewVersion => "See this version as published", "公開時の内容を見る";
    AllVersions => "All versions", "すべての版";
    VersionNotKept =>
        "This version was replaced before Kakehashi kept every version; its history entry lists what changed.",
        "この版は、架け橋がすべての版を保存する前に置き換えられました。変更点は履歴に記載されています。";
    CiteHeading => "Cite this record", "この記録を引用する";
    CiteIntro =>
        "Each citation points to this version's permanent address, with today as the date you accessed it.",
        "引用は、この版の固定リンクと本日の閲覧日を示します。";
    CiteIn => "In English", "英語";
    CiteInJapanese => "In Japanese", "日本語";
    CiteDownload => "Download for a reference manager", "文献管理ソフト用にダウンロード";
    ConfirmButton => "Confirm: accurate as published", "公開内容が正確であることを確認";
    ConfirmedByYou => "Your organisation has confirmed this version", "貴機関はこの版を確認済みです";
    ConfirmDone => "Thank you: your confirmation is published on the record's page.", "確認しました。記録のページに表示されます。";
    ConfirmOutdated =>
        "Not confirmed: a newer version was published since you opened this page. Read it and confirm again.",
        "確認できませんでした。このページを開いた後に新しい版が公開されています。内容を読んでから改めて確認してください。";
    StaleHeading => "Please confirm or update", "確認または更新をお願いします";
    StaleIntro =>
        "Nobody has confirmed or changed these records for 12 months. Confirm them if they are still accurate, or propose a correction.",
        "これらの記録は12か月間、確認も更新もされていません。正確であれば確認し、変更があれば修正を提案してください。";
    StaleSince => "due since", "期限";
    StaleCount => "records not confirmed for 12 months", "件の記録が12か月間未確認";
    NoStale => "Every record of your organisation has been confirmed or updated within 12 months.", "貴機関の記録はすべて12か月以内に確認または更新されています。";
    // About.
    NavAbout => "How the record is kept", "記録の作り方";
    AboutTitle => "How the record is kept", "記録の作り方";
    AboutIntro =>
        "Kakehashi is one public, bilingual and sourced record of Japan's international medical cooperation. This page explains where each fact comes from, who checks it and how to cite it.",
        "架け橋は、日本の国際医療協力を一つの公開・二言語・出典付きの記録にまとめたものです。このページでは、各情報の出所、確認の仕組み、引用の方法を説明します。";
    AboutSourcesHeading => "Sources", "出典";
    AboutSources =>
        "Every record rests on published sources: press releases, reports and programme pages of the institutions involved. Each figure names the source it comes from; where a source's wording differs from the record's, the record says so.",
        "すべての記録は、関係機関のプレスリリース、報告書、事業ページなどの公開資料に基づいています。数値にはそれぞれ出典を示し、出典の表現と記録の表現が異なる場合はその旨を記載しています。";
    AboutModerationHeading => "Moderation", "モデレーション";
    AboutModeration =>
        "The institutions named in a record keep it current: their editors propose new activities and corrections through forms, and Kakehashi's moderators check each proposal against its sources before it is published. Nothing is published without a moderator's approval.",
        "記録に掲載された機関の編集者がフォームから新しい活動や修正を提案し、架け橋のモデレーターが出典と照合してから公開します。モデレーターの承認なしに公開されるものはありません。";
    AboutConfirmationHeading => "Confirmation by both sides", "双方による確認";
    AboutConfirmation =>
        "An editor of any organisation named in a record can confirm that the published version is accurate. A record is confirmed by both sides when at least one institution in Japan and one partner abroad have confirmed its current version. A new version starts unconfirmed; earlier confirmations stay visible as confirmations of an earlier version. Records nobody has confirmed or changed for 12 months are flagged to their editors.",
        "記録に掲載されたいずれの機関の編集者も、公開内容が正確であることを確認できます。日本の機関と海外のパートナー機関の少なくとも一つずつが現在の版を確認すると「双方が確認済み」となります。新しい版は未確認から始まり、以前の確認は「以前の版を確認」として表示され続けます。12か月間確認も更新もされていない記録は、編集者に通知されます。";
    AboutRevisionsHeading => "Versions", "版";
    AboutRevisions =>
        "Every approved change publishes a new version. Each version keeps a permanent address (…/v/1, …/v/2) that shows it exactly as it was published, and each record's history lists its versions and what changed.",
        "承認された変更ごとに新しい版が公開されます。各版には固定リンク（…/v/1、…/v/2）があり、公開時の内容をそのまま表示します。各記録の変更履歴には版と変更点が一覧されます。";
    AboutCiteHeading => "How to cite", "引用の方法";
    AboutCite =>
        "Cite the version you used: each record's page has a \"Cite this record\" section with a formatted reference in English and Japanese and downloads in CSL-JSON, RIS and BibTeX, each pointing to the version's permanent address with your access date. Pages also carry citation tags that Zotero and Google Scholar read.",
        "使用した版を引用してください。各記録のページの「この記録を引用する」欄に英語と日本語の参考文献表記があり、CSL-JSON・RIS・BibTeX形式でダウンロードできます。いずれも版の固定リンクと閲覧日を含みます。ページにはZoteroやGoogle Scholarが読み取る引用情報タグも含まれています。";
    AboutFigures => "The record today", "現在の記録";
    AboutRecords => "published records", "件の公開記録";
    AboutSourceCount => "cited sources", "件の出典";
    AboutBothSides => "confirmed by both sides", "双方が確認済み";
    FeedNewActivity => "New activity", "新しい活動";
    FeedChangedActivity => "Updated", "更新";
    NavInsights => "Insights", "全体像";
    HomeInsights =>
        "See the shape of cooperation: countries × fields, flows of people, trends",
        "協力の全体像を見る：国×分野、人の流れ、推移";
    CountryInMatrix => "Its row in the countries × fields matrix", "国×分野の表でこの国を見る";
    CountryFlows => "Flows of people between Japan and this country", "日本とこの国の間の人の流れを見る";
}}

texts! {
/// A piece of the insights section's text (`/insights`), kept apart from [`Key`] so that
/// only the section's own code, loaded when a visitor goes there, carries it.
InsightText {
    Title => "The shape of cooperation", "協力の全体像";
    Lead =>
        "Where Japan's medical cooperation is dense and where it is absent, which way people move, and how it has changed. Every number counts activities in the record under the filters shown, and leads to the activities behind it.",
        "日本の医療協力がどこに集中し、どこに空白があるか、人がどちらへ動いているか、どう変わってきたか。すべての数値は表示中の条件での記録上の活動数で、その活動の一覧につながっています。";
    Views => "Views", "表示";
    MatrixTab => "Countries × fields", "国×分野";
    FlowsTab => "Flows of people", "人の流れ";
    TrendsTab => "Trends", "推移";
    MatrixHeading => "Activities by partner country and medical field", "相手国・医療分野別の活動数";
    MatrixCaption =>
        "Each cell counts the activities in one partner country and one medical field under the filters; select a number to see those activities. An activity in several countries or fields counts in each of their cells, while a total counts each activity once, so a total can be less than the sum of its cells. Rows are grouped by region, columns by DAC purpose code.",
        "各セルは、表示中の条件で1つの相手国・1つの医療分野に該当する活動の数です。数字を選ぶとその活動の一覧が開きます。複数の国や分野にまたがる活動はそれぞれのセルで数えますが、合計では各活動を1件と数えるため、合計がセルの和より小さいことがあります。行は地域ごと、列はDAC目的コードごとにまとめています。";
    Order => "Order", "並び順";
    GroupedOrder => "Grouped by region and field group", "地域・分野群ごと";
    TotalOrder => "By total, largest first", "合計の多い順";
    Total => "Total", "合計";
    NoActivity => "no activity", "活動なし";
    GapLegend =>
        "gap: none in a field most of the region's active countries have",
        "空白：同じ地域の活動国の多くにある分野で活動なし";
    GapsHeading => "Gaps", "空白";
    GapsIntro =>
        "A field is common in a region when at least half of the region's countries with activity, and at least two, have an activity in it. A gap is a country with activity that has none in one of its region's common fields.",
        "ある分野について、地域内で活動のある国の半数以上（かつ2か国以上）に活動がある場合、その分野を地域の共通分野とします。空白とは、活動のある国が地域の共通分野のいずれかで活動を持たないことです。";
    NoGaps => "No gaps under these filters.", "この条件では空白はありません。";
    NoMatrix => "No activity with a partner country matches these filters.", "この条件に該当する、相手国のある活動はありません。";
    FlowsCaption =>
        "Each arc joins Japan and a partner country; its colour, line and arrow say which way people move, by the kind of activity: to Japan (trainees and students received), from Japan (surgical training, lectures, symposia, seminars and visits abroad) or online (webinars). Agreements, facilities, joint research and capacity-building programmes are not drawn. Point at an arc, or reach it with the Tab key, for its numbers; select it for its activities.",
        "各弧は日本と相手国を結び、色・線・矢印で、活動の種類から見た人の動く方向を示します。日本へ（研修生・留学生の受入れ）、日本から（海外での手術指導・講義・シンポジウム・セミナー・訪問）、オンライン（ウェビナー）です。協定・施設・共同研究・人材育成プログラムは描いていません。弧にカーソルを合わせるかTabキーで移動すると数値が表示され、選択するとその活動の一覧が開きます。";
    FlowsMapTitle => "Map of flows of people between Japan and its partner countries", "日本と相手国の間の人の流れの地図";
    WidthBy => "Arc width", "弧の太さ";
    ByActivities => "by number of activities", "活動数で表示";
    ByPeople => "by people stated in figures", "数値に示された人数で表示";
    ByPeopleNote =>
        "Only arcs whose activities state how many people took part are drawn; the people of activities naming several countries are counted below the table, not on an arc.",
        "参加人数が示された活動のある弧のみ描いています。複数の国にまたがる活動の人数は、弧ではなく表の下で数えています。";
    FlowsTableHeading => "The flows as a table", "人の流れ（表）";
    Direction => "Direction", "方向";
    People => "People stated", "示された人数";
    FiguresAndSources => "Figures and their sources", "数値と出典";
    Unplaced => "Not on one country", "国を特定できない分";
    UnplacedNote =>
        "People of activities that name several countries or none, and people whose countries the source does not give, are counted for their direction here, never split between countries.",
        "複数の国にまたがる活動や国の記載がない活動の人数、出身国が出典に示されていない人数は、国に振り分けず、方向ごとにここで数えています。";
    NoFlows =>
        "No activity under these filters moves people between Japan and a partner country.",
        "この条件では、日本と相手国の間で人が動く活動はありません。";
    TrendsCaption =>
        "Each small chart counts, under the filters, the activities that started in each year (or ended, when no start is given), on the same scale. An activity in two regions counts in both. The years run from the first to the last that these activities name.",
        "各グラフは、表示中の条件で各年に始まった活動（開始の記載がないものは終了年）の数を、同じ目盛りで示します。2つの地域にまたがる活動は両方で数えます。年の範囲は、該当する活動の最初の年から最後の年までです。";
    ByRegion => "By region", "地域別";
    ByKind => "By kind of activity", "活動の種類別";
    NoCountryStated => "No country stated", "国の記載なし";
    TrendsTable => "The same as a table", "同じ内容を表で見る";
    Year => "Year", "年";
    NoTrends => "No dated activity matches these filters.", "この条件に該当する、年の分かる活動はありません。";
    Ignored => "Not understood, and left out:", "理解できなかったため無視した条件：";
    Unknown => "Not in the record, so nothing matches:", "記録にない値のため該当なし：";
    CsvLabel => "this view as a spreadsheet (CSV, UTF-8)", "この表示を表計算用に（CSV、UTF-8）";
}}

/// "Version 3" / "第3版".
pub fn version_label(locale: Locale, n: i64) -> String {
    match locale {
        Locale::En => format!("Version {n}"),
        Locale::Ja => format!("第{n}版"),
    }
}

/// "12 activities" / "12件の活動": a count followed by its noun.
pub fn count_label(locale: Locale, n: i64, key: Key) -> String {
    match locale {
        Locale::En => format!("{n} {}", key.text(locale)),
        Locale::Ja => format!("{n}{}", key.text(locale)),
    }
}

impl Locale {
    /// The Open Graph locale of a page in this language.
    pub fn og_locale(self) -> &'static str {
        match self {
            Locale::En => "en_GB",
            Locale::Ja => "ja_JP",
        }
    }
}

/// "Page 2 of 5" / "2 / 5 ページ".
pub fn page_position(locale: Locale, page: u32, pages: u32) -> String {
    match locale {
        Locale::En => format!("Page {page} of {pages}"),
        Locale::Ja => format!("{page} / {pages} ページ"),
    }
}

/// What a shortened list leaves out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum More {
    Organisations,
    Countries,
}

/// " and 3 more" / " ほか3機関" (or " ほか3か国"), appended to a shortened list.
pub fn and_more(locale: Locale, more: usize, what: More) -> String {
    match (locale, what) {
        (Locale::En, _) => format!(" and {more} more"),
        (Locale::Ja, More::Organisations) => format!(" ほか{more}機関"),
        (Locale::Ja, More::Countries) => format!(" ほか{more}か国"),
    }
}

/// The separator of a list written in a sentence: ", " / "、".
pub fn list_separator(locale: Locale) -> &'static str {
    match locale {
        Locale::En => ", ",
        Locale::Ja => "、",
    }
}

/// What joins a label to its value: "Basis: …" / "根拠：…".
pub fn label_separator(locale: Locale) -> &'static str {
    match locale {
        Locale::En => ": ",
        Locale::Ja => "：",
    }
}

/// An Atom feed's title: the site's ("Kakehashi — latest activities and changes") or one
/// country's or organisation's ("Kakehashi — Mongolia: latest activities and changes" /
/// "架け橋 — モンゴルの最新の活動と更新").
pub fn feed_title(locale: Locale, of: Option<&str>) -> String {
    let site = Key::SiteName.text(locale);
    match (locale, of) {
        (Locale::En, None) => format!("{site} — latest activities and changes"),
        (Locale::En, Some(name)) => format!("{site} — {name}: latest activities and changes"),
        (Locale::Ja, None) => format!("{site} — 最新の活動と更新"),
        (Locale::Ja, Some(name)) => format!("{site} — {name}の最新の活動と更新"),
    }
}

/// A feed entry's summary of an approved change: "What changed: Title, Figures. {summary}"
/// / "変更された項目：タイトル、数値。{summary}".
pub fn change_summary(locale: Locale, parts: &[&str], summary: &str) -> String {
    if parts.is_empty() {
        return summary.to_string();
    }
    let end = match locale {
        Locale::En => ". ",
        Locale::Ja => "。",
    };
    format!(
        "{}{}{}{end}{summary}",
        Key::ChangedParts.text(locale),
        label_separator(locale),
        parts.join(list_separator(locale))
    )
}

/// "2012: 3" / "2012年：3件", one year of a chart in words.
pub fn year_count(locale: Locale, year: u16, n: u32) -> String {
    match locale {
        Locale::En => format!("{year}: {n}"),
        Locale::Ja => format!("{year}年：{n}件"),
    }
}

/// "One scale for every chart: the tallest bar is 3 activities in a year." /
/// "すべてのグラフで目盛りは共通です（最も高い棒は1年に3件）。"
pub fn bar_scale(locale: Locale, max: u32) -> String {
    match locale {
        Locale::En => format!(
            "One scale for every chart: the tallest bar is {} in a year.",
            activities_count(locale, max)
        ),
        Locale::Ja => format!("すべてのグラフで目盛りは共通です（最も高い棒は1年に{max}件）。"),
    }
}

/// "2 without a stated year" / "ほかに2件は年の記載なし", beside a chart of activities per year.
pub fn undated_count(locale: Locale, n: u32) -> String {
    match locale {
        Locale::En => format!("{n} {}", Key::Undated.text(locale)),
        Locale::Ja => format!("ほかに{n}{}", Key::Undated.text(locale)),
    }
}

/// "Mongolia · 4 activities" / "モンゴル・4件", an organisation's line in a list.
pub fn place_and_count(locale: Locale, place: &str, n: u32) -> String {
    match locale {
        Locale::En => format!(
            "{place} · {n} {}",
            if n == 1 { "activity" } else { "activities" }
        ),
        Locale::Ja => format!("{place}・{n}件"),
    }
}

/// "See all 1234 activities" / "1234件の活動をすべて見る", under a bounded list of cards.
pub fn all_activities(locale: Locale, n: u32) -> String {
    match locale {
        Locale::En => format!("See all {n} activities"),
        Locale::Ja => format!("{n}件の活動をすべて見る"),
    }
}

/// "12 more institutions in the search" / "ほか12機関を検索で見る", under a bounded list of
/// organisations.
pub fn more_institutions(locale: Locale, n: u32) -> String {
    match locale {
        Locale::En if n == 1 => "1 more institution in the search".to_string(),
        Locale::En => format!("{n} more institutions in the search"),
        Locale::Ja => format!("ほか{n}機関を検索で見る"),
    }
}

/// "Mongolia: 4 activities" / "モンゴル：4件", a country on the map.
pub fn country_count(locale: Locale, name: &str, count: u32) -> String {
    match locale {
        Locale::En if count == 1 => format!("{name}: 1 activity"),
        Locale::En => format!("{name}: {count} activities"),
        Locale::Ja => format!("{name}：{count}件"),
    }
}

/// "Japan (origin)" / "日本（拠点）", Japan on the map.
pub fn origin(locale: Locale, name: &str) -> String {
    match locale {
        Locale::En => format!("{name} (origin)"),
        Locale::Ja => format!("{name}（拠点）"),
    }
}

/// "none" / "なし", the legend's entry for no activity.
pub fn none_label(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "none",
        Locale::Ja => "なし",
    }
}

/// "12 organisations" / "12機関".
pub fn organisations_count(locale: Locale, n: usize) -> String {
    match locale {
        Locale::En => format!(
            "{n} {}",
            if n == 1 {
                "organisation"
            } else {
                "organisations"
            }
        ),
        Locale::Ja => format!("{n}機関"),
    }
}

/// "3 results for “liver”" in the page's language.
pub fn results_summary(locale: Locale, n: usize, q: &str) -> String {
    match (locale, q.trim().is_empty()) {
        (Locale::En, true) => format!("{n} {}", if n == 1 { "activity" } else { "activities" }),
        (Locale::En, false) => format!(
            "{n} {} for “{}”",
            if n == 1 { "result" } else { "results" },
            q.trim()
        ),
        (Locale::Ja, true) => format!("{n}件の活動"),
        (Locale::Ja, false) => format!("「{}」の検索結果：{n}件", q.trim()),
    }
}

/// "1 activity", "12 activities" / "12件".
pub fn activities_count(locale: Locale, n: u32) -> String {
    match locale {
        Locale::En if n == 1 => "1 activity".to_string(),
        Locale::En => format!("{n} activities"),
        Locale::Ja => format!("{n}件"),
    }
}

/// "1 person", "76 people" / "76人".
pub fn people_count(locale: Locale, n: u32) -> String {
    match locale {
        Locale::En if n == 1 => "1 person".to_string(),
        Locale::En => format!("{n} people"),
        Locale::Ja => format!("{n}人"),
    }
}

/// "Mongolia · Oncology: 2 activities" / "モンゴル・腫瘍学：2件", a cell of the matrix;
/// "Mongolia · Oncology: no activity" / "モンゴル・腫瘍学：活動なし" for an empty one.
pub fn cell_label(locale: Locale, row: &str, column: &str, n: u32) -> String {
    let count = if n == 0 {
        InsightText::NoActivity.text(locale).to_string()
    } else {
        activities_count(locale, n)
    };
    match locale {
        Locale::En => format!("{row} · {column}: {count}"),
        Locale::Ja => format!("{row}・{column}：{count}"),
    }
}

/// "26 activities in 22 partner countries and 25 medical fields" / "22か国・25分野の26件の活動".
pub fn matrix_glance(locale: Locale, activities: u32, countries: usize, fields: usize) -> String {
    match locale {
        Locale::En => format!(
            "{} in {countries} partner {} and {fields} medical {}",
            activities_count(locale, activities),
            if countries == 1 {
                "country"
            } else {
                "countries"
            },
            if fields == 1 { "field" } else { "fields" },
        ),
        Locale::Ja => format!("{countries}か国・{fields}分野の{activities}件の活動"),
    }
}

/// "3 activities name no partner country and are in no row." /
/// "相手国の記載がない3件の活動は、どの行にも含まれていません。"
pub fn placeless(locale: Locale, n: u32) -> String {
    match locale {
        Locale::En if n == 1 => "1 activity names no partner country and is in no row.".to_string(),
        Locale::En => format!("{n} activities name no partner country and are in no row."),
        Locale::Ja => format!("相手国の記載がない{n}件の活動は、どの行にも含まれていません。"),
    }
}

/// "Vietnam has none in Liver transplantation, which 3 of the 5 countries with activity in
/// South-eastern Asia have." / "ベトナム：肝移植の活動なし（東南アジアで活動のある5か国中3か国にあり）"
pub fn gap_line(
    locale: Locale,
    country: &str,
    field: &str,
    have: usize,
    of: usize,
    region: &str,
) -> String {
    match locale {
        Locale::En => format!(
            "{country} has none in {field}, which {have} of the {of} countries with activity in {region} have."
        ),
        Locale::Ja => format!("{country}：{field}の活動なし（{region}で活動のある{of}か国中{have}か国にあり）"),
    }
}

/// " and 12 more" / "ほか12件", after a shortened list of gaps or figures.
pub fn and_n_more(locale: Locale, n: usize) -> String {
    match locale {
        Locale::En => format!("… and {n} more"),
        Locale::Ja => format!("…ほか{n}件"),
    }
}

/// A label in the middle of a sentence: "To Japan" → "to Japan" (English only).
fn in_sentence(locale: Locale, label: &str) -> String {
    let mut chars = label.chars();
    match (locale, chars.next()) {
        (Locale::En, Some(first)) => first.to_lowercase().chain(chars).collect(),
        _ => label.to_string(),
    }
}

/// A flow's numbers: "Vietnam, to Japan: 3 activities; 84 people stated in 2 of them" /
/// "ベトナム（日本へ）：3件、うち2件に示された人数84人".
pub fn flow_label(
    locale: Locale,
    place: &str,
    direction: &str,
    activities: u32,
    people: u32,
    with_people: u32,
) -> String {
    let count = activities_count(locale, activities);
    match (locale, with_people) {
        (Locale::En, 0) => format!("{place}, {}: {count}", in_sentence(locale, direction)),
        (Locale::En, n) => format!(
            "{place}, {}: {count}; {} stated in {}",
            in_sentence(locale, direction),
            people_count(locale, people),
            if n == activities {
                "them".to_string()
            } else if n == 1 {
                "1 of them".to_string()
            } else {
                format!("{n} of them")
            },
        ),
        (Locale::Ja, 0) => format!("{place}（{direction}）：{count}"),
        (Locale::Ja, n) => {
            format!("{place}（{direction}）：{count}、うち{n}件に示された人数{people}人")
        }
    }
}

/// "People stated: 84 to Japan · 73 from Japan · 280 online" / "示された人数：日本へ84人・日本から73人・オンライン280人".
pub fn people_glance(locale: Locale, parts: &[(&str, u32)]) -> String {
    let parts: Vec<String> = parts
        .iter()
        .map(|(direction, n)| match locale {
            Locale::En => format!(
                "{} {}",
                people_count(locale, *n),
                in_sentence(locale, direction)
            ),
            Locale::Ja => format!("{direction}{n}人"),
        })
        .collect();
    match locale {
        Locale::En => format!("People stated: {}", parts.join(" · ")),
        Locale::Ja => format!("示された人数：{}", parts.join("・")),
    }
}

/// "Years 1983–2024: 23 dated activities" / "1983年〜2024年：年の分かる活動23件".
pub fn years_glance(locale: Locale, first: u16, last: u16, dated: u32) -> String {
    match locale {
        Locale::En => format!(
            "Years {first}–{last}: {dated} dated {}",
            if dated == 1 { "activity" } else { "activities" }
        ),
        Locale::Ja => format!("{first}年〜{last}年：年の分かる活動{dated}件"),
    }
}

/// "Eastern Asia: 1987: 1, 2013: 1" — a small chart in words (years with activities only).
pub fn series_description(locale: Locale, series: &str, years: &[(u16, u32)]) -> String {
    let parts: Vec<String> = years
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|&(y, n)| year_count(locale, y, n))
        .collect();
    format!(
        "{series}{}{}",
        label_separator(locale),
        parts.join(list_separator(locale))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_the_path() {
        assert_eq!(Locale::from_path("/"), Locale::En);
        assert_eq!(Locale::from_path("/activities"), Locale::En);
        assert_eq!(Locale::from_path("/ja"), Locale::Ja);
        assert_eq!(Locale::from_path("/ja/activities/x"), Locale::Ja);
        assert_eq!(Locale::from_path("/japan"), Locale::En);
    }

    #[test]
    fn the_language_switch_keeps_the_view() {
        assert_eq!(
            Locale::Ja.switch_href("/activities", "?q=liver"),
            "/ja/activities?q=liver"
        );
        assert_eq!(
            Locale::En.switch_href("/ja/activities", "?q=liver"),
            "/activities?q=liver"
        );
        assert_eq!(Locale::Ja.switch_href("/", ""), "/ja");
        assert_eq!(Locale::En.switch_href("/ja", ""), "/");
        assert_eq!(
            Locale::En.switch_href("/ja/activities/x", ""),
            "/activities/x"
        );
    }

    #[test]
    fn every_text_has_both_translations_and_they_differ() {
        let keys = Key::ALL
            .iter()
            .map(|(k, t)| (k, t.text(Locale::En), t.text(Locale::Ja)));
        let insights = InsightText::ALL
            .iter()
            .map(|(k, t)| (k, t.text(Locale::En), t.text(Locale::Ja)));
        for (key, en, ja) in keys.chain(insights) {
            assert!(!en.trim().is_empty(), "{key} has no English");
            assert!(!ja.trim().is_empty(), "{key} has no Japanese");
            assert_ne!(en, ja, "{key} is not translated");
        }
    }

    #[test]
    fn results_summaries_read_naturally() {
        assert_eq!(
            results_summary(Locale::En, 1, "liver"),
            "1 result for “liver”"
        );
        assert_eq!(results_summary(Locale::En, 3, " "), "3 activities");
        assert_eq!(
            results_summary(Locale::Ja, 2, "肝移植"),
            "「肝移植」の検索結果：2件"
        );
    }
}
