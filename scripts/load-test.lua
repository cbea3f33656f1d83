-- wrk script for `make load-test`: every request takes the next page of the list, so each
-- page kind (home, search, activity, countries, country, organisations, organisation, both
-- languages) is asked for equally often. wrk counts any status other than 2xx/3xx.
local pages = {
  "/",
  "/activities",
  "/activities?q=liver",
  "/activities?country=VN&sort=newest",
  "/activities/nagasaki-living-donor-liver-transplantation-kazakhstan",
  "/countries",
  "/countries/MN",
  "/organizations",
  "/organizations/nagasaki-university",
  "/ja/",
  "/ja/activities?q=%E8%82%9D%E7%A7%BB%E6%A4%8D",
  "/ja/activities/twmu-mongolian-cancer-center-gi-cancer-symposia",
  "/ja/countries/VN",
  "/ja/organizations/international-university-of-health-and-welfare",
}
local n = 0

request = function()
  n = n + 1
  return wrk.format("GET", pages[(n % #pages) + 1])
end
