// Build-time generator for data/generated/world-map.json.
//
//   cd tools/map && npm ci && node generate.mjs
//
// Reads Natural Earth 1:50m country outlines (world-atlas, public domain),
// simplifies them, projects them with Equal Earth into a 960x500 viewBox and
// writes one SVG path per ISO 3166-1 country, together with English and
// Japanese names (i18n-iso-countries, MIT) and the UN M49 sub-region.
// The output is deterministic: running this twice gives the same bytes.

import { createRequire } from "node:module";
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { geoEqualEarth, geoPath, geoCentroid } from "d3-geo";

const require = createRequire(import.meta.url);
const topojson = require("topojson-client");
const simplifyLib = require("topojson-simplify");
const countries = require("i18n-iso-countries");
countries.registerLocale(require("i18n-iso-countries/langs/en.json"));
countries.registerLocale(require("i18n-iso-countries/langs/ja.json"));
const topology = require("world-atlas/countries-50m.json");

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(HERE, "../../data/generated/world-map.json");

// ---------------------------------------------------------------- settings

const WIDTH = 960;
const HEIGHT = 500;
const MARGIN = 8; // px kept free around the fitted map
// Fraction of (non-endpoint) arc points kept by Visvalingam simplification,
// weighted by spherical triangle area (so the same weight is the same number
// of px² anywhere on an equal-area projection).
const KEEP_QUANTILE = 0.2;
// Polygons (islands) smaller than this many px² after simplification are
// dropped, except the largest polygon of each country.
const MIN_ISLAND_PX2 = 0.5;
// A country whose whole outline is smaller than this is drawn as a marker.
const MARKER_MAX_PX2 = 2;
// Coordinates are written in tenths of a pixel.
const SCALE = 10;

// ------------------------------------------------------------- M49 table
// UN M49 sub-regions (Standard country or area codes for statistical use).
// Taiwan and Kosovo are not listed by M49; they are placed geographically.
// Antarctica has no sub-region.

const REGIONS = [
  // slug, m49, name_en, name_ja, continent, intermediate region, members
  ["northern-africa", "015", "Northern Africa", "北アフリカ", "africa", null,
    "DZ EG LY MA SD TN EH"],
  ["eastern-africa", "014", "Eastern Africa", "東アフリカ", "africa", "sub-saharan-africa",
    "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW"],
  ["middle-africa", "017", "Middle Africa", "中部アフリカ", "africa", "sub-saharan-africa",
    "AO CM CF TD CG CD GQ GA ST"],
  ["southern-africa", "018", "Southern Africa", "南部アフリカ", "africa", "sub-saharan-africa",
    "BW SZ LS NA ZA"],
  ["western-africa", "011", "Western Africa", "西アフリカ", "africa", "sub-saharan-africa",
    "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG"],
  ["caribbean", "029", "Caribbean", "カリブ", "americas", "latin-america-and-the-caribbean",
    "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI"],
  ["central-america", "013", "Central America", "中央アメリカ", "americas", "latin-america-and-the-caribbean",
    "BZ CR SV GT HN MX NI PA"],
  ["south-america", "005", "South America", "南アメリカ", "americas", "latin-america-and-the-caribbean",
    "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE"],
  ["northern-america", "021", "Northern America", "北アメリカ", "americas", null,
    "BM CA GL PM US"],
  ["central-asia", "143", "Central Asia", "中央アジア", "asia", null,
    "KZ KG TJ TM UZ"],
  ["eastern-asia", "030", "Eastern Asia", "東アジア", "asia", null,
    "CN HK MO KP JP MN KR TW"],
  ["south-eastern-asia", "035", "South-eastern Asia", "東南アジア", "asia", null,
    "BN KH ID LA MY MM PH SG TH TL VN"],
  ["southern-asia", "034", "Southern Asia", "南アジア", "asia", null,
    "AF BD BT IN IR MV NP PK LK"],
  ["western-asia", "145", "Western Asia", "西アジア", "asia", null,
    "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE"],
  ["eastern-europe", "151", "Eastern Europe", "東ヨーロッパ", "europe", null,
    "BY BG CZ HU PL MD RO RU SK UA"],
  ["northern-europe", "154", "Northern Europe", "北ヨーロッパ", "europe", null,
    "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB"],
  ["southern-europe", "039", "Southern Europe", "南ヨーロッパ", "europe", null,
    "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK"],
  ["western-europe", "155", "Western Europe", "西ヨーロッパ", "europe", null,
    "AT BE FR DE LI LU MC NL CH"],
  ["australia-and-new-zealand", "053", "Australia and New Zealand", "オーストラリア・ニュージーランド", "oceania", null,
    "AU CX CC HM NZ NF"],
  ["melanesia", "054", "Melanesia", "メラネシア", "oceania", null,
    "FJ NC PG SB VU"],
  ["micronesia", "057", "Micronesia", "ミクロネシア", "oceania", null,
    "GU KI MH FM NR MP PW UM"],
  ["polynesia", "061", "Polynesia", "ポリネシア", "oceania", null,
    "AS CK PF NU PN WS TK TO TV WF"],
];

// ------------------------------------------------------- name overrides
// i18n-iso-countries gives the ISO/UN formal or catalogue form first for some
// countries ("People's Republic of China", "中華人民共和国",
// "Virgin Islands, British"). The atlas shows the common short form, the one
// Japan's Ministry of Foreign Affairs and the UN use in running text.

const NAME_EN = {
  BN: "Brunei",
  CN: "China",
  CZ: "Czechia",
  FK: "Falkland Islands",
  FM: "Federated States of Micronesia",
  GM: "Gambia",
  IR: "Iran",
  LA: "Laos",
  MD: "Moldova",
  MK: "North Macedonia",
  PS: "Palestine",
  RE: "Réunion",
  RU: "Russia",
  SY: "Syria",
  TW: "Taiwan",
  TZ: "Tanzania",
  VA: "Vatican City",
  VG: "British Virgin Islands",
  VI: "U.S. Virgin Islands",
  CI: "Côte d'Ivoire",
};

const NAME_JA = {
  BN: "ブルネイ",
  BO: "ボリビア",
  CN: "中国",
  FK: "フォークランド諸島",
  IR: "イラン",
  KP: "北朝鮮",
  KR: "韓国",
  LA: "ラオス",
  MD: "モルドバ",
  RU: "ロシア",
  SH: "セントヘレナ",
  SY: "シリア",
  SZ: "エスワティニ",
  VA: "バチカン",
  VE: "ベネズエラ",
};

// Names the atlas relies on; checked so that a library update cannot change
// them silently.
const EXPECTED = {
  JP: ["Japan", "日本"],
  VN: ["Vietnam", "ベトナム"],
  MN: ["Mongolia", "モンゴル"],
  KZ: ["Kazakhstan", "カザフスタン"],
  GE: ["Georgia", "ジョージア"],
  XK: ["Kosovo", "コソボ"],
};

// ------------------------------------------------------ shape reassignment
// Natural Earth draws some territories inside their sovereign state's
// outline. Polygons whose (geographic) centroid passes the test are moved to
// the territory's own ISO code. Features without an id are matched by name.

const SPLITS = [
  { from: "250", to: "GF", test: ([x, y]) => x > -56 && x < -50 && y > 1 && y < 7 },
  { from: "250", to: "GP", test: ([x, y]) => x > -62 && x < -60.9 && y > 15.8 && y < 16.6 },
  { from: "250", to: "MQ", test: ([x, y]) => x > -61.4 && x < -60.7 && y > 14.3 && y < 15 },
  { from: "250", to: "RE", test: ([x, y]) => x > 55 && x < 56 && y > -21.5 && y < -20.7 },
  { from: "250", to: "YT", test: ([x, y]) => x > 44.8 && x < 45.4 && y > -13.2 && y < -12.4 },
  { from: "578", to: "SJ", test: ([x, y]) => y > 73 || x < -5 },
  { from: "528", to: "BQ", test: ([x]) => x < -60 },
  // Boundary view. Natural Earth 1:50m (as packaged in world-atlas 2.0.2)
  // draws de facto control. The atlas follows the position of the Government
  // of Japan, which here is also the UN General Assembly's:
  // the Northern Territories (Etorofu, Kunashiri, Shikotan, Habomai) are Japan,
  { from: "643", to: "JP", test: ([x, y]) => x > 145.3 && x < 149.2 && y > 43.2 && y < 45.6 },
  // and Crimea is Ukraine (UNGA resolution 68/262).
  { from: "643", to: "UA", test: ([x, y]) => x > 32 && x < 37 && y > 44 && y < 46.3 },
];
const NAMED = {
  "Kosovo": "XK",
  "Ashmore and Cartier Is.": "AU",
};
const NAMED_SPLITS = {
  "Indian Ocean Ter.": ([x]) => (x > 100 ? "CX" : "CC"),
};
// Natural Earth gives the part of Western Sahara west of the berm to
// Morocco. The UN lists Western Sahara as a non-self-governing territory
// bounded by 27°40'N; the two outlines are merged and cut along that parallel.
const CUTS = [{ north: "MA", south: "EH", lat: 27 + 40 / 60 }];

// Marker positions (lon, lat) for countries without a usable outline, and
// for scattered island states whose largest island is far from the capital.
const MARKER_LONLAT = {
  BV: [3.41, -54.42], // Bouvet Island
  GI: [-5.35, 36.14], // Gibraltar
  KI: [173.03, 1.45], // Tarawa
  MV: [73.51, 4.18], // Malé
  TK: [-171.85, -9.17], // Nukunonu
  TV: [179.19, -8.52], // Funafuti
  UM: [166.63, 19.28], // Wake Island
};

// ------------------------------------------------------------- geometry

function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  throw new Error(`unexpected geometry ${geometry.type}`);
}

const multi = (polys) => ({ type: "MultiPolygon", coordinates: polys });
const poly = (p) => ({ type: "Polygon", coordinates: p });

// Decide, for every polygon of every feature, which ISO alpha-2 code (or
// background name) it belongs to. Decided once on the full-resolution
// geometry, whose centroids are reliable; the simplified topology has the
// same features and polygons in the same order.
function assign(topo) {
  const fc = topojson.feature(topo, topo.objects.countries);
  return fc.features.map((f) => {
    const name = f.properties.name;
    if (name === "Antarctica") return null;
    return polygonsOf(f.geometry).map((p) => {
      const c = geoCentroid(poly(p));
      if (f.id === undefined) {
        if (NAMED[name]) return { code: NAMED[name] };
        if (NAMED_SPLITS[name]) return { code: NAMED_SPLITS[name](c) };
        return { background: name };
      }
      const split = SPLITS.find((s) => s.from === f.id && s.test(c));
      const code = split ? split.to : countries.numericToAlpha2(f.id);
      if (!code) throw new Error(`no alpha-2 for numeric ${f.id} (${name})`);
      return { code };
    });
  });
}

// Cut a ring along a parallel, keeping the part north (or south) of it.
// Only rings that cross the parallel at most twice are accepted, so the
// result is always one simple ring.
function cutRing(ring, lat, keepNorth) {
  const inside = ([, y]) => (keepNorth ? y >= lat : y < lat);
  const out = [];
  let crossings = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    if (inside(a)) out.push(a);
    if (inside(a) !== inside(b)) {
      crossings++;
      const t = (lat - a[1]) / (b[1] - a[1]);
      out.push([a[0] + t * (b[0] - a[0]), lat]);
    }
  }
  if (crossings > 2) throw new Error(`ring crosses ${lat} ${crossings} times`);
  if (out.length < 3) return null;
  out.push(out[0]);
  return out;
}

function cutPolygons(polys, lat, keepNorth) {
  const out = [];
  for (const p of polys) {
    const exterior = cutRing(p[0], lat, keepNorth);
    if (!exterior) continue;
    if (p.length > 1) throw new Error("cutting polygons with holes is not supported");
    out.push([exterior]);
  }
  return out;
}

// Group polygons by target, keeping the input order, and dissolve the
// borders between polygons that end up in the same country.
function group(topo, assignment) {
  const byArcs = new Map();
  const bgArcs = new Map();
  const add = (map, key, p) => {
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(p);
  };
  topo.objects.countries.geometries.forEach((g, i) => {
    if (!assignment[i]) return;
    const polys = g.type === "Polygon" ? [g.arcs] : g.arcs;
    if (polys.length !== assignment[i].length) throw new Error(`polygon count changed for ${g.properties.name}`);
    polys.forEach((p, j) => {
      const a = assignment[i][j];
      if (a.code) add(byArcs, a.code, p);
      else add(bgArcs, a.background, p);
    });
  });
  const merged = (arcs) => topojson.merge(topo, [{ type: "MultiPolygon", arcs }]).coordinates;
  const byCode = new Map([...byArcs].map(([k, arcs]) => [k, merged(arcs)]));
  const background = new Map([...bgArcs].map(([k, arcs]) => [k, merged(arcs)]));
  for (const { north, south, lat } of CUTS) {
    const both = merged([...byArcs.get(north), ...byArcs.get(south)]);
    byCode.set(north, cutPolygons(both, lat, true));
    byCode.set(south, cutPolygons(both, lat, false));
  }
  return { byCode, background };
}

const assignment = assign(topology);
const full = group(topology, assignment);

const projection = geoEqualEarth().fitExtent(
  [[MARGIN, MARGIN], [WIDTH - MARGIN, HEIGHT - MARGIN]],
  { type: "FeatureCollection", features: [...full.byCode.values(), ...full.background.values()]
    .map((polys) => ({ type: "Feature", properties: {}, geometry: multi(polys) })) },
);
const path = geoPath(projection);

const presimplified = simplifyLib.presimplify(topology, simplifyLib.sphericalTriangleArea);
const minWeight = simplifyLib.quantile(presimplified, KEEP_QUANTILE);
const simple = group(simplifyLib.simplify(presimplified, minWeight), assignment);

// Serialise projected rings as a compact SVG path: the first point of each
// ring absolute (M), the rest relative (l), all in integer tenths of a pixel
// so that rounding never accumulates.
function fmt(n) {
  // n is an integer number of tenths
  const neg = n < 0;
  const a = Math.abs(n);
  const int = Math.floor(a / SCALE);
  const frac = a % SCALE;
  const s = frac ? (int ? `${int}.${frac}` : `.${frac}`) : `${int}`;
  return neg ? `-${s}` : s;
}

function joinNums(nums) {
  let out = "";
  for (const n of nums) {
    const s = fmt(n);
    if (out && !s.startsWith("-") && !/[a-zA-Z]$/.test(out)) out += " ";
    out += s;
  }
  return out;
}

function ringsToD(polys) {
  const rings = [];
  let ring = null;
  const ctx = {
    moveTo(x, y) { ring = [[x, y]]; rings.push(ring); },
    lineTo(x, y) { ring.push([x, y]); },
    closePath() { ring = null; },
    arc() {},
  };
  geoPath(projection, ctx)(multi(polys));
  let d = "";
  for (const r of rings) {
    const pts = [];
    for (const [x, y] of r) {
      const q = [Math.round(x * SCALE), Math.round(y * SCALE)];
      const last = pts[pts.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q);
    }
    while (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
    if (pts.length < 3) continue;
    d += "M" + joinNums(pts[0]);
    const rel = [];
    for (let i = 1; i < pts.length; i++) rel.push(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]);
    d += "l" + joinNums(rel) + "z";
  }
  return d || null;
}

const round1 = (v) => Math.round(v * 10) / 10;
const pointOf = ([x, y]) => [round1(x), round1(y)];

function shapeFor(polys) {
  // Drop islands below MIN_ISLAND_PX2, but always keep the largest polygon.
  const areas = polys.map((p) => path.area(poly(p)));
  const largest = areas.indexOf(Math.max(...areas));
  const kept = polys.filter((_, i) => i === largest || areas[i] >= MIN_ISLAND_PX2);
  const area = areas.reduce((a, b) => a + b, 0);
  return { d: ringsToD(kept), area };
}

function labelPoint(polys) {
  // Projected centroid of the largest polygon, at full resolution.
  let best = null;
  let bestArea = -1;
  for (const p of polys) {
    const a = path.area(poly(p));
    if (a > bestArea) { bestArea = a; best = p; }
  }
  const c = path.centroid(poly(best));
  return Number.isFinite(c[0]) ? c : projection(geoCentroid(poly(best)));
}

// ---------------------------------------------------------------- build

const regionOf = new Map();
for (const [slug, , , , , , members] of REGIONS) {
  for (const code of members.split(" ")) {
    if (regionOf.has(code)) throw new Error(`${code} is in two regions`);
    regionOf.set(code, slug);
  }
}

const alpha2s = Object.keys(countries.getAlpha2Codes()).sort();
for (const code of regionOf.keys()) {
  if (!alpha2s.includes(code)) throw new Error(`M49 table names unknown code ${code}`);
}
for (const code of [...full.byCode.keys(), ...Object.keys(MARKER_LONLAT)]) {
  if (!alpha2s.includes(code)) throw new Error(`shape or marker for unknown code ${code}`);
}

const out = [];
const warnings = [];
for (const code of alpha2s) {
  const name_en = NAME_EN[code] ?? countries.getName(code, "en");
  const name_ja = NAME_JA[code] ?? countries.getName(code, "ja");
  const region = regionOf.get(code) ?? null;
  if (!region && code !== "AQ") warnings.push(`${code} has no M49 sub-region`);
  if (EXPECTED[code] && (EXPECTED[code][0] !== name_en || EXPECTED[code][1] !== name_ja)) {
    throw new Error(`${code}: expected ${EXPECTED[code]}, got ${name_en} / ${name_ja}`);
  }

  let d = null;
  let point = null;
  let marker = false;
  const fullPolys = full.byCode.get(code);
  const simplePolys = simple.byCode.get(code);
  if (fullPolys && simplePolys) {
    const shape = shapeFor(simplePolys);
    d = shape.d;
    point = labelPoint(fullPolys);
    marker = !d || shape.area < MARKER_MAX_PX2;
  } else if (code !== "AQ") {
    marker = true;
  }
  if (marker && MARKER_LONLAT[code]) point = projection(MARKER_LONLAT[code]);
  if (marker && !point) warnings.push(`${code} is a marker without a position`);

  out.push({
    alpha2: code,
    alpha3: countries.alpha2ToAlpha3(code),
    numeric: countries.alpha2ToNumeric(code),
    name_en,
    name_ja,
    region,
    d,
    point: point ? pointOf(point) : null,
    marker,
  });
}

const background = [...simple.background.entries()]
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([, polys]) => ({ d: ringsToD(polys) }))
  .filter((b) => b.d);

const doc = {
  viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
  projection: "Equal Earth",
  source: "Natural Earth 1:50m via world-atlas 2.0.2 (public domain)",
  generated_by: "tools/map/generate.mjs",
  regions: REGIONS.map(([slug, m49, name_en, name_ja, continent, intermediate]) => ({
    slug, name_en, name_ja, m49, continent, intermediate,
  })),
  countries: out,
  background,
};

const json = JSON.stringify(doc) + "\n";
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, json);

const bytes = Buffer.byteLength(json);
const gz = gzipSync(json, { level: 9 }).length;
const withShape = out.filter((c) => c.d).length;
const markers = out.filter((c) => c.marker);
for (const w of warnings) console.warn(`warning: ${w}`);
console.log(`countries:   ${out.length}`);
console.log(`with shapes: ${withShape}`);
console.log(`markers:     ${markers.length} (${markers.map((c) => c.alpha2).join(" ")})`);
console.log(`background:  ${background.length}`);
console.log(`simplify:    keep quantile ${KEEP_QUANTILE}, min weight ${(minWeight * projection.scale() ** 2).toFixed(3)} px²`);
console.log(`output:      ${bytes} bytes raw, ${gz} bytes gzip -> ${OUT}`);
