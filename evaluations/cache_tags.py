"""The page-cache tags of evaluations' pages, and the saves that bump them."""

import pagecache

EVALUATIONS = "evaluations"
# Periods' frozen standings as unit pages show them: changed by publishing or reopening
# a period, not by every score saved while judging.
PUBLISHED = "published-results"


def register_evaluations():
    pagecache.register("evaluations.Period", EVALUATIONS, PUBLISHED)
    pagecache.register("evaluations.PublishedResult", PUBLISHED)
    for model in ("Aspect", "Criterion", "JudgeAssignment", "Conflict", "Score"):
        pagecache.register(f"evaluations.{model}", EVALUATIONS)
    # Judges who are kader of a unit do not count for it in the results.
    pagecache.register_m2m("villages.KampungKB_kader", EVALUATIONS)
