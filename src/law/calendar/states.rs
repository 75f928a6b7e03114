//! Every jurisdiction's calendar: the holidays of the federal government, each state, DC and
//! the territories, as rules, with the weekend rule and the source of each list. A reader
//! looking for "how Texas counts days" finds its row here by its code ("TX"); the counting
//! itself is in `mod.rs`.

use super::*;

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

// The federal set, 5 U.S.C. §6103(a).
const NEW_YEAR: HolidayRule = rule("New Year's Day", fixed(1, 1));
const MLK: HolidayRule = rule("Birthday of Martin Luther King, Jr.", nth(3, Mon, 1)).from(1986);
const WASHINGTON: HolidayRule = rule("Washington's Birthday", nth(3, Mon, 2));
const MEMORIAL: HolidayRule = rule("Memorial Day", last(Mon, 5));
const JUNETEENTH: HolidayRule =
    rule("Juneteenth National Independence Day", fixed(6, 19)).from(2021);
const INDEPENDENCE: HolidayRule = rule("Independence Day", fixed(7, 4));
const LABOR: HolidayRule = rule("Labor Day", nth(1, Mon, 9));
const COLUMBUS: HolidayRule = rule("Columbus Day", nth(2, Mon, 10));
const VETERANS: HolidayRule = rule("Veterans Day", fixed(11, 11));
const THANKSGIVING: HolidayRule = rule("Thanksgiving Day", nth(4, Thu, 11));
const CHRISTMAS: HolidayRule = rule("Christmas Day", fixed(12, 25));

const FEDERAL: &[HolidayRule] = &[
    NEW_YEAR,
    MLK,
    WASHINGTON,
    MEMORIAL,
    JUNETEENTH,
    INDEPENDENCE,
    LABOR,
    COLUMBUS,
    VETERANS,
    THANKSGIVING,
    CHRISTMAS,
];

// Common state additions.
const PRESIDENTS: HolidayRule = WASHINGTON.named("Presidents' Day");
const INDIGENOUS: HolidayRule = COLUMBUS.named("Indigenous Peoples' Day");
const GOOD_FRIDAY: HolidayRule = rule("Good Friday", When::EasterOffset(-2));
const MARDI_GRAS: HolidayRule = rule("Mardi Gras", When::EasterOffset(-47));
const DAY_AFTER_THANKSGIVING: HolidayRule =
    rule("Day after Thanksgiving", When::DayAfterThanksgiving);
const CHRISTMAS_EVE: HolidayRule = rule("Christmas Eve", fixed(12, 24));
const DAY_AFTER_CHRISTMAS: HolidayRule = rule("Day after Christmas", fixed(12, 26));
const NEW_YEARS_EVE: HolidayRule = rule("New Year's Eve", fixed(12, 31));
const LINCOLN: HolidayRule = rule("Lincoln's Birthday", fixed(2, 12));
const ELECTION_DAY: HolidayRule = rule("Election Day", When::ElectionDay { month: 11 });
const ELECTION_DAY_EVEN: HolidayRule = ELECTION_DAY.named("General Election Day").every(2, 0);
const PATRIOTS: HolidayRule = rule("Patriots' Day", nth(3, Mon, 4));
/// Georgia's and Indiana's Washington's Birthday, which the governor moves next to Christmas.
const WASHINGTON_NEAR_CHRISTMAS: HolidayRule = rule(
    "Washington's Birthday (observed)",
    When::WashingtonNearChristmas,
)
.observe(Never);

const TERRITORY_NOTE: Option<&str> = Some(
    "Only federal holidays are counted: this territory's own holidays (Puerto Rico's Three Kings Day, Guam's Liberation Day, the Virgin Islands' Transfer Day...) are not in docket's calendar; add them as closures with `docket holiday add --state CODE`.",
);

pub(super) static JURISDICTIONS: [Jurisdiction; JURISDICTION_COUNT] = [
    // Federal: 5 U.S.C. §6103; Saturday → Friday, Sunday → Monday (§6103(b), E.O. 11582).
    j(
        "US",
        SatFriSunMon,
        FEDERAL,
        Some(
            "Federal holidays by rule, and the full days the President closed offices by executive order since 2001 (each named with its order). A closure ordered after this version of docket is not included: add it with `docket holiday add --state US`.",
        ),
        "5 U.S.C. §6103 (weekend rule §6103(b), E.O. 11582); executive orders for the extra closures",
    ),
    // Alabama: Ala. Code §1-3-8; Sat → Fri / Sun → Mon in the statute. Juneteenth and the day
    // after Thanksgiving come by governor's proclamation (on the state calendar since 2023).
    j(
        "AL",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK.named("Robert E. Lee / Martin Luther King Jr. Birthday"),
            WASHINGTON.named("George Washington / Thomas Jefferson Birthday"),
            rule("Confederate Memorial Day", nth(4, Mon, 4)),
            MEMORIAL.named("National Memorial Day"),
            rule("Jefferson Davis's Birthday", nth(1, Mon, 6)),
            JUNETEENTH.named("Juneteenth").from(2023),
            INDEPENDENCE,
            LABOR,
            COLUMBUS.named("Columbus Day / Fraternal Day / American Indian Heritage Day"),
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING.from(2023),
            CHRISTMAS,
        ],
        Some(
            "Alabama: Juneteenth and the day after Thanksgiving are added by the governor's proclamation each year (included here from 2023); check this year's proclamation. Mardi Gras is a holiday only in Baldwin and Mobile counties; county offices often stay open on the Confederate holidays.",
        ),
        "Ala. Code §1-3-8; the governor's yearly proclamation",
    ),
    // Alaska: AS 44.12.010; AS 44.12.020 makes the Monday after a Sunday holiday a holiday; the
    // state personnel rules (2 AAC 07.810) close offices the Friday before a Saturday holiday.
    j(
        "AK",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            rule("Seward's Day", last(Mon, 3)),
            MEMORIAL,
            JUNETEENTH.named("Juneteenth").from(2025),
            INDEPENDENCE,
            LABOR,
            rule("Alaska Day", fixed(10, 18)),
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "Alaska: a Sunday holiday makes Monday a holiday (AS 44.12.020); a Saturday holiday closes state offices the Friday before under the personnel rules (2 AAC 07.810, read in a secondary source, not in the rule's text): applied here, so dates are never earlier than the state's. Boroughs and cities may keep their own schedules.",
        ),
        "AS 44.12.010, 44.12.020; 2 AAC 07.810",
    ),
    // Arkansas: Ark. Code §1-5-101; Sat → Fri / Sun → Mon in the statute.
    j(
        "AR",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON.named("George Washington's Birthday and Daisy Gatson Bates Day"),
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS_EVE,
            CHRISTMAS,
        ],
        Some("Arkansas: the governor may close offices on extra days (Ark. Code §1-5-103)."),
        "Ark. Code §1-5-101",
    ),
    // Colorado: C.R.S. §24-11-101; Cabrini Day replaced Columbus Day in 2020.
    j(
        "CO",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON.named("Washington-Lincoln Day"),
            MEMORIAL,
            JUNETEENTH.named("Juneteenth"),
            INDEPENDENCE,
            LABOR,
            COLUMBUS.until(2019),
            rule("Frances Xavier Cabrini Day", nth(1, Mon, 10)).from(2020),
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "Colorado: the yearly \"Governor's holiday\" (often the day after Thanksgiving) is set by proclamation and not included; check this year's proclamation. Counties set their own schedules.",
        ),
        "C.R.S. §24-11-101",
    ),
    // Connecticut: C.G.S. §1-4 and §5-254.
    j(
        "CT",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            LINCOLN,
            WASHINGTON,
            GOOD_FRIDAY,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth"),
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "Connecticut: Good Friday and Thanksgiving are fixed by the governor's proclamation each year; check this year's proclamation.",
        ),
        "C.G.S. §§1-4, 5-254",
    ),
    // Delaware: 1 Del. C. §501.
    j(
        "DE",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            GOOD_FRIDAY,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth"),
            INDEPENDENCE,
            LABOR,
            ELECTION_DAY_EVEN,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "Delaware: Return Day (afternoon of the second day after the general election) closes offices in Sussex County only; add it there as a closure.",
        ),
        "1 Del. C. §501",
    ),
    // District of Columbia: D.C. Code §1-612.02.
    j(
        "DC",
        SatFriSunMon,
        &[
            NEW_YEAR,
            rule("Inauguration Day", When::Inauguration)
                .from(1965)
                .every(4, 1)
                .observe(Never),
            MLK,
            WASHINGTON,
            rule("DC Emancipation Day", fixed(4, 16)),
            MEMORIAL,
            JUNETEENTH,
            INDEPENDENCE,
            LABOR,
            INDIGENOUS,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "D.C. Code §1-612.02",
    ),
    // Hawaii: HRS §8-1.
    j(
        "HI",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            rule("Prince Jonah Kūhiō Kalanianaʻole Day", fixed(3, 26)),
            GOOD_FRIDAY,
            MEMORIAL,
            rule("King Kamehameha I Day", fixed(6, 11)),
            INDEPENDENCE,
            rule("Statehood Day", nth(3, Fri, 8)),
            LABOR,
            ELECTION_DAY_EVEN,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "HRS §8-1",
    ),
    // Idaho: Idaho Code §73-108.
    j(
        "ID",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK.named("Martin Luther King Jr.-Idaho Human Rights Day"),
            WASHINGTON,
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "Idaho Code §73-108",
    ),
    // Illinois: 80 Ill. Adm. Code 303.190 (state offices).
    j(
        "IL",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            LINCOLN,
            WASHINGTON,
            MEMORIAL,
            JUNETEENTH,
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            ELECTION_DAY_EVEN,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "Illinois: counties differ (Cook County also closes on Casimir Pulaski Day, the 1st Monday in March).",
        ),
        "80 Ill. Adm. Code 303.190",
    ),
    // Indiana: IC 1-1-9-1; the State Personnel Department's yearly list.
    j(
        "IN",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            GOOD_FRIDAY,
            rule("Primary Election Day", When::ElectionDay { month: 5 }),
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            ELECTION_DAY.named("General Election Day"),
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING.named("Lincoln's Birthday (observed)"),
            WASHINGTON_NEAR_CHRISTMAS,
            CHRISTMAS,
        ],
        Some(
            "Indiana: the governor sets the observed dates each year (Lincoln's Birthday on the day after Thanksgiving; Washington's Birthday on the weekday beside Christmas that makes a long weekend, as in past State Personnel Department lists: 2026-12-24, 2027-12-23, 2028-12-26); check this year's list.",
        ),
        "IC 1-1-9-1; the State Personnel Department's yearly list",
    ),
    // Iowa: Iowa Code §1C.2 (paid holidays; §1C.1 legal holidays that keep offices open omitted).
    j(
        "IA",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "Iowa Code §1C.2",
    ),
    // Kansas: K.A.R. 1-9-2 plus the governor's yearly additions; Presidents' Day and Columbus Day
    // are federal holidays and so not business days under KORA (K.S.A. 45-217).
    j(
        "KS",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth"),
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "Kansas: MLK Day, Juneteenth and the day after Thanksgiving are added by the governor each year; check this year's proclamation. County holidays also change KORA deadlines: add them as closures.",
        ),
        "K.A.R. 1-9-2 and the governor's yearly additions; K.S.A. 45-217",
    ),
    // Kentucky: KRS 18A.190.
    j(
        "KY",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            ELECTION_DAY.named("Presidential Election Day").every(4, 0),
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS_EVE.named("Christmas Eve (the Governor's extra day)"),
            CHRISTMAS,
            NEW_YEARS_EVE.named("New Year's Eve (the Governor's extra day)"),
        ],
        Some(
            "Kentucky: KRS 18A.190(1) gives New Year's Day, Thanksgiving and Christmas \"plus one (1) extra day\" each, which the Governor designates (18A.190(2)); the usual designation (Christmas Eve, New Year's Eve, the day after Thanksgiving) is included, moved off weekends like the statute's days. Good Friday is a half day (not included). Check this year's Personnel Cabinet schedule.",
        ),
        "KRS 18A.190",
    ),
    // Louisiana: R.S. 1:55(B)(1)(a); only Jan 1, Jul 4 and Dec 25 move off weekends.
    j(
        "LA",
        Never,
        &[
            NEW_YEAR.observe(SatFriSunMon),
            MLK,
            MARDI_GRAS,
            GOOD_FRIDAY,
            MEMORIAL,
            INDEPENDENCE.observe(SatFriSunMon),
            LABOR,
            ELECTION_DAY_EVEN,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS.observe(SatFriSunMon),
        ],
        Some(
            "Louisiana: Memorial Day is a legal holiday (R.S. 1:55(A)(1)) that closes state offices by the governor's proclamation, given in practice, and closes parish clerks of court by statute (R.S. 1:55(E)(1)(a)(i)): included. Presidents' Day and extra days at Christmas and New Year are holidays only by proclamation (not included); check this year's proclamation. Inauguration Day closes offices in Baton Rouge only.",
        ),
        "La. R.S. 1:55(B)(1)(a)",
    ),
    // Maine: 4 M.R.S. §1051 and the Bureau of Human Resources schedule.
    j(
        "ME",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON,
            PATRIOTS,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth"),
            INDEPENDENCE,
            LABOR,
            INDIGENOUS,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "4 M.R.S. §1051; Bureau of Human Resources schedule",
    ),
    // Maryland: State Personnel and Pensions §9-201, weekend rule §9-204.
    j(
        "MD",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth").from(2022),
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            ELECTION_DAY_EVEN,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING.named("American Indian Heritage Day"),
            CHRISTMAS,
        ],
        None,
        "Md. Code, State Pers. & Pens. §§9-201, 9-204",
    ),
    // Michigan: state and court schedule (MCR 8.110(D)(2)); Dec 24 and Dec 31 on a weekend are
    // observed the Friday before.
    j(
        "MI",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth"),
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS_EVE.observe(Observe::WeekendFriday),
            CHRISTMAS,
            NEW_YEARS_EVE.observe(Observe::WeekendFriday),
        ],
        Some(
            "Michigan: list taken from a court schedule, not a Civil Service document: unverified for state agencies.",
        ),
        "Michigan Civil Service state holiday schedule; MCR 8.110(D)(2)",
    ),
    // Minnesota: Minn. Stat. §645.44 subd. 5 as the executive branch observes it (adds the day after
    // Thanksgiving, drops Indigenous Peoples' Day); only Jan 1, Jun 19, Jul 4, Nov 11, Dec 25 move.
    j(
        "MN",
        Never,
        &[
            NEW_YEAR.observe(SatFriSunMon),
            MLK,
            WASHINGTON,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth").observe(SatFriSunMon),
            INDEPENDENCE.observe(SatFriSunMon),
            LABOR,
            VETERANS.observe(SatFriSunMon),
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS.observe(SatFriSunMon),
        ],
        Some(
            "Minnesota: state executive-branch schedule. Counties choose whether to close on Indigenous Peoples' Day and the day after Thanksgiving: adjust with closures.",
        ),
        "Minn. Stat. §645.44 subd. 5 as the executive branch observes it",
    ),
    // Mississippi: Miss. Code §3-3-7; county courthouses Sat → Fri / Sun → Mon (§25-1-99).
    j(
        "MS",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK.named("Martin Luther King Jr. and Robert E. Lee's Birthdays"),
            WASHINGTON,
            rule("Confederate Memorial Day", last(Mon, 4)),
            MEMORIAL.named("National Memorial Day / Jefferson Davis's Birthday"),
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "Mississippi: state agencies observe weekend holidays as the governor declares (§25-1-97); the county-courthouse rule (Sat → Fri, Sun → Mon) is applied. A county may swap one holiday for Mardi Gras.",
        ),
        "Miss. Code §§3-3-7, 25-1-99",
    ),
    // Missouri: RSMo 9.010 (Juneteenth since 2022); state policy adds Sat → Fri.
    j(
        "MO",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            LINCOLN,
            WASHINGTON,
            rule("Truman Day", fixed(5, 8)),
            MEMORIAL,
            JUNETEENTH.named("Juneteenth").from(2022),
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "RSMo 9.010; state holiday policy",
    ),
    // Montana: MCA 1-1-216.
    j(
        "MT",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON,
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            COLUMBUS.named("Indigenous Peoples' Day and Columbus Day"),
            ELECTION_DAY_EVEN.named("State General Election Day"),
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "MCA 1-1-216",
    ),
    // Nebraska: Neb. Rev. Stat. §25-2221 (judicial branch list).
    j(
        "NE",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON,
            rule("Arbor Day", last(Fri, 4)),
            MEMORIAL,
            JUNETEENTH.named("Juneteenth"),
            INDEPENDENCE,
            LABOR,
            COLUMBUS.named("Indigenous Peoples' Day and Columbus Day"),
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "Neb. Rev. Stat. §25-2221",
    ),
    // Nevada: NRS 236.015 (Juneteenth from 2023); applies to state, county and city offices; only
    // Jan 1, Jun 19, Jul 4, Nov 11 and Dec 25 move off weekends.
    j(
        "NV",
        Never,
        &[
            NEW_YEAR.observe(SatFriSunMon),
            MLK,
            WASHINGTON,
            MEMORIAL,
            JUNETEENTH
                .named("Juneteenth")
                .from(2023)
                .observe(SatFriSunMon),
            INDEPENDENCE.observe(SatFriSunMon),
            LABOR,
            rule("Nevada Day", last(Fri, 10)),
            VETERANS.observe(SatFriSunMon),
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING.named("Family Day"),
            CHRISTMAS.observe(SatFriSunMon),
        ],
        None,
        "NRS 236.015",
    ),
    // New Hampshire: Department of Administrative Services schedule for state employees.
    j(
        "NH",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK.named("Martin Luther King Jr. / Civil Rights Day"),
            WASHINGTON,
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "New Hampshire: state-office schedule. Towns and counties may also close on Columbus Day and the biennial election day (RSA 288:1): add them as closures.",
        ),
        "NH Department of Administrative Services schedule",
    ),
    // New Mexico: NMSA 12-5-2, Sunday → Monday (12-5-3); the State Personnel Office usually moves
    // Presidents' Day to the day after Thanksgiving.
    j(
        "NM",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            INDIGENOUS,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING.named("Presidents' Day (observed)"),
            CHRISTMAS,
        ],
        Some(
            "New Mexico: the state-employee schedule is set each year by the governor and State Personnel Office (Presidents' Day is usually moved to the day after Thanksgiving; Juneteenth not verified). The statute moves only Sunday holidays (NMSA 12-5-3), but the State Personnel Office closes offices the Friday before a Saturday holiday (2026: Fri Jul 3): applied here. Check this year's schedule.",
        ),
        "NMSA 1978 §§12-5-2, 12-5-3; State Personnel Office schedule",
    ),
    // North Dakota: N.D.C.C. 1-03-01, weekend rule 1-03-02 and 1-03-02.1.
    j(
        "ND",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON,
            GOOD_FRIDAY,
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "North Dakota: state offices also close at noon on Dec 24 (a half day, not included).",
        ),
        "N.D.C.C. 1-03-01, 1-03-02, 1-03-02.1",
    ),
    // Ohio: R.C. 124.19(A) and R.C. 1.14.
    j(
        "OH",
        SatFriSunMon,
        FEDERAL,
        Some("Ohio: state-office schedule; county offices not verified."),
        "R.C. 124.19(A), 1.14",
    ),
    // Oklahoma: 25 O.S. §82.1; Christmas has its own two-day rule.
    j(
        "OK",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            rule("Christmas (second day)", When::OklahomaSecondChristmas).observe(Never),
            CHRISTMAS,
        ],
        Some(
            "Oklahoma: the governor sets the dates by executive order each year (which of Dec 24 or 26 is the second Christmas day); check this year's order.",
        ),
        "25 O.S. §82.1",
    ),
    // Oregon: ORS 187.010; state employees also get the day after Thanksgiving (ORS 240.551).
    j(
        "OR",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth"),
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        Some("Oregon: state-office schedule; county offices set their own holidays."),
        "ORS 187.010, 240.551",
    ),
    // Rhode Island: R.I. Gen. Laws §25-1-1 and the state-employee schedule; Saturday and Sunday
    // holidays both move to Monday.
    j(
        "RI",
        BothMonday,
        &[
            NEW_YEAR,
            MLK,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth").from(2024),
            INDEPENDENCE,
            rule("Victory Day", nth(2, Mon, 8)),
            LABOR,
            COLUMBUS,
            ELECTION_DAY_EVEN,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "R.I. Gen. Laws §25-1-1; state-employee schedule",
    ),
    // South Carolina: S.C. Code §53-5-10 and the Department of Administration schedule.
    j(
        "SC",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            rule("Confederate Memorial Day", fixed(5, 10)),
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS_EVE,
            CHRISTMAS,
            DAY_AFTER_CHRISTMAS,
        ],
        None,
        "S.C. Code §53-5-10; Department of Administration schedule",
    ),
    // South Dakota: SDCL 1-5-1.
    j(
        "SD",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth").from(2022),
            INDEPENDENCE,
            LABOR,
            rule("Native Americans' Day", nth(2, Mon, 10)),
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "SDCL 1-5-1",
    ),
    // Tennessee: T.C.A. 15-1-101; state offices customarily take Columbus Day on the day after
    // Thanksgiving.
    j(
        "TN",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON,
            GOOD_FRIDAY,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth"),
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING.named("Columbus Day (observed)"),
            CHRISTMAS,
        ],
        Some(
            "Tennessee: state-office schedule (Columbus Day moved to the day after Thanksgiving). County offices close on Columbus Day itself and on election days: add them as closures.",
        ),
        "T.C.A. 15-1-101",
    ),
    // Utah: Utah Code 63G-1-301 (as of 2025).
    j(
        "UT",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            MEMORIAL,
            rule("Juneteenth", When::MondayOfWeek { month: 6, day: 19 })
                .from(2021)
                .observe(Never),
            INDEPENDENCE,
            rule("Pioneer Day", fixed(7, 24)),
            LABOR,
            COLUMBUS,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "Utah: a 2026 amendment appears to add Good Friday (not included, not confirmed); check the current text of Utah Code 63G-1-301.",
        ),
        "Utah Code 63G-1-301",
    ),
    // Vermont: 1 V.S.A. §371.
    j(
        "VT",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            rule("Town Meeting Day", nth(1, Tue, 3)),
            MEMORIAL,
            JUNETEENTH.named("Juneteenth").from(2025),
            INDEPENDENCE,
            rule("Bennington Battle Day", fixed(8, 16)),
            LABOR,
            INDIGENOUS,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "1 V.S.A. §371",
    ),
    // Washington: RCW 1.16.050, WAC 357-31-005.
    j(
        "WA",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            MEMORIAL,
            JUNETEENTH.named("Juneteenth").from(2022),
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING.named("Native American Heritage Day"),
            CHRISTMAS,
        ],
        Some("Washington: counties may adopt different holidays (RCW 1.16.050)."),
        "RCW 1.16.050; WAC 357-31-005",
    ),
    // West Virginia: W. Va. Code §2-2-1; election days are not moved.
    j(
        "WV",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            rule("Primary Election Day", nth(2, Tue, 5))
                .every(2, 0)
                .observe(Never),
            MEMORIAL,
            rule("West Virginia Day", fixed(6, 20)),
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            ELECTION_DAY_EVEN.observe(Never),
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING.named("Lincoln's Day"),
            CHRISTMAS,
        ],
        Some(
            "West Virginia: Juneteenth and half days on Dec 24 and Dec 31 come by the governor's proclamation each year (not included); check this year's proclamation.",
        ),
        "W. Va. Code §2-2-1",
    ),
    // Wisconsin: Wis. Stat. §230.35(4)(a); only Jan 1, Jul 4 and Dec 25 on a Sunday move to Monday.
    j(
        "WI",
        Never,
        &[
            NEW_YEAR.observe(SunMonOnly),
            MLK,
            MEMORIAL,
            INDEPENDENCE.observe(SunMonOnly),
            LABOR,
            THANKSGIVING,
            CHRISTMAS_EVE,
            CHRISTMAS.observe(SunMonOnly),
            NEW_YEARS_EVE,
        ],
        Some("Wisconsin: state-office schedule; county holidays are set by each county board."),
        "Wis. Stat. §230.35(4)(a)",
    ),
    // Wyoming: W.S. 8-4-101; the statute moves only Sunday holidays.
    j(
        "WY",
        SunMonOnly,
        &[
            NEW_YEAR,
            MLK.named("Martin Luther King Jr. / Wyoming Equality Day"),
            PRESIDENTS,
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "Wyoming: only Sunday holidays move (to Monday); whether state offices close the Friday before a Saturday holiday was not verified.",
        ),
        "W.S. 8-4-101",
    ),
    // --- the twelve jurisdictions researched in depth ---
    // North Carolina: State Human Resources Commission schedule under N.C.G.S. §126-4(5), (5a)
    // (25 NCAC 01E .0900): at most 12 paid holidays, including MLK Day, Veterans Day and three
    // days for Christmas. That cap leaves no room for Washington's Birthday or Juneteenth.
    j(
        "NC",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            GOOD_FRIDAY,
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS_EVE,
            CHRISTMAS,
            DAY_AFTER_CHRISTMAS,
        ],
        Some(
            "North Carolina: the State Human Resources Commission fixes the observed days each year (weekend holidays usually move to Friday or Monday); check this year's schedule.",
        ),
        "N.C.G.S. §126-4(5), (5a); 25 NCAC 01E .0900; the OSHR yearly holiday schedule",
    ),
    // Texas: a PIA "business day" (Tex. Gov't Code §552.0031(a)) excludes weekends, the national
    // holidays of §662.003(a) and the state holidays of §662.003(b), skeleton-crew days included.
    // Weekend holidays are not observed on another day (Comptroller guidance; §552.0031(e) counts
    // the Friday or Monday only if the body observes it then).
    j(
        "TX",
        Never,
        &[
            NEW_YEAR.named("New Year's Day"),
            MLK.named("Martin Luther King, Jr., Day"),
            rule("Confederate Heroes Day", fixed(1, 19)),
            PRESIDENTS,
            rule("Texas Independence Day", fixed(3, 2)),
            rule("San Jacinto Day", fixed(4, 21)),
            MEMORIAL,
            rule("Emancipation Day", fixed(6, 19)),
            INDEPENDENCE,
            rule("Lyndon Baines Johnson Day", fixed(8, 27)),
            LABOR,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS_EVE,
            CHRISTMAS,
            DAY_AFTER_CHRISTMAS,
        ],
        Some(
            "Texas: under §552.0031 the skeleton-crew state holidays (Confederate Heroes, Texas Independence, San Jacinto, Emancipation and LBJ Days) are not business days even though offices stay open. Weekend holidays are not moved; a body that observes one on Friday or Monday, observes an optional holiday (§662.003(c)), or designates up to 10 nonbusiness days must add them as closures.",
        ),
        "Tex. Gov't Code §§552.0031, 662.003",
    ),
    // New Jersey: N.J.S.A. 36:1-1.1. Juneteenth is the third Friday in June, not June 19
    // (P.L.2020, c.75, from 2021).
    j(
        "NJ",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            LINCOLN,
            WASHINGTON,
            GOOD_FRIDAY,
            MEMORIAL,
            rule("Juneteenth", nth(3, Fri, 6)).from(2021),
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            ELECTION_DAY,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "N.J.S.A. 36:1-1.1 (Juneteenth: P.L.2020, c.75)",
    ),
    // California: Gov. Code §19853 (state-office holidays; legal holidays in §6700). A Sunday
    // holiday moves to Monday; a Saturday one is not moved (employees get holiday credit), except
    // Veterans Day, which moves to the Friday before.
    j(
        "CA",
        SunMonOnly,
        &[
            NEW_YEAR,
            MLK,
            PRESIDENTS,
            rule("Cesar Chavez Day", fixed(3, 31)),
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            VETERANS.observe(SatFriSunMon),
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "California: state-office schedule (no Juneteenth or Columbus Day closure). A Sunday holiday moves to Monday; a Saturday one stays, except Veterans Day, which Gov. Code §6700 moves to the Friday before. Cities and counties set their own holidays.",
        ),
        "Cal. Gov. Code §§6700, 19853",
    ),
    // Arizona: A.R.S. §1-301.
    j(
        "AZ",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK.named("Martin Luther King Jr./Civil Rights Day"),
            WASHINGTON,
            MEMORIAL,
            JUNETEENTH,
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "A.R.S. §1-301",
    ),
    // Georgia: O.C.G.A. §1-4-1 (the governor sets the dates yearly). Washington's Birthday is
    // observed around Christmas; the 2026 proclamation also gives Good Friday ("State Holiday")
    // and the day after Thanksgiving.
    j(
        "GA",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            GOOD_FRIDAY.named("State Holiday"),
            MEMORIAL,
            JUNETEENTH,
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING.named("State Holiday"),
            WASHINGTON_NEAR_CHRISTMAS,
            CHRISTMAS,
        ],
        Some(
            "Georgia: the governor sets the holiday dates each year; this calendar follows the 2026 proclamation (Good Friday, the day after Thanksgiving and Dec 24 for Washington's Birthday) and is verified only for 2026. Other years place Washington's Birthday by the pattern of past schedules (the weekday beside Christmas that makes a long weekend: 2027-12-23, 2028-12-26). Check this year's proclamation.",
        ),
        "O.C.G.A. §1-4-1; the governor's yearly holiday schedule",
    ),
    // Florida: Fla. Stat. §110.117(1), which also gives the weekend rule.
    j(
        "FL",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            MEMORIAL,
            INDEPENDENCE,
            LABOR,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "Fla. Stat. §110.117(1)",
    ),
    // Virginia: Va. Code §2.2-3300.
    j(
        "VA",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON,
            MEMORIAL,
            JUNETEENTH,
            INDEPENDENCE,
            LABOR,
            INDIGENOUS,
            ELECTION_DAY,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "Va. Code §2.2-3300",
    ),
    // New York: General Construction Law §24; a Sunday holiday is observed on Monday, a Saturday
    // one is not moved.
    j(
        "NY",
        SunMonOnly,
        &[
            NEW_YEAR,
            MLK,
            LINCOLN,
            WASHINGTON,
            MEMORIAL,
            JUNETEENTH,
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            ELECTION_DAY,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "New York: Lincoln's Birthday and Election Day are public holidays (GCL §24) but floating holidays for state staff, so some offices stay open on them.",
        ),
        "N.Y. General Construction Law §24",
    ),
    // Pennsylvania: federal plus the day after Thanksgiving (Commonwealth holiday schedule).
    j(
        "PA",
        SatFriSunMon,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON,
            MEMORIAL,
            JUNETEENTH,
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            VETERANS,
            THANKSGIVING,
            DAY_AFTER_THANKSGIVING,
            CHRISTMAS,
        ],
        None,
        "Commonwealth of Pennsylvania holiday schedule",
    ),
    // Massachusetts: M.G.L. c.4 §7 cl. 18; a Saturday holiday is not moved.
    j(
        "MA",
        SunMonOnly,
        &[
            NEW_YEAR,
            MLK,
            WASHINGTON,
            PATRIOTS,
            MEMORIAL,
            JUNETEENTH,
            INDEPENDENCE,
            LABOR,
            COLUMBUS,
            VETERANS,
            THANKSGIVING,
            CHRISTMAS,
        ],
        Some(
            "Massachusetts: Evacuation Day (Mar 17) and Bunker Hill Day (Jun 17) close offices in Suffolk County only: add them there as closures.",
        ),
        "M.G.L. c.4 §7 cl. 18",
    ),
    // Territories: the federal set only.
    j(
        "AS",
        SatFriSunMon,
        FEDERAL,
        TERRITORY_NOTE,
        "5 U.S.C. §6103 (federal holidays only)",
    ),
    j(
        "GU",
        SatFriSunMon,
        FEDERAL,
        TERRITORY_NOTE,
        "5 U.S.C. §6103 (federal holidays only)",
    ),
    j(
        "MP",
        SatFriSunMon,
        FEDERAL,
        TERRITORY_NOTE,
        "5 U.S.C. §6103 (federal holidays only)",
    ),
    j(
        "PR",
        SatFriSunMon,
        FEDERAL,
        TERRITORY_NOTE,
        "5 U.S.C. §6103 (federal holidays only)",
    ),
    j(
        "VI",
        SatFriSunMon,
        FEDERAL,
        TERRITORY_NOTE,
        "5 U.S.C. §6103 (federal holidays only)",
    ),
];
