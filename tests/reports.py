"""Monthly reports for tests: complete ones, as the public page and the level need them."""

from villages.figures import REPORT_FIELDS


def complete(**figures):
    """Every figure of a complete report: 0 unless given."""
    return {field: 0 for field in REPORT_FIELDS} | figures


# A complete March report: CPR 52%, MKJP 25%, unmet need 5%, BKB participation 34.29%.
# Every output indicator scores 4.
STRONG_MARCH = complete(
    couples=1000,
    active_users=520,
    users_iud=50,
    users_implant=80,
    users_injection=300,
    unmet_need=50,
    bkb_target=350,
    bkb_members=120,
    under_fives=408,
    stunting_cases=25,
)


def answer_every_profile_indicator(unit):
    """A profile that answers every input and process indicator of the rule.

    Input: pokja 4, three funding sources 3, three poktan 3, one facility 2, officer and
    regulation 3: 3.00, strong. Process: two planning data sources 3, two routines 2;
    with two agencies 2: 2.33, not strong. With STRONG_MARCH the level is Mandiri.
    """
    unit.pokja_exists = True
    unit.pokja_member_count = 9
    unit.pokja_trained = True
    unit.funding_sources = ["apbd", "dana_kelurahan", "swadaya"]
    unit.has_bkb = unit.has_bkr = unit.has_bkl = True
    unit.has_uppka = unit.has_pikr = False
    unit.has_secretariat = True
    unit.has_rumah_dataku = False
    unit.field_officer_name = "Sri Wahyuni"
    unit.regulation_lurah = "SK Lurah 12/2020"
    unit.planning_data_sources = ["pk", "rutin_bkkbn"]
    unit.routine_planning_meeting = "bulanan"
    unit.routine_coordination = "triwulan"
    unit.routine_socialisation = unit.routine_monitoring = unit.routine_reporting = "tidak"
    unit.save()
